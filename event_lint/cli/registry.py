"""``event-registry``: list, show, scaffold, validate and check the event schema registry.

The commands of other modules (diff, bump, lint, codegen, init, catalog) are added at the
end of this file; every command reaches the loaded config and registry through
``common.state``.
"""

from __future__ import annotations

import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

import click

from event_lint.cli.catalog_cmd import catalog
from event_lint.cli.codegen_cmd import codegen
from event_lint.cli.common import (
    EVENT_VERSION,
    TEXT_OR_JSON,
    State,
    echo_json,
    known_version,
    state,
)
from event_lint.cli.init_cmd import init
from event_lint.cli.registry_evolution import bump, diff, evolution_findings, lint
from event_lint.cli.registry_files import (
    check_new_name,
    check_no_link_out,
    check_no_versions,
    create_files,
    json_file,
)
from event_lint.diagnostics import Severity
from event_lint.errors import UserError
from event_lint.printable import printable
from event_lint.registry import Finding, Registry, RegistryError
from event_lint.registry.examples import check_examples, count_examples
from event_lint.registry.infer import infer_event_schema, scaffold_schema
from event_lint.registry.jsonfile import read_json, read_json_stream
from event_lint.registry.loader import EXAMPLES_DIR

PROG = "event-registry"


class _Group(click.Group):
    """Turns every UserError into one line on stderr and exit code 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except UserError as exc:
            for message in exc.messages if isinstance(exc, RegistryError) else (str(exc),):
                click.echo(printable(f"{PROG}: error: {message}"), err=True)
            ctx.exit(exc.exit_code)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--registry",
    "registry_path",
    type=click.Path(path_type=Path),
    help="Registry folder (default: `registry` in [tool.event-lint], else schemas/).",
)
@click.pass_context
def main(ctx: click.Context, registry_path: Path | None) -> None:
    """The versioned event schema registry: <registry>/<event name>/<v>.json."""
    ctx.obj = State(registry_path)


# list / show ------------------------------------------------------------------------------


@main.command("list")
@TEXT_OR_JSON
@click.pass_context
def list_events(ctx: click.Context, output_format: str) -> None:
    """Every event with its versions, built-in system events included."""
    registry = state(ctx).registry
    rows = [
        {
            "name": name,
            "versions": registry.versions(name),
            "latest": registry.latest(name),
            "builtin": registry.is_builtin(name),
            "deprecated": [v for v in registry.versions(name) if registry.is_deprecated(name, v)],
        }
        for name in registry.names()
    ]
    if output_format == "json":
        echo_json(rows)
        return
    width = max(len(name) for name in registry.names())
    for name in registry.names():
        versions = ", ".join(
            f"{v} (deprecated)" if registry.is_deprecated(name, v) else v
            for v in registry.versions(name)
        )
        marker = "  [built-in]" if registry.is_builtin(name) else ""
        click.echo(f"{name:<{width}}  {versions}{marker}")


@main.command()
@click.argument("name")
@EVENT_VERSION
@TEXT_OR_JSON
@click.pass_context
def show(ctx: click.Context, name: str, version: str | None, output_format: str) -> None:
    """The schema of NAME, pretty-printed."""
    registry = state(ctx).registry
    version = known_version(registry, name, version)
    schema = registry.schema(name, version)
    if output_format == "text":
        echo_json(schema)
        return
    path = registry.schema_path(name, version)
    echo_json(
        {
            "name": name,
            "version": version,
            "builtin": registry.is_builtin(name),
            "path": None if path is None else str(path),
            "schema": schema,
        }
    )


# new ---------------------------------------------------------------------------------------


@main.command()
@click.argument("name")
@click.option(
    "--from-example",
    "example",
    type=click.Path(path_type=Path),
    help="Infer the schema from this example payload (the event's data); `-` reads stdin.",
)
@TEXT_OR_JSON
@click.pass_context
def new(ctx: click.Context, name: str, example: Path | None, output_format: str) -> None:
    """Scaffold the first version (1.json) of a new event NAME."""
    current = state(ctx)
    check_new_name(name, current.config.name_pattern)
    root = current.registry_root
    folder = root / name
    check_no_link_out(root, folder)
    check_no_versions(folder, name)
    payload = _read_payload(example) if example is not None else None
    if payload is not None and not isinstance(payload, dict):
        raise UserError(f"{example}: an event's data must be a JSON object")
    schema = infer_event_schema(payload) if payload is not None else scaffold_schema()
    documents = {folder / "1.json": json_file(schema, folder / "1.json")}
    if payload is not None:
        example_name = "example.json" if str(example) == "-" else Path(str(example)).name
        documents[folder / EXAMPLES_DIR / "1" / example_name] = json_file(payload, None)
    written = create_files(root, documents)
    if output_format == "json":
        echo_json({"name": name, "version": "1", "created": [str(p) for p in written]})
    else:
        for path in written:
            click.echo(f"created {path}")


# validate ---------------------------------------------------------------------------------


@main.command()
@click.argument("name")
@click.argument("payloads", nargs=-1, required=True, type=click.Path(path_type=Path))
@EVENT_VERSION
@TEXT_OR_JSON
@click.pass_context
def validate(
    ctx: click.Context,
    name: str,
    payloads: tuple[Path, ...],
    version: str | None,
    output_format: str,
) -> None:
    """Validate PAYLOADS (the event's data; `-` for stdin) against NAME's schema."""
    registry = state(ctx).registry
    version = known_version(registry, name, version)
    documents = [(_label(p), _read_payload(p)) for p in payloads]  # all bad input before output
    results = [(where, registry.validate(name, doc, version)) for where, doc in documents]
    if output_format == "json":
        echo_json(
            [
                {
                    "file": where,
                    "event": name,
                    "version": version,
                    "valid": not issues,
                    "issues": [asdict(issue) for issue in issues],
                }
                for where, issues in results
            ]
        )
    else:
        for where, issues in results:
            if not issues:
                click.echo(printable(f"{where}: valid against {name} v{version}"))
            for issue in issues:
                line = f"{where}: {issue.path or '/'}: {issue.message} [{issue.keyword}]"
                click.echo(printable(line))
    if any(issues for _, issues in results):
        ctx.exit(1)


def _read_payload(path: Path) -> Any:
    if str(path) == "-":
        return read_json_stream(sys.stdin.buffer, _label(path))
    return read_json(path)


def _label(path: Path) -> str:
    return "<stdin>" if str(path) == "-" else str(path)


# check -------------------------------------------------------------------------------------


@main.command()
@click.option(
    "--against", metavar="REF", help="Git ref whose published versions must be unchanged."
)
@click.option(
    "--allow-description-edits", is_flag=True, help="With --against: allow description-only edits."
)
@TEXT_OR_JSON
@click.pass_context
def check(
    ctx: click.Context, against: str | None, allow_description_edits: bool, output_format: str
) -> None:
    """Load and check the whole registry: schemas, refs, examples, compatibility,
    immutability and schema lint. Exit 1 on errors or warnings."""
    current = state(ctx)
    if not current.config.registry_configured and not current.registry_root.is_dir():
        # A hook run on a project without a registry (yet): nothing to check.
        click.echo(f"no registry ({current.registry_root} does not exist): nothing to check")
        return
    registry = current.registry
    findings = check_examples(registry)
    findings += evolution_findings(registry, current.config, against, allow_description_edits)
    findings.sort(key=_finding_key)
    failing = [f for f in findings if f.severity in (Severity.ERROR, Severity.WARNING)]
    if output_format == "json":
        echo_json(
            {
                "ok": not failing,
                "events": len(registry.names()),
                "findings": [{**asdict(f), "severity": f.severity.value} for f in findings],
            }
        )
    else:
        _print_findings(findings, registry)
    if failing:
        ctx.exit(1)


def _print_findings(findings: list[Finding], registry: Registry) -> None:
    for finding in findings:
        click.echo(printable(finding.render()))
        for line in finding.details:
            click.echo(printable(f"    {line}"))
    versions = sum(len(registry.versions(name)) for name in registry.names())
    summary = (
        f"{len(registry.names())} events, {versions} versions, "
        f"{count_examples(registry)} example payloads checked"
    )
    failing = sum(f.severity is not Severity.INFO for f in findings)
    notes = len(findings) - failing
    if notes:  # info findings are advice: shown, but they do not fail the check
        summary += f"; {notes} info finding{'s' if notes != 1 else ''}"
    if failing:
        click.echo(f"{failing} finding{'s' if failing != 1 else ''} ({summary})")
    else:
        click.echo(f"registry OK: {summary}")


def _finding_key(finding: Finding) -> tuple[bool, str, int, str, str, str]:
    # What fails the check first, advice (info) after it.
    return (
        finding.severity is Severity.INFO,
        finding.file or finding.event or "",
        finding.line or 0,
        finding.json_path or "",
        finding.code,
        finding.message,
    )


# helpers -----------------------------------------------------------------------------------


for _command in (diff, bump, lint, codegen, init, catalog):
    main.add_command(_command)
