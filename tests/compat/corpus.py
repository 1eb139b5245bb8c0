"""Schema pairs for the evolution oracle: hand-written cases per keyword, and pairs built by
mutating one place of a generated event schema with Hypothesis."""

from __future__ import annotations

import contextlib
import copy
from collections.abc import Callable, Iterator
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

Schema = dict[str, Any]
Pair = tuple[Any, Any]

S: Schema = {"type": "string"}
N: Schema = {"type": "number"}
INT: Schema = {"type": "integer"}
B: Schema = {"type": "boolean"}
NULL: Schema = {"type": "null"}


def obj(props: Schema, required: tuple[str, ...] = (), **more: Any) -> Schema:
    schema: Schema = {"type": "object", "properties": props, **more}
    if required:
        schema["required"] = list(required)
    return schema


def at(schema: Any) -> Schema:
    """An event's data holding ``schema`` at the required key ``f``."""
    return obj({"f": schema}, ("f",))


# -- hand-written: the issue's cases first, then one family per keyword ----------------------

ISSUE_CASES: list[Pair] = [
    ({"type": "string", "maxLength": 50}, {"anyOf": [S, NULL]}),
    (S, {"oneOf": [N, S]}),
    ({"allOf": [S]}, {"anyOf": [S, N]}),
    ({"oneOf": [{"type": "string", "maxLength": 5}]}, {"oneOf": [B, N, {**S, "maxLength": 8}]}),
    ({"allOf": [S]}, {"allOf": [S, S]}),
    (
        {"additionalProperties": False, "properties": {"foo": False}},
        {"additionalProperties": False},
    ),
    ({"not": N}, {"not": INT}),
    (
        {"type": "array", "contains": S, "minContains": 2},
        {"type": "array", "contains": S, "minContains": 1},
    ),
    ({"type": "array", "contains": S, "minContains": 2}, {"type": "array", "contains": S}),
    (
        {"prefixItems": [S, N, N], "unevaluatedItems": S},
        {"prefixItems": [S, N], "unevaluatedItems": S},
    ),
    (
        {"type": "object", "additionalProperties": S},
        {"type": "object", "properties": {"a": INT}, "additionalProperties": S},
    ),
    (
        {"type": "object", "properties": {"a": INT}, "additionalProperties": S},
        {"type": "object", "additionalProperties": S},
    ),
    ({"type": "object", "additionalProperties": S}, {"type": "object", "additionalProperties": N}),
    ({"oneOf": [B, N]}, {"oneOf": [B, N, True]}),
    (
        {"oneOf": [obj({"k": {"const": "a"}}, ("k",)), obj({"k": {"const": "b"}}, ("k",))]},
        {"oneOf": [obj({"k": {"const": "a"}}, ("k",)), obj({"k": S}, ("k",))]},
    ),
    (
        {"type": "object", "properties": {"a": S}, "unevaluatedProperties": False},
        {"type": "object", "properties": {"a": S, "b": S}, "unevaluatedProperties": False},
    ),
    (
        {"type": "object", "properties": {"a": S}, "unevaluatedProperties": N},
        {"type": "object", "properties": {"a": S}, "unevaluatedProperties": S},
    ),
]

_LEAVES: list[Schema] = [
    S,
    N,
    INT,
    B,
    NULL,
    {},
    {"type": ["string", "null"]},
    {"enum": ["a", "b"]},
    {"enum": ["a", "b", "c"]},
    {"const": "a"},
    {"const": 1},
    {**S, "minLength": 1},
    {**S, "maxLength": 3},
    {**S, "maxLength": 5},
    {**S, "pattern": "^a"},
    {**S, "pattern": "^[ab]+$"},
    {**S, "format": "date"},
    {**S, "format": "email"},
    {**N, "minimum": 0},
    {**N, "maximum": 10},
    {**N, "exclusiveMinimum": 0},
    {**INT, "multipleOf": 2},
    {**INT, "multipleOf": 4},
    {"type": "array", "items": S},
    {"type": "array", "items": INT, "uniqueItems": True},
    {"type": "array", "items": S, "maxItems": 2},
    {"type": "array", "prefixItems": [S, INT]},
    {"type": "array", "contains": INT},
    {"type": "object", "additionalProperties": S},
    {"type": "object", "propertyNames": {"maxLength": 2}},
    {"type": "object", "patternProperties": {"^a": INT}},
    {"type": "object", "minProperties": 1},
    {"anyOf": [S, NULL]},
    {"oneOf": [S, INT]},
    {"allOf": [{**S, "minLength": 1}]},
    {"not": S},
    {"if": S, "then": {"minLength": 2}},
    True,
    False,
]


def keyword_cases() -> list[Pair]:
    """Each leaf against every other leaf of the other parity (half the pairs, both ways),
    as a required property."""
    cases: list[Pair] = []
    for i, old in enumerate(_LEAVES):
        for j, new in enumerate(_LEAVES):
            if (i + j) % 2:
                cases.append((at(old), at(new)))
    return cases


def object_cases() -> list[Pair]:
    cases: list[Pair] = []
    models: list[Schema] = [
        {},
        {"additionalProperties": False},
        {"additionalProperties": S},
        {"additionalProperties": INT},
        {"patternProperties": {"^b": INT}},
        {"unevaluatedProperties": False},
        {"propertyNames": {"pattern": "^[ab]$"}},
    ]
    bodies: list[tuple[Schema, tuple[str, ...]]] = [
        ({"a": S}, ()),
        ({"a": S}, ("a",)),
        ({"a": S, "b": INT}, ()),
        ({"a": S, "b": INT}, ("b",)),
        ({"a": S, "b": {**INT, "default": 0}}, ("b",)),
        ({"a": S, "b": S}, ()),
    ]
    for model_old in models:
        for model_new in models:
            for props_old, req_old in bodies:
                for props_new, req_new in bodies:
                    old = obj(props_old, req_old, **model_old)
                    new = obj(props_new, req_new, **model_new)
                    if old != new and (model_old == model_new or props_old == props_new):
                        cases.append((old, new))
    return cases


D7 = "http://json-schema.org/draft-07/schema#"


def reference_cases() -> list[Pair]:
    """$ref (moved, changed, draft-07 siblings ignored), if/then/else, dependentSchemas."""
    defs = {"d": {**S, "maxLength": 3}}
    ref = {"$ref": "#/$defs/d"}
    d7 = {"$schema": D7, "definitions": {"d": S}}
    d7_ref = {"$ref": "#/definitions/d"}
    schemas: list[Any] = [
        {"$defs": defs, **at(ref)},
        {"$defs": {"d": S}, **at(ref)},
        at({**S, "maxLength": 3}),
        {"$defs": defs, **at({**ref, "minLength": 1})},
        {**d7, **at({**d7_ref, "maxLength": 1})},
        {**d7, **at({**d7_ref, "maxLength": 5})},
        {**d7, **at(d7_ref)},
        at({"if": INT, "then": {"minimum": 0}, "else": S}),
        at({"if": INT, "then": {"minimum": 1}, "else": S}),
        at({"if": INT, "then": {"minimum": 0}}),
        at({"if": S, "then": {"minimum": 0}, "else": S}),
        obj({"a": S, "b": S}, dependentSchemas={"a": {"required": ["b"]}}),
        obj({"a": S, "b": S}, dependentSchemas={"a": {"properties": {"b": {"maxLength": 1}}}}),
        obj({"a": S, "b": S}),
    ]
    return [(old, new) for old in schemas for new in schemas if old is not new]


def hand_cases() -> list[Pair]:
    from compat.test_table import ROWS  # the COMPAT.md table, row by row

    rows = [(row.old, row.new) for row in ROWS]
    return [*ISSUE_CASES, *rows, *reference_cases(), *keyword_cases(), *object_cases()]


# -- generated: one mutation of a generated schema ------------------------------------------

_KEYS = ["a", "b", "c"]
leaf_strategy = st.sampled_from(_LEAVES)


def schemas() -> st.SearchStrategy[Any]:
    def extend(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
        return st.one_of(
            st.builds(
                obj,
                st.dictionaries(st.sampled_from(_KEYS), children, min_size=1, max_size=3),
                st.lists(st.sampled_from(_KEYS), max_size=2, unique=True).map(tuple),
            ),
            st.builds(lambda c: {"type": "array", "items": c}, children),
            st.builds(lambda bs: {"anyOf": bs}, st.lists(children, min_size=1, max_size=3)),
            st.builds(lambda bs: {"oneOf": bs}, st.lists(children, min_size=1, max_size=3)),
        )

    return st.recursive(leaf_strategy, extend, max_leaves=5)


def _places(schema: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """The path of every sub-schema (inside properties, items, anyOf, oneOf, allOf, not)."""
    yield path
    if not isinstance(schema, dict):
        return
    for name, sub in schema.get("properties", {}).items():
        yield from _places(sub, (*path, "properties", name))
    for keyword in ("items", "additionalProperties", "not"):
        if isinstance(schema.get(keyword), dict):
            yield from _places(schema[keyword], (*path, keyword))
    for keyword in ("anyOf", "oneOf", "allOf", "prefixItems"):
        for index, sub in enumerate(schema.get(keyword, [])):
            yield from _places(sub, (*path, keyword, index))


def _replace(schema: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    result = copy.deepcopy(schema)
    container = result
    for step in path[:-1]:
        container = container[step]
    container[path[-1]] = value
    return result


def _get(schema: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        schema = schema[step]
    return schema


Mutation = Callable[[Any, Any], Any]  # (sub-schema, a drawn leaf) -> new sub-schema


def _with(key: str, value: Any) -> Mutation:
    return lambda s, _leaf: {**s, key: value} if isinstance(s, dict) else s


def _without(key: str) -> Mutation:
    return lambda s, _leaf: {k: v for k, v in s.items() if k != key} if isinstance(s, dict) else s


def _shift(key: str, by: int) -> Mutation:
    def apply(s: Any, _leaf: Any) -> Any:
        if isinstance(s, dict) and isinstance(s.get(key), int) and not isinstance(s[key], bool):
            return {**s, key: max(s[key] + by, 0)}
        return {**s, key: 1} if isinstance(s, dict) else s

    return apply


def _first_branch(s: Any, _leaf: Any) -> Any:
    for keyword in ("anyOf", "oneOf", "allOf"):
        if isinstance(s, dict) and s.get(keyword):
            return s[keyword][0]
    return s


def _drop_branch(s: Any, _leaf: Any) -> Any:
    for keyword in ("anyOf", "oneOf", "allOf"):
        if isinstance(s, dict) and len(s.get(keyword, [])) > 1:
            return {**s, keyword: s[keyword][1:]}
    return s


def _add_branch(s: Any, leaf: Any) -> Any:
    for keyword in ("anyOf", "oneOf", "allOf"):
        if isinstance(s, dict) and s.get(keyword):
            return {**s, keyword: [*s[keyword], leaf]}
    return s


def _property(name: str, required: bool, default: bool = False) -> Mutation:
    def apply(s: Any, leaf: Any) -> Any:
        if not isinstance(s, dict) or s.get("type") != "object":
            return s
        value = {**leaf, "default": None} if default and isinstance(leaf, dict) else leaf
        result = {**s, "properties": {**s.get("properties", {}), name: value}}
        if required:
            result["required"] = sorted({*s.get("required", []), name})
        return result

    return apply


def _drop_property(s: Any, _leaf: Any) -> Any:
    if not isinstance(s, dict) or not s.get("properties"):
        return s
    name = sorted(s["properties"])[0]
    result = {**s, "properties": {k: v for k, v in s["properties"].items() if k != name}}
    if name in s.get("required", []):
        result["required"] = [r for r in s["required"] if r != name]
    return result


def _toggle_required(s: Any, _leaf: Any) -> Any:
    if not isinstance(s, dict) or not s.get("properties"):
        return s
    name = sorted(s["properties"])[-1]
    required = set(s.get("required", []))
    return {**s, "required": sorted(required ^ {name})}


MUTATIONS: list[Mutation] = [
    lambda _s, leaf: leaf,
    lambda s, _leaf: {"anyOf": [s, NULL]},
    lambda s, leaf: {"anyOf": [s, leaf]},
    lambda s, leaf: {"oneOf": [s, leaf]},
    lambda s, _leaf: {"allOf": [s]},
    lambda s, leaf: {"allOf": [s, leaf]},
    lambda s, _leaf: {"not": s},
    _first_branch,
    _drop_branch,
    _add_branch,
    _with("type", "string"),
    _with("type", ["string", "null"]),
    _without("type"),
    _with("enum", ["a", "b"]),
    _without("enum"),
    _shift("maxLength", 1),
    _shift("maxLength", -1),
    _shift("minLength", 1),
    _shift("maximum", -1),
    _shift("minimum", 1),
    _shift("maxItems", -1),
    _shift("minItems", 1),
    _shift("minProperties", 1),
    _with("pattern", "^a"),
    _without("pattern"),
    _with("format", "date"),
    _without("format"),
    _with("uniqueItems", True),
    _without("uniqueItems"),
    _with("additionalProperties", False),
    _with("additionalProperties", True),
    _with("additionalProperties", S),
    _with("unevaluatedProperties", False),
    _with("patternProperties", {"^x": INT}),
    _with("propertyNames", {"maxLength": 1}),
    _with("dependentRequired", {"a": ["b"]}),
    _with("contains", S),
    _with("minContains", 2),
    _property("x", required=False),
    _property("x", required=True),
    _property("x", required=True, default=True),
    _property("a", required=False),
    _drop_property,
    _toggle_required,
]


SCHEMAS = schemas()
_MUTATION = st.sampled_from(MUTATIONS)


@st.composite
def mutated_pairs(draw: st.DrawFn) -> Pair:
    base = draw(SCHEMAS)
    places = list(_places(base))
    place = places[draw(st.integers(0, len(places) - 1))]
    mutation = draw(_MUTATION)
    changed = _replace(base, place, mutation(_get(base, place), draw(leaf_strategy)))
    return (changed, base) if draw(st.booleans()) else (base, changed)


def generated_pairs(count: int) -> list[Pair]:
    """``count`` distinct mutated pairs, the same on every run."""
    found: dict[str, Pair] = {}

    @settings(
        max_examples=count * 3,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(mutated_pairs())
    def collect(pair: Pair) -> None:
        if pair[0] != pair[1]:
            found.setdefault(repr(pair), pair)
        if len(found) == count:
            raise _Enough

    with contextlib.suppress(_Enough):
        collect()
    return list(found.values())


class _Enough(Exception):
    """Stops the Hypothesis run that collects pairs once it has enough."""
