"""Fixtures for registry tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from .helpers import write


@pytest.fixture
def registry_dir(tmp_path: Path) -> Callable[..., Path]:
    """Build ``tmp_path/reg`` from {relative path: content}."""

    def build(files: dict[str, Any]) -> Path:
        root = tmp_path / "reg"
        root.mkdir(exist_ok=True)
        for relative, content in files.items():
            write(root, relative, content)
        return root

    return build
