"""The values every stage shares: where a finding is, what it says, how to fix it."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import NamedTuple


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Span(NamedTuple):
    """A source range. Lines and columns are 1-based; the end is exclusive.

    A named tuple rather than a dataclass: the resolver builds one per place it reports,
    by the hundred thousand on a big project, and a tuple is built (and ordered) fastest.
    """

    line: int
    col: int
    end_line: int
    end_col: int


NO_SPAN = Span(1, 1, 1, 1)


@dataclass(frozen=True)
class Edit:
    """Replace the text in ``span`` with ``text`` (1-based, end exclusive)."""

    span: Span
    text: str


@dataclass(frozen=True)
class Fix:
    message: str
    edits: tuple[Edit, ...]
    safe: bool


@dataclass(frozen=True)
class Diagnostic:
    path: str
    span: Span
    code: str
    message: str
    severity: Severity = Severity.ERROR
    fix: Fix | None = field(default=None, compare=False)

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.span.line, self.span.col, self.code, self.message)
