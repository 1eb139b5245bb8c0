"""text, concise and full: the human formats."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from event_lint.cli import lint
from event_lint.cli.output import FORMATS, Report, render
from event_lint.diagnostics import Diagnostic, Edit, Fix, Span

MakeReport = Callable[..., Report]


def test_the_cli_offers_exactly_the_registered_formats() -> None:
    assert tuple(FORMATS) == lint.OUTPUT_FORMATS


def test_text(make_report: MakeReport) -> None:
    assert render("text", make_report()) == (
        "app/billing.py:3:1: EL302 ts is in seconds: int(time.time()) needs * 1000\n"
        "app/billing.py:4:19: EL402 send() takes inngest.Event objects, not a dict\n"
        "app/billing.py:5:19: EL603 event billing/invoice.paid v1 is deprecated, use v2\n"
    )


def test_text_of_nothing_is_empty(make_report: MakeReport) -> None:
    assert render("text", make_report([])) == ""


def test_concise_marks_fixable_and_warnings(make_report: MakeReport) -> None:
    assert render("concise", make_report()) == (
        "app/billing.py:3:1: EL302 [*] ts is in seconds: int(time.time()) needs * 1000\n"
        "app/billing.py:4:19: EL402 send() takes inngest.Event objects, not a dict\n"
        "app/billing.py:5:19: EL603 (warning) event billing/invoice.paid v1 is deprecated, use v2\n"
    )


def test_concise_marks_unsafe_fixes_only_with_unsafe_fixes(make_report: MakeReport) -> None:
    edit = Edit(Span(4, 7, 4, 18), "step.send_event")
    unsafe = Diagnostic(
        "app/billing.py",
        Span(4, 7, 4, 18),
        "EL501",
        "use step.send_event",
        fix=Fix("use step.send_event", (edit,), safe=False),
    )
    line = "app/billing.py:4:7: EL501{} use step.send_event\n"
    assert render("concise", make_report([unsafe])) == line.format("")
    assert render("concise", make_report([unsafe], unsafe_fixes=True)) == line.format(" [*]")


def test_full_shows_the_line_a_caret_and_the_fix(make_report: MakeReport) -> None:
    first_two = make_report().diagnostics[:2]
    assert render("full", make_report(first_two)) == (
        "app/billing.py:3:1: EL302 ts is in seconds: int(time.time()) needs * 1000\n"
        "  |\n"
        "3 | ts = int(time.time())\n"
        "  | ^^ EL302\n"
        "  |\n"
        "  = fix: multiply by 1000 (safe)\n"
        "\n"
        "app/billing.py:4:19: EL402 send() takes inngest.Event objects, not a dict\n"
        "  |\n"
        "4 | await client.send({'name': 'billing/invoice.paid'})\n"
        "  |                   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ EL402\n"
        "  |\n"
    )


def test_full_without_the_source_prints_the_location_only(make_report: MakeReport) -> None:
    gone = Diagnostic("app/gone.py", Span(2, 3, 2, 4), "EL902", "cannot read file: gone")
    assert render("full", make_report([gone])) == "app/gone.py:2:3: EL902 cannot read file: gone\n"


def test_the_formats_silent_on_a_clean_run_are_the_ones_that_print_nothing() -> None:
    """``Invocation`` skips importing the output formats for these when nothing is found."""
    from event_lint.cli.invocation import SILENT_WHEN_CLEAN

    clean = Report(diagnostics=[], cwd=Path("."), srcroot=Path("."), read_source=lambda _: None)
    assert {name for name in FORMATS if render(name, clean) == ""} == SILENT_WHEN_CLEAN
