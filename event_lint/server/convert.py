"""event-lint's positions and findings in LSP terms.

event-lint counts lines and columns from 1 in code points, ends exclusive; LSP counts
from 0 in the code units the client and server agreed on (UTF-16 unless the client
offers another), ends exclusive too. A column past a line's end is clamped to it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from lsprotocol import types

from event_lint.diagnostics import Diagnostic, Edit, Severity, Span
from event_lint.linter.fixes import lines_without_ends

SOURCE = "event-lint"
_LINE_BREAK = re.compile(r"\r\n|\r|\n")

SEVERITIES = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}


class Lines:
    """A text's lines, to convert columns between code points and the client's units."""

    def __init__(self, text: str, encoding: str = types.PositionEncodingKind.Utf16) -> None:
        self.text = text
        self.lines = lines_without_ends(text) if text else [""]
        self.encoding = encoding

    def units(self, chars: str) -> int:
        if self.encoding == types.PositionEncodingKind.Utf32:
            return len(chars)
        if self.encoding == types.PositionEncodingKind.Utf8:
            return len(chars.encode("utf-8", "surrogatepass"))
        return len(chars.encode("utf-16-le", "surrogatepass")) // 2

    def position(self, line: int, col: int) -> types.Position:
        """The LSP position of event-lint's 1-based (line, column)."""
        index = min(max(line, 1), len(self.lines)) - 1
        text = self.lines[index]
        if line > len(self.lines):  # past the last line: its end
            return types.Position(index, self.units(text))
        return types.Position(index, self.units(text[: max(col, 1) - 1]))

    @property
    def end(self) -> types.Position:
        """Where the text ends (after a final line break: the start of the line after it)."""
        if self.text.endswith(("\n", "\r")):
            return types.Position(len(self.lines), 0)
        return types.Position(len(self.lines) - 1, self.units(self.lines[-1]))

    def range(self, span: Span) -> types.Range:
        return types.Range(
            self.position(span.line, span.col), self.position(span.end_line, span.end_col)
        )

    def column(self, position: types.Position) -> tuple[int, int]:
        """event-lint's 1-based (line, column) of an LSP position (mid code point: before it)."""
        if position.line >= len(self.lines):
            return len(self.lines), len(self.lines[-1]) + 1
        text = self.lines[position.line]
        count = 0
        for index, char in enumerate(text):
            if count >= position.character:
                return position.line + 1, index + 1
            count += self.units(char)
        return position.line + 1, len(text) + 1


def to_lsp(diagnostic: Diagnostic, lines: Lines) -> types.Diagnostic:
    return types.Diagnostic(
        range=lines.range(diagnostic.span),
        message=diagnostic.message,
        severity=SEVERITIES[diagnostic.severity],
        code=diagnostic.code,
        source=SOURCE,
    )


def text_edits(edits: Sequence[Edit], lines: Lines, newline: str) -> list[types.TextEdit]:
    """LSP edits for a fix's edits; new lines follow the document's own (as ``--fix`` does)."""
    return [types.TextEdit(lines.range(edit.span), _newlines(edit.text, newline)) for edit in edits]


def newline_of(text: str) -> str:
    match = _LINE_BREAK.search(text)
    return match.group() if match else "\n"


def _newlines(text: str, newline: str) -> str:
    return newline.join(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
