"""Suppressions: ``# noqa``, ``# event-lint: ignore[...]`` and per-file-ignores.

A comment applies to the line of a diagnostic's start:

- ``# noqa`` (any case) suppresses every diagnostic on the line;
- ``# noqa: EL101, EL203`` suppresses those codes;
- ``# event-lint: ignore[EL101,EL203]`` suppresses those codes, and a bare
  ``# event-lint: ignore`` every code.

Only real comments count: ``"# noqa"`` inside a string is not one. The source is
tokenized only when its text mentions ``noqa`` or ``event-lint:`` at all.

A finding repeated at its uses in other files (``uses.py``: ``... (defined at
app/event_names.py:8)``) is silenced at every use when it is silenced where it is
written; a comment at a use silences only that use.
"""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from event_lint.diagnostics import Diagnostic

if TYPE_CHECKING:
    from pathspec import GitIgnoreSpec

ALL = "*"  # every code

NOQA = re.compile(
    r"#\s*noqa(?::\s*(?P<codes>[A-Za-z]+[0-9]+(?:\s*[,\s]\s*[A-Za-z]+[0-9]+)*))?", re.I
)
_IGNORE = re.compile(r"#\s*event-lint:\s*ignore(?:\[(?P<codes>[^\]]*)\])?")
_CODE = re.compile(r"[A-Za-z]+[0-9]+")


def comment_codes(comment: str) -> frozenset[str]:
    """The codes one comment suppresses (``ALL`` for every code), maybe none."""
    codes: set[str] = set()
    for pattern in (NOQA, _IGNORE):
        for match in pattern.finditer(comment):
            listed = match.group("codes")
            if listed is None or not listed.strip():
                codes.add(ALL)
            else:
                codes.update(code.upper() for code in _CODE.findall(listed))
    return frozenset(codes)


def suppressions(source: bytes) -> dict[int, frozenset[str]]:
    """Line number -> codes suppressed on that line, from the file's comments."""
    lowered = source.lower()
    if b"noqa" not in lowered and b"event-lint:" not in lowered:
        return {}
    found: dict[int, frozenset[str]] = {}
    try:
        for token in tokenize.tokenize(io.BytesIO(source).readline):
            if token.type == tokenize.COMMENT and (codes := comment_codes(token.string)):
                line = token.start[0]
                found[line] = found.get(line, frozenset()) | codes
    except (tokenize.TokenError, SyntaxError, UnicodeDecodeError, ValueError):
        pass  # keep the comments read before the error
    return found


def is_suppressed(diagnostic: Diagnostic, by_line: dict[int, frozenset[str]]) -> bool:
    codes = by_line.get(diagnostic.span.line, frozenset())
    return ALL in codes or diagnostic.code in codes


class PerFileIgnores:
    """``per-file-ignores``: gitignore-style globs (from the config root) -> code prefixes."""

    def __init__(self, table: Sequence[tuple[str, Sequence[str]]]) -> None:
        self._entries = [(_spec(glob), tuple(c.upper() for c in codes)) for glob, codes in table]

    def ignored(self, relative_to_root: str, code: str) -> bool:
        return any(
            spec.match_file(relative_to_root)
            and any(code.startswith(p) or p == "ALL" for p in prefixes)
            for spec, prefixes in self._entries
        )


def _spec(glob: str) -> GitIgnoreSpec:
    from pathspec import GitIgnoreSpec

    return GitIgnoreSpec.from_lines([glob])


class Silencer:
    """Whether a diagnostic is silenced where it is written: a comment on its line or a
    per-file-ignores entry for its file. Each file's comments are read once."""

    def __init__(
        self, per_file: PerFileIgnores, root: Path, cwd: Path, read: dict[str, bytes] | None
    ) -> None:
        self.per_file = per_file
        self.root = root
        self.cwd = cwd
        self.read = read  # sources already in memory (stdin); others are read from disk
        # path -> (its comments, its path from the root)
        self.files: dict[str, tuple[dict[int, frozenset[str]], str]] = {}

    def silenced(self, diagnostic: Diagnostic) -> bool:
        path = diagnostic.path
        if path not in self.files:
            comments = suppressions(_source(path, self.read, self.cwd))
            self.files[path] = comments, _relative_to_root(path, self.root, self.cwd)
        comments, relative = self.files[path]
        return is_suppressed(diagnostic, comments) or self.per_file.ignored(
            relative, diagnostic.code
        )


def apply_suppressions(
    diagnostics: Iterable[Diagnostic],
    read: dict[str, bytes] | None,
    root: Path,
    cwd: Path,
    per_file: PerFileIgnores,
) -> list[Diagnostic]:
    """The diagnostics that no comment or per-file-ignores entry suppresses.

    ``read`` supplies sources already in memory (stdin); others are read from disk.
    """
    silencer = Silencer(per_file, root, cwd, read)
    return [d for d in diagnostics if not silencer.silenced(d)]


def _relative_to_root(path: str, root: Path, cwd: Path) -> str:
    absolute = (cwd / path).resolve() if not Path(path).is_absolute() else Path(path)
    try:
        return absolute.relative_to(root).as_posix()
    except ValueError:
        return absolute.as_posix()


def _source(path: str, read: dict[str, bytes] | None, cwd: Path) -> bytes:
    if read is not None and path in read:
        return read[path]
    from event_lint.files import read_regular  # a FIFO swapped in must not hang the run

    try:
        return read_regular(cwd / path)
    except OSError:
        return b""
