"""EL603 deprecated-event-version: the code uses a version its schema marks deprecated."""

from __future__ import annotations

from collections.abc import Iterator

from event_lint.diagnostics import Diagnostic, Severity
from event_lint.linter.rules._helpers import report
from event_lint.linter.rules._registry import versioned_names
from event_lint.linter.rules.base import Rule, RuleContext


class DeprecatedEventVersion(Rule):
    code = "EL603"
    name = "deprecated-event-version"
    summary = "Uses an event version whose schema is marked deprecated"
    severity = Severity.WARNING
    needs_registry = True
    what_it_does = """
Warns where the code names a version (a generated payload class, `step.invoke(v=)`)
whose schema has a top-level `"deprecated": true`, and names the latest version.
"""
    why_bad = """
A deprecated version is on its way out: its consumers will stop handling it. Sending it
now works, but the migration it announces has to happen before they do.
"""
    example = """
await ctx.step.invoke("grade", function=grade_exam, data=data, v="1")
"""
    use_instead = """
await ctx.step.invoke("grade", function=grade_exam, data=data, v="2")
"""

    def check(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        registry = ctx.registry
        assert registry is not None
        for name, v in versioned_names(ctx.project, registry):
            if (
                v.value is not None
                and registry.has(name, v.value)
                and registry.is_deprecated(name, v.value)
            ):
                latest = registry.latest(name)
                yield report(
                    self,
                    v.where,
                    f'Event "{name}" version "{v.value}" is deprecated (latest: "{latest}")',
                )
