"""Where each value of a JSON document is written, by JSON pointer: to put a schema
finding (which names a pointer) on its place in the editor."""

from __future__ import annotations

import bisect
import contextlib
import json
import re

_SPACE = re.compile(r"[ \t\n\r]*")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_SCALAR = re.compile(r"-?\d[\d.eE+-]*|true|false|null")


Span = tuple[int, int, int]  # line, first column, column after the end (1-based code points)


def pointer_span(text: str, pointer: str) -> Span:
    """Where ``pointer``'s member key (quotes included) or item (its first character) is
    written, or the nearest enclosing one that exists; the top for a document that does
    not parse."""
    lines = _Lines(text)
    with contextlib.suppress(ValueError, IndexError):
        _value(text, 0, "", lines)
    while pointer and pointer not in lines.found:
        pointer = pointer.rpartition("/")[0]
    return lines.found.get(pointer, (1, 1, 2))


class _Lines:
    def __init__(self, text: str) -> None:
        self.starts = [0, *(m.end() for m in re.finditer("\n", text))]
        self.found: dict[str, Span] = {}

    def note(self, pointer: str, start: int, end: int) -> None:
        line = bisect.bisect_right(self.starts, start)
        column = start - self.starts[line - 1] + 1
        self.found.setdefault(pointer, (line, column, column + end - start))


def _value(text: str, at: int, pointer: str, lines: _Lines) -> int:
    """Parse the value at ``at``; the offset after it."""
    at = _skip(text, at)
    lines.note(pointer, at, at + 1)
    char = text[at]
    if char == "{":
        return _members(text, at + 1, pointer, lines)
    if char == "[":
        return _items(text, at + 1, pointer, lines)
    if char == '"':
        return _string(text, at)[1]
    match = _SCALAR.match(text, at)
    if match is None:
        raise ValueError(f"not JSON at offset {at}")
    return match.end()


def _members(text: str, at: int, pointer: str, lines: _Lines) -> int:
    while True:
        at = _skip(text, at)
        if text[at] == "}":
            return at + 1
        key, after = _string(text, at)
        child = f"{pointer}/{key.replace('~', '~0').replace('/', '~1')}"
        lines.note(child, at, after)
        at = _skip(text, _value(text, _skip(text, after) + 1, child, lines))
        if text[at] == ",":
            at += 1


def _items(text: str, at: int, pointer: str, lines: _Lines) -> int:
    index = 0
    while True:
        at = _skip(text, at)
        if text[at] == "]":
            return at + 1
        at = _skip(text, _value(text, at, f"{pointer}/{index}", lines))
        index += 1
        if text[at] == ",":
            at += 1


def _skip(text: str, at: int) -> int:
    """The offset after the white space at ``at``."""
    match = _SPACE.match(text, at)
    return match.end() if match else at


def _string(text: str, at: int) -> tuple[str, int]:
    """The string starting with the quote at ``at``, and the offset after it."""
    match = _STRING.match(text, at)
    if match is None:
        raise ValueError(f"unterminated string at offset {at}")
    value = json.loads(match.group())
    return str(value), match.end()
