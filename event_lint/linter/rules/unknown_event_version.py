"""EL602 unknown-event-version: a ``v`` the registry lacks for that event."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from event_lint.diagnostics import Diagnostic
from event_lint.linter.rules._registry import version_reports
from event_lint.linter.rules.base import Rule, RuleContext

if TYPE_CHECKING:
    from event_lint.registry import Registry


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

    def check(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        return version_reports(self, ctx, _missing_version)


def _missing_version(registry: Registry, name: str, v: str) -> str | None:
    if registry.has(name, v):
        return None
    versions = ", ".join(registry.versions(name))
    return f'Event "{name}" has no version "{v}" (the registry has: {versions})'
