"""Inferring a first schema from one example payload (``event-registry new --from-example``).

The result is deliberately strict, so the author loosens it knowingly: every key seen is
required, every object is closed, array items are merged into one schema.
"""

from __future__ import annotations

import re
from typing import Any

from event_lint.registry.dialects import DEFAULT_DIALECT, is_date_time

SCAFFOLD_DESCRIPTION = "TODO: what happened, and who sends this event."
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def scaffold_schema() -> dict[str, Any]:
    """The first version of an event with no example: a closed, empty object."""
    return {
        "$schema": DEFAULT_DIALECT,
        "description": SCAFFOLD_DESCRIPTION,
        "type": "object",
        "properties": {},
        "required": [],
        "additionalProperties": False,
    }


def infer_event_schema(data: dict[str, Any]) -> dict[str, Any]:
    return {"$schema": DEFAULT_DIALECT, "description": SCAFFOLD_DESCRIPTION, **infer(data)}


def infer(value: Any) -> dict[str, Any]:
    if isinstance(value, dict):
        return _object({k: infer(v) for k, v in value.items()}, list(value))
    if isinstance(value, list):
        items = [infer(item) for item in value]
        return {"type": "array", "items": _merge_all(items) if items else {}}
    if isinstance(value, str):
        return _string(value)
    return {"type": _scalar_type(value)}


def _object(properties: dict[str, dict[str, Any]], required: list[str]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


def _string(value: str) -> dict[str, Any]:
    if is_date_time(value) and "T" in value.upper():
        return {"type": "string", "format": "date-time"}
    if _EMAIL.match(value):
        return {"type": "string", "format": "email"}
    return {"type": "string"}


def _scalar_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):  # before int: bool is an int in Python
        return "boolean"
    return "integer" if isinstance(value, int) else "number"


def _merge_all(schemas: list[dict[str, Any]]) -> dict[str, Any]:
    merged = schemas[0]
    for schema in schemas[1:]:
        merged = _merge(merged, schema)
    return merged


def _merge(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """One schema that accepts what either accepts (keys in every object stay required)."""
    if a == b:
        return a
    if a.get("type") == b.get("type") == "object":
        keys = list(a["properties"]) + [k for k in b["properties"] if k not in a["properties"]]
        properties = {
            k: _merge(a["properties"][k], b["properties"][k])
            if k in a["properties"] and k in b["properties"]
            else a["properties"].get(k, b["properties"].get(k, {}))
            for k in keys
        }
        required = [k for k in a["required"] if k in b["required"]]
        return _object(properties, required)
    if a.get("type") == b.get("type") == "array":
        if not (a["items"] and b["items"]):  # {} is an empty example array: nothing known
            return {"type": "array", "items": a["items"] or b["items"]}
        return {"type": "array", "items": _merge(a["items"], b["items"])}
    if a.get("type") == b.get("type") == "string":
        return {"type": "string"}  # formats disagree
    if {a.get("type"), b.get("type")} == {"integer", "number"}:
        return {"type": "number"}
    return {"anyOf": _alternatives(a) + [s for s in _alternatives(b) if s not in _alternatives(a)]}


def _alternatives(schema: dict[str, Any]) -> list[dict[str, Any]]:
    return list(schema["anyOf"]) if "anyOf" in schema else [schema]
