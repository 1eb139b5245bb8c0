"""Compatibility levels: which directions to check and against which earlier versions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import referencing

from event_lint.registry.compat.detect import Walker
from event_lint.registry.compat.model import Breaks, Change, Direction
from event_lint.registry.compat.nodes import root
from event_lint.registry.compat.witness import WitnessFinder
from event_lint.registry.dialects import DEFAULT_DIALECT

# level -> (directions that must not break, compared with every earlier version?)
LEVELS: dict[str, tuple[frozenset[Direction], bool]] = {
    "BACKWARD": (Breaks.BACKWARD, False),
    "BACKWARD_TRANSITIVE": (Breaks.BACKWARD, True),
    "FORWARD": (Breaks.FORWARD, False),
    "FORWARD_TRANSITIVE": (Breaks.FORWARD, True),
    "FULL": (Breaks.BOTH, False),
    "FULL_TRANSITIVE": (Breaks.BOTH, True),
    "NONE": (Breaks.NONE, False),
}


def directions(level: str) -> frozenset[Direction]:
    return LEVELS[level][0]


def pairs(versions: Sequence[str], level: str) -> list[tuple[str, str]]:
    """(earlier, later) version pairs the level requires to be compatible: each version
    against the one before it, or against every earlier one when transitive."""
    wanted, transitive = LEVELS[level]
    if not wanted:
        return []
    result: list[tuple[str, str]] = []
    for index in range(1, len(versions)):
        earlier = versions[:index] if transitive else versions[index - 1 : index]
        result.extend((old, versions[index]) for old in earlier)
    return result


@dataclass(frozen=True)
class Break:
    """A change between two versions of one event that breaks a direction the level checks."""

    old_version: str
    new_version: str
    change: Change
    directions: frozenset[Direction]


def breaks_between(
    old: Any,
    new: Any,
    level: str,
    policy: str,
    refs: referencing.Registry[Any] | None = None,
    uris: tuple[str, str] = ("", ""),
    dialect: str = DEFAULT_DIALECT,
) -> list[Change]:
    """The changes from ``old`` to ``new`` that break the level, with example payloads
    (a schema without ``$schema`` read as ``dialect``)."""
    wanted = directions(level)
    if not wanted:
        return []
    walker = Walker(policy)
    walker.compare(root(old, refs, uris[0], dialect), root(new, refs, uris[1], dialect), ())
    finder = WitnessFinder(old, new, refs, uris, dialect)
    checked = finder.checked(walker.changes, wanted, discover=policy == "strict")
    return [c for c in checked if c.breaks & wanted]


def check_versions(
    schemas: Sequence[tuple[str, Any, str]],
    level: str,
    policy: str,
    refs: referencing.Registry[Any] | None = None,
    dialect: str = DEFAULT_DIALECT,
) -> list[Break]:
    """Every break among the versions of one event: ``schemas`` holds (version, schema,
    base URI), oldest first; a schema without ``$schema`` is read as ``dialect``."""
    by_version = {v: (schema, uri) for v, schema, uri in schemas}
    result = []
    wanted = directions(level)
    for old_version, new_version in pairs([v for v, _, _ in schemas], level):
        (old, old_uri), (new, new_uri) = by_version[old_version], by_version[new_version]
        uris = (old_uri, new_uri)
        for change in breaks_between(old, new, level, policy, refs, uris, dialect):
            result.append(Break(old_version, new_version, change, change.breaks & wanted))
    return result
