"""A new event's files in the registry: a name the registry can hold, written without
replacing a file and without leaving anything half-written.

``event-registry new`` and ``event-registry init`` write through here, and the language
server's "add this event to the registry" checks its name here too: all three refuse the
same names.
"""

from __future__ import annotations

import contextlib
import json
import os
import unicodedata
from pathlib import Path
from typing import Any

from event_lint.errors import UserError
from event_lint.files import write_atomic
from event_lint.registry import RegistryError
from event_lint.registry.jsonfile import parse_json
from event_lint.registry.loader import check_inside, is_reserved, name_problem


def check_new_name(name: str, pattern: str) -> None:
    # Imported here: the linter's rules are not needed by the other commands.
    from event_lint.linter.rules.event_name_too_long import MAX_NAME_LENGTH

    parts = name.split("/")
    if name.startswith("/") or "\\" in name or any(p in ("", ".", "..") for p in parts):
        raise UserError(f"{name!r} is not a safe event name: it must be a relative path without ..")
    if any(unicodedata.category(c) == "Cc" for c in name):  # C0, DEL and C1
        raise UserError(f"{name!r} is not a safe event name: it holds a control character")
    if len(name) > MAX_NAME_LENGTH:
        raise UserError(
            f"{name[:40]}...: the event name is {len(name)} characters long; "
            f"Inngest allows at most {MAX_NAME_LENGTH}"
        )
    if is_reserved(name):
        raise UserError(f"{name}: inngest/ is reserved for system events")
    problem = name_problem(name, pattern)
    if problem is not None:
        raise UserError(f"{name}: {problem}")


def check_no_versions(folder: Path, name: str) -> None:
    try:
        existing = sorted(folder.glob("*.json")) if folder.is_dir() else []
    except OSError as exc:  # a name the file system cannot hold
        raise UserError(f"{folder}: cannot create: {exc.strerror or exc}") from None
    if existing:
        names = ", ".join(p.name for p in existing)
        raise UserError(
            f"{folder}: {name} already exists ({names}); versions are never overwritten"
        )


def check_no_link_out(root: Path, folder: Path) -> None:
    """Refuse when an existing folder on the way from ``root`` to ``folder`` is a symlink
    that leads outside the registry: nothing is written through it."""
    for path in [folder, *folder.parents]:
        if path == root or not path.is_relative_to(root):
            break
        if os.path.lexists(path):
            try:
                check_inside(path, root, str(path))
            except RegistryError as exc:
                raise UserError(str(exc)) from None


def json_file(document: Any, path: Path | None) -> bytes:
    """``document`` as the bytes of a JSON file; with ``path``, checked as the registry will
    read it (a schema inferred from a deep payload may nest too deeply)."""
    data = (json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False) + "\n").encode()
    if path is not None:
        parse_json(data, str(path))
    return data


def create_files(root: Path, documents: dict[Path, bytes]) -> list[Path]:
    """Write new files, never replacing one; on failure remove every folder and file
    created, so nothing is left behind."""
    created: list[Path] = []
    try:
        for path, data in documents.items():
            if os.path.lexists(path):
                raise UserError(f"{path}: already exists; not overwritten")
            _make_folders(path.parent, created)
            write_atomic(path, data)
            created.append(path)
    except OSError as exc:
        _remove(created)
        raise UserError(f"{exc.filename or root}: cannot create: {exc.strerror or exc}") from None
    except BaseException:
        _remove(created)
        raise
    return [path for path in created if path in documents]


def _make_folders(folder: Path, created: list[Path]) -> None:
    """Create ``folder`` and its missing parents, outermost first, each added to ``created``
    as soon as it exists (a failure halfway must still remove it)."""
    for path in [p for p in [folder, *folder.parents] if not os.path.lexists(p)][::-1]:
        path.mkdir()
        created.append(path)


def _remove(created: list[Path]) -> None:
    for path in reversed(created):
        with contextlib.suppress(OSError):
            if path.is_dir():
                path.rmdir()
            else:
                path.unlink()
