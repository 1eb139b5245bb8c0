"""``event-registry diff``, ``bump`` and ``lint``, and the compatibility, schema lint and
immutability findings ``event-registry check`` adds. See docs/compatibility.md."""

from __future__ import annotations

import datetime
from dataclasses import asdict
from typing import Any

import click

from event_lint.cli.common import TEXT_OR_JSON, echo_json, known_version, state
from event_lint.config import Config
from event_lint.diagnostics import Severity
from event_lint.errors import UserError
from event_lint.printable import printable
from event_lint.registry import Finding, Registry
from event_lint.registry.compat import Change, compare
from event_lint.registry.compat.levels import breaks_between, directions
from event_lint.registry.compat.nodes import canonical
from event_lint.registry.compat.registry_check import (
    change_kind,
    compare_versions,
    compatibility_findings,
    next_version,
)
from event_lint.registry.history import immutability_findings, published_versions
from event_lint.registry.schema_lint import lint_registry


def evolution_findings(
    registry: Registry, config: Config, against: str | None, allow_description_edits: bool
) -> list[Finding]:
    """What ``event-registry check`` adds: compatibility under each event's level and
    policy, schema lint, and (with ``against``) immutability of the versions at that ref."""
    findings = compatibility_findings(registry, config)
    findings += lint_registry(registry, config)
    if against is not None:
        findings += immutability_findings(registry, config.root, against, allow_description_edits)
    return findings


def _change_lines(change: Change, suffix: str = "") -> list[str]:
    lines = [f"{change.code} {change.verdict()}: {change.message}{suffix}"]
    return lines + [f"    {line}" for line in change.explanation()]


def _summary(breaking: list[Change], level: str, policy: str) -> str:
    if not breaking:
        return f"verdict: compatible under {level} ({policy})"
    wanted = directions(level)
    broken = " and ".join(sorted({d.value for c in breaking for d in c.breaks & wanted}))
    count = "1 change breaks" if len(breaking) == 1 else f"{len(breaking)} changes break"
    return f"verdict: breaking under {level} ({policy}): {count} {broken}"


# diff ---------------------------------------------------------------------------------------


@click.command()
@click.argument("name")
@click.argument("old")
@click.argument("new")
@TEXT_OR_JSON
@click.pass_context
def diff(ctx: click.Context, name: str, old: str, new: str, output_format: str) -> None:
    """Every change from version OLD to version NEW of NAME, with its verdict. Exit 1 when
    a change breaks the event's configured compatibility level."""
    current = state(ctx)
    registry = current.registry
    known_version(registry, name, old)
    known_version(registry, name, new)
    level, policy = current.config.compatibility_for(name)
    changes = compare_versions(registry, name, old, new, policy)
    breaking = [c for c in changes if c.breaks & directions(level)]
    if output_format == "json":
        echo_json(
            {
                "event": name,
                "old": old,
                "new": new,
                "level": level,
                "policy": policy,
                "breaking": bool(breaking),
                "changes": [
                    {**c.to_json(), "breaks_level": bool(c.breaks & directions(level))}
                    for c in changes
                ],
            }
        )
    else:
        plural = "s" if len(changes) != 1 else ""
        click.echo(f"{name} v{old} -> v{new}: {len(changes)} change{plural}")
        for change in changes:
            for line in _change_lines(change):
                click.echo(line)
        click.echo(_summary(breaking, level, policy))
    if breaking:
        ctx.exit(1)


# bump ---------------------------------------------------------------------------------------


@click.command()
@click.argument("name")
@TEXT_OR_JSON
@click.pass_context
def bump(ctx: click.Context, name: str, output_format: str) -> None:
    """Propose the next version of NAME for the edit in the working tree.

    When the latest version's file differs from git HEAD, the edit is compared with the
    HEAD content and must become a new version; when the latest version is new since HEAD,
    it is compared with the version before it. Exit 1 when the edit breaks the level."""
    current = state(ctx)
    registry = current.registry
    if not registry.has(name) or registry.is_builtin(name):
        raise UserError(
            f"unknown event {name!r}"
            if not registry.has(name)
            else f"{name} is a built-in system event"
        )
    proposal = _propose(registry, current.config, name, datetime.date.today())
    if output_format == "json":
        echo_json(proposal)
    else:
        for line in proposal["lines"]:
            click.echo(line)
    if proposal["breaking"]:
        ctx.exit(1)


def _propose(registry: Registry, config: Config, name: str, today: datetime.date) -> dict[str, Any]:
    assert registry.root is not None  # a user event lives in a registry folder
    versions = registry.versions(name)
    latest = versions[-1]
    level, policy = config.compatibility_for(name)
    at_head = published_versions(config.root, registry.root, "HEAD")
    new = registry.schema(name, latest)
    uri = registry.schema_uri(name, latest)
    if (name, latest) in at_head:
        base_schema = at_head[(name, latest)].schema
        if base_schema is not None and canonical(base_schema) == canonical(new):
            line = f"{name}: v{latest} is unchanged since HEAD; nothing to bump"
            return _result(name, latest, None, None, False, [], [line])
        edited = f"{name}: v{latest} was edited since HEAD"
        earlier = [(f"v{v}", registry.schema(name, v)) for v in versions[:-1]]
        earlier.append((f"v{latest} at HEAD", base_schema))
        base_version = latest
    else:
        if len(versions) == 1:
            line = f"{name}: v{latest} is the first version; nothing to compare"
            return _result(name, latest, None, latest, False, [], [line])
        edited = f"{name}: v{latest} is new since HEAD"
        earlier = [(f"v{v}", registry.schema(name, v)) for v in versions[:-1]]
        base_version = versions[-2]
    transitive = level.endswith("_TRANSITIVE")
    targets = earlier if transitive else earlier[-1:]
    found: list[tuple[str, Change]] = []
    for label, old in targets:
        for change in breaks_between(
            old, new, level, policy, registry.resolver_registry, (uri, uri), registry.dialect
        ):
            found.append((label, change))
    changes = compare(
        targets[-1][1],
        new,
        policy=policy,
        refs=registry.resolver_registry,
        uris=(uri, uri),
        examples=False,
        dialect=registry.dialect,
    )
    kind = "breaking" if found else change_kind(changes, level)
    proposed = next_version(base_version, kind, today)
    lines = [edited, f"proposed version: {proposed} ({kind})"]
    lines.append(_summary([c for _, c in found], level, policy))
    for label, change in found:
        lines += _change_lines(change, f" (against {label})")
    lines.append(_advice(registry, name, latest, proposed, (name, latest) in at_head))
    return _result(name, latest, base_version, proposed, bool(found), found, lines)


def _advice(registry: Registry, name: str, latest: str, proposed: str, published: bool) -> str:
    path = registry.schema_path(name, latest)
    if published:
        return (
            f"published versions are immutable: save the edit as {name}/{proposed}.json and "
            f"restore {name}/{latest}.json (git checkout HEAD -- {path})"
        )
    if proposed == latest:
        return f"{name}/{latest}.json is numbered as proposed"
    return f"rename {name}/{latest}.json to {name}/{proposed}.json"


def _result(
    name: str,
    latest: str,
    base: str | None,
    proposed: str | None,
    breaking: bool,
    found: list[tuple[str, Change]],
    lines: list[str],
) -> dict[str, Any]:
    return {
        "event": name,
        "latest": latest,
        "compared_with": base,
        "proposed": proposed,
        "breaking": breaking,
        "changes": [{**c.to_json(), "against": label} for label, c in found],
        "lines": lines,
    }


# lint ---------------------------------------------------------------------------------------


@click.command()
@TEXT_OR_JSON
@click.pass_context
def lint(ctx: click.Context, output_format: str) -> None:
    """Schema lint of the latest version of every user event (codes SL101...; skip codes
    with `skip-lints` in [tool.event-lint]). Exit 1 on errors or warnings."""
    current = state(ctx)
    findings = lint_registry(current.registry, current.config)
    if output_format == "json":
        echo_json([{**asdict(f), "severity": f.severity.value} for f in findings])
    else:
        for finding in findings:
            click.echo(printable(f"{finding.render()} [{finding.severity.value}]"))
        plural = "s" if len(findings) != 1 else ""
        click.echo(f"{len(findings)} finding{plural}" if findings else "schema lint OK")
    if any(f.severity in (Severity.ERROR, Severity.WARNING) for f in findings):
        ctx.exit(1)
