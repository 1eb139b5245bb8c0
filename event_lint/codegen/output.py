"""Writing the generated module atomically, and telling whether the one on disk is stale."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from event_lint.errors import UserError


def is_current(path: Path, text: str) -> bool:
    """True when ``path`` holds exactly ``text``."""
    try:
        return path.read_text(encoding="utf-8") == text
    except FileNotFoundError:
        return False
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"{path}: cannot read: {exc}") from None


def write_atomically(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` in one step: readers never see a half-written file."""
    if path.is_dir():
        raise UserError(f"{path}: is a directory, expected a .py file to write")
    if not path.parent.is_dir():
        raise UserError(f"{path.parent}: no such directory")
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise UserError(f"{path}: cannot write: {exc}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(temp, path)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        raise UserError(f"{path}: cannot write: {exc}") from None
