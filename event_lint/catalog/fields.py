"""A schema as a table of fields: one row per property, nested ones by JSON path."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from event_lint.registry import Registry

MAX_ROWS = 500  # a table past this is cut (and says so): a page, not a dump
MAX_DEPTH = 32
_CONSTRAINTS = (
    "minLength",
    "maxLength",
    "pattern",
    "format",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minProperties",
    "maxProperties",
    "const",
)
_BRANCHES = ("oneOf", "anyOf", "allOf")


@dataclass(frozen=True)
class FieldRow:
    path: str  # invoiceId, metadata.accountId, items[].sku
    type: str
    required: bool
    constraints: str
    description: str
    default: str
    enum: str


def field_rows(schema: Any, registry: Registry, name: str, v: str) -> list[FieldRow]:
    """The rows of the schema of (name, v); ``$ref``s are followed through the registry."""
    rows = list(_walk(schema, "", _Resolver(registry, name, v), 0, frozenset()))
    if len(rows) > MAX_ROWS:
        cut = FieldRow("…", "", False, f"{len(rows) - MAX_ROWS} more fields not shown", "", "", "")
        rows = [*rows[:MAX_ROWS], cut]
    return rows


class _Resolver:
    def __init__(self, registry: Registry, name: str, v: str) -> None:
        self.resolver = registry.resolver_registry.resolver(base_uri=registry.schema_uri(name, v))

    def lookup(self, ref: str) -> Any:
        try:
            return self.resolver.lookup(ref).contents
        except Exception:  # an unresolvable ref: `check` reports it; the table shows the ref
            return None


def _walk(
    schema: Any, prefix: str, refs: _Resolver, depth: int, seen: frozenset[str]
) -> Iterator[FieldRow]:
    schema = _deref(schema, refs, seen)
    if not isinstance(schema, dict) or depth > MAX_DEPTH:
        return
    required = schema.get("required", [])
    properties = schema.get("properties", {})
    if isinstance(properties, dict):
        for key in properties:  # the author's order
            child = properties[key]
            path = f"{prefix}.{key}" if prefix else str(key)
            ref = child.get("$ref") if isinstance(child, dict) else None
            resolved = _deref(child, refs, seen)
            yield _row(path, resolved, child, isinstance(required, list) and key in required)
            inner = seen | {ref} if isinstance(ref, str) else seen
            yield from _walk(resolved, path, refs, depth + 1, inner)
            yield from _items(resolved, path, refs, depth, inner)
    for keyword in _BRANCHES:
        branches = schema.get(keyword)
        if isinstance(branches, list):
            for branch in branches:
                yield from _walk(branch, prefix, refs, depth + 1, seen)


def _items(
    schema: Any, path: str, refs: _Resolver, depth: int, seen: frozenset[str]
) -> Iterator[FieldRow]:
    items = schema.get("items") if isinstance(schema, dict) else None
    if isinstance(items, dict):
        resolved = _deref(items, refs, seen)
        if isinstance(resolved, dict) and (
            _type(resolved) not in ("", "object") or "enum" in resolved
        ):
            yield _row(f"{path}[]", resolved, items, False)
        yield from _walk(resolved, f"{path}[]", refs, depth + 1, seen)
        yield from _items(resolved, f"{path}[]", refs, depth + 1, seen)


def _deref(schema: Any, refs: _Resolver, seen: frozenset[str]) -> Any:
    ref = schema.get("$ref") if isinstance(schema, dict) else None
    if not isinstance(ref, str) or ref in seen:
        return schema
    target = refs.lookup(ref)
    if not isinstance(target, dict):
        return schema
    merged = {**target, **{k: v for k, v in schema.items() if k != "$ref"}}
    return merged


def _row(path: str, schema: Any, written: Any, required: bool) -> FieldRow:
    if not isinstance(schema, dict):
        kind = "any" if schema is True else "never" if schema is False else ""
        return FieldRow(path, kind, required, "", "", "", "")
    kind = _type(schema)
    ref = written.get("$ref") if isinstance(written, dict) else None
    if isinstance(ref, str):
        kind = f"{kind} ($ref {ref})" if kind else f"$ref {ref}"
    description = schema.get("description")
    enum = schema.get("enum")
    return FieldRow(
        path=path,
        type=kind,
        required=required,
        constraints=_constraints(schema),
        description=description if isinstance(description, str) else "",
        default=_json(schema["default"]) if "default" in schema else "",
        enum=", ".join(_json(v) for v in enum) if isinstance(enum, list) else "",
    )


def _type(schema: dict[str, Any]) -> str:
    kind = schema.get("type")
    if isinstance(kind, list):
        text = " | ".join(str(k) for k in kind)
    elif isinstance(kind, str):
        text = kind
    else:
        text = ""
    if text == "array" and isinstance(schema.get("items"), dict):
        inner = _type(schema["items"])
        text = f"array of {inner}" if inner else text
    for keyword in _BRANCHES:
        branches = schema.get(keyword)
        if isinstance(branches, list) and not text:
            parts = [_type(b) if isinstance(b, dict) else "any" for b in branches]
            text = f"{keyword}: " + " | ".join(p or "object" for p in parts)
    return text


def _constraints(schema: dict[str, Any]) -> str:
    parts = [f"{key} {_json(schema[key])}" for key in _CONSTRAINTS if key in schema]
    if schema.get("additionalProperties") is False:
        parts.append("no other keys")
    if schema.get("deprecated") is True:
        parts.append("deprecated")
    return "; ".join(parts)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
