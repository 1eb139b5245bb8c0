"""EL601 unknown-event: an event name the registry does not know."""

from __future__ import annotations

from collections.abc import Iterator

from event_lint.diagnostics import Diagnostic
from event_lint.linter.model import Located
from event_lint.linter.names import did_you_mean, is_wildcard, matching_names
from event_lint.linter.rules._helpers import off_pattern, report
from event_lint.linter.rules.base import Flagged, Passing, Rule, RuleContext


class UnknownEvent(Rule):
    code = "EL601"
    name = "unknown-event"
    summary = "An event name the registry does not know"
    needs_registry = True
    what_it_does = """
Reports every event name the code sends, triggers on, cancels on or waits for that the
registry (built-in `inngest/*` system events included) does not know, with the nearest
known name as a suggestion. A wildcard trigger (`app/*`, `app/user.*`, by Inngest's
rule: a trailing `*` after `/` or `.`) is reported only when it matches no registry
event. Names from constants in other modules are checked where the constant is written.
Off when no registry is configured. A name that EL101 (event-name-style) or EL104
(empty-event-name) already reports is not reported again: one finding per mistake, and
the name must change anyway.
"""
    why_bad = """
An event no schema describes is an event nobody agreed on: a typo in a trigger means a
function that never runs, a typo in a send means an event nobody receives, and in both
cases nothing fails loudly.
"""
    example = """
@client.create_function(fn_id="pay", trigger=inngest.TriggerEvent(event="billing/invoice.payed"))
async def pay(ctx: inngest.Context) -> None: ...
"""
    use_instead = """
@client.create_function(fn_id="pay", trigger=inngest.TriggerEvent(event="billing/invoice.paid"))
async def pay(ctx: inngest.Context) -> None: ...
"""
    flagged = (
        Flagged(
            """\
import inngest

client = inngest.Inngest(app_id="school")


@client.create_function(
    fn_id="grade", trigger=inngest.TriggerEvent(event="billing/invoice.payed")
)
async def grade(ctx: inngest.Context) -> None:
    await ctx.step.wait_for_event("wait", event="exam/answer.graded", timeout=60)
""",
            (
                '7:55: EL601 Event "billing/invoice.payed" is not in the registry '
                '(did you mean "billing/invoice.paid"?)',
                '10:49: EL601 Event "exam/answer.graded" is not in the registry',
            ),
        ),
        Flagged(
            """\
import inngest

from app.names import SIGNED_UP

client = inngest.Inngest(app_id="shop")


@client.create_function(fn_id="all", trigger=inngest.TriggerEvent(event="crm/*"))
async def mirror(ctx: inngest.Context) -> None:
    await ctx.step.send_event("fwd", inngest.Event(name=SIGNED_UP))
""",
            (
                'app/names.py:1:13: EL601 Event "user/signup.complete" is not in the registry '
                '(did you mean "user/signup.completed"?)',
                '8:73: EL601 Trigger "crm/*" matches no event in the registry',
            ),
            files={"app/__init__.py": "", "app/names.py": 'SIGNED_UP = "user/signup.complete"\n'},
        ),
    )
    passing = (
        Passing(
            """\
import inngest

client = inngest.Inngest(app_id="shop")


@client.create_function(
    fn_id="audit", trigger=inngest.TriggerEvent(event="billing/*")
)
async def audit(ctx: inngest.Context) -> None:
    await ctx.step.send_event("paid", inngest.Event(name="exam/submitted"))
""",
            schemas={
                "billing/invoice.paid": {1: {"type": "object"}},
                "exam/submitted": {1: {"type": "object"}},
            },
        ),
        Passing(
            """\
import inngest

client = inngest.Inngest(app_id="shop")


@client.create_function(
    fn_id="on-fail", trigger=inngest.TriggerEvent(event="inngest/function.failed")
)
async def on_fail(ctx: inngest.Context, kind: str = "") -> None:
    await ctx.step.send_event("x", inngest.Event(name=f"order/{kind}"))
""",
        ),
    )

    def check(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        assert ctx.registry is not None
        known = ctx.registry.names()
        seen: set[tuple[Located, str]] = set()
        for text in ctx.project.names:
            name = text.value
            if name is None or (text.where, name) in seen or _misnamed(ctx, name):
                continue
            seen.add((text.where, name))
            if is_wildcard(name):
                if not matching_names(name, known):
                    yield report(
                        self, text.where, f'Trigger "{name}" matches no event in the registry'
                    )
            elif not ctx.registry.has(name):
                suggestion = did_you_mean(name, known)
                hint = f' (did you mean "{suggestion}"?)' if suggestion else ""
                yield report(self, text.where, f'Event "{name}" is not in the registry{hint}')


def _misnamed(ctx: RuleContext, name: str) -> bool:
    """Whether EL104 (an empty name) or EL101 (a name off the pattern) reports ``name``:
    that name must change anyway, so EL601 says nothing of it."""
    if not name:
        return ctx.config.selects("EL104")
    return ctx.config.selects("EL101") and off_pattern(ctx.config, name)
