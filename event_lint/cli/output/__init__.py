"""Output formats: a closed list, one module per format, imported only when used.

Each format module has ``render(report: Report) -> str`` (the whole of stdout, ending in a
newline unless empty). Paths in diagnostics are relative to ``Report.cwd``; every line and
column printed is 1-based, the end exclusive, as in ``Span``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from event_lint.diagnostics import Diagnostic

# --output-format value -> module in this package
FORMATS: dict[str, str] = {
    "text": "text",
    "concise": "concise",
    "full": "full",
    "json": "json",
    "json-lines": "json_lines",
    "sarif": "sarif",
    "github": "github",
    "junit": "junit",
}


@dataclass(frozen=True)
class Report:
    diagnostics: Sequence[Diagnostic]  # sorted
    cwd: Path  # diagnostic paths are relative to it
    srcroot: Path  # the repository root, for SARIF's repo-relative URIs
    read_source: Callable[[str], str | None]  # a diagnostic path's text (stdin-aware), or None
    unsafe_fixes: bool = False  # whether unsafe fixes count as fixable

    def fixable(self, diagnostic: Diagnostic) -> bool:
        from event_lint.linter.fixes import is_applicable

        return is_applicable(diagnostic.fix, self.unsafe_fixes)

    def source_line(self, diagnostic: Diagnostic) -> str | None:
        """The text of the line a diagnostic starts on, without its line break."""
        from event_lint.linter.fixes import split_lines

        text = self.read_source(diagnostic.path)
        if text is None:
            return None
        lines = split_lines(text)
        index = diagnostic.span.line - 1
        return lines[index] if 0 <= index < len(lines) else None

    def repository_path(self, diagnostic: Diagnostic) -> str | None:
        """The diagnostic's path relative to the repository root ("/" separators), or None
        for a file outside it."""
        absolute = (self.cwd / diagnostic.path).resolve()
        try:
            return absolute.relative_to(self.srcroot.resolve()).as_posix()
        except ValueError:
            return None


def render(format_name: str, report: Report) -> str:
    module = importlib.import_module(f"{__name__}.{FORMATS[format_name]}")
    renderer: Callable[[Report], str] = module.render
    return renderer(report)


def location(diagnostic: Diagnostic) -> str:
    """``path:line:col``, the prefix editors and terminals turn into a link."""
    return f"{diagnostic.path}:{diagnostic.span.line}:{diagnostic.span.col}"
