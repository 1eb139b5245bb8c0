"""The JSON Schema keywords that never reject a value, in one place: compat compares
schemas without them, codegen embeds schemas without the descriptive ones."""

from __future__ import annotations

# What a schema tells a reader about a value.
DESCRIPTIVE = frozenset(
    {
        "title",
        "description",
        "examples",
        "default",
        "$comment",
        "deprecated",
        "readOnly",
        "writeOnly",
    }
)
# Every keyword that never changes which payloads validate: the descriptive ones, the
# content* annotations, and those that name a schema or hold definitions for ``$ref``s
# (which codegen must keep in what it embeds).
ANNOTATIONS = DESCRIPTIVE | frozenset(
    {
        "contentMediaType",
        "contentEncoding",
        "contentSchema",
        "$id",
        "$schema",
        "$anchor",
        "$dynamicAnchor",
        "$vocabulary",
        "$defs",
        "definitions",
    }
)
