"""The walk's rules for the keywords that limit a value without looking inside it: type,
const/enum, the numeric, length and count limits, multipleOf, pattern and format; and where
a side lists its values (enum, const), trying each one decides that side exactly."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from event_lint.registry.compat.keywords import (
    allowed_values,
    is_number,
    json_text,
    optional_text,
    types_of,
    validator_at,
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


def decided_by_values(walk: Walker, old: Node, new: Node, at: InstancePath) -> bool:
    """Where a side is limited to listed values (enum, const), try each one on the other
    side: that decides the side's direction exactly, over the keyword rules' verdicts
    (found by a probe walk). False, and nothing compared, when neither side lists values."""
    old_values, new_values = allowed_values(old.schema), allowed_values(new.schema)
    if old_values is None and new_values is None:
        return False
    probe = walk.probe()
    probe.compare_keywords(old, new, at)
    keep = Breaks.BOTH
    for direction, values, (writer, reader) in (
        (Direction.BACKWARD, old_values, (old, new)),
        (Direction.FORWARD, new_values, (new, old)),
    ):
        if values is None:
            continue
        rejected = _rejected_values(values, writer, reader)
        if rejected is None:
            continue  # a value could not be judged: the keyword rules stand
        if not rejected:
            keep = keep - {direction}
        elif not any(direction in c.breaks for c in probe.changes):
            _values_rejected(walk, direction, rejected, old, new, at)
    walk.changes += [c.keeping(keep) for c in probe.changes]
    return True


def _values_rejected(
    walk: Walker, direction: Direction, rejected: list[Any], old: Node, new: Node, at: InstancePath
) -> None:
    text = values_text(rejected)
    if direction is Direction.BACKWARD:
        message = f"{text} no longer valid at {where(at)}"
        walk.add("ENUM_VALUE_REMOVED", Breaks.BACKWARD, old, new, at, message)
    else:
        message = f"{text} newly valid at {where(at)}"
        walk.add("ENUM_VALUE_ADDED", Breaks.FORWARD, old, new, at, message)


def _rejected_values(values: dict[str, Any], writer: Node, reader: Node) -> list[Any] | None:
    """The listed values the writer's schema accepts and the reader's rejects (None when
    a schema cannot be applied, e.g. a $ref that does not resolve)."""
    try:
        accepts_writer, accepts_reader = validator_at(writer), validator_at(reader)
        return [
            v
            for v in values.values()
            if accepts_writer.is_valid(v) and not accepts_reader.is_valid(v)
        ]
    except Exception:  # jsonschema raises its own errors for unresolvable refs, bad regexes
        return None


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


def values_text(values: dict[str, Any] | list[Any]) -> str:
    """Listed values as JSON, comma-separated (a dict's values: ``allowed_values``)."""
    listed = values.values() if isinstance(values, dict) else values
    return ", ".join(json_text(v) for v in listed)


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
