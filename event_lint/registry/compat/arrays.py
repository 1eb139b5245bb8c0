"""The walk's rules for array keywords: items by position (prefixItems, draft-07 tuple
items, additionalItems), the items after them, uniqueItems, and contains with
minContains/maxContains."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from event_lint.registry.compat.keywords import is_number, same_keyword, shared_types, where
from event_lint.registry.compat.model import Breaks, InstancePath
from event_lint.registry.compat.nodes import Node

if TYPE_CHECKING:
    from event_lint.registry.compat.detect import Walker


def compare_array(walk: Walker, old: Node, new: Node, at: InstancePath) -> None:
    if "array" not in shared_types(old, new):
        return
    old_prefix, old_rest = _tuple_items(old)
    new_prefix, new_rest = _tuple_items(new)
    length = max(len(old_prefix), len(new_prefix))
    for index in range(length):
        walk.compare(
            old_prefix[index] if index < len(old_prefix) else old_rest,
            new_prefix[index] if index < len(new_prefix) else new_rest,
            (*at, index),
        )
    walk.compare(old_rest, new_rest, (*at, length))


def unique_items(walk: Walker, old: Node, new: Node, at: InstancePath) -> None:
    before, after = bool(old.get("uniqueItems")), bool(new.get("uniqueItems"))
    if before == after:
        return
    if after:
        message = f"the items of {where(at)} must now be unique"
        walk.add(
            "UNIQUE_ITEMS_ADDED", Breaks.BACKWARD, old, new, at, message, keyword="uniqueItems"
        )
    else:
        message = f"the items of {where(at)} may now repeat"
        walk.add(
            "UNIQUE_ITEMS_REMOVED", Breaks.FORWARD, old, new, at, message, keyword="uniqueItems"
        )


def contains(walk: Walker, old: Node, new: Node, at: InstancePath) -> None:
    """How many items must match ``contains``: [minContains (1), maxContains]."""
    keywords = ("contains", "minContains", "maxContains")
    if all(same_keyword(old, new, k) for k in keywords):
        return
    if "array" not in shared_types(old, new):
        return
    (low_old, high_old), (low_new, high_new) = _contains_range(old), _contains_range(new)
    if "contains" in old.schema and "contains" in new.schema:
        same = same_keyword(old, new, "contains")
        if not same and (high_old != math.inf or high_new != math.inf):
            wide = narrow = False  # a wider match may count too many: not decided
        else:
            wide = same or walk.covers(new.child("contains"), old.child("contains"))
            narrow = same or walk.covers(old.child("contains"), new.child("contains"))
    else:
        wide = narrow = True  # only the count matters: an absent contains counts nothing
    walk.judged(
        "CONTAINS_CHANGED",
        old,
        new,
        at,
        backward_safe=wide and low_new <= low_old and high_new >= high_old,
        forward_safe=narrow and low_old <= low_new and high_old >= high_new,
        message=f"contains of {where(at)} changed",
        keyword="contains",
    )


def _tuple_items(node: Node) -> tuple[list[Node], Node]:
    """The per-position schemas and the schema of every further item (2020-12 and draft 7)."""
    schema = node.schema
    if "prefixItems" in schema:
        prefix = [node.child("prefixItems", i) for i in range(len(schema["prefixItems"]))]
        rest = node.child("items") if "items" in schema else node.with_schema({})
    elif isinstance(schema.get("items"), list):
        prefix = [node.child("items", i) for i in range(len(schema["items"]))]
        rest = (
            node.child("additionalItems") if "additionalItems" in schema else node.with_schema({})
        )
    else:
        prefix = []
        rest = node.child("items") if "items" in schema else node.with_schema({})
    return prefix, rest


def _contains_range(node: Node) -> tuple[float, float]:
    """How many items must match ``contains`` (0..inf without it)."""
    if "contains" not in node.schema:
        return 0, math.inf
    low, high = node.get("minContains", 1), node.get("maxContains")
    return (low if is_number(low) else 1), (high if is_number(high) else math.inf)
