"""Where in the Python source a position inside a CEL expression string is."""

from __future__ import annotations

from event_lint.diagnostics import Span
from event_lint.linter.cel import source_position
from event_lint.linter.model import Located, Text


def located(text: Text, offset: int, end: int) -> Located:
    """The span of ``text[offset:end]`` when the string maps exactly to the source,
    else the whole string."""
    line, col = source_position(text, offset)
    span = text.where.span
    if (line, col) == (span.line, span.col):
        return text.where
    return Located(text.where.path, Span(line, col, line, col + max(end - offset, 1)))
