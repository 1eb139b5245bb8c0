"""printable: how every output format shows a file name or message from a stranger's repo."""

from __future__ import annotations

import json
import os
from collections.abc import Callable

import pytest

from event_lint.cli.output import Report, render
from event_lint.diagnostics import Diagnostic, Edit, Fix, Span
from event_lint.printable import (
    printable,
    printable_keeping_tabs,
    printable_lines,
    shown_path,
)

MakeReport = Callable[..., Report]


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("app/billing.py", "app/billing.py"),
        ("événement/créé.py", "événement/créé.py"),  # printable non-ASCII stays as it is
        (os.fsdecode(b"bad\xff.py"), "bad\\xff.py"),  # an undecodable byte, as git shows it
        ("\x1b[31mred\x1b[0m", "\\x1b[31mred\\x1b[0m"),
        ("a\nb\rc\td\x00e\x7f", "a\\nb\\rc\\td\\x00e\\x7f"),
        ("\x9b2J", "\\x9b2J"),  # C1 control: CSI on some terminals
        ("abc\u202edef\u2028", "abc\\u202edef\\u2028"),  # bidi override, line separator
        ("\ud800 \ufffe", "\\ud800 \\ufffe"),  # a lone surrogate; a non-character
        ("\U000e0001", "\\U000e0001"),  # a format character outside the BMP
        ("a ##[error]b ###[x", "a ##\\x5berror]b ###\\x5bx"),  # GitHub's legacy commands
    ],
)
def test_printable(text: str, shown: str) -> None:
    assert printable(text) == shown
    assert printable(shown) == shown  # what it shows is itself printable


@pytest.mark.parametrize(
    ("path", "shown"),
    [
        ("app/x.py", "app/x.py"),
        ("::error::x.py", "./::error::x.py"),
        (" ::error::x.py", "./ ::error::x.py"),
        ("\n::error::x.py", "\\n::error::x.py"),
        ("/abs/::x.py", "/abs/::x.py"),
    ],
)
def test_shown_path_never_starts_a_workflow_command(path: str, shown: str) -> None:
    assert shown_path(path) == shown


def test_printable_keeping_tabs() -> None:
    assert printable_keeping_tabs("\tx = '\x1b'\t# \n") == "\tx = '\\x1b'\t# \\n"


def test_printable_lines_keeps_the_breaks_and_tabs() -> None:
    patch = "--- a/x.py\n+\tx = 1  # \x1b[2J\x0c\n"
    assert printable_lines(patch) == "--- a/x.py\n+\tx = 1  # \\x1b[2J\\x0c\n"


def test_full_escapes_the_source_line_and_widens_the_caret(make_report: MakeReport) -> None:
    odd = Diagnostic(
        "app/esc.py",
        Span(1, 8, 1, 14),
        "EL101",
        'Event name "\x1b[2J" is not domain/noun.verb',
        fix=Fix("rename to \x1b[2J", (Edit(Span(1, 8, 1, 14), '"a/b.c"'),), safe=True),
    )
    report = make_report([odd])
    (report.cwd / "app" / "esc.py").write_text('x = \x1bf("\x1b[2J")\n')
    assert render("full", report) == (
        'app/esc.py:1:8: EL101 Event name "\\x1b[2J" is not domain/noun.verb\n'
        "  |\n"
        '1 | x = \\x1bf("\\x1b[2J")\n'
        "  |           ^^^^^^^^^ EL101\n"
        "  |\n"
        "  = fix: rename to \\x1b[2J (safe)\n"
    )


def test_json_keeps_an_edit_exact_and_shows_names_printable(make_report: MakeReport) -> None:
    odd = Diagnostic(
        os.fsdecode(b"app/bad\xff.py"),
        Span(1, 1, 1, 2),
        "EL101",
        "name \x1b",
        fix=Fix("fix \x00", (Edit(Span(1, 1, 1, 2), "\tx\n"),), safe=True),
    )
    (row,) = json.loads(render("json", make_report([odd])))
    assert (row["filename"], row["message"]) == ("app/bad\\xff.py", "name \\x1b")
    assert row["fix"]["message"] == "fix \\x00"
    assert row["fix"]["edits"][0]["content"] == "\tx\n"
