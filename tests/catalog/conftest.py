"""The example app's catalog, written once per test session by the real console script."""

from __future__ import annotations

from pathlib import Path

import pytest
from commands import event_registry

from catalog.helpers import EXAMPLES


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("catalog") / "site"
    result = event_registry(EXAMPLES, "catalog", "--out", str(out), "--no-cache")
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"catalog of 14 events: {out / 'index.html'}\n"
    return out


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say plainly, even under -q, when the browser tests did not run."""
    for report in terminalreporter.stats.get("skipped", []):
        if "catalog/test_browser.py" in report.nodeid:
            reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else ""
            terminalreporter.write_line(reason.removeprefix("Skipped: "), yellow=True)
            return
