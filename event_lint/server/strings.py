"""The string literal under the cursor, read from one line of a buffer being typed in.

The buffer often does not parse while typing (``name="billing/`` has no closing quote
yet), so this scans the line's characters rather than a syntax tree: a quote opens a
string, the same quote closes it, a backslash escapes the next character and ``#``
outside a string starts a comment. Triple-quoted strings are not event names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# What comes right before a string that holds an event name: `name=` / `event=` (an
# Event, TriggerEvent, wait_for_event, send_event...) or a `"name":` key in a dict.
_EVENT_KEY = re.compile(r"""(?:\b(?:name|event)\s*=|["']name["']\s*:)\s*$""")
_PREFIX = re.compile(r"[rRuU]?$")


@dataclass(frozen=True)
class StringAt:
    """A string on a line: its content is ``line[start:end]`` (0-based code points)."""

    start: int
    end: int
    value: str
    closed: bool
    names_event: bool  # written where an event name goes (completion offers names)


def string_at(line: str, col: int) -> StringAt | None:
    """The string whose content holds code-point column ``col`` (0-based; the position
    right after the last character counts), if any."""
    quote = ""
    opened = 0
    index = 0
    while index < len(line):
        char = line[index]
        if quote:
            if char == "\\":
                index += 2
                continue
            if char == quote:
                if opened <= col <= index:
                    return _found(line, opened, index, closed=True)
                quote = ""
        elif char == "#":
            break
        elif char in "\"'":
            if line.startswith(char * 3, index):
                return None
            quote, opened = char, index + 1
        index += 1
    if quote and opened <= col:
        return _found(line, opened, len(line), closed=False)
    return None


def _found(line: str, start: int, end: int, closed: bool) -> StringAt:
    before = _PREFIX.sub("", line[: start - 1])
    return StringAt(start, end, line[start:end], closed, bool(_EVENT_KEY.search(before)))
