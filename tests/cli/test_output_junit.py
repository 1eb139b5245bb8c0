"""junit: well-formed XML, a testcase per file, a failure per diagnostic."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable

from event_lint.cli.output import Report, render
from event_lint.diagnostics import Diagnostic, Span

MakeReport = Callable[..., Report]


def test_junit_groups_failures_by_file(make_report: MakeReport) -> None:
    other = Diagnostic("app/orders.py", Span(7, 9, 7, 20), "EL101", 'bad <name> & "quotes"\x00')
    root = ET.fromstring(render("junit", make_report([*make_report().diagnostics, other])))
    assert root.tag == "testsuites"
    (suite,) = root
    assert suite.attrib["tests"] == "2"
    assert suite.attrib["failures"] == "4"
    cases = {case.attrib["name"]: case for case in suite.iter("testcase")}
    assert sorted(cases) == ["app/billing.py", "app/orders.py"]
    assert [f.attrib["type"] for f in cases["app/billing.py"]] == ["EL302", "EL402", "EL603"]
    (failure,) = cases["app/orders.py"]
    assert failure.attrib["message"] == 'EL101 bad <name> & "quotes"\\x00'
    assert failure.text == 'app/orders.py:7:9: EL101 bad <name> & "quotes"\\x00'


def test_junit_of_a_clean_run_is_an_empty_suite(make_report: MakeReport) -> None:
    root = ET.fromstring(render("junit", make_report([])))
    (suite,) = root
    assert suite.attrib["tests"] == "0"
    assert list(suite) == []
