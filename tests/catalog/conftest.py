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
