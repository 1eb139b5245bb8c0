"""Whole payloads near the edges of a schema, for finding breaks no keyword rule names.

Each sub-schema contributes its samples and edge values; an object also varies each declared
property over the values of that property's schema, drops it, or adds an undeclared key; an
array varies its items. Best effort and bounded: every payload is judged by a validator.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from typing import Any

from event_lint.registry.compat.nodes import Node, UnresolvableRef, canonical, deref
from event_lint.registry.compat.objects import UNDECLARED_KEY
from event_lint.registry.compat.sample import sample

_MAX_DEPTH = 4
_WIDTH = 16  # values kept per sub-schema
_SCALARS: tuple[Any, ...] = (None, True, 0, 1, -1, 2.5, "", "x", "ab", [], {})


def variants(node: Node, depth: int = 0) -> list[Any]:
    """Up to a few dozen values for ``node``: valid ones and ones just outside it."""
    try:
        node = deref(node)
    except UnresolvableRef:
        return []
    if depth > _MAX_DEPTH or not isinstance(node.schema, dict):
        return list(_SCALARS)
    found = itertools.chain(
        schema_values(node),
        _branch_values(node, depth),
        _object_values(node, depth),
        _array_values(node, depth),
        _SCALARS,
    )
    return list(itertools.islice(_unique(found), _WIDTH * 3))


def _branch_values(node: Node, depth: int) -> Iterator[Any]:
    for keyword in ("anyOf", "oneOf", "allOf"):
        branches = node.get(keyword)
        for index in range(len(branches) if isinstance(branches, list) else 0):
            yield from variants(node.child(keyword, index), depth + 1)[:6]
    for keyword in ("then", "else", "not"):
        if keyword in node.schema:
            yield from variants(node.child(keyword), depth + 1)[:4]


def _object_values(node: Node, depth: int) -> Iterator[Any]:
    base = sample(node, full=True)
    if not isinstance(base, dict):
        return
    minimal = sample(node, full=False)
    properties = node.get("properties", {})
    for name in properties if isinstance(properties, dict) else ():
        for value in variants(node.child("properties", name), depth + 1)[:_WIDTH]:
            yield {**base, name: value}
            if isinstance(minimal, dict):
                yield {**minimal, name: value}
    extra: list[Any] = [1, "x", None]
    if isinstance(node.get("additionalProperties"), dict):
        extra += variants(node.child("additionalProperties"), depth + 1)[:6]
    for key, value in itertools.product((UNDECLARED_KEY, "a", "b"), extra):
        yield {**base, key: value}


def _array_values(node: Node, depth: int) -> Iterator[Any]:
    base = sample(node, full=True)
    if not isinstance(base, list):
        return
    item_schema = node.child("items") if isinstance(node.get("items"), dict) else None
    items = variants(item_schema, depth + 1)[:8] if item_schema else ["x", 1]
    for count in (1, 2, 3):
        for item in items:
            yield [*base, *([item] * count)]
    prefix = node.get("prefixItems")
    for index in range(len(prefix) if isinstance(prefix, list) else 0):
        for value in variants(node.child("prefixItems", index), depth + 1)[:6]:
            yield [*base[:index], value, *base[index + 1 :]]
    yield base[:-1]


def schema_values(node: Node, depth: int = 0) -> Iterator[Any]:
    """Values near the edges of what one schema accepts (and of its in-place sub-schemas)."""
    try:
        node = deref(node)
    except UnresolvableRef:
        return
    schema = node.schema
    if not isinstance(schema, dict):
        return
    yield sample(node, full=True)
    yield sample(node, full=True, conditional=False)
    yield sample(node, full=False)
    yield from schema.get("enum", [])
    if "const" in schema:
        yield schema["const"]
    yield from _numbers_near(schema)
    yield from _strings_near(schema)
    yield from _arrays_near(node)
    yield from _objects_near(node)
    for keyword in ("anyOf", "oneOf", "allOf"):
        for index in range(len(schema.get(keyword, []))):
            if depth < 3:
                yield from schema_values(node.child(keyword, index), depth + 1)
            else:
                yield sample(node.child(keyword, index), full=True)
    for keyword in ("not", "if", "then", "else"):
        if isinstance(schema.get(keyword), dict):
            yield sample(node.child(keyword), full=True)


def _numbers_near(schema: dict[str, Any]) -> Iterator[Any]:
    for keyword in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"):
        bound = schema.get(keyword)
        if isinstance(bound, (int, float)) and not isinstance(bound, bool):
            yield from (bound, bound - 1, bound + 1, bound + 0.5, bound - 0.5, bound * 2, bound * 3)


def _strings_near(schema: dict[str, Any]) -> Iterator[Any]:
    pattern = schema.get("pattern")
    if isinstance(pattern, str):
        literal = re.sub(r"[^A-Za-z0-9_@.-]", "", pattern)
        yield from (literal, f"{literal}1", f"x{literal}")
    for keyword in ("minLength", "maxLength"):
        bound = schema.get(keyword)
        if isinstance(bound, int) and 0 <= bound <= 10_000:
            yield from ("x" * max(bound - 1, 0), "x" * bound, "x" * (bound + 1))


def _arrays_near(node: Node) -> Iterator[Any]:
    item = sample(node.child("items"), full=True) if isinstance(node.get("items"), dict) else "x"
    yield [item, item]
    for keyword in ("minItems", "maxItems"):
        bound = node.get(keyword)
        if isinstance(bound, int) and 0 <= bound <= 1_000:
            yield from ([item] * max(bound - 1, 0), [item] * bound, [item] * (bound + 1))


def _objects_near(node: Node) -> Iterator[Any]:
    base = sample(node, full=True)
    if not isinstance(base, dict):
        return
    yield {**base, UNDECLARED_KEY: "x"}
    for keyword in ("minProperties", "maxProperties"):
        bound = node.get(keyword)
        if isinstance(bound, int) and 0 <= bound <= 1_000:
            for count in (bound - 1, bound, bound + 1):
                yield {f"k{i}": "x" for i in range(max(count, 0))}
    for key in base:
        yield {k: v for k, v in base.items() if k != key}
    minimal = sample(node, full=False)
    if isinstance(minimal, dict):
        for key in base:
            yield {**minimal, key: base[key]}


def _unique(values: Iterator[Any]) -> Iterator[Any]:
    seen: set[str] = set()
    for value in values:
        text = canonical(value)
        if text not in seen:
            seen.add(text)
            yield value
