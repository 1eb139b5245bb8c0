"""The facts of the project's modules, kept in the server's memory between lints.

A lint of a buffer follows its imports into other modules (constants, helpers, the
client); parsing them again on every keystroke was most of an edit's time. The engine's
per-file cache index does the bookkeeping (an entry is reused while the file's size and
mtime, else its content hash, are unchanged), here held in memory and never written.
A saved or changed file's entry is also dropped at once, as the editor reports it.
"""

from __future__ import annotations

import os
from pathlib import Path

from event_lint.linter.cache import Cache, Entry, Folder


class Memo(Cache):
    """An in-memory cache index for one project root; used from the lint thread only."""

    def __init__(self, root: Path) -> None:
        super().__init__(root, str, enabled=True)
        self.enabled = True  # in memory: no folder, key or file, so on every platform

    def _load(self) -> dict[str, Entry | Folder]:
        return {}

    def save(self) -> None:
        self.dirty = False

    def forget(self, path: Path) -> None:
        self.entries.pop(os.path.abspath(path), None)
