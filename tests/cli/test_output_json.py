"""json and json-lines: the shapes editors and scripts parse."""

from __future__ import annotations

import json
from collections.abc import Callable

from event_lint.cli.output import Report, render

MakeReport = Callable[..., Report]

FIRST = {
    "code": "EL302",
    "message": "ts is in seconds: int(time.time()) needs * 1000",
    "severity": "error",
    "filename": "app/billing.py",
    "location": {"row": 3, "column": 1},
    "end_location": {"row": 3, "column": 3},
    "fix": {
        "message": "multiply by 1000",
        "applicability": "safe",
        "edits": [
            {
                "content": "int(time.time() * 1000)",
                "location": {"row": 3, "column": 6},
                "end_location": {"row": 3, "column": 22},
            }
        ],
    },
    "url": None,
}


def test_json_is_a_list_of_diagnostics(make_report: MakeReport) -> None:
    data = json.loads(render("json", make_report()))
    assert [d["code"] for d in data] == ["EL302", "EL402", "EL603"]
    assert data[0] == FIRST
    assert data[1]["fix"] is None
    assert data[2]["severity"] == "warning"


def test_json_of_nothing_is_an_empty_list(make_report: MakeReport) -> None:
    assert render("json", make_report([])) == "[]\n"


def test_json_lines_has_one_object_per_line(make_report: MakeReport) -> None:
    lines = render("json-lines", make_report()).splitlines()
    assert len(lines) == 3
    assert json.loads(lines[0]) == FIRST
    assert [json.loads(line)["location"]["row"] for line in lines] == [3, 4, 5]
