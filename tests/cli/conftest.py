"""Shared by the output-format tests: hand-made diagnostics on a small project on disk."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from event_lint.cli.output import Report
from event_lint.diagnostics import Diagnostic, Edit, Fix, Severity, Span

APP_SOURCE = (
    "import inngest\n"
    "client = inngest.Inngest(app_id='shop')\n"
    "ts = int(time.time())\n"
    "await client.send({'name': 'billing/invoice.paid'})\n"
    "await client.send({'name': 'billing/invoice.paid'})\n"
)


def sample_diagnostics() -> list[Diagnostic]:
    """Three diagnostics on app/billing.py: one at column 1, one warning, one fixable."""
    return [
        Diagnostic(
            "app/billing.py",
            Span(3, 1, 3, 3),
            "EL302",
            "ts is in seconds: int(time.time()) needs * 1000",
            fix=Fix(
                "multiply by 1000",
                (Edit(Span(3, 6, 3, 22), "int(time.time() * 1000)"),),
                safe=True,
            ),
        ),
        Diagnostic(
            "app/billing.py",
            Span(4, 19, 4, 51),
            "EL402",
            "send() takes inngest.Event objects, not a dict",
        ),
        Diagnostic(
            "app/billing.py",
            Span(5, 19, 5, 51),
            "EL603",
            "event billing/invoice.paid v1 is deprecated, use v2",
            severity=Severity.WARNING,
        ),
    ]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "billing.py").write_text(APP_SOURCE)
    return tmp_path


@pytest.fixture
def make_report(project: Path) -> Callable[..., Report]:
    def make(diagnostics: Sequence[Diagnostic] | None = None, unsafe_fixes: bool = False) -> Report:
        def read(path: str) -> str | None:
            file = project / path
            return file.read_text() if file.is_file() else None

        return Report(
            diagnostics=sample_diagnostics() if diagnostics is None else diagnostics,
            cwd=project,
            srcroot=project,
            read_source=read,
            unsafe_fixes=unsafe_fixes,
        )

    return make
