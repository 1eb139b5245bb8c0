"""``json``: one JSON array of diagnostics, in the shape of ruff's JSON output::

    {"code": "EL302", "message": "...", "severity": "error", "filename": "app/x.py",
     "location": {"row": 3, "column": 5}, "end_location": {"row": 3, "column": 25},
     "fix": {"message": "...", "applicability": "safe",
             "edits": [{"content": "...", "location": {...}, "end_location": {...}}]},
     "url": null}

Rows and columns are 1-based; ``end_location`` is exclusive. ``fix`` is null without a fix.
``filename`` and the messages are ``printable`` (an undecodable byte in a file name is
``\\xNN``), so the document is always valid UTF-8; an edit's ``content`` is exact.
"""

from __future__ import annotations

import json
from typing import Any

from event_lint.cli.output import Report
from event_lint.diagnostics import Diagnostic, Fix
from event_lint.printable import shown_path


def render(report: Report) -> str:
    return json.dumps([as_dict(d) for d in report.diagnostics], indent=2, ensure_ascii=False) + "\n"


def as_dict(diagnostic: Diagnostic) -> dict[str, Any]:
    span = diagnostic.span
    return {
        "code": diagnostic.code,
        "message": diagnostic.message,
        "severity": diagnostic.severity.value,
        "filename": shown_path(diagnostic.path),
        "location": {"row": span.line, "column": span.col},
        "end_location": {"row": span.end_line, "column": span.end_col},
        "fix": _fix(diagnostic.fix),
        "url": None,  # no hosted rule pages: `event-lint --explain CODE` has the text
    }


def _fix(fix: Fix | None) -> dict[str, Any] | None:
    if fix is None:
        return None
    return {
        "message": fix.message,
        "applicability": "safe" if fix.safe else "unsafe",
        "edits": [
            {
                "content": edit.text,
                "location": {"row": edit.span.line, "column": edit.span.col},
                "end_location": {"row": edit.span.end_line, "column": edit.span.end_col},
            }
            for edit in fix.edits
        ],
    }
