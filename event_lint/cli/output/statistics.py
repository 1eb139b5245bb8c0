"""``--statistics``: how many diagnostics of each code, most frequent first (ruff's shape)::

    3  EL101  [*] event-name-style
    1  EL201  [ ] missing-event-id

``[*]`` when some of them are fixable, followed by ``(2 of 3 fixable)`` when not all are
(EL302 fixes ``int(time.time())`` but not ``int(time.time()) + 3600``). With
``--output-format json``, a JSON list; ``fixable`` is true when all are, and
``fixable_count`` says how many.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass

from event_lint.cli.output import Report
from event_lint.codes import describe


@dataclass(frozen=True)
class _Row:
    code: str
    name: str
    count: int
    fixable: int  # how many of them --fix (or --unsafe-fixes) can fix

    @property
    def mark(self) -> str:
        return "[*]" if self.fixable else "[ ]"

    @property
    def partly(self) -> str:
        return f" ({self.fixable} of {self.count} fixable)" if 0 < self.fixable < self.count else ""


def render(report: Report, as_json: bool) -> str:
    counts = Counter(d.code for d in report.diagnostics)
    fixable = Counter(d.code for d in report.diagnostics if report.fixable(d))
    rows = [
        _Row(code, describe(code).name, count, fixable[code])
        for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]
    if as_json:
        document = [
            {
                "code": row.code,
                "name": row.name,
                "count": row.count,
                "fixable": row.fixable == row.count,
                "fixable_count": row.fixable,
            }
            for row in rows
        ]
        return json.dumps(document, indent=2) + "\n"
    width = max((len(str(row.count)) for row in rows), default=1)
    return "".join(
        f"{row.count:>{width}}  {row.code}  {row.mark} {row.name}{row.partly}\n" for row in rows
    )
