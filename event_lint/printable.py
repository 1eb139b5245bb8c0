"""Untrusted text made safe to print: file names and messages that quote source code.

A file name may hold any byte but ``/`` and NUL, and an event name in a source file any
character, so either can carry a terminal escape sequence (``\\x1b[2J``), a line break that
starts a fake line (``\\n::error::``), a right-to-left override (``\\u202e``), a character
XML cannot hold, or bytes that are not UTF-8 (Python hands those over as lone surrogates,
``os.fsdecode``'s ``surrogateescape``). ``printable`` shows every such character the way
Python's ``repr`` would, and an undecodable byte as ``\\xNN``, as git and ruff show it: the
file ``b"bad\\xff.py"`` is shown ``bad\\xff.py`` in every output format.

A GitHub Actions runner also reads every line of a job's log for workflow commands: a
legacy ``##[command]`` anywhere in a line, ``::command::`` at its start (after spaces).
``printable`` writes ``##[`` as ``##\\x5b``, and ``shown_path`` leads a path that a line
starts with by ``./`` when it starts with ``:`` or a space.
"""

from __future__ import annotations

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}

# os.fsdecode turns an undecodable byte 0xNN into the lone surrogate U+DCNN.
_SURROGATE_ESCAPES = range(0xDC80, 0xDD00)

LEGACY_COMMAND = "##["


def printable(text: str) -> str:
    """``text`` unchanged when every character is printable and it holds no legacy
    workflow command (the fast path: two C-level scans); else escaped."""
    if text.isprintable() and LEGACY_COMMAND not in text:
        return text
    shown = "".join(c if c.isprintable() else _escape(c) for c in text)
    return shown.replace(LEGACY_COMMAND, "##\\x5b")


def shown_path(path: str) -> str:
    """``printable(path)``, led by ``./`` when it would start with ``:`` or a space, so
    that a line starting with it never starts a workflow command."""
    if path.isprintable() and LEGACY_COMMAND not in path and not path.startswith(_COMMAND_START):
        return path  # the fast path, as in printable
    shown = printable(path)
    return f"./{shown}" if shown.startswith(_COMMAND_START) else shown


_COMMAND_START = (":", " ")


def printable_lines(text: str) -> str:
    """Each line of ``text`` through ``printable_keeping_tabs``, the line breaks kept: for
    text none of whose lines can hold a break of its own (a patch of a source file)."""
    return "\n".join(printable_keeping_tabs(line) for line in text.split("\n"))


def printable_keeping_tabs(text: str) -> str:
    """``printable`` for a line of source code shown under a caret, where tabs stay tabs."""
    if text.isprintable() and LEGACY_COMMAND not in text:
        return text
    return "\t".join(printable(part) for part in text.split("\t"))


def _escape(char: str) -> str:
    code = ord(char)
    if char in _NAMED:
        return _NAMED[char]
    if code in _SURROGATE_ESCAPES:
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"
