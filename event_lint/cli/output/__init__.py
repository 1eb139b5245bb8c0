"""Output formats: a closed list, one module per format, imported only when used.

Each format module has ``render(report: Report) -> str`` (the whole of stdout, ending in a
newline unless empty). Paths in diagnostics are relative to ``Report.cwd``; every line and
column printed is 1-based, the end exclusive, as in ``Span``.

File names and messages come from a repository a stranger may have written: ``render``
hands each format diagnostics whose messages are ``printable``, and a format shows a path
through ``shown_path`` (paths stay as they are in the report: they are looked up).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from itertools import chain
from operator import attrgetter
from pathlib import Path

from event_lint.diagnostics import Diagnostic
from event_lint.printable import LEGACY_COMMAND, printable, shown_path

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
    # Per file, not per diagnostic: a file with many findings is split and resolved once.
    _lines: dict[str, list[str] | None] = field(default_factory=dict, compare=False, repr=False)
    _relative: dict[str, str | None] = field(default_factory=dict, compare=False, repr=False)

    def fixable(self, diagnostic: Diagnostic) -> bool:
        from event_lint.linter.fixes import is_applicable

        return is_applicable(diagnostic.fix, self.unsafe_fixes)

    def source_line(self, diagnostic: Diagnostic) -> str | None:
        """The text of the line a diagnostic starts on, without its line break."""
        if diagnostic.path not in self._lines:
            from event_lint.linter.fixes import lines_without_ends

            text = self.read_source(diagnostic.path)
            self._lines[diagnostic.path] = None if text is None else lines_without_ends(text)
        lines = self._lines[diagnostic.path]
        index = diagnostic.span.line - 1
        return lines[index] if lines is not None and 0 <= index < len(lines) else None

    def repository_path(self, diagnostic: Diagnostic) -> str | None:
        """The diagnostic's path relative to the repository root ("/" separators), or None
        for a file outside it."""
        if diagnostic.path not in self._relative:
            absolute = (self.cwd / diagnostic.path).resolve()
            try:
                relative: str | None = absolute.relative_to(self.srcroot.resolve()).as_posix()
            except ValueError:
                relative = None
            self._relative[diagnostic.path] = relative
        return self._relative[diagnostic.path]


def render(format_name: str, report: Report) -> str:
    module = importlib.import_module(f"{__name__}.{FORMATS[format_name]}")
    renderer: Callable[[Report], str] = module.render
    return renderer(replace(report, diagnostics=_printable_messages(report.diagnostics)))


def _printable_messages(diagnostics: Sequence[Diagnostic]) -> Sequence[Diagnostic]:
    """The diagnostics with their messages and their fixes' messages printable. A fix's
    edits stay exact: they are code to apply (source text, which decodes: valid text)."""
    fixes = filter(None, map(attrgetter("fix"), diagnostics))
    texts = map(attrgetter("message"), chain(diagnostics, fixes))
    joined = "".join(texts)  # one C-level scan each below, however many diagnostics
    if joined.isprintable() and LEGACY_COMMAND not in joined:  # the fast path
        return diagnostics
    return [_printable_message(d) for d in diagnostics]


def _printable_message(diagnostic: Diagnostic) -> Diagnostic:
    fix = diagnostic.fix
    if fix is not None:
        fix = replace(fix, message=printable(fix.message))
    return replace(diagnostic, message=printable(diagnostic.message), fix=fix)


def location(diagnostic: Diagnostic) -> str:
    """``path:line:col``, the prefix editors and terminals turn into a link."""
    return f"{shown_path(diagnostic.path)}:{diagnostic.span.line}:{diagnostic.span.col}"
