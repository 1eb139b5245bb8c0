"""``concise``: ruff's one-line shape, ``path:line:col: CODE [*] message``. ``[*]`` marks a
diagnostic that ``--fix`` fixes (with ``--unsafe-fixes``, the unsafe ones too), and a
warning or info says so after the code: ``CODE (warning)``."""

from __future__ import annotations

from event_lint.cli.output import Report, location
from event_lint.diagnostics import Diagnostic, Severity


def render(report: Report) -> str:
    return "".join(_line(report, d) for d in report.diagnostics)


def _line(report: Report, diagnostic: Diagnostic) -> str:
    severity = "" if diagnostic.severity is Severity.ERROR else f" ({diagnostic.severity.value})"
    mark = " [*]" if report.fixable(diagnostic) else ""
    return f"{location(diagnostic)}: {diagnostic.code}{severity}{mark} {diagnostic.message}\n"
