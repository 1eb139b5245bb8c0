"""EL602 unknown-event-version: a ``v`` the registry lacks for that event."""

from __future__ import annotations

from collections.abc import Iterator

from event_lint.diagnostics import Diagnostic
from event_lint.linter.rules._examples import EXAM_VERSIONS, SCHOOL
from event_lint.linter.rules._helpers import report
from event_lint.linter.rules._registry import versioned_names
from event_lint.linter.rules.base import Flagged, Passing, Rule, RuleContext


class UnknownEventVersion(Rule):
    code = "EL602"
    name = "unknown-event-version"
    summary = "A version the registry does not have for that event"
    needs_registry = True
    what_it_does = """
Reports a `v` the code gives for an event (a generated payload class's version, or
`step.invoke(..., v=...)` for the invoked function's trigger event) when the registry
has no schema of that version for the event, and lists the versions it has.
"""
    why_bad = """
A version without a schema is a payload shape nobody agreed on: consumers that branch on
the version find none of their branches taken, and nothing checks the data sent under it.
"""
    example = """
await ctx.step.invoke("grade", function=grade_exam, data=data, v="3")
"""
    use_instead = """
await ctx.step.invoke("grade", function=grade_exam, data=data, v="2")
"""
    flagged = (
        Flagged(
            """\
import inngest

from school.grading import client, grade


@client.create_function(fn_id="batch", trigger=inngest.TriggerCron(cron="0 * * * *"))
async def batch(ctx: inngest.Context) -> None:
    await ctx.step.invoke("one", function=grade, data={}, v="3")
""",
            ('8:61: EL602 Event "exam/submitted" has no version "3" (the registry has: 1, 2)',),
            files=SCHOOL,
            schemas=EXAM_VERSIONS,
        ),
        Flagged(
            """\
import inngest

from school.grading import grade
from school.versions import NEXT


async def regrade(ctx: inngest.Context) -> None:
    await ctx.step.invoke("again", function=grade, data={}, v=NEXT)
""",
            (
                'school/versions.py:1:8: EL602 Event "exam/submitted" has no version "v2" '
                "(the registry has: 1, 2)",
            ),
            files={**SCHOOL, "school/versions.py": 'NEXT = "v2"\n'},
            schemas=EXAM_VERSIONS,
        ),
    )
    passing = (
        Passing(
            """\
import inngest

from school.grading import grade


async def regrade(ctx: inngest.Context) -> None:
    await ctx.step.invoke("again", function=grade, data={}, v="2")
""",
            files=SCHOOL,
            schemas=EXAM_VERSIONS,
        ),
        Passing(
            """\
import inngest

client = inngest.Inngest(app_id="school")


@client.create_function(fn_id="grade", trigger=inngest.TriggerEvent(event="exam/graded"))
async def grade(ctx: inngest.Context) -> None:
    await ctx.step.invoke("again", function=grade, data={}, v="9")  # EL601's: no such event
""",
            schemas=EXAM_VERSIONS,
        ),
    )

    def check(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        registry = ctx.registry
        assert registry is not None
        for name, v in versioned_names(ctx.project, registry):
            if v.value is not None and not registry.has(name, v.value):
                versions = ", ".join(registry.versions(name))
                yield report(
                    self,
                    v.where,
                    f'Event "{name}" has no version "{v.value}" (the registry has: {versions})',
                )
