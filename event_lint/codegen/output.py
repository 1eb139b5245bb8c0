"""Writing the generated module atomically, and telling whether the one on disk is stale."""

from __future__ import annotations

from pathlib import Path

from event_lint.errors import UserError
from event_lint.files import read_regular, write_atomic

_MODULE_LIMIT = 64 * 1024 * 1024  # far above any generated module


def is_current(path: Path, text: str) -> bool:
    """True when ``path`` holds exactly ``text``."""
    try:
        return read_regular(path, _MODULE_LIMIT).decode("utf-8") == text
    except FileNotFoundError:
        return False
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise UserError(f"{path}: cannot read: {reason}") from None


def write_atomically(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` in one step: readers never see a half-written file.
    A symlink at ``path`` is replaced, not written through: the registry decides the
    content, so a committed link must not decide where it lands."""
    if path.is_dir():
        raise UserError(f"{path}: is a directory, expected a .py file to write")
    if not path.parent.is_dir():
        raise UserError(f"{path.parent}: no such directory")
    try:
        write_atomic(path, text.encode("utf-8"), through_links=False)
    except OSError as exc:
        raise UserError(f"{path}: cannot write: {exc.strerror or exc}") from None
