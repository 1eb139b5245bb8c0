"""Helpers for engine tests: a temporary project and one lint run over it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from event_lint.config import Config
from event_lint.linter.engine import LintOptions, LintResult, lint_paths

Write = Callable[[dict[str, str | bytes]], Path]
Lint = Callable[..., LintResult]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Write:
    """Write files into a temporary project (the working directory) and return its root."""
    monkeypatch.chdir(tmp_path)

    def write(files: dict[str, str | bytes]) -> Path:
        for name, content in files.items():
            path = tmp_path / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content)
        return tmp_path

    return write


@pytest.fixture
def lint(tmp_path: Path) -> Lint:
    def run(*paths: str, jobs: int = 1, use_cache: bool = False, **settings: object) -> LintResult:
        config = Config(root=tmp_path, **settings)  # type: ignore[arg-type]
        options = LintOptions(use_cache=use_cache, jobs=jobs, keep_project=True)
        return lint_paths([Path(p) for p in paths or ["."]], config, None, options)

    return run


def sends(result: LintResult) -> list[tuple[str, int]]:
    assert result.project is not None
    return sorted((s.where.path, s.where.span.line) for s in result.project.sends)


def codes(result: LintResult) -> list[tuple[str, int, str]]:
    return [(d.path, d.span.line, d.code) for d in result.diagnostics]
