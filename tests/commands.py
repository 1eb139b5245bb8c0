"""The installed console scripts, run in a subprocess as a user runs them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BIN = Path(sys.executable).parent
EVENT_LINT = BIN / "event-lint"
EVENT_REGISTRY = BIN / "event-registry"


def run(
    command: Path, cwd: Path, *args: str, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(command), *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def event_lint(cwd: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """``event-lint --no-cache ARGS`` in ``cwd``."""
    return run(EVENT_LINT, cwd, "--no-cache", *args, stdin=stdin)


def event_registry(
    cwd: Path, *args: str, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    return run(EVENT_REGISTRY, cwd, *args, stdin=stdin)
