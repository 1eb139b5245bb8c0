"""EL603 deprecated-event-version: the code uses a version its schema marks deprecated."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from event_lint.diagnostics import Diagnostic, Severity
from event_lint.linter.rules._registry import version_reports
from event_lint.linter.rules.base import Rule, RuleContext

if TYPE_CHECKING:
    from event_lint.registry import Registry


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
await client.send(ExamSubmittedV1(data={"examId": exam_id, "studentId": student_id}).to_event())
"""
    use_instead = """
await client.send(ExamSubmittedV2(data={"examId": exam_id, "studentId": student_id}).to_event())
"""

    def check(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        return version_reports(self, ctx, _deprecation)


def _deprecation(registry: Registry, name: str, v: str) -> str | None:
    """Only of a version the registry has: one it lacks is EL602's finding."""
    if not registry.has(name, v) or not registry.is_deprecated(name, v):
        return None
    return f'Event "{name}" version "{v}" is deprecated (latest: "{registry.latest(name)}")'
