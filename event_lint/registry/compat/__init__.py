"""Compatibility between two versions of an event schema: what changed, which readers it
breaks, why, and an example payload that shows it."""

from __future__ import annotations

from typing import Any

import referencing

from event_lint.registry.compat.codes import CODES
from event_lint.registry.compat.detect import Walker
from event_lint.registry.compat.model import NO_EXAMPLE, Breaks, Change, Direction, Witness
from event_lint.registry.compat.nodes import root
from event_lint.registry.compat.witness import WitnessFinder
from event_lint.registry.dialects import DEFAULT_DIALECT

__all__ = ["CODES", "NO_EXAMPLE", "Change", "Direction", "Witness", "compare"]


def compare(
    old: Any,
    new: Any,
    *,
    policy: str = "strict",
    refs: referencing.Registry[Any] | None = None,
    uris: tuple[str, str] = ("", ""),
    examples: bool = True,
    dialect: str = DEFAULT_DIALECT,
) -> list[Change]:
    """Every change from ``old`` to ``new`` (two JSON Schemas of one event's data).

    ``refs`` resolves ``$ref``s that point outside the two documents (the registry's
    ``resolver_registry``), from the base URIs ``uris`` of the old and the new schema;
    nothing is fetched from the network. With ``examples``, every definite break carries
    an example payload the validators of both versions confirm (a break no example shows is
    reported as "possibly"), and breaks only an example shows are added; without, the
    keyword rules' verdicts alone (quick, for classifying a change). A schema without
    ``$schema`` is read as ``dialect`` (``Registry.dialect``).
    """
    walker = Walker(policy)
    walker.compare(root(old, refs, uris[0], dialect), root(new, refs, uris[1], dialect), ())
    if not examples:
        return walker.changes
    finder = WitnessFinder(old, new, refs, uris, dialect)
    # The lenient policy sets breaks aside on purpose (undeclared keys): no discovery.
    return finder.checked(walker.changes, Breaks.BOTH, discover=policy == "strict")
