"""Compatibility between two versions of an event schema: what changed, which readers it
breaks, why, and an example payload that shows it."""

from __future__ import annotations

from typing import Any

import referencing

from event_lint.registry.compat.codes import CODES
from event_lint.registry.compat.detect import POLICIES, Walker
from event_lint.registry.compat.model import NO_EXAMPLE, Change, Direction, Witness
from event_lint.registry.compat.nodes import root
from event_lint.registry.compat.witness import WitnessFinder

__all__ = ["CODES", "NO_EXAMPLE", "POLICIES", "Change", "Direction", "Witness", "compare"]


def compare(
    old: Any,
    new: Any,
    *,
    policy: str = "strict",
    refs: referencing.Registry[Any] | None = None,
    uris: tuple[str, str] = ("", ""),
    examples: bool = True,
) -> list[Change]:
    """Every change from ``old`` to ``new`` (two JSON Schemas of one event's data).

    ``refs`` resolves ``$ref``s that point outside the two documents (the registry's
    ``resolver_registry``), from the base URIs ``uris`` of the old and the new schema;
    nothing is fetched from the network. With ``examples``, every
    breaking change carries checked example payloads (witnesses) where one can be built.
    """
    walker = Walker(policy)
    walker.compare(root(old, refs, uris[0]), root(new, refs, uris[1]), ())
    if not examples:
        return walker.changes
    finder = WitnessFinder(old, new, refs, uris)
    return [finder.attach(c) if c.breaks else c for c in walker.changes]
