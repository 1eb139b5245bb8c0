"""Findings at a definition, reported at each use in another file too.

An event name written as a constant in ``event_names.py`` and sent from
``bookings.py`` is reported where the constant is written; a pre-commit run on
``bookings.py`` alone must still say so, so the finding is repeated at the use, with
where the cause is: ``... (defined at app/event_names.py:23)``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from event_lint.diagnostics import Diagnostic, Span
from event_lint.linter.model import Located, Project, Text

if TYPE_CHECKING:
    from event_lint.config import Config
    from event_lint.linter.suppress import Silencer


def at_uses(
    project: Project, diagnostics: Sequence[Diagnostic], config: Config, cwd: Path
) -> list[Diagnostic]:
    """A copy of each diagnostic written at (or inside) a text that ``project`` uses
    from another file, at each such use (without a fix: that edits the definition).
    A diagnostic silenced where it is written (``# noqa``, per-file-ignores) is not
    copied: silencing the cause silences its echoes."""
    uses: dict[str, dict[Span, dict[Located, None]]] = {}
    for text in _texts(project):
        if text.used is not None:
            spans = uses.setdefault(text.where.path, {})
            spans.setdefault(text.where.span, {})[text.used] = None
    copies: list[Diagnostic] = []
    silencer: Silencer | None = None
    for diagnostic in diagnostics:
        places = [
            use
            for span, found in uses.get(diagnostic.path, {}).items()
            if _inside(diagnostic.span, span)
            for use in found
        ]
        if not places:
            continue
        if silencer is None:  # most runs have no echo: suppressions stay unimported
            silencer = _silencer(config, cwd)
        if silencer.silenced(diagnostic):
            continue
        where = f"{diagnostic.path}:{diagnostic.span.line}"
        message = f"{diagnostic.message} (defined at {where})"
        copies += [
            replace(diagnostic, path=use.path, span=use.span, message=message, fix=None)
            for use in dict.fromkeys(places)
        ]
    return copies


def _silencer(config: Config, cwd: Path) -> Silencer:
    from event_lint.linter.suppress import PerFileIgnores, Silencer

    return Silencer(PerFileIgnores(config.per_file_ignores), config.root, cwd, None)


def _inside(inner: Span, outer: Span) -> bool:
    return (outer.line, outer.col) <= (inner.line, inner.col) and (
        inner.end_line,
        inner.end_col,
    ) <= (outer.end_line, outer.end_col)


def _texts(project: Project) -> Iterator[Text]:
    """Every text of the project, once per use (``Project.names`` keeps one per place)."""
    for event in project.events:
        yield from _present((event.name, event.v))
    for function in project.functions:
        yield from _present(trigger.event for trigger in function.triggers)
        yield from _present(cancel.event for cancel in function.cancels)
        yield from (expression.text for expression in function.expressions)
    for wait in project.waits:
        yield from _present((wait.event, wait.if_exp.text if wait.if_exp else None))
    for invoke in project.invokes:
        yield from _present((invoke.v,))


def _present(texts: Iterable[Text | None]) -> Iterator[Text]:
    return (text for text in texts if text is not None)
