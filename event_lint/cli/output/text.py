"""``text`` (the default): ``path:line:col: CODE message``, one line per diagnostic, the
shape flake8 prints and grep, editors and CI log parsers read."""

from __future__ import annotations

from event_lint.cli.output import Report, location


def render(report: Report) -> str:
    return "".join(f"{location(d)}: {d.code} {d.message}\n" for d in report.diagnostics)
