"""Apply the rules' fixes to source text, and write the result safely.

A fix is a group of text edits that stand or fall together. Per pass, fixes are taken in
source order and a fix whose edits overlap an edit already taken waits for the next pass
(after re-linting the fixed text, its diagnostic comes back with fresh spans). A pass whose
result does not parse (``ast`` and ``libcst``) is narrowed to the fixes that parse on their
own, so one bad fix never blocks the others and never reaches the disk.
"""

from __future__ import annotations

import ast
import difflib
import io
import os
import re
import tokenize
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from event_lint.diagnostics import Diagnostic, Edit, Fix, Span
from event_lint.files import read_regular, write_atomic

MAX_PASSES = 4

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_FINAL_BREAK = re.compile(r"(?:\r\n|\r|\n)\Z")

Relint = Callable[[str], Sequence[Diagnostic]]


def apply_edits(source: str, edits: Iterable[Edit]) -> str:
    """Replace each edit's span with its text. Spans are 1-based, end exclusive, in code
    points of the line; an edit that overlaps an earlier one (in source order) is skipped.
    Line breaks in the new text follow the source's own (CRLF stays CRLF)."""
    starts = _line_starts(source)
    newline = _newline_of(source)
    chunks: list[str] = []
    position = 0
    for start, end, text in sorted(_offsets(edits, starts, len(source))):
        if start < position:
            continue
        chunks += [source[position:start], _LINE_BREAK.sub(newline, text)]
        position = end
    chunks.append(source[position:])
    return "".join(chunks)


def is_applicable(fix: Fix | None, unsafe: bool) -> bool:
    return fix is not None and bool(fix.edits) and (fix.safe or unsafe)


@dataclass
class FixOutcome:
    """What fixing one file's text did."""

    source: str
    fixed: str
    applied: list[str] = field(default_factory=list)  # the code of each fix applied
    skipped: list[str] = field(default_factory=list)  # one message per fix refused

    @property
    def changed(self) -> bool:
        return self.fixed != self.source


def fix_source(
    source: str,
    diagnostics: Sequence[Diagnostic],
    *,
    unsafe: bool,
    relint: Relint | None = None,
    max_passes: int = MAX_PASSES,
) -> FixOutcome:
    """Apply the applicable fixes of ``diagnostics`` (all for this one file) to ``source``.

    ``relint`` lints a fixed text again so that fixes left out by an overlap get another
    pass; without it, one pass is made.
    """
    outcome = FixOutcome(source=source, fixed=source)
    refused: set[_FixKey] = set()
    current = list(diagnostics)
    for _ in range(max_passes):
        text = outcome.fixed
        candidates = [
            d for d in current if is_applicable(d.fix, unsafe) and _key(text, d) not in refused
        ]
        if not candidates:
            break
        text, applied, bad = _one_pass(text, candidates)
        for diagnostic in bad:
            refused.add(_key(outcome.fixed, diagnostic))
            outcome.skipped.append(f"fix for {diagnostic.code} skipped: the result would not parse")
        if not applied or text == outcome.fixed:  # nothing to do, or a fix that changes nothing
            break
        outcome.fixed = text
        outcome.applied += [d.code for d in applied]
        if relint is None:
            break
        current = list(relint(text))
    return outcome


# A fix named by what it does rather than where (its spans move between passes).
_FixKey = tuple[str, tuple[tuple[str, str], ...]]


def _key(source: str, diagnostic: Diagnostic) -> _FixKey:
    assert diagnostic.fix is not None
    return diagnostic.code, tuple((span_text(source, e.span), e.text) for e in diagnostic.fix.edits)


def _one_pass(
    source: str, candidates: Sequence[Diagnostic]
) -> tuple[str, list[Diagnostic], list[Diagnostic]]:
    """Fix what can be fixed together: returns (text, applied, refused as unparseable)."""
    chosen = _non_overlapping(source, candidates)
    text = _apply_fixes(source, chosen)
    if parses(text):
        return text, chosen, []
    bad = [d for d in chosen if not parses(_apply_fixes(source, [d]))]
    good = [d for d in chosen if all(d is not b for b in bad)]  # by identity: == ignores fixes
    text = _apply_fixes(source, good)
    if good and not parses(text):
        return source, [], chosen  # each parses alone, not together: refuse them all
    return text, good, bad


def _non_overlapping(source: str, candidates: Sequence[Diagnostic]) -> list[Diagnostic]:
    starts = _line_starts(source)
    taken: list[tuple[int, int]] = []
    chosen: list[Diagnostic] = []

    def first_offset(diagnostic: Diagnostic) -> int:
        assert diagnostic.fix is not None
        return min(start for start, _, _ in _offsets(diagnostic.fix.edits, starts, len(source)))

    for diagnostic in sorted(candidates, key=first_offset):
        assert diagnostic.fix is not None
        ranges = [(s, e) for s, e, _ in _offsets(diagnostic.fix.edits, starts, len(source))]
        if any(_overlap(r, t) for r in ranges for t in taken):
            continue
        taken += ranges
        chosen.append(diagnostic)
    return chosen


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    # Two insertions at one point overlap (their order would be a guess); an insertion
    # touching the edge of a replacement does not.
    if a == b:
        return True
    return a[0] < b[1] and b[0] < a[1]


def _apply_fixes(source: str, fixes: Sequence[Diagnostic]) -> str:
    return apply_edits(source, [edit for d in fixes if d.fix for edit in d.fix.edits])


def parses(source: str) -> bool:
    """Whether both Python and libcst accept ``source`` (a fix must keep both happy)."""
    try:
        ast.parse(source)
    except (SyntaxError, ValueError):
        return False
    import libcst  # imported late: it costs ~140 ms and only fixing needs it here

    try:
        libcst.parse_module(source)
    except (libcst.ParserSyntaxError, RecursionError):
        return False
    return True


def _line_starts(source: str) -> list[int]:
    return [0, *(match.end() for match in _LINE_BREAK.finditer(source))]


def _offsets(edits: Iterable[Edit], starts: Sequence[int], size: int) -> list[tuple[int, int, str]]:
    return [
        (
            _offset(edit.span.line, edit.span.col, starts, size),
            _offset(edit.span.end_line, edit.span.end_col, starts, size),
            edit.text,
        )
        for edit in edits
    ]


def _offset(line: int, col: int, starts: Sequence[int], size: int) -> int:
    if line > len(starts):
        return size
    return min(starts[line - 1] + col - 1, size)


# Files


@dataclass(frozen=True)
class DecodedSource:
    """A file's text, with what is needed to write it back byte for byte alike."""

    text: str  # decoded, line breaks untouched
    encoding: str  # "utf-8-sig" keeps a BOM
    data: bytes = b""  # the bytes it was read from (to tell whether the file changed since)
    modified_ns: int = 0  # the file's modification time when read (0 for stdin)

    def encode(self, text: str) -> bytes:
        return text.encode(self.encoding)

    def modified_since(self, start_ns: int) -> bool:
        """Whether the file may have changed after ``start_ns`` (a ``time.time_ns()``),
        counting the coarse clock some file systems keep their times with."""
        return self.modified_ns >= start_ns - _CLOCK_SLACK_NS


_CLOCK_SLACK_NS = 2_000_000_000  # FAT keeps times to 2 s; Linux's file clock lags a tick


class FileChanged(OSError):
    """The file on disk no longer holds the text that was fixed."""


def read_source(path: Path) -> DecodedSource:
    """Decode a Python file the way Python does (BOM, coding cookie), keeping its newlines.
    Only a regular file is read (``read_regular``)."""
    data = read_regular(path)
    modified_ns = os.stat(path).st_mtime_ns  # after the read: a later change shows
    return replace(decoded_source(data), modified_ns=modified_ns)


def decoded_source(data: bytes) -> DecodedSource:
    """Raises ``SyntaxError`` for a bad coding cookie, ``UnicodeDecodeError`` for bad bytes."""
    encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    return DecodedSource(text=data.decode(encoding), encoding=encoding, data=data)


def write_fixed(path: Path, source: DecodedSource, fixed: str) -> None:
    """Write ``fixed`` over ``path`` (whole or not at all, through a symlink to its target)
    unless the file no longer holds what ``source`` was read from: then ``FileChanged``,
    and the file is left as it is."""
    if read_regular(path) != source.data:
        raise FileChanged(0, "it changed while being fixed (run event-lint again)", str(path))
    write_atomic(path, source.encode(fixed))


def _newline_of(text: str) -> str:
    match = _LINE_BREAK.search(text)
    return match.group() if match else "\n"


def unified_diff(path: str, before: str, after: str) -> str:
    """A ``git diff``-style patch of one file, empty when nothing changed."""
    lines = difflib.unified_diff(
        _diff_lines(before), _diff_lines(after), fromfile=f"a/{path}", tofile=f"b/{path}"
    )
    return "".join(lines)


def lines_without_ends(text: str) -> list[str]:
    """The lines of ``text`` without their breaks, split where Python splits them
    (``str.splitlines`` also splits on form feeds and other controls)."""
    return _LINE_BREAK.split(_FINAL_BREAK.sub("", text))


def _diff_lines(text: str) -> list[str]:
    lines = [line + "\n" for line in lines_without_ends(text)] if text else []
    if text and not text.endswith(("\n", "\r")):
        lines[-1] = lines[-1] + "\\ No newline at end of file\n"
    return lines


def span_text(source: str, span: Span) -> str:
    """The text ``span`` covers in ``source``."""
    starts = _line_starts(source)
    start = _offset(span.line, span.col, starts, len(source))
    end = _offset(span.end_line, span.end_col, starts, len(source))
    return source[start:end]
