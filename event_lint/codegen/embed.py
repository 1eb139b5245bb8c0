"""The schema documents a generated module embeds: each event version's schema and the
``_defs`` files it reaches, with the annotation keywords left out (they never reject)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urldefrag, urljoin

import referencing

from event_lint.registry.annotations import DESCRIPTIVE
from event_lint.registry.refs import BASE_URI

_SCHEMA_MAPS = frozenset(
    {"properties", "patternProperties", "$defs", "definitions", "dependentSchemas", "dependencies"}
)
_SCHEMA_LISTS = frozenset({"allOf", "anyOf", "oneOf", "prefixItems"})
_ONE_SCHEMA = frozenset(
    {
        "additionalProperties",
        "unevaluatedProperties",
        "propertyNames",
        "items",
        "additionalItems",
        "unevaluatedItems",
        "contains",
        "not",
        "if",
        "then",
        "else",
    }
)


def validation_only(schema: Any) -> Any:
    """``schema`` without its annotations, subschemas included; data (``const``, ``enum``,
    property names) is kept as it is."""
    if not isinstance(schema, dict):
        return schema
    out = {}
    for key, value in schema.items():
        if key in DESCRIPTIVE:
            continue
        if key in _SCHEMA_MAPS and isinstance(value, dict):
            value = {name: validation_only(sub) for name, sub in value.items()}
        elif key in _SCHEMA_LISTS and isinstance(value, list):
            value = [validation_only(sub) for sub in value]
        elif key in _ONE_SCHEMA:
            value = (
                [validation_only(sub) for sub in value]
                if isinstance(value, list)  # draft-07 tuple "items"
                else validation_only(value)
            )
        out[key] = value
    return out


def relative(uri: str) -> str:
    return uri.removeprefix(BASE_URI)


def reached_documents(
    uri: str, schema: Any, registry: referencing.Registry[Any]
) -> Iterator[tuple[str, Any]]:
    """(URI, schema) of every other registry document that ``schema``'s ``$ref``s reach."""
    seen = {uri}
    pending = [(uri, schema)]
    while pending:
        base, document = pending.pop()
        for ref in _refs(document):
            target = urldefrag(urljoin(base, ref)).url
            if target not in seen and target.startswith(BASE_URI) and target in registry:
                seen.add(target)
                contents = registry[target].contents
                pending.append((target, contents))
                yield target, contents


def _refs(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        if isinstance(value.get("$ref"), str):
            yield value["$ref"]
        for key, sub in value.items():
            if key not in ("const", "enum"):
                yield from _refs(sub)
    elif isinstance(value, list):
        for sub in value:
            yield from _refs(sub)
