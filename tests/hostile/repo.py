"""Shared tools of the hostile-repository suite: a repository a stranger wrote, built in
a temp folder, and the real console scripts run on it with a time limit."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping
from pathlib import Path

from commands import EVENT_LINT, EVENT_REGISTRY

TIME_LIMIT = 60  # seconds: a run that takes longer is a hang


def build(root: Path, files: Mapping[str, str | bytes]) -> Path:
    """Write ``files`` (relative path -> content) under ``root``, plus a pyproject.toml
    with ``[tool.event-lint]`` unless one is given."""
    contents = {"pyproject.toml": "[tool.event-lint]\n", **files}
    for relative, content in contents.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def run(
    command: Path, cwd: Path, *args: str, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run a console script with no stdin and a time limit (a hang fails the test)."""
    return subprocess.run(
        [str(command), *args],
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        errors="replace",
        timeout=TIME_LIMIT,
        check=False,
        env={**os.environ, **(env or {})},
    )


def event_lint(
    cwd: Path, *args: str, **kwargs: Mapping[str, str]
) -> subprocess.CompletedProcess[str]:
    return run(EVENT_LINT, cwd, *args, **kwargs)


def event_registry(
    cwd: Path, *args: str, **kwargs: Mapping[str, str]
) -> subprocess.CompletedProcess[str]:
    return run(EVENT_REGISTRY, cwd, *args, **kwargs)


def snapshot(folder: Path) -> set[Path]:
    """Every path under ``folder`` (not following symlinks): compare two to prove that a
    run created nothing there."""
    return {
        Path(dirpath) / name for dirpath, dirs, names in os.walk(folder) for name in dirs + names
    }


def assert_clean_failure(result: subprocess.CompletedProcess[str], *needles: str) -> None:
    """Exit code 2, no traceback, and a message that names each of ``needles``."""
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    assert result.returncode == 2, output
    for needle in needles:
        assert needle in output, output
