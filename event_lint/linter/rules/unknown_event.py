"""EL601 unknown-event: an event name the registry does not know."""

from __future__ import annotations

from collections.abc import Iterator

from event_lint.diagnostics import Diagnostic
from event_lint.linter.model import Located
from event_lint.linter.names import did_you_mean, is_wildcard, matching_names
from event_lint.linter.rules._helpers import off_pattern, report
from event_lint.linter.rules.base import Rule, RuleContext


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
