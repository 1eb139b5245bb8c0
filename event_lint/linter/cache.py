"""The per-file cache under ``<config root>/.event_lint_cache/``.

One index file maps each file's absolute path to what the last run learned about it:
its ``(mtime_ns, size)``, its content hash, the prefilter verdicts and, for files that
were parsed, the pickled facts and outline with the extraction inputs they came from (display
path, module name, content hash). The whole index is keyed by a salt: the tool
version plus a fingerprint of the extraction code, so a new version, or an edited
extractor, starts from empty.

- Warm runs on an unchanged tree only ``stat`` each file: a file whose size and mtime
  match the entry is not even read. An entry whose mtime was within two seconds of the
  moment it was recorded is not trusted that way (the file may have changed again in
  the same clock tick), only after comparing the content hash.
- Facts are reused when the content hash and the extraction inputs match; rules are
  not cached, so a registry or config change re-runs them on the cached facts.
- Safety: a corrupt or truncated index is ignored and rebuilt; writes go to a temp
  file in the same folder and ``os.replace`` it, so two runs at once each leave a
  whole index (the last one wins).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

CACHE_DIR = ".event_lint_cache"
_INDEX = "index.pickle"
_RACY_NS = 2_000_000_000


class Pickled(NamedTuple):
    """A file's facts, pickled, and their outline (``FileFacts.outline``) pickled apart:
    the passes over every file unpickle only the outline."""

    facts: bytes
    outline: bytes


class Entry(NamedTuple):
    mtime_ns: int
    size: int
    recorded_ns: int  # when this content hash was computed
    digest: str  # content hash
    anchor: bool  # prefilter stage 1
    marker: bool  # contains "send" or "Event"
    stage2: tuple[frozenset[str], frozenset[str]] | None  # (bindings tested, bindings found)
    facts_key: tuple[str, str] | None  # (display path, module) the facts were extracted with
    facts: Pickled | None


def content_hash(source: bytes) -> str:
    import hashlib  # imported on first use: a run over files that need no hash skips it

    return hashlib.blake2b(source, digest_size=16).hexdigest()


def code_salt(version: str) -> str:
    """The tool version plus the size and mtime of each file of the extraction code
    (kept verbatim: comparing it costs less than importing a hash)."""
    parts = [version]
    folders = [os.path.dirname(__file__)]
    for folder in folders:
        for item in sorted(os.scandir(folder), key=lambda e: e.name):
            if item.is_dir() and item.name not in ("rules", "__pycache__"):
                folders.append(item.path)
            elif item.name.endswith(".py"):
                stat = item.stat()
                parts.append(f"{item.path}:{stat.st_size}:{stat.st_mtime_ns}")
    return "\n".join(parts)


class Cache:
    """The index of one run: read at the first lookup (a run over a few files that
    the prefilter skips never reads it), written once at the end if changed."""

    def __init__(self, root: Path, salt: Callable[[], str], enabled: bool) -> None:
        self.folder = root / CACHE_DIR
        self.enabled = enabled
        self._salt = salt
        self.salt = ""
        self._entries: dict[str, Entry] | None = None if enabled else {}
        self.dirty = False

    @property
    def entries(self) -> dict[str, Entry]:
        if self._entries is None:
            self.salt = self._salt()
            self._entries = self._read()
        return self._entries

    def _read(self) -> dict[str, Entry]:
        import pickle

        try:
            blob = (self.folder / _INDEX).read_bytes()
            salt, entries = pickle.loads(blob)
        except Exception:  # missing, truncated, corrupt or from another format: start over
            return {}
        if salt != self.salt or not isinstance(entries, dict):
            return {}
        return entries

    def fresh(self, path: str, stat: os.stat_result) -> Entry | None:
        """The entry for ``path`` when its stat proves the content has not changed."""
        entry = self.entries.get(path)
        if entry is None or not isinstance(entry, Entry):
            return None
        if entry.mtime_ns != stat.st_mtime_ns or entry.size != stat.st_size:
            return None
        if entry.recorded_ns - entry.mtime_ns < _RACY_NS:
            return None
        return entry

    def get(self, path: str) -> Entry | None:
        entry = self.entries.get(path)
        return entry if isinstance(entry, Entry) else None

    def put(self, path: str, entry: Entry) -> None:
        if self.enabled and self.entries.get(path) != entry:
            self.entries[path] = entry
            self.dirty = True

    def save(self) -> None:
        if not (self.enabled and self.dirty):
            return
        import pickle
        import tempfile

        try:
            self.folder.mkdir(exist_ok=True)
            ignore = self.folder / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# Created by event-lint.\n*\n")
            fd, temp = tempfile.mkstemp(dir=self.folder, prefix=".index-", suffix=".tmp")
            with os.fdopen(fd, "wb") as out:
                pickle.dump((self.salt, self.entries), out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temp, self.folder / _INDEX)
        except OSError:
            pass  # a read-only tree lints fine without a cache


def now_ns() -> int:
    return time.time_ns()
