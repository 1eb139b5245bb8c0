"""Output formats: a closed list, one module per format, imported only when used.

Each format module has ``render(report: Report) -> str`` (the whole of stdout, ending in a
newline unless empty). Paths in diagnostics are relative to ``Report.cwd``; every line and
column printed is 1-based, the end exclusive, as in ``Span``.

File names and messages come from a repository a stranger may have written: ``render``
hands each format diagnostics whose messages are ``printable``, and a format shows a path
through ``printable`` too (paths stay as they are in the report: they are looked up).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from event_lint.cli.output.printable import printable
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
    shown = [_printable_messages(d) for d in report.diagnostics]
    return renderer(replace(report, diagnostics=shown))


def _printable_messages(diagnostic: Diagnostic) -> Diagnostic:
    """The diagnostic with its message and its fix's message printable. A fix's edits stay
    exact: they are code to apply (source text, which decodes, so they are valid text)."""
    fix = diagnostic.fix
    if diagnostic.message.isprintable() and (fix is None or fix.message.isprintable()):
        return diagnostic  # the fast path: nothing to escape
    if fix is not None:
        fix = replace(fix, message=printable(fix.message))
    return replace(diagnostic, message=printable(diagnostic.message), fix=fix)


def location(diagnostic: Diagnostic) -> str:
    """``path:line:col``, the prefix editors and terminals turn into a link."""
    return f"{printable(diagnostic.path)}:{diagnostic.span.line}:{diagnostic.span.col}"
