"""``json-lines``: one JSON object per line, the same objects as ``json``."""

from __future__ import annotations

import json

from event_lint.cli.output import Report
from event_lint.cli.output.json import as_dict


def render(report: Report) -> str:
    return "".join(json.dumps(as_dict(d), ensure_ascii=False) + "\n" for d in report.diagnostics)
