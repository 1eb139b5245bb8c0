"""A plausible payload for a schema, as a starting point for example payloads.

Best effort: the result is always checked with a validator before anyone sees it.
``full`` fills every declared property (and satisfies an if/then), otherwise only the
required ones.
"""

from __future__ import annotations

import re
from typing import Any

from event_lint.registry.compat.nodes import Node, UnresolvableRef, deref

_MAX_DEPTH = 12
_FORMATS = {
    "date-time": "2024-01-15T10:00:00Z",
    "date": "2024-01-15",
    "time": "10:00:00Z",
    "email": "user@example.com",
    "idn-email": "user@example.com",
    "uuid": "00000000-0000-0000-0000-000000000000",
    "uri": "https://example.com",
    "uri-reference": "https://example.com",
    "hostname": "example.com",
    "ipv4": "192.0.2.1",
    "ipv6": "2001:db8::1",
}


def sample(node: Node, *, full: bool, conditional: bool = True, depth: int = 0) -> Any:
    try:
        node = deref(node)
    except UnresolvableRef:
        return None
    schema = node.schema
    if not isinstance(schema, dict) or depth > _MAX_DEPTH:
        return None
    if "const" in schema:
        return schema["const"]
    if isinstance(schema.get("enum"), list) and schema["enum"]:
        return schema["enum"][0]
    for keyword in ("anyOf", "oneOf"):
        if isinstance(schema.get(keyword), list) and schema[keyword] and not _has_own_type(schema):
            return sample(node.child(keyword, 0), full=full, depth=depth + 1)
    kind = _pick_type(schema)
    value = _SAMPLERS[kind](node, full, depth)
    if isinstance(value, dict):
        _merge_all_of(node, value, full, depth)
        if full and "if" in schema:
            _merge_condition(node, value, conditional, depth)
    return value


def _merge_condition(node: Node, value: dict[str, Any], conditional: bool, depth: int) -> None:
    """Make the object take the then branch (``conditional``) or, likely, the else branch."""
    parts = ("if", "then") if conditional else ("else",)
    for part in parts:
        if part in node.schema:
            extra = sample(node.child(part), full=True, depth=depth + 1)
            if isinstance(extra, dict):
                value.update(extra)


def _has_own_type(schema: dict[str, Any]) -> bool:
    return "type" in schema or "properties" in schema


def _pick_type(schema: dict[str, Any]) -> str:
    declared = schema.get("type")
    types = [declared] if isinstance(declared, str) else list(declared or [])
    if types:
        non_null = [t for t in types if t != "null"]
        return (non_null or types)[0]
    if {"properties", "required", "additionalProperties", "patternProperties"} & set(schema):
        return "object"
    if {"items", "prefixItems", "minItems", "maxItems"} & set(schema):
        return "array"
    if {"minimum", "maximum", "multipleOf"} & set(schema):
        return "number"
    if {"allOf"} & set(schema):
        return "object"
    return "string"


def _object(node: Node, full: bool, depth: int) -> dict[str, Any]:
    schema = node.schema
    properties = schema.get("properties", {})
    required = [r for r in schema.get("required", []) if isinstance(r, str)]
    names = list(properties) if full else [n for n in properties if n in required]
    result = {
        name: sample(node.child("properties", name), full=full, depth=depth + 1) for name in names
    }
    for name in required:
        result.setdefault(name, "x")
    minimum = schema.get("minProperties")
    if isinstance(minimum, int) and schema.get("additionalProperties") is not False:
        result.update({f"k{i}": "x" for i in range(min(minimum, 1_000) - len(result))})
    return result


def _array(node: Node, full: bool, depth: int) -> list[Any]:
    schema = node.schema
    items: list[Any] = []
    if isinstance(schema.get("prefixItems"), list):
        items = [
            sample(node.child("prefixItems", i), full=full, depth=depth + 1)
            for i in range(len(schema["prefixItems"]))
        ]
    elif isinstance(schema.get("items"), list):
        items = [
            sample(node.child("items", i), full=full, depth=depth + 1)
            for i in range(len(schema["items"]))
        ]
    count = max(int(schema.get("minItems", 0)), 1 if full else 0)
    rest = schema.get("items")
    item = (
        sample(node.child("items"), full=full, depth=depth + 1) if isinstance(rest, dict) else None
    )
    items.extend(item for _ in range(count - len(items)))
    return items


def _string(node: Node, full: bool, depth: int) -> str:
    schema = node.schema
    text = _FORMATS.get(str(schema.get("format")), "x")
    if isinstance(schema.get("pattern"), str):
        text = _matching(schema["pattern"], text)
    minimum, maximum = schema.get("minLength"), schema.get("maxLength")
    if isinstance(minimum, int) and len(text) < minimum:
        text += "x" * (minimum - len(text))
    if isinstance(maximum, int) and len(text) > maximum:
        text = text[:maximum]
    return text


def _matching(pattern: str, fallback: str) -> str:
    """A short string the pattern matches, guessed from its literal characters."""
    literal = re.sub(r"[^A-Za-z0-9_@.-]", "", pattern)
    for text in (fallback, literal, f"{literal}1", f"x{literal}", "a", "1", "A"):
        try:
            if re.search(pattern, text):
                return text
        except re.error:
            break
    return fallback


def _number(node: Node, full: bool, depth: int) -> int | float:
    schema = node.schema
    step = schema.get("multipleOf", 1)
    value: int | float = 0
    low = schema.get("minimum", schema.get("exclusiveMinimum"))
    high = schema.get("maximum", schema.get("exclusiveMaximum"))
    if isinstance(low, (int, float)) and value < low:
        value = low
    elif isinstance(high, (int, float)) and value > high:
        value = high
    if isinstance(step, (int, float)) and step:
        value = (value // step + (1 if value % step or "exclusiveMinimum" in schema else 0)) * step
    if schema.get("type") == "integer" or "integer" in (schema.get("type") or []):
        value = int(value)
    return value


def _boolean(node: Node, full: bool, depth: int) -> bool:
    return True


def _null(node: Node, full: bool, depth: int) -> None:
    return None


_SAMPLERS = {
    "object": _object,
    "array": _array,
    "string": _string,
    "number": _number,
    "integer": _number,
    "boolean": _boolean,
    "null": _null,
}


def _merge_all_of(node: Node, value: dict[str, Any], full: bool, depth: int) -> None:
    for index in range(len(node.get("allOf", []))):
        _merge_object(value, sample(node.child("allOf", index), full=full, depth=depth + 1))


def _merge_object(target: dict[str, Any], extra: Any) -> None:
    if isinstance(extra, dict):
        for key, value in extra.items():
            target.setdefault(key, value)
        for key, value in extra.items():
            if key in target and target[key] == "x" and value != "x":
                target[key] = value
