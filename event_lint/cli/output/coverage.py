"""``event-lint --coverage``: the registry coverage report as text or as one JSON object.

The report itself is ``event_lint.linter.coverage``; event names and paths come from a
stranger's repository, so they are shown ``printable``, as the lint output shows them.
"""

from __future__ import annotations

import json
from typing import Any

from event_lint.codes import NEVER_SENT, NEVER_USED, lookup
from event_lint.linter.coverage import CoverageFinding, CoverageReport
from event_lint.linter.model import Located
from event_lint.printable import printable, shown_path


def render_text(report: CoverageReport) -> str:
    """``path:line:col: CODE message`` per finding (as the lint output), a note per name
    that counts as any event, and a summary line."""
    notes = report.unsure_events + report.unsure_receivers
    found = report.findings
    lines = [f"{shown_path(_at(f.where))}: {f.code} {printable(f.message)}" for f in found]
    lines += [f"{shown_path(_at(f.where))}: note: {printable(f.message)}" for f in notes]
    lines += [
        f"{shown_path(_at(where))}: note: event name not known statically: it may be any event"
        for where in report.unreadable_names
    ]
    unsure = f", {len(report.unsure_events)} unsure" if report.unsure_events else ""
    unknown = (
        f"; {report.unknown_sent} sent name{'' if report.unknown_sent == 1 else 's'} "
        "not known statically"
        if report.unknown_sent
        else ""
    )
    lines.append(
        f"Coverage: {report.used_count} of {len(report.registry_events)} registry events used"
        f"{unsure}; {_count(len(report.never_used))} never used ({NEVER_USED}), "
        f"{_count(len(report.never_sent))} received but never sent ({NEVER_SENT}){unknown}."
    )
    return "\n".join(lines) + "\n"


def _at(where: Located) -> str:
    return f"{where.path}:{where.span.line}:{where.span.col}"


def _count(n: int) -> str:
    return f"{n} event" if n == 1 else f"{n} events"


def render_json(report: CoverageReport) -> str:
    """One JSON object: the counts, the findings (in the lint JSON's shape, plus the rule
    name and the event) and the names that count as any event."""
    document = {
        "registry_events": len(report.registry_events),
        "used_events": report.used_count,
        "unsure_events": [_finding_json(f) for f in report.unsure_events],
        "unsure_receivers": [_finding_json(f) for f in report.unsure_receivers],
        "unknown_sent_names": report.unknown_sent,
        "findings": [_finding_json(f) for f in report.findings],
        "unknown_names": [_location_json(where) for where in report.unreadable_names],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _finding_json(finding: CoverageFinding) -> dict[str, Any]:
    return {
        "code": finding.code,
        "name": _name(finding.code),
        "event": printable(finding.event),
        "message": printable(finding.message),
        **_location_json(finding.where),
    }


def _name(code: str) -> str:
    """The code's name in the table; a note (an unsure event or receiver) is "unsure"."""
    entry = lookup(code)
    return entry.name if entry is not None else "unsure"


def _location_json(where: Located) -> dict[str, Any]:
    span = where.span
    return {
        "filename": shown_path(where.path),
        "location": {"row": span.line, "column": span.col},
        "end_location": {"row": span.end_line, "column": span.end_col},
    }
