"""``--statistics``: how many diagnostics of each code, most frequent first (ruff's shape)::

    3  EL101  [*] event-name-style
    1  EL201  [ ] missing-event-id

``[*]`` when every one of them is fixable. With ``--output-format json``, a JSON list.
"""

from __future__ import annotations

import json
from collections import Counter

from event_lint.cli.output import Report
from event_lint.cli.output.rules_info import rule_info


def render(report: Report, as_json: bool) -> str:
    counts = Counter(d.code for d in report.diagnostics)
    fixable = Counter(d.code for d in report.diagnostics if report.fixable(d))
    rows = [
        {
            "code": code,
            "name": rule_info(code).name,
            "count": count,
            "fixable": fixable[code] == count,
        }
        for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]
    if as_json:
        return json.dumps(rows, indent=2) + "\n"
    width = max((len(str(row["count"])) for row in rows), default=1)
    return "".join(
        f"{row['count']:>{width}}  {row['code']}  {_mark(bool(row['fixable']))} {row['name']}\n"
        for row in rows
    )


def _mark(fixable: bool) -> str:
    return "[*]" if fixable else "[ ]"
