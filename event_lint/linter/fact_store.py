"""The facts of one run's parsed files, held pickled (a third of their size as objects),
with each file's outline unpickled: the passes over every file (stage 2, names other
files resolve against) read only outlines, and resolution unpickles one file at a time."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from event_lint.linter.cache import Pickled
from event_lint.linter.discover import SourceFile
from event_lint.linter.spill import SpilledBytes

if TYPE_CHECKING:
    from event_lint.linter.facts import FileFacts


class FactStore:
    def __init__(self) -> None:
        # pickled FileFacts, in the order kept; past a bound, in a temporary file
        self.facts: SpilledBytes[Path] = SpilledBytes()
        self.outlines: dict[Path, FileFacts] = {}
        self.failed: set[Path] = set()  # extracted with a problem: not again when loaded
        self.served: dict[Path, SourceFile] = {}  # facts that came from the cache
        self.parsed = 0  # files extracted in this run
        self.cached = 0  # files served from the cache

    def __bool__(self) -> bool:
        return bool(self.facts)

    def __contains__(self, path: Path) -> bool:
        return path in self.facts

    def unparsed(self, file: SourceFile) -> bool:
        return file.path not in self.facts and file.path not in self.failed

    def keep(self, file: SourceFile, pickled: Pickled) -> None:
        """Hold the facts pickled and their outline as objects; raises on facts that do
        not unpickle to facts (a damaged cache entry)."""
        from event_lint.linter.facts import FileFacts

        outline = unpickle(pickled.outline)
        if not isinstance(outline, FileFacts):
            raise TypeError(f"not facts: {type(outline).__name__}")
        self.outlines[file.path] = outline
        self.facts[file.path] = pickled.facts

    def serve(self, file: SourceFile, pickled: Pickled) -> bool:
        """Keep facts from the cache; False when the entry is damaged (then re-extracted)."""
        try:
            self.keep(file, pickled)
        except Exception:
            return False
        self.cached += 1
        self.served[file.path] = file
        return True

    def fail(self, file: SourceFile) -> None:
        self.failed.add(file.path)

    def get(self, path: Path) -> FileFacts | None:
        return unpickle(self.facts[path]) if path in self.facts else None

    def each(self, paths: Sequence[Path]) -> Iterator[FileFacts]:
        """The facts of ``paths``, one at a time."""
        return (unpickle(self.facts[path]) for path in paths)

    def forget_served(self, linted: Sequence[Path]) -> list[SourceFile]:
        """Drop what came from the cache, and the modules resolution loaded on demand
        after ``linted`` (they are loaded again); the files of ``linted`` to extract again."""
        again = [self.served[path] for path in linted if path in self.served]
        for path in {*self.facts} - {*linted} | {*self.served}:
            del self.facts[path], self.outlines[path]
        self.served.clear()
        return again


def unpickle(blob: bytes) -> FileFacts:
    import pickle

    facts: FileFacts = pickle.loads(blob)
    return facts
