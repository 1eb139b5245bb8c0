"""What one schema's keywords say, read on their own (types, listed values, required names,
whether two schemas can share a value), and how a payload location is written.

The keyword families of the walk (``scalars``, ``objects``, ``arrays``, ``combinators``) and
the walker itself read schemas through these.
"""

from __future__ import annotations

import json
from typing import Any

from jsonschema.protocols import Validator
from jsonschema.validators import validator_for

from event_lint.registry.compat.model import InstancePath
from event_lint.registry.compat.nodes import Node, canonical, resolved_text
from event_lint.registry.dialects import FORMAT_CHECKER

_ALL_TYPES = frozenset({"null", "boolean", "object", "array", "string", "integer", "number"})


def where(at: InstancePath) -> str:
    """A payload location as users write it: data, data.items[0].price."""
    text = "data"
    for step in at:
        text += f"[{step}]" if isinstance(step, int) else f".{step}"
    return text


def json_text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def optional_text(value: Any) -> str:
    return "(none)" if value is None else json_text(value)


def types_of(value: Any) -> frozenset[str]:
    """The types a ``type`` keyword allows ("number" includes "integer"; absent: all)."""
    if value is None:
        return _ALL_TYPES
    types = {value} if isinstance(value, str) else set(value)
    if "number" in types:
        types.add("integer")
    return frozenset(types)


def shared_types(old: Node, new: Node) -> frozenset[str]:
    return types_of(old.get("type")) & types_of(new.get("type"))


def allowed_values(schema: dict[str, Any]) -> dict[str, Any] | None:
    """canonical text -> value for const/enum; None when the values are not limited."""
    values: dict[str, Any] | None = None
    if "enum" in schema and isinstance(schema["enum"], list):
        values = {canonical(v): v for v in schema["enum"]}
    if "const" in schema:
        const = {canonical(schema["const"]): schema["const"]}
        values = const if values is None else {k: v for k, v in values.items() if k in const}
    return values


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def required(schema: dict[str, Any], name: str) -> bool:
    names = schema.get("required", [])
    return isinstance(names, list) and name in names


def same_keyword(old: Node, new: Node, keyword: str) -> bool:
    """Both schemas hold the same constraint under ``keyword`` (``$ref``s followed)."""
    if keyword not in old.schema or keyword not in new.schema:
        return keyword not in old.schema and keyword not in new.schema
    before = resolved_text(old.child(keyword))
    return before is not None and before == resolved_text(new.child(keyword))


def disjoint(first: Any, second: Any) -> bool:
    """True when no value can match both schemas (by type, by values, or by a required
    discriminator property whose values differ)."""
    if not isinstance(first, dict) or not isinstance(second, dict):
        return False
    if not types_of(first.get("type")) & types_of(second.get("type")):
        return True
    one, two = allowed_values(first), allowed_values(second)
    if one is not None and two is not None and not set(one) & set(two):
        return True
    for name, schema in first.get("properties", {}).items():
        other = second.get("properties", {}).get(name)
        both_required = required(first, name) and required(second, name)
        if other is not None and both_required and disjoint(schema, other):
            return True
    return False


def validator_at(node: Node) -> Validator:
    """A validator of the sub-schema ``node``, its ``$ref``s resolved from where it sits."""
    cls = validator_for(node.schema, default=node.validator_class)
    # evolve(_resolver=...) is how jsonschema descends into a sub-schema: its $refs
    # resolve from where it sits in its document.
    validator = cls(node.schema, format_checker=FORMAT_CHECKER)
    return validator.evolve(schema=node.schema, _resolver=node.resolver)
