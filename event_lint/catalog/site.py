"""Writing the catalog's folder: only into an empty folder or one a catalog run wrote.

A marker file lists the files the last run wrote, so a new run removes the pages of
events that are gone (the tree stays exactly what the registry gives) and never deletes
or overwrites anything it did not write. Nothing is written through a symlink.
"""

from __future__ import annotations

import os
from pathlib import Path

from event_lint.errors import UserError
from event_lint.files import read_regular, write_atomic

MARKER = ".event-catalog"
_MARKER_HEADER = "# Written by event-registry catalog: the files of the last run.\n"


def write_site(out: Path, files: dict[str, str]) -> None:
    """Write ``files`` (relative path -> text) under ``out``."""
    previous = _previous_files(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
        for relative in sorted(files):
            _write(out, relative, files[relative].encode())
        for stale in sorted(previous - set(files)):
            _remove(out, stale)
        listing = _MARKER_HEADER + "".join(f"{name}\n" for name in sorted(files))
        _write(out, MARKER, listing.encode())
    except OSError as exc:
        raise UserError(f"{exc.filename or out}: cannot write: {exc.strerror or exc}") from None


def _previous_files(out: Path) -> set[str]:
    if not os.path.lexists(out):
        return set()
    if out.is_symlink() or not out.is_dir():
        raise UserError(f"{out}: not a folder; the catalog is written to a folder")
    marker = out / MARKER
    if not os.path.lexists(marker):
        if any(out.iterdir()):
            raise UserError(
                f"{out}: the folder is not empty and no catalog was written there "
                f"(no {MARKER}); choose an empty or new folder"
            )
        return set()
    try:
        text = read_regular(marker, 1 << 20).decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"{marker}: cannot read the list of files: {exc}") from None
    names = {line for line in text.splitlines() if line and not line.startswith("#")}
    return {name for name in names if _safe(name)}


def _safe(relative: str) -> bool:
    """A path the catalog could have written: relative, inside the folder."""
    parts = relative.split("/")
    return not relative.startswith("/") and "\\" not in relative and ".." not in parts


def _write(out: Path, relative: str, data: bytes) -> None:
    target = out / relative
    folder = out
    for part in ("", *relative.split("/")[:-1]):
        folder = folder / part if part else folder
        if folder.is_symlink():
            raise UserError(f"{folder}: a symlink; the catalog is not written through links")
        folder.mkdir(exist_ok=True)
    if target.is_symlink() or (os.path.lexists(target) and not target.is_file()):
        raise UserError(f"{target}: not a regular file; not overwritten")
    write_atomic(target, data)


def _remove(out: Path, relative: str) -> None:
    """Remove a file of the last run, unless a folder on the way to it is a symlink."""
    path = out / relative
    folders = [out.joinpath(*relative.split("/")[:n]) for n in range(1, relative.count("/") + 1)]
    if any(folder.is_symlink() for folder in folders):
        return
    if path.is_symlink() or path.is_file():
        path.unlink()
