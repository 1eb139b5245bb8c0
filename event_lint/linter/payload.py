"""Check an event's ``data`` as the code writes it against the event's JSON Schema.

The payload is only partly known (a dict literal whose values may be calls or
parameters), so this is partial evaluation: the schema is walked alongside the
known structure, and a finding is reported only when no completion of the unknown
parts could make the data valid. Keyword semantics on fully known values are left
to the real ``jsonschema`` validator, run on each value against the subschema's
value keywords only; the walk itself handles the applicators (``properties``,
``items``, ``$ref``, ``allOf``/``anyOf``/``oneOf``) so that each finding can point
at the exact key or value in the source (the tree of what is written is
``written_data.py``'s). Each finding is a neutral ``Mismatch``; the payload rules
(EL611 to EL614) each turn one kind into their diagnostics.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any, cast

import referencing
import referencing.exceptions
import referencing.jsonschema
from jsonschema.exceptions import ValidationError
from jsonschema.protocols import Validator
from jsonschema.validators import validator_for

from event_lint.linter.model import UNKNOWN, Located, Payload
from event_lint.linter.names import did_you_mean
from event_lint.linter.payload_problems import JsonPath, Mismatch, PayloadProblem
from event_lint.linter.written_data import (
    DataNode,
    data_tree,
    describe,
    is_known,
    json_text,
    shown_value,
)
from event_lint.registry.dialects import DEFAULT_DIALECT, validator_class
from event_lint.registry.dialects import FORMAT_CHECKER as REGISTRY_FORMATS

if TYPE_CHECKING:
    from referencing._core import Resolver as _Resolver  # not re-exported at the top

    Resolver = _Resolver[Any]


# Keywords that judge a value without applying subschemas: a fully known value is
# validated against these with the real validator.
_VALUE_KEYWORDS = frozenset(
    {
        "type", "enum", "const", "pattern", "format", "minimum", "maximum",
        "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "minLength", "maxLength",
        "minItems", "maxItems", "uniqueItems", "minProperties", "maxProperties",
        "dependentRequired",
    }
)  # fmt: skip
# The keywords an object's or array's size decides even when its members are unknown.
_SIZE_KEYWORDS = frozenset({"minItems", "maxItems", "minProperties", "maxProperties"})


# --- the walk ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Walk:
    """What stays the same during one payload's walk."""

    validator_class: type[Validator]

    @property
    def ref_hides_siblings(self) -> bool:
        """Before 2019-09, keywords beside a ``$ref`` are ignored."""
        return self.validator_class.META_SCHEMA.get("$schema", "") in _REF_ONLY_DIALECTS


_REF_ONLY_DIALECTS = frozenset(
    {
        "http://json-schema.org/draft-07/schema#",
        "http://json-schema.org/draft-06/schema#",
        "http://json-schema.org/draft-04/schema#",
        "http://json-schema.org/draft-03/schema#",
    }
)


def check_payload(
    payload: Payload,
    schema: Mapping[str, Any] | bool,
    resolver_registry: referencing.Registry[Any] | None = None,
    base_uri: str = "",
    dialect: str = DEFAULT_DIALECT,
) -> list[PayloadProblem]:
    """Every finding for ``payload`` against the event schema ``schema`` (of ``data``).

    ``resolver_registry`` and ``base_uri`` (``Registry.resolver_registry`` and
    ``Registry.schema_uri``) resolve ``$ref``s to the rest of the registry; a schema
    without ``$schema`` is read as ``dialect`` (``Registry.dialect``).
    """
    if not payload.known or schema is True:
        return []
    walk = _Walk(validator_for(schema, default=validator_class(dialect)))
    problems = list(
        _check(
            walk,
            data_tree(payload),
            schema,
            _resolver(schema, resolver_registry, base_uri, dialect),
            (),
        )
    )
    return sorted(set(problems), key=lambda p: (p.where.span, p.kind.value, p.detail))


def _resolver(
    schema: Mapping[str, Any] | bool,
    registry: referencing.Registry[Any] | None,
    base_uri: str,
    dialect: str,
) -> Resolver:
    registry = registry if registry is not None else referencing.Registry()
    own = schema.get("$schema", "") if isinstance(schema, Mapping) else ""
    resource = referencing.jsonschema.specification_with(str(own or dialect)).create_resource(
        schema
    )
    if base_uri and not (isinstance(schema, Mapping) and "$id" in schema):
        with_root: referencing.Registry[Any] = registry.with_resource(base_uri, resource)
        return with_root.resolver(base_uri)
    return registry.resolver_with_root(resource)


def _check(
    walk: _Walk, node: DataNode, schema: object, resolver: Resolver, path: JsonPath
) -> Iterator[PayloadProblem]:
    if schema is False:
        yield PayloadProblem(
            Mismatch.UNKNOWN_KEY if path else Mismatch.WRONG_TYPE,
            node.where,
            path,
            "false",
            "no value is allowed here",
        )
        return
    if not isinstance(schema, dict):
        return
    if "$id" in schema:
        resolver = resolver.in_subresource(
            referencing.jsonschema.DRAFT202012.create_resource(schema)
        )
    if "$ref" in schema:
        yield from _check_ref(walk, node, schema["$ref"], resolver, path)
        if walk.ref_hides_siblings:
            return
    for sub in schema.get("allOf", ()):
        yield from _check(walk, node, sub, resolver, path)
    for keyword in ("anyOf", "oneOf"):
        if keyword in schema:
            yield from _check_branches(walk, node, schema[keyword], resolver, path)
    yield from _check_value(walk, node, schema, path)
    if node.kind == "object":
        yield from _check_object(walk, node, schema, resolver, path)
    elif node.kind == "array":
        yield from _check_array(walk, node, schema, resolver, path)


def _check_ref(
    walk: _Walk, node: DataNode, ref: object, resolver: Resolver, path: JsonPath
) -> Iterator[PayloadProblem]:
    if not isinstance(ref, str):
        return
    try:
        resolved = resolver.lookup(ref)
    except referencing.exceptions.Unresolvable:
        return  # the registry reports broken refs; here nothing is known about the value
    yield from _check(walk, node, resolved.contents, resolved.resolver, path)


def _check_branches(
    walk: _Walk, node: DataNode, branches: list[Any], resolver: Resolver, path: JsonPath
) -> Iterator[PayloadProblem]:
    """anyOf/oneOf: report only when no branch can match the known parts. Whether two
    branches match at once depends on the unknown parts, so oneOf is read as anyOf."""
    outcomes = [list(_check(walk, node, branch, resolver, path)) for branch in branches]
    if not outcomes or any(not problems for problems in outcomes):
        return
    if all(
        len(problems) == 1 and problems[0].keyword == "type" and problems[0].path == path
        for problems in outcomes
    ):
        # The common "string or null" case: one message naming every type allowed.
        expected = " or ".join(_expected_part(problems[0].detail) for problems in outcomes)
        yield PayloadProblem(
            Mismatch.WRONG_TYPE,
            node.where,
            path,
            "type",
            f"expected {expected}, got {describe(node)}",
        )
        return
    yield from min(outcomes, key=len)


def _check_value(
    walk: _Walk, node: DataNode, schema: dict[str, Any], path: JsonPath
) -> Iterator[PayloadProblem]:
    """The value keywords: on the whole value when it is fully known, else on what is
    known of it (its type, its size)."""
    local = {key: schema[key] for key in _VALUE_KEYWORDS if key in schema}
    if not local:
        return
    probe = _probe(node, local)
    if probe is UNKNOWN:
        return
    if probe is not node.value:
        local = {
            key: value for key, value in local.items() if key == "type" or key in _SIZE_KEYWORDS
        }
    validator = walk.validator_class(local, format_checker=REGISTRY_FORMATS)
    for error in validator.iter_errors(cast(Any, probe)):
        if not error.path:  # deeper members are checked on their own nodes
            yield _problem_from_error(error, node, path)


def _probe(node: DataNode, local: dict[str, Any]) -> object:
    """The value to validate: the node's own value when fully known; otherwise a
    stand-in of the same type (and size), or UNKNOWN when even the type is unknown."""
    if is_known(node.value):
        return node.value
    if node.kind == "object":
        return {key: None for key in node.keys} if node.complete else {}
    if node.kind == "array":
        return [None] * len(node.items) if node.complete else []
    # A float may be integral (1.0 is a valid integer), so only exact types stand in.
    stand_in = {"str": "", "bool": False, "int": 0, "dict": {}, "list": []}
    return stand_in.get(node.python_type or "", UNKNOWN)


def _check_object(
    walk: _Walk, node: DataNode, schema: dict[str, Any], resolver: Resolver, path: JsonPath
) -> Iterator[PayloadProblem]:
    if node.complete:
        for key in schema.get("required", ()):
            if key not in node.keys:
                yield PayloadProblem(
                    Mismatch.MISSING_KEY,
                    node.where,
                    path,
                    "required",
                    f'missing required key "{key}"',
                )
    properties: dict[str, Any] = schema.get("properties", {})
    patterns: dict[str, Any] = schema.get("patternProperties", {})
    for key, (key_where, child) in node.keys.items():
        subschemas = [properties[key]] if key in properties else []
        subschemas += [sub for pattern, sub in patterns.items() if _search(pattern, key)]
        if not subschemas and "additionalProperties" in schema:
            if schema["additionalProperties"] is False:
                yield _unknown_key(key, key_where, path, set(properties), "additionalProperties")
                continue
            subschemas = [schema["additionalProperties"]]
        for sub in subschemas:
            yield from _check(walk, child, sub, resolver, (*path, key))
    if schema.get("unevaluatedProperties") is False:
        # What the schema's in-place applicators could evaluate, over-approximated (every
        # branch counts, valid or not), so a key is reported only when nothing could.
        declared, declared_patterns = _evaluated_keys(schema, resolver)
        if _ANY_KEY not in declared:
            for key, (key_where, _) in node.keys.items():
                if key not in declared and not any(_search(p, key) for p in declared_patterns):
                    yield _unknown_key(key, key_where, path, declared, "unevaluatedProperties")


def _unknown_key(
    key: str, key_where: Located, path: JsonPath, allowed: set[str], keyword: str
) -> PayloadProblem:
    # Keys are short: "amount" for "amountCents" scores 0.71, so the bar is lower than
    # for event names.
    suggestion = did_you_mean(key, sorted(allowed), cutoff=0.6)
    hint = f' (did you mean "{suggestion}"?)' if suggestion else ""
    detail = f"key not in the schema{hint}"
    return PayloadProblem(Mismatch.UNKNOWN_KEY, key_where, (*path, key), keyword, detail)


_ANY_KEY = "*"  # stands for "every key may be evaluated"
# In-place applicators whose annotations unevaluatedProperties sees.
_IN_PLACE = ("allOf", "anyOf", "oneOf")
_IN_PLACE_ONE = ("if", "then", "else")


def _evaluated_keys(
    schema: object, resolver: Resolver, depth: int = 0, top: bool = True
) -> tuple[set[str], set[str]]:
    """(property names, patterns) the schema and its in-place applicators may evaluate;
    ``_ANY_KEY`` among the names when any key may be (additionalProperties, a nested
    unevaluatedProperties, $dynamicRef, a $ref that does not resolve)."""
    if not isinstance(schema, dict) or depth > 20:
        return set(), set()
    keys = set(schema.get("properties", {}))
    patterns = set(schema.get("patternProperties", {}))
    opaque = ("additionalProperties", "$dynamicRef", "$recursiveRef")
    if any(k in schema for k in opaque) or (not top and "unevaluatedProperties" in schema):
        return keys | {_ANY_KEY}, patterns
    subschemas: list[tuple[object, Resolver]] = [
        (sub, resolver) for keyword in _IN_PLACE for sub in schema.get(keyword, ())
    ]
    subschemas += [(schema[k], resolver) for k in _IN_PLACE_ONE if k in schema]
    for keyword in ("dependentSchemas", "dependencies"):
        dependents = schema.get(keyword, {})
        subschemas += [(sub, resolver) for sub in dependents.values() if isinstance(sub, dict)]
    ref = schema.get("$ref")
    if isinstance(ref, str):
        try:
            resolved = resolver.lookup(ref)
        except referencing.exceptions.Unresolvable:
            return keys | {_ANY_KEY}, patterns
        subschemas.append((resolved.contents, resolved.resolver))
    for sub, sub_resolver in subschemas:
        more_keys, more_patterns = _evaluated_keys(sub, sub_resolver, depth + 1, top=False)
        keys |= more_keys
        patterns |= more_patterns
    return keys, patterns


def _check_array(
    walk: _Walk, node: DataNode, schema: dict[str, Any], resolver: Resolver, path: JsonPath
) -> Iterator[PayloadProblem]:
    if not node.complete:
        return
    items = schema.get("items")
    if "prefixItems" in schema:
        prefix, rest = list(schema["prefixItems"]), items
    elif isinstance(items, list):  # draft 4-7 tuple form
        prefix, rest = items, schema.get("additionalItems")
    else:
        prefix, rest = [], items
    for index, item in enumerate(node.items):
        sub = prefix[index] if index < len(prefix) else rest
        if sub is not None:
            yield from _check(walk, item, sub, resolver, (*path, index))


# --- messages ---------------------------------------------------------------------------


def _problem_from_error(error: ValidationError, node: DataNode, path: JsonPath) -> PayloadProblem:
    keyword = str(error.validator)
    expected = error.validator_value
    if keyword == "type":
        return PayloadProblem(
            Mismatch.WRONG_TYPE,
            node.where,
            path,
            keyword,
            f"expected {_type_list(expected)}, got {describe(node)}",
        )
    return PayloadProblem(
        Mismatch.CONSTRAINT,
        node.where,
        path,
        keyword,
        _constraint_detail(keyword, expected, node, error),
    )


def _constraint_detail(keyword: str, expected: Any, node: DataNode, error: ValidationError) -> str:
    got = shown_value(node)
    size = len(node.items) if node.kind == "array" else len(node.keys)
    details = {
        "enum": lambda: f"{got} is not one of {', '.join(json_text(v) for v in expected)}",
        "const": lambda: f"expected {json_text(expected)}, got {got}",
        "pattern": lambda: f"{got} does not match the pattern {json_text(expected)}",
        "format": lambda: f"{got} is not a valid {expected}",
        "minimum": lambda: f"{got} is less than the minimum {json_text(expected)}",
        "maximum": lambda: f"{got} is greater than the maximum {json_text(expected)}",
        "exclusiveMinimum": lambda: f"{got} must be greater than {json_text(expected)}",
        "exclusiveMaximum": lambda: f"{got} must be less than {json_text(expected)}",
        "multipleOf": lambda: f"{got} is not a multiple of {json_text(expected)}",
        "minLength": lambda: f"{got} is shorter than {expected} characters",
        "maxLength": lambda: f"{got} is longer than {expected} characters",
        "minItems": lambda: f"{size} items, fewer than the minimum {expected}",
        "maxItems": lambda: f"{size} items, more than the maximum {expected}",
        "minProperties": lambda: f"{size} keys, fewer than the minimum {expected}",
        "maxProperties": lambda: f"{size} keys, more than the maximum {expected}",
    }
    describe = details.get(keyword)
    return describe() if describe else error.message


def _expected_part(type_detail: str) -> str:
    """``string`` from ``expected string, got ...`` (a detail this module wrote)."""
    return type_detail.split(", got ", 1)[0].removeprefix("expected ")


def _type_list(expected: object) -> str:
    return " or ".join(expected) if isinstance(expected, list) else str(expected)


@cache
def _compiled(pattern: str) -> re.Pattern[str] | None:
    try:
        return re.compile(pattern)
    except re.error:
        return None


def _search(pattern: str, text: str) -> bool:
    compiled = _compiled(pattern)
    return compiled is not None and compiled.search(text) is not None
