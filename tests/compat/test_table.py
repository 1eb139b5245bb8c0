"""Every row of COMPAT.md (plus format, if/then/else and the keywords the anchors miss), in
both directions and under both policies; every example payload re-checked here."""

from __future__ import annotations

from typing import Any, NamedTuple

import pytest
from jsonschema import Draft202012Validator

from event_lint.registry.compat import Change, Direction, compare

B, F = Direction.BACKWARD, Direction.FORWARD


def obj(
    props: dict[str, Any], required: tuple[str, ...] = (), closed: bool | None = None
) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": props}
    if required:
        schema["required"] = list(required)
    if closed is not None:
        schema["additionalProperties"] = not closed
    return schema


S = {"type": "string"}
INT = {"type": "integer"}


class Row(NamedTuple):
    name: str
    old: dict[str, Any]
    new: dict[str, Any]
    strict: str  # "BF" letters of the broken directions, "" when compatible
    lenient: str
    code: str | None  # a code that must be among the changes (None: no change at all)


def field(schema: dict[str, Any]) -> dict[str, Any]:
    """A closed object with one required property ``f`` holding ``schema``."""
    return obj({"f": schema}, ("f",), closed=True)


ROWS = [
    Row(
        "annotations",
        {
            "title": "A",
            "description": "a",
            "$id": "urn:a",
            **obj({"a": {**S, "default": "x", "examples": ["y"]}}),
        },
        {
            "title": "B",
            "description": "b",
            "$id": "urn:b",
            **obj({"a": {**S, "default": "z", "examples": ["w"]}}),
        },
        "",
        "",
        "ANNOTATION_CHANGED",
    ),
    Row(
        "add optional, open",
        obj({"a": S}),
        obj({"a": S, "b": INT}),
        "B",
        "",
        "OPTIONAL_PROPERTY_ADDED_TO_OPEN_MODEL",
    ),
    Row(
        "add optional, closed",
        obj({"a": S}, closed=True),
        obj({"a": S, "b": INT}, closed=True),
        "F",
        "",
        "OPTIONAL_PROPERTY_ADDED_TO_CLOSED_MODEL",
    ),
    Row(
        "add required, open",
        obj({"a": S}),
        obj({"a": S, "b": INT}, ("b",)),
        "B",
        "B",
        "REQUIRED_PROPERTY_ADDED",
    ),
    Row(
        "add required, closed",
        obj({"a": S}, closed=True),
        obj({"a": S, "b": INT}, ("b",), closed=True),
        "BF",
        "BF",
        "REQUIRED_PROPERTY_ADDED",
    ),
    Row(
        "add required with default, closed",
        obj({"a": S}, closed=True),
        obj({"a": S, "b": {**INT, "default": 0}}, ("b",), closed=True),
        "F",
        "",
        "REQUIRED_PROPERTY_WITH_DEFAULT_ADDED",
    ),
    Row(
        "remove optional, open",
        obj({"a": S, "b": INT}),
        obj({"a": S}),
        "F",
        "",
        "OPTIONAL_PROPERTY_REMOVED_FROM_OPEN_MODEL",
    ),
    Row(
        "remove optional, closed",
        obj({"a": S, "b": INT}, closed=True),
        obj({"a": S}, closed=True),
        "B",
        "",
        "OPTIONAL_PROPERTY_REMOVED_FROM_CLOSED_MODEL",
    ),
    Row(
        "optional -> required",
        obj({"a": S}),
        obj({"a": S}, ("a",)),
        "B",
        "B",
        "PROPERTY_MADE_REQUIRED",
    ),
    Row(
        "required -> optional",
        obj({"a": S}, ("a",)),
        obj({"a": S}),
        "F",
        "F",
        "PROPERTY_MADE_OPTIONAL",
    ),
    Row("type changed", field(S), field(INT), "BF", "BF", "TYPE_CHANGED"),
    Row("integer -> number", field(INT), field({"type": "number"}), "F", "F", "TYPE_WIDENED"),
    Row("number -> integer", field({"type": "number"}), field(INT), "B", "B", "TYPE_NARROWED"),
    Row(
        "type union branch added",
        field(S),
        field({"type": ["string", "null"]}),
        "F",
        "F",
        "TYPE_WIDENED",
    ),
    Row(
        "anyOf branch added",
        field(S),
        field({"anyOf": [S, {"type": "null"}]}),
        "F",
        "F",
        "UNION_BRANCH_ADDED",
    ),
    Row(
        "oneOf branch added (disjoint)",
        field({"oneOf": [S]}),
        field({"oneOf": [S, INT]}),
        "F",
        "F",
        "UNION_BRANCH_ADDED",
    ),
    Row(
        "anyOf branch removed",
        field({"anyOf": [S, INT]}),
        field({"anyOf": [S]}),
        "B",
        "B",
        "UNION_BRANCH_REMOVED",
    ),
    Row(
        "enum value added",
        field({"enum": ["a"]}),
        field({"enum": ["a", "b"]}),
        "F",
        "F",
        "ENUM_VALUE_ADDED",
    ),
    Row(
        "enum value removed",
        field({"enum": ["a", "b"]}),
        field({"enum": ["a"]}),
        "B",
        "B",
        "ENUM_VALUE_REMOVED",
    ),
    Row(
        "enum values replaced",
        field({"enum": ["a", "b"]}),
        field({"enum": ["a", "c"]}),
        "BF",
        "BF",
        "ENUM_VALUE_REMOVED",
    ),
    Row("const changed", field({"const": "a"}), field({"const": "b"}), "BF", "BF", "CONST_CHANGED"),
    Row("const added", field(S), field({**S, "const": "a"}), "B", "B", "CONST_ADDED"),
    *(
        Row(
            f"{kw} {how}",
            field({**base, kw: old}),
            field({**base, kw: new} if new is not None else base),
            verdict,
            verdict,
            "LIMIT_RELAXED" if verdict == "F" else "LIMIT_TIGHTENED",
        )
        for kw, base, low, high, upper in (
            ("maxLength", S, 2, 5, True),
            ("minLength", S, 2, 5, False),
            ("maximum", INT, 2, 5, True),
            ("minimum", INT, 2, 5, False),
            ("exclusiveMaximum", INT, 2, 5, True),
            ("maxItems", {"type": "array"}, 2, 5, True),
            ("minItems", {"type": "array"}, 2, 5, False),
            ("maxProperties", {"type": "object"}, 2, 5, True),
            ("minProperties", {"type": "object"}, 2, 5, False),
        )
        for how, old, new, verdict in (
            (("up", low, high, "F"), ("removed", low, None, "F"), ("down", high, low, "B"))
            if upper
            else (("down", high, low, "F"), ("removed", high, None, "F"), ("up", low, high, "B"))
        )
    ),
    Row("pattern removed", field({**S, "pattern": "^a"}), field(S), "F", "F", "PATTERN_REMOVED"),
    Row("pattern added", field(S), field({**S, "pattern": "^a"}), "B", "B", "PATTERN_ADDED"),
    Row(
        "pattern changed",
        field({**S, "pattern": "^a"}),
        field({**S, "pattern": "^b"}),
        "BF",
        "BF",
        "PATTERN_CHANGED",
    ),
    Row(
        "additionalProperties false -> true",
        obj({"a": S}, closed=True),
        obj({"a": S}, closed=False),
        "F",
        "",
        "ADDITIONAL_PROPERTIES_ALLOWED",
    ),
    Row(
        "additionalProperties true -> false",
        obj({"a": S}, closed=False),
        obj({"a": S}, closed=True),
        "B",
        "",
        "ADDITIONAL_PROPERTIES_FORBIDDEN",
    ),
    Row(
        "uniqueItems added",
        field({"type": "array"}),
        field({"type": "array", "uniqueItems": True}),
        "B",
        "B",
        "UNIQUE_ITEMS_ADDED",
    ),
    Row(
        "uniqueItems removed",
        field({"type": "array", "uniqueItems": True}),
        field({"type": "array"}),
        "F",
        "F",
        "UNIQUE_ITEMS_REMOVED",
    ),
    Row(
        "definition moved into $defs",
        obj({"price": {"type": "object", "properties": {"amount": INT}, "required": ["amount"]}}),
        {
            **obj({"price": {"$ref": "#/$defs/money"}}),
            "$defs": {
                "money": {"type": "object", "properties": {"amount": INT}, "required": ["amount"]}
            },
        },
        "",
        "",
        None,
    ),
    # What the anchors miss.
    Row("format added", field(S), field({**S, "format": "email"}), "B", "B", "FORMAT_ADDED"),
    Row("format removed", field({**S, "format": "email"}), field(S), "F", "F", "FORMAT_REMOVED"),
    Row(
        "format changed",
        field({**S, "format": "email"}),
        field({**S, "format": "uuid"}),
        "BF",
        "BF",
        "FORMAT_CHANGED",
    ),
    Row(
        "if/then added",
        obj({"kind": S, "last4": S}),
        {
            **obj({"kind": S, "last4": S}),
            "if": {"properties": {"kind": {"const": "card"}}, "required": ["kind"]},
            "then": {"required": ["last4"]},
        },
        "B",
        "B",
        "REQUIRED_PROPERTY_ADDED",
    ),
    Row(
        "then tightened",
        {
            **obj({"kind": S, "n": INT}),
            "if": {"properties": {"kind": {"const": "card"}}},
            "then": {"properties": {"n": {"maximum": 9}}},
        },
        {
            **obj({"kind": S, "n": INT}),
            "if": {"properties": {"kind": {"const": "card"}}},
            "then": {"properties": {"n": {"maximum": 5}}},
        },
        "B",
        "B",
        "LIMIT_TIGHTENED",
    ),
    Row(
        "else relaxed",
        {
            **obj({"kind": S, "n": INT}),
            "if": {"properties": {"kind": {"const": "card"}}},
            "else": {"properties": {"n": {"enum": [1]}}},
        },
        {
            **obj({"kind": S, "n": INT}),
            "if": {"properties": {"kind": {"const": "card"}}},
            "else": {"properties": {"n": {"enum": [1, 2]}}},
        },
        "F",
        "F",
        "ENUM_VALUE_ADDED",
    ),
    Row(
        "if condition changed",
        {
            **obj({"kind": S, "n": INT}),
            "if": {"properties": {"kind": {"const": "card"}}},
            "then": {"required": ["n"]},
        },
        {
            **obj({"kind": S, "n": INT}),
            "if": {"properties": {"kind": {"const": "bank"}}},
            "then": {"required": ["n"]},
        },
        "BF",
        "BF",
        "CONDITION_CHANGED",
    ),
    Row(
        "dependentRequired added",
        obj({"a": S, "b": S}),
        {**obj({"a": S, "b": S}), "dependentRequired": {"a": ["b"]}},
        "B",
        "B",
        "DEPENDENT_REQUIRED_ADDED",
    ),
    Row(
        "dependentRequired removed",
        {**obj({"a": S, "b": S}), "dependentRequired": {"a": ["b"]}},
        obj({"a": S, "b": S}),
        "F",
        "F",
        "DEPENDENT_REQUIRED_REMOVED",
    ),
    Row(
        "required key added over a map of another type",
        {"type": "object", "additionalProperties": INT},
        {"type": "object", "properties": {"b": S}, "required": ["b"], "additionalProperties": INT},
        "BF",
        "BF",
        "TYPE_CHANGED",  # named at data.b, not only found by an example payload
    ),
    Row(
        "prefixItems type changed",
        field({"type": "array", "prefixItems": [S, INT]}),
        field({"type": "array", "prefixItems": [S, S]}),
        "BF",
        "BF",
        "TYPE_CHANGED",
    ),
    Row(
        "items tightened",
        field({"type": "array", "items": INT}),
        field({"type": "array", "items": {**INT, "minimum": 0}}),
        "B",
        "B",
        "LIMIT_TIGHTENED",
    ),
    Row(
        "patternProperties value narrowed",
        field({"type": "object", "patternProperties": {"^x_": {"type": "number"}}}),
        field({"type": "object", "patternProperties": {"^x_": INT}}),
        "B",
        "B",
        "TYPE_NARROWED",
    ),
    Row(
        "nested object three levels deep",
        field(field(field({"enum": ["a", "b"]}))),
        field(field(field({"enum": ["a"]}))),
        "B",
        "B",
        "ENUM_VALUE_REMOVED",
    ),
    Row(
        "allOf schema added",
        field(S),
        field({"allOf": [S, {"maxLength": 3}]}),
        "B",
        "B",
        "LIMIT_TIGHTENED",
    ),
    Row(
        "$ref target tightened",
        {**field({"$ref": "#/$defs/id"}), "$defs": {"id": S}},
        {**field({"$ref": "#/$defs/id"}), "$defs": {"id": {**S, "minLength": 3}}},
        "B",
        "B",
        "LIMIT_TIGHTENED",
    ),
    Row(
        "not changed",
        field({"not": {"const": "a"}}),
        field({"not": {"const": "b"}}),
        "BF",
        "BF",
        "NOT_CHANGED",
    ),
]


def broken(changes: list[Change]) -> str:
    directions = {d for c in changes for d in c.breaks}
    return "".join(d.value[0] for d in (B, F) if d in directions)


@pytest.mark.parametrize("row", ROWS, ids=[r.name for r in ROWS])
@pytest.mark.parametrize("policy", ["strict", "lenient"])
def test_verdict(row: Row, policy: str) -> None:
    changes = compare(row.old, row.new, policy=policy)
    assert broken(changes) == (row.strict if policy == "strict" else row.lenient)
    if row.code is None:
        assert changes == []
    else:
        assert row.code in [c.code for c in changes]


@pytest.mark.parametrize("row", ROWS, ids=[r.name for r in ROWS])
@pytest.mark.parametrize("policy", ["strict", "lenient"])
def test_forward_is_backward_with_versions_swapped(row: Row, policy: str) -> None:
    swapped = {"B": "F", "F": "B"}
    expected = "".join(sorted(swapped[d] for d in broken(compare(row.old, row.new, policy=policy))))
    assert broken(compare(row.new, row.old, policy=policy)) == expected


@pytest.mark.parametrize(
    "row", [r for r in ROWS if r.strict], ids=[r.name for r in ROWS if r.strict]
)
def test_every_break_has_a_checked_example(row: Row) -> None:
    old = Draft202012Validator(row.old, format_checker=Draft202012Validator.FORMAT_CHECKER)
    new = Draft202012Validator(row.new, format_checker=Draft202012Validator.FORMAT_CHECKER)
    for change in compare(row.old, row.new, policy="strict"):
        for direction in change.breaks:
            witness = change.witness_for(direction)
            assert witness is not None, (change.code, direction)
            accepting, rejecting = (old, new) if direction is B else (new, old)
            assert accepting.is_valid(witness.payload), witness
            assert not rejecting.is_valid(witness.payload), witness
            assert witness.valid_under == ("old" if direction is B else "new")
