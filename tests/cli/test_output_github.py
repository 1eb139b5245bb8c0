"""github: workflow commands, exact lines, GitHub's escaping."""

from __future__ import annotations

from collections.abc import Callable

from event_lint.cli.output import Report, render
from event_lint.diagnostics import Diagnostic, Severity, Span

MakeReport = Callable[..., Report]


def test_github_annotations(make_report: MakeReport) -> None:
    assert render("github", make_report()).splitlines() == [
        "::error file=app/billing.py,line=3,col=1,endLine=3,endColumn=3,"
        "title=EL302 ts-not-milliseconds::ts is in seconds: int(time.time()) needs * 1000",
        "::error file=app/billing.py,line=4,col=19,endLine=4,endColumn=51,"
        "title=EL402 wrong-event-type::send() takes inngest.Event objects, not a dict",
        "::warning file=app/billing.py,line=5,col=19,endLine=5,endColumn=51,"
        "title=EL603 deprecated-event-version::event billing/invoice.paid v1 is deprecated, use v2",
    ]


def test_github_escapes_the_message_and_the_properties(make_report: MakeReport) -> None:
    odd = Diagnostic(
        "app/a,b:c%.py",
        Span(1, 1, 2, 5),
        "EL900",
        "100% wrong:\r\n::error::line two, still",
        severity=Severity.INFO,
    )
    # A line break is shown escaped (as in every format), so it can start no command.
    assert render("github", make_report([odd])) == (
        "::notice file=app/a%2Cb%3Ac%25.py,line=1,col=1,endLine=2,endColumn=5,"
        "title=EL900 syntax-error::100%25 wrong:\\r\\n::error::line two, still\n"
    )


def test_github_escapes_control_characters_of_file_names(make_report: MakeReport) -> None:
    odd = Diagnostic("app/x\n::error::y\udcff.py", Span(1, 1, 1, 2), "EL900", "\x1b[2Jm")
    assert render("github", make_report([odd])) == (
        "::error file=app/x\\n%3A%3Aerror%3A%3Ay\\xff.py,line=1,col=1,endLine=1,endColumn=2,"
        "title=EL900 syntax-error::\\x1b[2Jm\n"
    )
