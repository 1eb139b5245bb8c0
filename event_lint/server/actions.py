"""Quick fixes for the findings under the cursor: each fix (safe or unsafe), and
``# noqa: CODE`` on the finding's line (``--add-noqa``'s edit, for one finding); and a
``source.fixAll`` action (what editors run on save) applying every safe fix as ``--fix``
does in one pass."""

from __future__ import annotations

import tokenize
from collections.abc import Mapping, Sequence
from pathlib import Path

from lsprotocol import types

from event_lint.diagnostics import Diagnostic, Span
from event_lint.linter.add_noqa import add_noqa
from event_lint.linter.fixes import fix_source
from event_lint.server.convert import Lines, newline_of, text_edits, to_lsp
from event_lint.server.scaffold import add_to_registry

FIX_ALL = f"{types.CodeActionKind.SourceFixAll.value}.event-lint"


def code_actions(
    uri: str,
    text: str,
    diagnostics: Sequence[Diagnostic],
    where: types.Range,
    encoding: str,
    only: Sequence[str] | None = None,
    made: Mapping[str, tuple[Path, str]] | None = None,
) -> list[types.CodeAction]:
    """The actions of the kinds ``only`` asks for (None: all); ``made``: the schemas
    "add this event to the registry" would create."""
    lines = Lines(text, encoding)
    actions = []
    if _wanted("quickfix", only):
        actions = quick_fixes(uri, text, diagnostics, where, lines, made or {})
    if _wanted(FIX_ALL, only):
        actions += fix_all(uri, text, diagnostics, lines)
    return actions


def fix_all(
    uri: str, text: str, diagnostics: Sequence[Diagnostic], lines: Lines
) -> list[types.CodeAction]:
    outcome = fix_source(text, diagnostics, unsafe=False)
    if not outcome.changed:
        return []
    whole = types.Range(types.Position(0, 0), lines.end)
    return [
        types.CodeAction(
            title="event-lint: apply every safe fix",
            kind=FIX_ALL,
            edit=types.WorkspaceEdit(changes={uri: [types.TextEdit(whole, outcome.fixed)]}),
        )
    ]


def _wanted(kind: str, only: Sequence[str] | None) -> bool:
    """LSP's filter: a kind asked for covers itself and its sub-kinds."""
    return only is None or any(kind == k or kind.startswith(f"{k}.") for k in only)


def quick_fixes(
    uri: str,
    text: str,
    diagnostics: Sequence[Diagnostic],
    where: types.Range,
    lines: Lines,
    made: Mapping[str, tuple[Path, str]],
) -> list[types.CodeAction]:
    actions: list[types.CodeAction] = []
    for diagnostic in diagnostics:
        shown = to_lsp(diagnostic, lines)
        if not _touches(shown.range, where):
            continue
        fix = diagnostic.fix
        if fix is not None and fix.edits:
            edits = text_edits(fix.edits, lines, newline_of(text))
            title = fix.message if fix.safe else f"{fix.message} (unsafe fix)"
            actions.append(_action(uri, f"{diagnostic.code}: {title}", shown, edits, fix.safe))
        scaffold = add_to_registry(diagnostic, shown, made)
        if scaffold is not None:
            actions.append(scaffold)
        noqa = _noqa_edit(text, diagnostic, lines)
        if noqa is not None:
            title = f"{diagnostic.code}: add `# noqa: {diagnostic.code}`"
            actions.append(_action(uri, title, shown, [noqa], preferred=False))
    return actions


def _action(
    uri: str,
    title: str,
    shown: types.Diagnostic,
    edits: list[types.TextEdit],
    preferred: bool,
) -> types.CodeAction:
    return types.CodeAction(
        title=title,
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[shown],
        edit=types.WorkspaceEdit(changes={uri: edits}),
        is_preferred=preferred,
    )


def _noqa_edit(text: str, diagnostic: Diagnostic, lines: Lines) -> types.TextEdit | None:
    """The finding's line with the directive, or None where none can go (a file-level
    finding, a line inside a multi-line string, a source that does not tokenize)."""
    if diagnostic.code.startswith("EL90"):
        return None
    number = diagnostic.span.line
    try:
        baselined = add_noqa(text, {number: {diagnostic.code}})
    except (SyntaxError, ValueError, tokenize.TokenError):  # a half-typed buffer
        return None
    if not baselined.added:
        return None
    old, new = lines.lines[number - 1], Lines(baselined.text).lines[number - 1]
    return types.TextEdit(lines.range(Span(number, 1, number, len(old) + 1)), new)


def _touches(found: types.Range, where: types.Range) -> bool:
    return found.start.line <= where.end.line and where.start.line <= found.end.line
