"""Suppression comments and per-file-ignores."""

from __future__ import annotations

from pathlib import Path

from event_lint.diagnostics import Diagnostic, Span
from event_lint.linter.suppress import (
    ALL,
    PerFileIgnores,
    apply_suppressions,
    comment_codes,
    suppressions,
)


def test_comment_forms() -> None:
    assert comment_codes("# noqa") == {ALL}
    assert comment_codes("# NOQA:EL101") == {"EL101"}
    assert comment_codes("# noqa: EL101, el203") == {"EL101", "EL203"}
    assert comment_codes("# type: ignore  # noqa: EL101") == {"EL101"}
    assert comment_codes("# event-lint: ignore[EL101,EL102]") == {"EL101", "EL102"}
    assert comment_codes("# event-lint: ignore") == {ALL}
    assert comment_codes("# an ordinary comment") == frozenset()


def test_only_real_comments_count() -> None:
    source = b'x = "# noqa"\ny = 1  # noqa: EL201\nz = """\n# event-lint: ignore\n"""\n'
    assert suppressions(source) == {2: {"EL201"}}


def test_a_file_that_does_not_tokenize_keeps_the_comments_before_the_error() -> None:
    assert suppressions(b"a = 1  # noqa\nb = (\n") == {1: {ALL}}


def diag(path: str, line: int, code: str) -> Diagnostic:
    return Diagnostic(path, Span(line, 1, line, 2), code, "m")


def test_apply_suppressions(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text(
        "one()  # noqa: EL101\ntwo()  # event-lint: ignore[EL203]\nthree()  # noqa\n"
    )
    found = [
        diag("a.py", 1, "EL101"),
        diag("a.py", 1, "EL102"),
        diag("a.py", 2, "EL203"),
        diag("a.py", 3, "EL601"),
    ]
    kept = apply_suppressions(found, None, tmp_path, tmp_path, PerFileIgnores(()))
    assert kept == [diag("a.py", 1, "EL102")]


def test_per_file_ignores_match_globs_from_the_root_and_code_prefixes(tmp_path: Path) -> None:
    per_file = PerFileIgnores((("tests/**", ("EL2",)), ("scripts/one.py", ("EL101",))))
    found = [
        diag("tests/t.py", 1, "EL201"),
        diag("tests/t.py", 1, "EL101"),
        diag("scripts/one.py", 1, "EL101"),
    ]
    sources = {"tests/t.py": b"", "scripts/one.py": b""}
    assert apply_suppressions(found, sources, tmp_path, tmp_path, per_file) == [
        diag("tests/t.py", 1, "EL101")
    ]
