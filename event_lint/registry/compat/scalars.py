"""The walk's rules for the keywords that limit a value without looking inside it: type,
const/enum, the numeric, length and count limits, multipleOf, pattern and format."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from event_lint.registry.compat.keywords import (
    allowed_values,
    is_number,
    json_text,
    optional_text,
    types_of,
    where,
)
from event_lint.registry.compat.model import Breaks, Direction, InstancePath
from event_lint.registry.compat.nodes import Node, canonical

if TYPE_CHECKING:
    from event_lint.registry.compat.detect import Walker

UPPER_LIMITS = ("maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties")
LOWER_LIMITS = ("minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties")


def types(walk: Walker, old: Node, new: Node, at: InstancePath) -> None:
    before, after = types_of(old.get("type")), types_of(new.get("type"))
    if before == after:
        return
    added, removed = after - before, before - after
    old_text, new_text = _type_text(old.get("type")), _type_text(new.get("type"))
    change = f"the type of {where(at)} changed from {old_text} to {new_text}"
    if added and removed:
        walk.add("TYPE_CHANGED", Breaks.BOTH, old, new, at, change, keyword="type")
    elif added:
        walk.add("TYPE_WIDENED", Breaks.FORWARD, old, new, at, change, keyword="type")
    else:
        walk.add("TYPE_NARROWED", Breaks.BACKWARD, old, new, at, change, keyword="type")


def listed_values(walk: Walker, old: Node, new: Node, at: InstancePath) -> None:
    """const and enum: a limit added or removed, or values added to or removed from it."""
    if "const" in old.schema and "const" in new.schema and "enum" not in old.schema | new.schema:
        if canonical(old.get("const")) != canonical(new.get("const")):
            walk.add(
                "CONST_CHANGED",
                Breaks.BOTH,
                old,
                new,
                at,
                f"the const of {where(at)} changed from {json_text(old.get('const'))} "
                f"to {json_text(new.get('const'))}",
                keyword="const",
            )
        return
    before, after = allowed_values(old.schema), allowed_values(new.schema)
    keyword = "enum" if "enum" in old.schema or "enum" in new.schema else "const"
    if before is None and after is None:
        return
    if before is None:
        code = "CONST_ADDED" if keyword == "const" else "ENUM_ADDED"
        message = f"{where(at)} is now limited to {values_text(after or {})}"
        walk.add(code, Breaks.BACKWARD, old, new, at, message, keyword=keyword)
        return
    if after is None:
        code = "CONST_REMOVED" if keyword == "const" else "ENUM_REMOVED"
        message = f"{where(at)} is no longer limited to {values_text(before)}"
        walk.add(code, Breaks.FORWARD, old, new, at, message, keyword=keyword)
        return
    added = {k: v for k, v in after.items() if k not in before}
    removed = {k: v for k, v in before.items() if k not in after}
    if added:
        message = f"{values_text(added)} added to the values of {where(at)}"
        walk.add("ENUM_VALUE_ADDED", Breaks.FORWARD, old, new, at, message, keyword=keyword)
    if removed:
        message = f"{values_text(removed)} removed from the values of {where(at)}"
        walk.add("ENUM_VALUE_REMOVED", Breaks.BACKWARD, old, new, at, message, keyword=keyword)


def limits(walk: Walker, old: Node, new: Node, at: InstancePath) -> None:
    for keyword in (*UPPER_LIMITS, *LOWER_LIMITS):
        before, after = old.get(keyword), new.get(keyword)
        if canonical(before) == canonical(after):
            continue
        if (not is_number(before) and before is not None) or (
            not is_number(after) and after is not None
        ):
            message = f"{keyword} of {where(at)} changed to a non-number"
            code = "UNDECIDED_KEYWORD_CHANGED"
            walk.add(code, Breaks.BOTH, old, new, at, message, keyword=keyword, possibly=True)
            continue
        tighter = _is_tighter(keyword in UPPER_LIMITS, before, after)
        text = (
            f"{keyword} of {where(at)} changed from {optional_text(before)} "
            f"to {optional_text(after)}"
        )
        if tighter:
            walk.add("LIMIT_TIGHTENED", Breaks.BACKWARD, old, new, at, text, keyword=keyword)
        else:
            walk.add("LIMIT_RELAXED", Breaks.FORWARD, old, new, at, text, keyword=keyword)


def multiple_of(walk: Walker, old: Node, new: Node, at: InstancePath) -> None:
    before, after = old.get("multipleOf"), new.get("multipleOf")
    if canonical(before) == canonical(after):
        return
    breaks: set[Direction] = set()
    if after is not None and (before is None or not _divides(after, before)):
        breaks.add(Direction.BACKWARD)  # some old multiple is no longer allowed
    if before is not None and (after is None or not _divides(before, after)):
        breaks.add(Direction.FORWARD)  # some new multiple was not allowed before
    message = (
        f"multipleOf of {where(at)} changed from {optional_text(before)} to {optional_text(after)}"
    )
    walk.add("MULTIPLE_OF_CHANGED", frozenset(breaks), old, new, at, message, keyword="multipleOf")


def strings(walk: Walker, old: Node, new: Node, at: InstancePath) -> None:
    for keyword in ("pattern", "format"):
        before, after = old.get(keyword), new.get(keyword)
        if before == after:
            continue
        upper = keyword.upper()
        text = (
            f"{keyword} of {where(at)} changed from {optional_text(before)} "
            f"to {optional_text(after)}"
        )
        if before is None:
            walk.add(f"{upper}_ADDED", Breaks.BACKWARD, old, new, at, text, keyword=keyword)
        elif after is None:
            walk.add(f"{upper}_REMOVED", Breaks.FORWARD, old, new, at, text, keyword=keyword)
        else:
            walk.add(
                f"{upper}_CHANGED", Breaks.BOTH, old, new, at, text, keyword=keyword, possibly=True
            )


def values_text(values: dict[str, Any]) -> str:
    return ", ".join(json_text(v) for v in values.values())


def _type_text(value: Any) -> str:
    return "any type" if value is None else json_text(value)


def _is_tighter(upper: bool, before: Any, after: Any) -> bool:
    if after is None:
        return False
    if before is None:
        return True
    return bool(after < before) if upper else bool(after > before)


def _divides(divisor: float, value: float) -> bool:
    quotient = value / divisor
    return math.isclose(quotient, round(quotient))
