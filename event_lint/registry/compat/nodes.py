"""A sub-schema together with where it is and how its ``$ref``s resolve."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import referencing
import referencing.exceptions
import referencing.jsonschema

from event_lint.registry.annotations import ANNOTATIONS
from event_lint.registry.dialects import DEFAULT_DIALECT, validator_class

if TYPE_CHECKING:  # the class is public API but only exported from its module
    from jsonschema.protocols import Validator
    from referencing._core import Resolver

_MAX_REF_HOPS = 64


class UnresolvableRef(Exception):
    def __init__(self, ref: str) -> None:
        super().__init__(ref)
        self.ref = ref


@dataclass(frozen=True)
class Node:
    """``schema`` is a dict or a bool; ``path`` is its JSON pointer ("" for the root, or the
    target of the ``$ref`` it was reached through)."""

    schema: Any
    path: str
    resolver: Resolver[Any]
    dialect: str  # the root's $schema: how its sub-schemas are read
    synthetic: bool = False  # built by the checker: its children keep its path

    @property
    def ref_only(self) -> bool:
        """Draft-07 and earlier: keywords beside a ``$ref`` are ignored."""
        return self.dialect.rstrip("#") in _REF_ONLY_DIALECTS

    @property
    def validator_class(self) -> type[Validator]:
        return validator_class(self.dialect)

    def child(self, key: str | int, *more: str | int) -> Node:
        schema = self.schema
        path = self.path
        for step in (key, *more):
            schema = schema[step]
            if not self.synthetic:
                path = f"{path}/{escape(str(step))}"
        return Node(schema, path, self._resolver_for(schema), self.dialect)

    def with_schema(self, schema: Any, *, synthetic: bool = False) -> Node:
        return Node(schema, self.path, self.resolver, self.dialect, synthetic)

    def get(self, key: str, default: Any = None) -> Any:
        return self.schema.get(key, default) if isinstance(self.schema, dict) else default

    def _resolver_for(self, schema: Any) -> Resolver[Any]:
        # A sub-schema with its own $id changes the base URI of the $refs inside it.
        if isinstance(schema, dict) and isinstance(schema.get("$id"), str):
            resource = referencing.jsonschema.DRAFT202012.create_resource(schema)
            return self.resolver.in_subresource(resource)
        return self.resolver


def root(
    schema: Any,
    refs: referencing.Registry[Any] | None = None,
    uri: str = "",
    dialect: str = DEFAULT_DIALECT,
) -> Node:
    """The whole schema, its ``$ref``s resolved against ``refs`` from ``uri`` (its own
    ``$id`` wins), read as its ``$schema`` says, else as ``dialect`` (the registry's)."""
    if isinstance(schema, dict) and isinstance(schema.get("$schema"), str):
        dialect = schema["$schema"]
    specification = referencing.jsonschema.specification_with(
        str(dialect), default=referencing.jsonschema.DRAFT202012
    )
    resource: referencing.Resource[Any] = specification.create_resource(schema)
    uri = resource.id() or uri
    registry = (refs or referencing.Registry()).with_resource(uri, resource)
    return Node(schema, "", registry.resolver(base_uri=uri), dialect)


_REF_ONLY_DIALECTS = frozenset(
    {
        "http://json-schema.org/draft-07/schema",
        "http://json-schema.org/draft-06/schema",
        "http://json-schema.org/draft-04/schema",
    }
)


def deref(node: Node) -> Node:
    """Follow ``$ref`` until a schema without one. Keywords next to a ``$ref`` are kept:
    merged into the target when they do not overlap, else both are combined with ``allOf``."""
    for _ in range(_MAX_REF_HOPS):
        schema = node.schema
        if not isinstance(schema, dict) or not isinstance(schema.get("$ref"), str):
            return node
        ref = schema["$ref"]
        try:
            resolved = node.resolver.lookup(ref)
        except referencing.exceptions.Unresolvable:
            raise UnresolvableRef(ref) from None
        siblings = {k: v for k, v in schema.items() if k != "$ref" and k not in ANNOTATIONS}
        target = resolved.contents
        path = ref[1:] if ref.startswith("#") else ref
        if not siblings or node.ref_only:
            node = Node(target, path, resolved.resolver, node.dialect)
        elif isinstance(target, dict) and not set(target) & set(siblings):
            node = Node({**target, **siblings}, path, resolved.resolver, node.dialect)
        else:
            return node.with_schema({"allOf": [{"$ref": ref}, siblings]})
    raise UnresolvableRef(str(node.schema.get("$ref")))


def escape(step: str) -> str:
    return step.replace("~", "~0").replace("/", "~1")


def canonical(value: Any) -> str:
    """One text per JSON value as JSON Schema compares them (1 == 1.0, key order ignored)."""
    return json.dumps(_normalise(value), sort_keys=True, separators=(",", ":"))


def differing_paths(old: Any, new: Any, pointer: str = "") -> list[str]:
    """JSON pointers of every place where two JSON documents differ, outermost first."""
    if isinstance(old, dict) and isinstance(new, dict):
        paths = []
        for key in [*old, *(k for k in new if k not in old)]:
            if key not in old or key not in new:
                paths.append(f"{pointer}/{escape(key)}")
            else:
                paths += differing_paths(old[key], new[key], f"{pointer}/{escape(key)}")
        return paths
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        return [
            p
            for i, (a, b) in enumerate(zip(old, new, strict=True))
            for p in differing_paths(a, b, f"{pointer}/{i}")
        ]
    return [] if canonical(old) == canonical(new) else [pointer]


def _normalise(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [_normalise(v) for v in value]
    if isinstance(value, dict):
        return {k: _normalise(v) for k, v in value.items()}
    return value


def validations(schema: Any) -> Any:
    """The schema without its annotations (for "is this the same constraint" comparisons)."""
    if isinstance(schema, dict):
        return {k: v for k, v in schema.items() if k not in ANNOTATIONS}
    return schema


def is_trivially_true(schema: Any) -> bool:
    return schema is True or (isinstance(schema, dict) and not validations(schema))


_MAX_INLINE_DEPTH = 32


class _TooDeep(Exception):
    pass


def resolved_text(node: Node) -> str | None:
    """The canonical text of a schema with every ``$ref`` inlined and annotations dropped at
    the top, so equal texts mean equal constraints; None when that cannot be told (a
    recursive or unresolvable ``$ref``): callers must then treat the schemas as different."""
    try:
        return canonical(validations(_inline(node.schema, node.resolver, 0)))
    except (_TooDeep, referencing.exceptions.Unresolvable):
        return None


def _inline(value: Any, resolver: Resolver[Any], depth: int) -> Any:
    if depth > _MAX_INLINE_DEPTH:
        raise _TooDeep
    if isinstance(value, list):
        return [_inline(v, resolver, depth + 1) for v in value]
    if not isinstance(value, dict):
        return value
    if isinstance(value.get("$ref"), str):
        resolved = resolver.lookup(value["$ref"])
        target = _inline(resolved.contents, resolved.resolver, depth + 1)
        siblings = {k: v for k, v in value.items() if k != "$ref" and k not in ANNOTATIONS}
        if not siblings:
            return target
        return {"allOf": [target, _inline(siblings, resolver, depth + 1)]}
    return {
        k: _inline(v, resolver, depth + 1)
        for k, v in value.items()
        if k not in ("$defs", "definitions")
    }
