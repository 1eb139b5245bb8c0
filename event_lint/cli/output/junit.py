"""``junit``: JUnit XML for CI test reports: one testsuite, one testcase per file with a
diagnostic, one ``<failure>`` per diagnostic."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from itertools import groupby

from event_lint.cli.output import Report
from event_lint.diagnostics import Diagnostic

# Characters XML 1.0 cannot carry even escaped (a message may quote source text).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


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
        case = ET.SubElement(suite, "testcase", name=path, classname=path)
        for diagnostic in diagnostics:
            _failure(case, diagnostic)
    body = ET.tostring(suites, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'


def _failure(case: ET.Element, diagnostic: Diagnostic) -> None:
    span = diagnostic.span
    message = _clean(f"{diagnostic.code} {diagnostic.message}")
    failure = ET.SubElement(case, "failure", message=message, type=diagnostic.code)
    failure.text = f"{diagnostic.path}:{span.line}:{span.col}: {message}"


def _clean(text: str) -> str:
    return _NOT_XML.sub("?", text)
