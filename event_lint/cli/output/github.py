"""``github``: GitHub Actions workflow commands, which GitHub shows as annotations on the
pull request's changed lines::

    ::error file=app/x.py,line=3,col=5,endLine=3,endColumn=25,title=EL302 ts-not-milliseconds::...

Paths are relative to the repository root (GitHub's view), wherever event-lint runs.
Warnings become ``::warning``, infos ``::notice``. In the message, ``%``, CR and LF are
escaped; in the properties also ``:`` and ``,`` (GitHub's escaping rules). The file name
and message are ``printable`` first, so no line break, escape sequence or ``::`` command of
a stranger's file can start a line of the log of its own.
"""

from __future__ import annotations

from functools import cache

from event_lint.cli.output import Report
from event_lint.codes import describe
from event_lint.diagnostics import Diagnostic, Severity
from event_lint.printable import printable

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def render(report: Report) -> str:
    return "".join(_line(report, d) + "\n" for d in report.diagnostics)


def _line(report: Report, diagnostic: Diagnostic) -> str:
    span = diagnostic.span
    properties = {
        "file": printable(report.repository_path(diagnostic) or diagnostic.path),
        "line": span.line,
        "col": span.col,
        "endLine": span.end_line,
        "endColumn": span.end_col,
        "title": _title(diagnostic.code),
    }
    joined = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    return f"::{_COMMAND[diagnostic.severity]} {joined}::{escape_data(diagnostic.message)}"


@cache
def _title(code: str) -> str:
    return f"{code} {describe(code).name}"


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")
