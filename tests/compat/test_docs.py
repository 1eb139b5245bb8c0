"""docs/compatibility.md lists every change code and every lint code, with the code's text."""

from __future__ import annotations

from pathlib import Path

from event_lint.registry.compat.codes import CODES
from event_lint.registry.schema_lint import LINTS

DOC = (Path(__file__).parents[2] / "docs" / "compatibility.md").read_text()


def test_every_change_code_is_documented() -> None:
    for code, (summary, hint) in CODES.items():
        assert f"| `{code}` | {summary} |" in DOC, code
        assert hint in DOC, code


def test_every_lint_is_documented() -> None:
    for code, lint in LINTS.items():
        assert f"| `{code}` | {lint.severity.value} | {lint.summary} |" in DOC, code
