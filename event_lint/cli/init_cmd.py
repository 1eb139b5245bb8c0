"""``event-registry init --from-code SRC``: a first registry from the code that sends events.

Runs the linter's project model over SRC and writes, for each event name the code uses
and the registry lacks, version 1 of its schema (inferred from the payloads the code
writes, see ``event_lint.adopt.from_code``) and the literal payloads as examples. It never
touches an event the registry already has: a payload the latest version rejects is
reported as a proposal for a new version instead. ``--from-models NAME=module:Class``
takes an event's schema from a pydantic model the team already keeps.
"""

from __future__ import annotations

import importlib
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from event_lint.adopt.from_code import EventUse, event_uses, infer_schema, literal_examples
from event_lint.cli.common import TEXT_OR_JSON, echo_json, state
from event_lint.cli.registry_files import check_new_name, create_files, json_file
from event_lint.config import Config
from event_lint.errors import UserError
from event_lint.registry import Registry
from event_lint.registry.dialects import DEFAULT_DIALECT
from event_lint.registry.loader import EXAMPLES_DIR


@dataclass
class Plan:
    """What init would write, and what it leaves to a person."""

    documents: dict[Path, Any] = field(default_factory=dict)  # new file -> JSON document
    created: list[str] = field(default_factory=list)  # event names
    dynamic: list[str] = field(default_factory=list)  # "name (path:line, ...)"
    existing: list[str] = field(default_factory=list)
    proposals: list[str] = field(default_factory=list)  # "name: why a new version is needed"
    refused: list[str] = field(default_factory=list)  # "name: why it cannot be registered"
    unreadable: list[str] = field(default_factory=list)  # "path:line" of names not known


@click.command("init")
@click.option(
    "--from-code",
    "sources",
    multiple=True,
    required=True,
    type=click.Path(path_type=Path, exists=True),
    help="Source folder or file to read the events from (repeatable).",
)
@click.option(
    "--from-models",
    "models",
    multiple=True,
    metavar="NAME=MODULE:CLASS",
    help="Take an event's schema from a pydantic model (imports MODULE; repeatable).",
)
@click.option("--dry-run", is_flag=True, help="Print what would be written; write nothing.")
@TEXT_OR_JSON
@click.pass_context
def init(
    ctx: click.Context,
    sources: tuple[Path, ...],
    models: tuple[str, ...],
    dry_run: bool,
    output_format: str,
) -> None:
    """Write a first registry from the events the code sends, triggers on and waits for."""
    current = state(ctx)
    root = current.registry_root
    registry = current.registry if root.is_dir() else None
    uses, unreadable = _project_uses(sources, current.config)
    plan = _plan(uses, registry, root, current.config, _model_schemas(models, current.config))
    plan.unreadable = sorted({f"{t.where.path}:{t.where.span.line}" for t in unreadable})
    files = {
        path: json_file(document, None if EXAMPLES_DIR in path.parts else path)
        for path, document in plan.documents.items()
    }
    written = list(files) if dry_run else create_files(root, files)
    _report(plan, written, dry_run, output_format)


def _project_uses(
    sources: tuple[Path, ...], config: Config
) -> tuple[dict[str, EventUse], list[Any]]:
    from event_lint.linter.engine import LintOptions, lint_paths
    from event_lint.linter.model import Project

    result = lint_paths(sources, config, None, LintOptions(keep_project=True, jobs=1))
    return event_uses(result.project or Project())


def _plan(
    uses: dict[str, EventUse],
    registry: Registry | None,
    root: Path,
    config: Config,
    models: dict[str, dict[str, Any]],
) -> Plan:
    plan = Plan()
    for name, use in uses.items():
        if registry is not None and registry.has(name):
            plan.existing.append(name)
            plan.proposals += _proposals(registry, use)
            continue
        refusal = _refusal(name, config)
        if refusal:
            plan.refused.append(refusal)
            continue
        folder = root / name
        plan.created.append(name)
        plan.documents[folder / "1.json"] = models.get(name) or infer_schema(use)
        if use.dynamic and name not in models:
            places = ", ".join(
                sorted({f"{e.where.path}:{e.where.span.line}" for e in use.producers})
            )
            plan.dynamic.append(f"{name} ({places})" if places else name)
        if name not in models:
            for index, example in enumerate(literal_examples(use), start=1):
                plan.documents[folder / EXAMPLES_DIR / "1" / f"code-{index}.json"] = example
    for name in sorted(set(models) - set(uses)):
        plan.refused.append(f"{name}: --from-models names an event the code never uses")
    return plan


def _proposals(registry: Registry, use: EventUse) -> list[str]:
    latest = registry.latest(use.name)
    found = []
    for example in literal_examples(use):
        issues = registry.validate(use.name, example, latest)
        if issues:
            where = issues[0].path or "(the payload)"
            found.append(
                f"{use.name}: v{latest} rejects a payload the code sends "
                f"({where}: {issues[0].message}): add a new version"
            )
    return found


def _model_schemas(models: tuple[str, ...], config: Config) -> dict[str, dict[str, Any]]:
    """``NAME=module:Class`` -> the model's JSON Schema, every object made explicit about
    extra keys (pydantic leaves ``additionalProperties`` out unless extra is forbidden)."""
    schemas: dict[str, dict[str, Any]] = {}
    for spec in models:
        name, _, target = spec.partition("=")
        module, _, attribute = target.partition(":")
        if not (name and module and attribute):
            raise UserError(f"--from-models {spec!r}: expected NAME=MODULE:CLASS")
        schema = _import_model(module, attribute, spec, config).model_json_schema()
        schema.pop("title", None)
        schemas[name] = {"$schema": DEFAULT_DIALECT, **_explicit_extras(schema)}
        schemas[name].setdefault("description", f"From the pydantic model {target}.")
    return schemas


def _import_model(module: str, attribute: str, spec: str, config: Config) -> Any:
    from pydantic import BaseModel

    sys.path.insert(0, str(config.root))  # the project's own modules, as pytest's rootdir
    try:
        found = getattr(importlib.import_module(module), attribute, None)
    except Exception as exc:  # the team's module: any error it raises is theirs to see
        raise UserError(f"--from-models {spec!r}: cannot import {module}: {exc}") from None
    finally:
        sys.path.remove(str(config.root))
    if not (isinstance(found, type) and issubclass(found, BaseModel)):
        raise UserError(f"--from-models {spec!r}: {module}.{attribute} is not a pydantic model")
    return found


def _explicit_extras(schema: Any) -> Any:
    if isinstance(schema, dict):
        walked = {key: _explicit_extras(value) for key, value in schema.items()}
        if walked.get("type") == "object":
            walked.setdefault("additionalProperties", True)
        return walked
    if isinstance(schema, list):
        return [_explicit_extras(item) for item in schema]
    return schema


def _refusal(name: str, config: Config) -> str | None:
    """Why the registry cannot hold ``name`` (the checks ``event-registry new`` makes),
    as a message that names it."""
    try:
        check_new_name(name, config.name_pattern)
    except UserError as exc:
        return str(exc)
    return None


def _report(plan: Plan, written: list[Path], dry_run: bool, output_format: str) -> None:
    if output_format == "json":
        document = {
            "dry_run": dry_run,
            "created": [str(p) for p in written],
            "events": plan.created,
            "dynamic": plan.dynamic,
            "existing": plan.existing,
            "proposals": plan.proposals,
            "refused": plan.refused,
            "unreadable_names": plan.unreadable,
        }
        echo_json(document)
        return
    verb = "would create" if dry_run else "created"
    for path in written:
        click.echo(f"{verb} {path}")
    sections = (
        ("dynamic payloads (a permissive schema: describe them by hand)", plan.dynamic),
        ("already in the registry (not touched)", plan.existing),
        ("new versions to consider", plan.proposals),
        ("not added", plan.refused),
        ("event names the linter cannot read (add their schemas by hand)", plan.unreadable),
    )
    for title, items in sections:
        if items:
            click.echo(f"\n{title}:")
            for item in items:
                click.echo(f"  {item}")
    count = len(plan.created)
    done = "would be created" if dry_run else "created"
    click.echo(f"\n{count} event{'' if count == 1 else 's'} {done} from the code.")
