""" "Add this event to the registry": for an event name the registry does not know
(EL601), a first schema inferred from the payloads the code writes for it, as
``event-registry init --from-code`` writes one, in a new ``<registry>/<name>/1.json``."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from lsprotocol import types

from event_lint.diagnostics import Diagnostic
from event_lint.errors import UserError
from event_lint.linter.rules.unknown_event import UnknownEvent

if TYPE_CHECKING:
    from event_lint.config import Config
    from event_lint.linter.model import Project
    from event_lint.registry import Registry

UNKNOWN_EVENT = UnknownEvent.code


def scaffolds(
    found: Sequence[Diagnostic], project: Project | None, registry: Registry | None, config: Config
) -> dict[str, tuple[Path, str]]:
    """Each unknown event name a finding is about -> (schema file to create, its text)."""
    if registry is None or registry.root is None or project is None:
        return {}
    if not any(d.code == UNKNOWN_EVENT for d in found):
        return {}
    from event_lint.adopt.from_code import event_uses, infer_schema
    from event_lint.cli.registry_files import check_new_name  # what `event-registry new` refuses

    uses, _ = event_uses(project)
    made: dict[str, tuple[Path, str]] = {}
    for name, use in uses.items():
        if registry.has(name):
            continue
        try:
            check_new_name(name, config.name_pattern)
        except UserError:
            continue
        path = registry.root / name / "1.json"
        if path.exists():  # a file the registry did not load: not written over
            continue
        made[name] = (path, json.dumps(infer_schema(use), indent=2, ensure_ascii=False) + "\n")
    return made


def add_to_registry(
    diagnostic: Diagnostic, shown: types.Diagnostic, made: Mapping[str, tuple[Path, str]]
) -> types.CodeAction | None:
    """The action that creates the schema of the event ``diagnostic`` names, if any."""
    if diagnostic.code != UNKNOWN_EVENT:
        return None
    named = [name for name in made if f'"{name}"' in diagnostic.message]
    if not named:
        return None
    name = max(named, key=len)
    path, text = made[name]
    uri = path.resolve().as_uri()
    start = types.Position(0, 0)
    create = types.CreateFile(uri=uri, options=types.CreateFileOptions(ignore_if_exists=True))
    fill = types.TextDocumentEdit(
        text_document=types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=None),
        edits=[types.TextEdit(types.Range(start, start), text)],
    )
    return types.CodeAction(
        title=f'{UNKNOWN_EVENT}: add "{name}" to the registry ({name}/1.json)',
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[shown],
        edit=types.WorkspaceEdit(document_changes=[create, fill]),
    )
