"""``$ref`` inside the registry: URIs for files, a retrieve that refuses everything else,
and the load-time checks for remote refs, dangling refs and ref cycles.

Every schema file gets a URI under ``BASE_URI`` made from its path relative to the registry
root, so relative refs (``../../_defs/money.json#/$defs/cents``) resolve like paths. The
host is under ``.invalid`` (RFC 2606): it can never reach a network, and nothing fetches.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urldefrag, urljoin

import referencing
import referencing.jsonschema
from referencing.exceptions import NoSuchAnchor, PointerToNowhere, Unresolvable

from event_lint.registry.dialects import DEFAULT_DIALECT, json_pointer
from event_lint.registry.errors import RegistryError

if TYPE_CHECKING:
    from referencing._core import Resolver

BASE_URI = "https://registry.event-lint.invalid/"

# Keywords whose value is data, never a schema: a "$ref" key inside them is not a reference.
_DATA_KEYWORDS = frozenset({"const", "enum", "examples", "default"})
# Keywords whose value maps arbitrary names (property names, definition names) to schemas.
_NAMED_SCHEMAS = frozenset(
    {"properties", "patternProperties", "$defs", "definitions", "dependentSchemas"}
)
# Applicators that evaluate a subschema against the same instance: a cycle through only these
# (and $ref) never moves into the data, so validation would recurse forever.
_IN_PLACE_ONE = ("not", "if", "then", "else")
_IN_PLACE_MANY = ("allOf", "anyOf", "oneOf")
# Dynamic references resolve at validation time, through the path the validator took: no
# load-time check can prove them finite or inside the registry, so they are refused.
_DYNAMIC = ("$dynamicRef", "$dynamicAnchor", "$recursiveRef", "$recursiveAnchor")
# Refs that follow each other without moving into the data: a longer chain is refused, so
# validation never nests deeper than the data times this.
MAX_REF_CHAIN = 16


def uri_for(relative_path: str) -> str:
    return BASE_URI + relative_path


def resolver_registry(
    files: Iterator[tuple[str, dict[str, Any]]], dialect: str = DEFAULT_DIALECT
) -> referencing.Registry[Any]:
    """A referencing registry of every (relative path, schema) given, a schema without
    ``$schema`` read as ``dialect``. It keeps referencing's default retrieve, which refuses
    every URI: every file a ref may reach is registered here, up front and already
    checked, so nothing is read lazily and nothing is fetched."""
    registry: referencing.Registry[Any] = referencing.Registry()
    registry = registry.with_resources(
        (uri_for(path), resource(schema, dialect)) for path, schema in files
    )
    return registry.crawl()


def resource(schema: dict[str, Any], dialect: str = DEFAULT_DIALECT) -> referencing.Resource[Any]:
    return referencing.Resource.from_contents(
        schema, default_specification=referencing.jsonschema.specification_with(dialect)
    )


@dataclass(frozen=True)
class _Ref:
    pointer: str  # where the $ref keyword sits in its file
    ref: str
    keyword: str  # "$ref", or one of the refused dynamic keywords
    base_uri: str  # the base URI in scope at that place
    resolver: Resolver[Any]


def check_refs(
    where: str, schema: dict[str, Any], uri: str, registry: referencing.Registry[Any]
) -> None:
    """Raise on the first dynamic, remote, dangling or cyclic ``$ref`` in the schema file at
    ``uri``, or on a chain of more than MAX_REF_CHAIN refs."""
    refs = list(_refs_in(schema, [], uri, registry.resolver(uri)))
    for found in refs:
        if found.keyword != "$ref":
            raise RegistryError(
                f"{where}: {found.keyword} at {found.pointer} is not supported: "
                "dynamic references are resolved while validating and cannot be checked "
                "(use $ref)"
            )
    for found in refs:
        _check_target(where, found)
    longest: dict[int, int] = {}
    for found in refs:
        _check_cycle(where, found, longest)


def referenced_files(schema: dict[str, Any], relative_path: str) -> set[str]:
    """The registry-relative paths of the other files that ``$ref``s in the schema file at
    ``relative_path`` point to (read from the refs alone, nothing resolved)."""
    uri = uri_for(relative_path)
    paths = set()
    for found in _refs_in(schema, [], uri, referencing.Registry().resolver(uri)):
        if found.keyword != "$ref":
            continue
        target, _ = urldefrag(urljoin(found.base_uri, found.ref))
        if target.startswith(BASE_URI) and target != uri:
            paths.add(target[len(BASE_URI) :])
    return paths


def _refs_in(
    node: Any, path: list[str | int], base_uri: str, resolver: Resolver[Any]
) -> Iterator[_Ref]:
    if isinstance(node, list):
        for index, item in enumerate(node):
            yield from _refs_in(item, [*path, index], base_uri, resolver)
        return
    if not isinstance(node, dict):
        return
    if isinstance(node.get("$id"), str):
        base_uri = urljoin(base_uri, node["$id"])
        resolver = resolver.in_subresource(resource(node))
    for key, value in node.items():
        if key == "$ref" and isinstance(value, str):
            yield _Ref(json_pointer([*path, key]), value, key, base_uri, resolver)
        elif key in _DYNAMIC:
            yield _Ref(json_pointer([*path, key]), str(value), key, base_uri, resolver)
        elif key in _NAMED_SCHEMAS and isinstance(value, dict):
            for name, sub in value.items():
                yield from _refs_in(sub, [*path, key, name], base_uri, resolver)
        elif key not in _DATA_KEYWORDS:
            yield from _refs_in(value, [*path, key], base_uri, resolver)


def _check_target(where: str, found: _Ref) -> None:
    target, _ = urldefrag(urljoin(found.base_uri, found.ref))
    if not found.ref.startswith("#") and not target.startswith(BASE_URI):
        raise RegistryError(
            f"{where}: remote $ref {found.ref!r} at {found.pointer}: "
            "refs must point inside the registry (nothing is fetched)"
        )
    try:
        found.resolver.lookup(found.ref)
    except (PointerToNowhere, NoSuchAnchor):
        raise RegistryError(
            f"{where}: dangling $ref {found.ref!r} at {found.pointer}: "
            "no such location in the target schema"
        ) from None
    except Unresolvable:
        raise RegistryError(
            f"{where}: dangling $ref {found.ref!r} at {found.pointer}: "
            "no such schema in the registry"
        ) from None


def _check_cycle(where: str, start: _Ref, longest: dict[int, int]) -> None:
    """Raise on a cycle or an over-long chain of in-place refs from ``start``. ``longest``
    remembers, per target already walked, its longest chain of in-place refs."""
    chain: list[str] = []
    on_path: set[int] = set()

    def too_long() -> RegistryError:
        return RegistryError(
            f"{where}: $ref chain at {start.pointer} is longer than {MAX_REF_CHAIN} refs: "
            f"{chain[0]} -> ... -> {chain[-1]}"
        )

    def visit(ref: str, resolver: Resolver[Any]) -> int:
        chain.append(ref)
        try:
            resolved = resolver.lookup(ref)
        except Unresolvable:  # a ref inside another file, not yet checked on its own
            raise RegistryError(
                f"{where}: dangling $ref {ref!r} reached from {start.pointer} "
                f"({' -> '.join(chain)}): no such schema in the registry"
            ) from None
        target = resolved.contents
        if id(target) in on_path:
            raise RegistryError(f"{where}: $ref cycle at {start.pointer}: {' -> '.join(chain)}")
        if len(chain) > MAX_REF_CHAIN:
            raise too_long()
        if isinstance(target, dict) and id(target) not in longest:
            on_path.add(id(target))
            below = [visit(n, r) for n, r in _in_place_refs(target, resolved.resolver)]
            on_path.discard(id(target))
            longest[id(target)] = max(below, default=0)
        length = 1 + longest.get(id(target), 0)
        if len(chain) - 1 + length > MAX_REF_CHAIN:
            raise too_long()
        chain.pop()
        return length

    visit(start.ref, start.resolver)


def _in_place_refs(
    node: dict[str, Any], resolver: Resolver[Any]
) -> Iterator[tuple[str, Resolver[Any]]]:
    """The refs evaluated against the same instance as ``node`` itself."""
    if isinstance(node.get("$id"), str):
        resolver = resolver.in_subresource(resource(node))
    if isinstance(node.get("$ref"), str):
        yield node["$ref"], resolver
    subschemas = [node[k] for k in _IN_PLACE_ONE if k in node]
    for key in _IN_PLACE_MANY:
        if isinstance(node.get(key), list):
            subschemas.extend(node[key])
    if isinstance(node.get("dependentSchemas"), dict):
        subschemas.extend(node["dependentSchemas"].values())
    for sub in subschemas:
        if isinstance(sub, dict):
            yield from _in_place_refs(sub, resolver)
