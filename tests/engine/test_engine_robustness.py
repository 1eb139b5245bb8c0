"""Never a traceback: every bad file becomes a diagnostic and the run goes on."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesmith import from_grammar

from event_lint.config import Config
from event_lint.diagnostics import Diagnostic
from event_lint.linter import rules as rules_package
from event_lint.linter.engine import lint_source
from event_lint.linter.rules.base import Rule, RuleContext

from .conftest import Lint, Write, codes, sends

SENDER = (
    'import inngest\nclient = inngest.Inngest(app_id="x")\n'
    'client.send_sync(inngest.Event(name="a/b.c"))\n'
)


def lint_one(project: Write, lint: Lint, content: bytes) -> list[tuple[str, int, str]]:
    project({"bad.py": content, "ok.py": SENDER})
    result = lint()
    assert sends(result) == [("ok.py", 3)]  # the good file is still linted
    return [c for c in codes(result) if c[0] == "bad.py"]


def test_syntax_error(project: Write, lint: Lint) -> None:
    assert lint_one(project, lint, b"import inngest\ndef f(:\n") == [("bad.py", 2, "EL900")]


def test_null_bytes(project: Write, lint: Lint) -> None:
    assert lint_one(project, lint, b"import inngest\nx = 1\x00\n") == [("bad.py", 1, "EL900")]


def test_undecodable_file(project: Write, lint: Lint) -> None:
    # Reported on the line of the first undecodable byte.
    assert lint_one(project, lint, b'import inngest\nx = "\xff\xfe"\n') == [("bad.py", 2, "EL902")]


def test_libcst_rejects_what_python_accepts(project: Write, lint: Lint) -> None:
    assert lint_one(project, lint, b"import inngest\n(pars): bool = True\n") == [
        ("bad.py", 2, "EL901")
    ]


@pytest.mark.parametrize(
    "content",
    [
        b"\xef\xbb\xbf" + SENDER.encode(),  # BOM
        SENDER.replace("\n", "\r\n").encode(),  # CRLF
        b"# -*- coding: latin-1 -*-\n# caf\xe9\n" + SENDER.encode(),  # PEP 263 cookie
    ],
    ids=["bom", "crlf", "latin-1"],
)
def test_encodings_and_newlines_are_linted(project: Write, lint: Lint, content: bytes) -> None:
    project({"enc.py": content})
    result = lint()
    offset = 2 if content.startswith(b"# -*-") else 0
    assert (sends(result), result.diagnostics) == ([("enc.py", 3 + offset)], [])


def test_pep_701_fstrings_and_deep_parentheses_do_not_crash(project: Write, lint: Lint) -> None:
    project(
        {
            "fstr.py": 'import inngest\nx = 1\ny = f"{"a" + f"{x}"}"\n',
            "parens.py": b"import inngest\nx = " + b"(" * 1000 + b"1" + b")" * 1000 + b"\n",
        }
    )
    result = lint()
    assert result.files_parsed == 2
    assert not result.internal_errors
    assert all(d.code in {"EL900", "EL901"} for d in result.diagnostics), result.diagnostics


def test_a_20_mb_file_is_skipped_cheaply_and_the_run_goes_on(project: Write, lint: Lint) -> None:
    line = b"value_%d = [1, 2, 3, 'some text to make the line longer']  # a comment\n"
    big = b"".join(line % i for i in range(300_000))
    assert len(big) > 20_000_000
    project({"big.py": big, "ok.py": SENDER})
    result = lint()
    assert (result.files_checked, result.files_parsed, sends(result)) == (2, 1, [("ok.py", 3)])


def test_a_symlink_loop_in_the_tree(project: Write, lint: Lint) -> None:
    root = project({"pkg/ok.py": SENDER})
    os.symlink(root / "pkg", root / "pkg" / "again")
    result = lint()
    assert (result.files_checked, sends(result)) == (1, [("pkg/ok.py", 3)])


def test_an_unreadable_file(project: Write, lint: Lint) -> None:
    root = project({"secret.py": SENDER, "ok.py": SENDER})
    (root / "secret.py").chmod(0)
    try:
        if os.access(root / "secret.py", os.R_OK):
            pytest.skip("running as root: a chmod 000 file is still readable")
        result = lint()
        assert [(d.path, d.code, d.message) for d in result.diagnostics] == [
            ("secret.py", "EL902", "cannot read file: Permission denied")
        ]
    finally:
        (root / "secret.py").chmod(0o644)


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="needs Linux /proc")
def test_a_file_that_fails_to_read_even_for_root(project: Write, lint: Lint) -> None:
    """Reading /proc/self/mem from offset 0 fails with EIO whoever runs it (CI runs as root,
    where a chmod 000 file is still readable)."""
    root = project({"ok.py": SENDER})
    (root / "broken.py").symlink_to("/proc/self/mem")
    result = lint()
    assert [(d.path, d.code, d.message) for d in result.diagnostics] == [
        ("broken.py", "EL902", "cannot read file: Input/output error")
    ]
    assert sends(result) == [("ok.py", 3)]


def test_a_missing_file_argument(project: Write, lint: Lint) -> None:
    project({})
    result = lint("gone.py")
    assert [(d.path, d.code, d.message) for d in result.diagnostics] == [
        ("gone.py", "EL902", "cannot read file: No such file or directory")
    ]


class Boom(Rule):
    code, name = "EL998", "boom"

    def check(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        raise ValueError("kaput")


class Fine(Rule):
    code, name = "EL999", "fine"

    def check(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        for send in ctx.project.sends:
            yield Diagnostic(send.where.path, send.where.span, self.code, "found a send")


def test_a_crashing_rule_becomes_an_internal_error_and_the_run_goes_on(
    project: Write, lint: Lint, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rules_package, "all_rules", lambda: (Boom, Fine))
    project({"a.py": SENDER})
    result = lint()
    assert result.internal_errors
    assert [(d.path, d.span.line, d.code, d.message) for d in result.diagnostics] == [
        (
            "a.py",
            1,
            "EL903",
            "internal error in rule EL998 (boom): ValueError: kaput; please report it",
        ),
        ("a.py", 3, "EL999", "found a send"),
    ]


def test_lint_source_reads_the_given_content_and_imports_from_disk(project: Write) -> None:
    root = project({"app/__init__.py": "", "app/client.py": SENDER.rsplit("\n", 2)[0] + "\n"})
    source = b"from app.client import client as c\n\nc.send_sync(evt)\n"
    result = lint_source("app/views.py", source, Config(root=root), None)
    assert (result.files_checked, sends(result)) == (1, [("app/views.py", 3)])


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(from_grammar())
def test_lint_source_never_raises(tmp_path_factory: pytest.TempPathFactory, source: str) -> None:
    root = Path(tmp_path_factory.getbasetemp())
    result = lint_source(
        "generated.py", ("import inngest\n" + source).encode(), Config(root=root), None
    )
    assert not result.internal_errors, result.diagnostics
