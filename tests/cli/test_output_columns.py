"""Issue 9: columns are 1-based in every format, as editors, GitHub and SARIF expect."""

from __future__ import annotations

import json
from collections.abc import Callable

from event_lint.cli.output import Report, render
from event_lint.diagnostics import Diagnostic, Span

MakeReport = Callable[..., Report]


def test_a_finding_at_the_first_character_is_column_1_everywhere(make_report: MakeReport) -> None:
    at_start = [Diagnostic("app/billing.py", Span(3, 1, 3, 3), "EL302", "seconds")]
    report = make_report(at_start)
    assert render("text", report) == "app/billing.py:3:1: EL302 seconds\n"
    assert json.loads(render("json", report))[0]["location"] == {"row": 3, "column": 1}
    region = json.loads(render("sarif", report))["runs"][0]["results"][0]["locations"][0]
    assert region["physicalLocation"]["region"]["startColumn"] == 1
    assert ",col=1," in render("github", report)
    assert render("full", report).splitlines()[3] == "  | ^^ EL302"
