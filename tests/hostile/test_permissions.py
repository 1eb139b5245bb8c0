"""A file named on the command line under a folder this user cannot enter: one EL902 line,
no traceback (the config search and the walk used to raise PermissionError)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from commands import EVENT_LINT

from hostile.repo import TIME_LIMIT, build


def _as_unprivileged(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run as the current user, or as nobody when that is root (root enters any folder)."""
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv: cannot drop privileges")
        args = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", *args]
    return subprocess.run(
        args, cwd=cwd, capture_output=True, text=True, timeout=TIME_LIMIT, check=False
    )


def test_a_named_file_under_a_locked_folder_is_one_el902() -> None:
    # Not under tmp_path: pytest's own folder is 0700, so nobody could not reach the repo.
    repo = build(Path(tempfile.mkdtemp(prefix="event-lint-perm-")), {"locked/app.py": "x = 1\n"})
    repo.chmod(0o755)
    (repo / "locked").chmod(0)
    try:
        done = _as_unprivileged([str(EVENT_LINT), "--no-cache", "locked/app.py"], repo)
    finally:
        (repo / "locked").chmod(0o755)
        shutil.rmtree(repo)
    assert "Traceback" not in done.stderr, done.stderr
    assert (done.returncode, done.stdout) == (
        1,
        "locked/app.py:1:1: EL902 cannot read file: Permission denied\n",
    )
