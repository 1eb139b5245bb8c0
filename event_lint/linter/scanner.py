"""The engine's first look at each file: stat, then the cache's verdicts, else read,
hash and prefilter (``prefilter.py``); and the second look, for the names that stage 2
tests. What it learns goes into the cache (``cache.py``) with the file's facts."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from event_lint.files import DEFAULT_READ_LIMIT, read_regular
from event_lint.linter.cache import Cache, Entry, Pickled, content_hash, now_ns
from event_lint.linter.discover import SourceFile
from event_lint.linter.importers import words_named
from event_lint.linter.prefilter import BindingMatcher, has_anchor, has_marker

if TYPE_CHECKING:
    from event_lint.diagnostics import Diagnostic

_INIT = f"{os.sep}__init__.py"


class Scanner:
    """The prefilter's verdicts on a run's files (``entries``), and the files it could not
    read (``problems``: EL902)."""

    def __init__(self, cache: Cache, max_file_size: int) -> None:
        self.cache = cache
        # What the prefilter reads: a file over ``max-file-size`` is only reported if it
        # would be parsed.
        self.read_limit = max(DEFAULT_READ_LIMIT, max_file_size)
        self.entries: dict[Path, Entry] = {}
        self.problems: list[Diagnostic] = []
        self.no_context: set[str] = set()  # files ``context_names`` found irrelevant
        self.context: dict[str, Entry] = {}  # and the verdicts on the others

    def scan(self, file: SourceFile, named: bool = False) -> Entry | None:
        """Stat, then the cached verdicts or read and prefilter. A file named on the
        command line is read first: pre-commit passes a handful, and a file that can
        hold nothing Inngest costs less to read than the cache index does to load."""
        key = str(file.path)
        try:
            stat = os.stat(file.path)
        except OSError as exc:
            self.unreadable(file, exc)
            return None
        entry = None if named else self.cache.fresh(key, stat)
        if entry is None:
            try:
                source = read_regular(file.path, self.read_limit)
            except OSError as exc:
                self.unreadable(file, exc)
                return None
            entry = self.verdicts(key, stat, source, named)
        self.entries[file.path] = entry
        return entry

    def verdicts(self, key: str, stat: os.stat_result, source: bytes, named: bool) -> Entry:
        anchor, marker = has_anchor(source), has_marker(source)
        if named and not (anchor or marker):  # never parsed: not worth a hash
            return Entry(stat.st_mtime_ns, stat.st_size, 0, "", False, False, None, None, None)
        digest = content_hash(source) if self.cache.enabled else ""
        unchanged = self.cache.fresh(key, stat)
        if unchanged is not None and unchanged.digest == digest:
            return unchanged  # a named file as cached: the index is not written again
        old = self.cache.get(key)
        same = old is not None and old.digest == digest
        entry = Entry(
            mtime_ns=stat.st_mtime_ns,
            size=stat.st_size,
            recorded_ns=now_ns(),
            digest=digest,
            anchor=anchor,
            marker=marker,
            stage2=old.stage2 if same and old else None,
            facts_key=old.facts_key if same and old else None,
            facts=old.facts if same and old else None,
            named=old.named if same and old else None,
        )
        self.cache.put(key, entry)
        return entry

    def context_names(self, path: str, words: frozenset[bytes]) -> bool:
        """Whether the file at ``path`` may give a named file findings and its text names
        one of ``words`` (``importers.importers``). Only a file with an anchor or a marker
        can send, trigger or build an event with another module's constant (an
        ``__init__.py`` may also re-export one): the cache's verdicts skip the others
        unread, and the words searched for before are answered from the cache (a
        pre-commit run on the same modules again reads nothing)."""
        if path in self.no_context:
            return False
        if not self.cache.enabled:  # no verdicts to keep: every file is searched, as read
            source = self._read_context(path)
            return source is not None and bool(words_named(source, words))
        entry, source = self.context.get(path), None
        if entry is None:
            entry, source = self._context_entry(path)
            if entry is None:
                return False
        if entry.named is not None and words <= entry.named[0]:
            return not words.isdisjoint(entry.named[1])
        source = source if source is not None else self._read_context(path)
        if source is None:
            return False
        tested = words | entry.named[0] if entry.named is not None else words
        found = words_named(source, tested)
        if entry.digest and content_hash(source) == entry.digest:
            self.context[path] = entry = entry._replace(named=(tested, found))
            self.cache.put(path, entry)
        return not words.isdisjoint(found)

    def _context_entry(self, path: str) -> tuple[Entry | None, bytes | None]:
        """The cached verdicts on a file, else its text and new verdicts (the next run
        reads it no more); (None, None) for a file that cannot use another's constants."""
        source = None
        try:
            stat = os.stat(path)
        except OSError:
            entry = None
        else:
            entry = self.cache.fresh(path, stat)
            if entry is None and (source := self._read_context(path)) is not None:
                entry = self.verdicts(path, stat, source, named=False)
        if entry is None or not _may_use_constants(path, entry):
            self.no_context.add(path)
            return None, None
        self.context[path] = entry
        return entry, source

    def _read_context(self, path: str) -> bytes | None:
        try:
            return read_regular(Path(path), self.read_limit)
        except OSError:
            self.no_context.add(path)
            return None

    def unreadable(self, file: SourceFile, exc: OSError) -> None:
        from event_lint.codes import UNREADABLE_FILE
        from event_lint.diagnostics import NO_SPAN, Diagnostic

        reason = exc.strerror or type(exc).__name__
        self.problems.append(
            Diagnostic(file.rel, NO_SPAN, UNREADABLE_FILE, f"cannot read file: {reason}")
        )

    def names_binding(self, file: SourceFile, matcher: BindingMatcher) -> bool:
        """Stage 2: whether ``file`` names one of the bindings (cached per content)."""
        entry = self.entries.get(file.path)
        if entry is None:
            return False
        if entry.stage2 is not None and matcher.names <= entry.stage2[0]:
            return bool(entry.stage2[1] & matcher.names)
        try:
            source = read_regular(file.path, self.read_limit)
        except OSError:
            return False
        found = matcher.found(source)
        if entry.digest and content_hash(source) == entry.digest:
            self.update(file, entry._replace(stage2=(matcher.names, found)))
        return bool(found)

    def cached_facts(self, file: SourceFile) -> Pickled | None:
        """The facts the cache holds for ``file`` as it is now, extracted with the same
        display path and module name."""
        entry = self.entries.get(file.path)
        if entry is None or entry.facts_key != (file.rel, file.module):
            return None
        return entry.facts if isinstance(entry.facts, Pickled) else None  # else damaged

    def remember_facts(self, file: SourceFile, digest: str | None, pickled: Pickled) -> None:
        if not self.cache.enabled:
            return  # nothing to write: the run's fact store holds them (spilled)
        entry = self.entries.get(file.path)
        if entry is None or digest != entry.digest:
            return  # the file changed while we read it: do not cache what we cannot key
        self.update(file, entry._replace(facts_key=(file.rel, file.module), facts=pickled))

    def update(self, file: SourceFile, entry: Entry) -> None:
        self.entries[file.path] = entry
        self.cache.put(str(file.path), entry)


def _may_use_constants(path: str, entry: Entry) -> bool:
    """Whether a file can send, trigger or build an event (an anchor or a marker), or
    re-export another module's constant (an ``__init__.py``)."""
    return entry.anchor or entry.marker or path.endswith(_INIT)
