"""Which event's payload a key is being typed in: ``data={"|`` inside a send.

Read from the text around the cursor, since the buffer rarely parses while typing: the
nearest ``data={`` before the cursor whose dict the cursor is directly in (not in a
nested value), and the event name written as a string literal in the same call
(``name="..."`` before or after it). A name held in a constant is not followed here.
"""

from __future__ import annotations

import re

_DATA = re.compile(r"""(?:\bdata\s*=|["']data["']\s*:)\s*\{""")
_NAME = re.compile(r"""\b(?:name|event)\s*=\s*(["'])(?P<name>[^"'\n]+)\1""")
_VERSION = re.compile(r"""\bv\s*=\s*(["'])(?P<v>[^"'\n]+)\1""")
_STRING = re.compile(r""""(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'""")
_REACH = 400  # characters around the cursor the call is looked for in
_OPEN, _CLOSE = "{[(", "}])"


def payload_event(text: str, quote: int) -> tuple[str, str | None] | None:
    """(event name, version or None) when the string opening at offset ``quote`` is a
    key of a ``data={...}`` dict, else None."""
    start = max(0, quote - _REACH)
    window = text[start:quote]
    opened = [m for m in _DATA.finditer(window) if _is_key(window[m.end() :])]
    if not opened:
        return None
    data = opened[-1].start() + start
    call = text[max(0, data - _REACH) : quote + _REACH]
    names = list(_NAME.finditer(call))
    if not names:
        return None
    at = data - max(0, data - _REACH)
    nearest = min(names, key=lambda m: abs(m.start() - at))
    version = _VERSION.search(call)
    return nearest["name"], version["v"] if version else None


def _is_key(between: str) -> bool:
    """Whether a string after ``between`` (the dict's text so far) is one of its keys."""
    bare = _STRING.sub('""', between)
    depth = 0
    for char in bare:
        if char in _OPEN:
            depth += 1
        elif char in _CLOSE:
            depth -= 1
            if depth < 0:  # the dict closed before the cursor
                return False
    if depth:
        return False
    return bare.rstrip()[-1:] in ("", ",")
