"""``junit``: JUnit XML for CI test reports: one testsuite, one testcase per file with a
diagnostic, one ``<failure>`` per diagnostic. Names and messages are ``printable``, which
also keeps out every character XML 1.0 cannot carry."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from itertools import groupby

from event_lint.cli.output import Report, location
from event_lint.diagnostics import Diagnostic
from event_lint.printable import shown_path


def render(report: Report) -> str:
    by_file = [(path, list(group)) for path, group in groupby(report.diagnostics, lambda d: d.path)]
    failures = str(len(report.diagnostics))
    suites = ET.Element("testsuites", name="event-lint", tests=str(len(by_file)), failures=failures)
    suite = ET.SubElement(
        suites,
        "testsuite",
        name="event-lint",
        tests=str(len(by_file)),
        failures=failures,
        errors="0",
        skipped="0",
    )
    for path, diagnostics in by_file:
        shown = shown_path(path)
        case = ET.SubElement(suite, "testcase", name=shown, classname=shown)
        for diagnostic in diagnostics:
            _failure(case, diagnostic)
    body = ET.tostring(suites, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'


def _failure(case: ET.Element, diagnostic: Diagnostic) -> None:
    message = f"{diagnostic.code} {diagnostic.message}"
    failure = ET.SubElement(case, "failure", message=message, type=diagnostic.code)
    failure.text = f"{location(diagnostic)}: {message}"
