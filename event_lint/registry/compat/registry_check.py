"""Compatibility of every event in a registry under its configured level and policy."""

from __future__ import annotations

import datetime
from typing import Any

from event_lint.config import Config
from event_lint.diagnostics import Severity
from event_lint.registry import Finding, Registry
from event_lint.registry.compat import compare
from event_lint.registry.compat.levels import Break, check_versions, directions
from event_lint.registry.compat.model import Change, Direction
from event_lint.registry.versions import Scheme, parse_version


def compatibility_findings(registry: Registry, config: Config) -> list[Finding]:
    """One finding per change that breaks an event's level, between any two versions the
    level compares (each version with its predecessor, or with all earlier ones)."""
    findings = []
    for name in registry.names():
        if registry.is_builtin(name):
            continue
        level, policy = config.compatibility_for(name)
        schemas = [
            (v, registry.schema(name, v), registry.schema_uri(name, v))
            for v in registry.versions(name)
        ]
        refs = registry.resolver_registry
        for found in check_versions(schemas, level, policy, refs, registry.dialect):
            findings.append(break_finding(name, found, level))
    return findings


def compare_versions(
    registry: Registry, name: str, old: str, new: str, policy: str
) -> list[Change]:
    """Every change from version ``old`` to ``new`` of the registered event ``name``, with
    example payloads (``$ref``s to the registry's shared files resolved, a schema without
    ``$schema`` read in the registry's dialect)."""
    return compare(
        registry.schema(name, old),
        registry.schema(name, new),
        policy=policy,
        refs=registry.resolver_registry,
        uris=(registry.schema_uri(name, old), registry.schema_uri(name, new)),
        dialect=registry.dialect,
    )


def break_finding(name: str, found: Break, level: str) -> Finding:
    change = found.change
    return Finding(
        change.code,
        f"v{found.old_version} -> v{found.new_version} {verdict_text(change, found.directions)} "
        f"({level}): {change.message}",
        severity=Severity.WARNING if change.possibly else Severity.ERROR,
        file=f"{name}/{found.new_version}.json",
        json_path=change.new_path if change.new_path is not None else change.old_path,
        event=name,
        version=found.new_version,
        details=change.explanation(found.directions),
    )


def verdict_text(change: Change, wanted: frozenset[Direction]) -> str:
    broken = change.breaks & wanted
    if not broken:
        return "compatible"
    names = " and ".join(d.value for d in Direction if d in broken)
    return f"{'possibly ' if change.possibly else ''}breaks {names}"


def change_kind(changes: list[Change], level: str) -> str:
    """ "breaking" (under the level), "addition" (any other constraint changed) or
    "revision" (annotations only): the three parts of a semver bump."""
    if any(c.breaks & directions(level) for c in changes):
        return "breaking"
    if any(c.code != "ANNOTATION_CHANGED" for c in changes):
        return "addition"
    return "revision"


def next_version(current: str, kind: str, today: datetime.date) -> str:
    """The version after ``current`` in its scheme: integers count up; dates take today
    with serial 1 (or the next serial on the same day); semver bumps major for a breaking
    change, minor for an addition, patch for a revision."""
    version = parse_version(current)
    key: tuple[Any, ...] = version.key
    if version.scheme is Scheme.INTEGER:
        return str(key[0] + 1)
    if version.scheme is Scheme.DATE:
        same_day = key[:3] == (today.year, today.month, today.day)
        return f"{today.isoformat()}.{key[3] + 1 if same_day else 1}"
    major, minor, patch = key[:3]
    if kind == "breaking":
        return f"{major + 1}.0.0"
    if kind == "addition":
        return f"{major}.{minor + 1}.0"
    return f"{major}.{minor}.{patch + 1}"
