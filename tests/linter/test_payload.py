"""Partial evaluation of written event data against JSON Schemas (EL611-EL614)."""

from __future__ import annotations

import ast
from typing import Any

import pytest
import referencing
import referencing.jsonschema

from event_lint.diagnostics import Span
from event_lint.linter.model import UNKNOWN, DictEntry, Expr, Located, Payload
from event_lint.linter.payload import Mismatch, check_payload

# --- a stand-in for extraction: a dict literal's source becomes a located Payload ----


def _located(node: ast.expr) -> Located:
    assert node.end_lineno is not None and node.end_col_offset is not None
    span = Span(node.lineno, node.col_offset + 1, node.end_lineno, node.end_col_offset + 1)
    return Located("app.py", span)


def _value(node: ast.expr) -> object:
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        operand = _value(node.operand)
        return -operand if isinstance(operand, (int, float)) else UNKNOWN
    if isinstance(node, ast.Dict):
        return {
            k.value: _value(v)
            for k, v in zip(node.keys, node.values, strict=True)
            if isinstance(k, ast.Constant)
        }
    if isinstance(node, ast.List):
        return [_value(item) for item in node.elts]
    return UNKNOWN


def _expr(node: ast.expr, source: str) -> Expr:
    python_type = "str" if isinstance(node, ast.JoinedStr) else None
    text = ast.get_source_segment(source, node) or ""
    return Expr("literal", _value(node), _located(node), text, python_type=python_type)


def _entries(node: ast.Dict, source: str) -> tuple[DictEntry, ...]:
    entries = []
    for key, value in zip(node.keys, node.values, strict=True):
        if key is None:
            continue
        assert isinstance(key, ast.Constant)
        children = _entries(value, source) if isinstance(value, ast.Dict) else ()
        items: tuple[tuple[DictEntry, ...] | Expr, ...] = ()
        if isinstance(value, ast.List):
            items = tuple(
                _entries(item, source) if isinstance(item, ast.Dict) else _expr(item, source)
                for item in value.elts
            )
        entries.append(DictEntry(key.value, _located(key), _expr(value, source), children, items))
    return tuple(entries)


def payload_of(source: str) -> Payload:
    node = ast.parse(source, mode="eval").body
    assert isinstance(node, ast.Dict)
    return Payload(_located(node), _entries(node, source), spread=None in node.keys, known=True)


# The rule that reports each kind of mismatch.
CODES = {
    Mismatch.MISSING_KEY: "EL611",
    Mismatch.UNKNOWN_KEY: "EL612",
    Mismatch.WRONG_TYPE: "EL613",
    Mismatch.CONSTRAINT: "EL614",
}


def check(source: str, schema: dict[str, Any], registry: Any = None) -> list[str]:
    problems = check_payload(payload_of(source), schema, registry)
    return [
        f"{p.where.span.line}:{p.where.span.col}: {CODES[p.kind]} {p.json_path}: {p.detail} "
        f"[{p.keyword}]"
        for p in problems
    ]


INVOICE = {
    "type": "object",
    "properties": {
        "invoiceId": {"type": "string", "pattern": "^inv_"},
        "amountCents": {"type": "integer", "minimum": 0},
        "currency": {"enum": ["usd", "eur"]},
        "paidAt": {"type": "string", "format": "date-time"},
        "note": {"type": ["string", "null"], "maxLength": 5},
    },
    "required": ["invoiceId", "amountCents", "currency"],
    "additionalProperties": False,
}


VALID = '"invoiceId": "inv_1", "amountCents": 1, "currency": "usd"'


def test_valid_payload_has_no_findings() -> None:
    src = "{" + VALID + ', "paidAt": "2024-01-15T10:00:00Z"}'
    assert check(src, INVOICE) == []


def test_missing_required_key_points_at_the_dict() -> None:
    assert check('{"invoiceId": "inv_1", "amountCents": 1}', INVOICE) == [
        '1:1: EL611 data: missing required key "currency" [required]'
    ]


def test_spread_makes_missing_keys_unknowable() -> None:
    assert check('{**base, "invoiceId": "inv_1"}', INVOICE) == []


def test_unknown_key_in_closed_schema_points_at_the_key_and_suggests() -> None:
    src = '{"invoiceId": "inv_1", "amountCent": 1, "amountCents": 1, "currency": "usd"}'
    assert check(src, INVOICE) == [
        '1:24: EL612 data/amountCent: key not in the schema (did you mean "amountCents"?) '
        "[additionalProperties]"
    ]


def test_open_schema_accepts_unknown_keys() -> None:
    schema = {**INVOICE, "additionalProperties": True}
    assert (
        check('{"invoiceId": "inv_1", "amountCents": 1, "currency": "usd", "x": 1}', schema) == []
    )


def test_wrong_type_points_at_the_value() -> None:
    src = '{\n  "invoiceId": "inv_1",\n  "amountCents": "10",\n  "currency": "usd",\n}'
    assert check(src, INVOICE) == [
        '3:18: EL613 data/amountCents: expected integer, got string "10" [type]'
    ]


def test_fstring_is_known_to_be_a_string() -> None:
    src = '{"invoiceId": "inv_1", "amountCents": f"{cents}", "currency": "usd"}'
    assert check(src, INVOICE) == [
        '1:39: EL613 data/amountCents: expected integer, got string f"{cents}" [type]'
    ]


def test_unknown_values_are_never_errors() -> None:
    src = '{"invoiceId": invoice.id, "amountCents": compute(), "currency": currency, "paidAt": now}'
    assert check(src, INVOICE) == []


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ('"currency": "gbp"', 'EL614 data/currency: "gbp" is not one of "usd", "eur" [enum]'),
        (
            '"invoiceId": "x_1"',
            'EL614 data/invoiceId: "x_1" does not match the pattern "^inv_" [pattern]',
        ),
        ('"amountCents": -1', "EL614 data/amountCents: -1 is less than the minimum 0 [minimum]"),
        (
            '"paidAt": "yesterday"',
            'EL614 data/paidAt: "yesterday" is not a valid date-time [format]',
        ),
        (
            '"paidAt": "2024-02-30T10:00:00Z"',
            'EL614 data/paidAt: "2024-02-30T10:00:00Z" is not a valid date-time [format]',
        ),
        (
            '"note": "too long"',
            'EL614 data/note: "too long" is longer than 5 characters [maxLength]',
        ),
        ('"note": 5', "EL613 data/note: expected string or null, got integer 5 [type]"),
    ],
)
def test_constraints_on_literals(extra: str, expected: str) -> None:
    # A repeated key in a dict literal: the last one wins, as in Python.
    src = "{" + VALID + ", " + extra + "}"
    column = len(src) - len(extra.split(": ", 1)[1])
    assert check(src, INVOICE) == [f"1:{column}: {expected}"]


FORMATS = {
    "type": "object",
    "properties": {
        name: {"type": "string", "format": name}
        for name in ("email", "uuid", "uri", "date", "date-time")
    },
}


@pytest.mark.parametrize(
    ("name", "good", "bad"),
    [
        ("email", "a@example.com", "not-an-email"),
        ("uuid", "12345678-1234-5678-1234-567812345678", "1234"),
        ("uri", "https://example.com/a?b=c", "example.com/no scheme"),
        ("date", "2024-01-15", "2024-13-01"),
        ("date-time", "2024-01-15T10:00:00.5+02:00", "2024-01-15 25:00:00Z"),
    ],
)
def test_formats(name: str, good: str, bad: str) -> None:
    assert check(f'{{"{name}": "{good}"}}', FORMATS) == []
    assert [line.split(" [")[1] for line in check(f'{{"{name}": "{bad}"}}', FORMATS)] == ["format]"]


NUMBERS = {
    "type": "object",
    "properties": {
        "n": {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 10, "multipleOf": 0.5},
        "s": {"type": "string", "minLength": 2},
        "tags": {"type": "array", "items": {"type": "string"}, "minItems": 1, "maxItems": 2},
        "k": {"const": "fixed"},
    },
}


@pytest.mark.parametrize(
    ("src", "expected"),
    [
        ('{"n": 0}', "1:7: EL614 data/n: 0 must be greater than 0 [exclusiveMinimum]"),
        ('{"n": 10}', "1:7: EL614 data/n: 10 must be less than 10 [exclusiveMaximum]"),
        ('{"n": 1.2}', "1:7: EL614 data/n: 1.2 is not a multiple of 0.5 [multipleOf]"),
        ('{"s": "a"}', '1:7: EL614 data/s: "a" is shorter than 2 characters [minLength]'),
        ('{"tags": []}', "1:10: EL614 data/tags: 0 items, fewer than the minimum 1 [minItems]"),
        (
            '{"tags": [a, b, c]}',
            "1:10: EL614 data/tags: 3 items, more than the maximum 2 [maxItems]",
        ),
        ('{"tags": ["a", 1]}', "1:16: EL613 data/tags/1: expected string, got integer 1 [type]"),
        ('{"k": "other"}', '1:7: EL614 data/k: expected "fixed", got "other" [const]'),
    ],
)
def test_bounds_lengths_items_const(src: str, expected: str) -> None:
    assert check(src, NUMBERS) == [expected]


ORDER = {
    "type": "object",
    "$defs": {
        "item": {
            "type": "object",
            "properties": {
                "sku": {"type": "string"},
                "quantity": {"type": "integer", "minimum": 1},
            },
            "required": ["sku", "quantity"],
            "additionalProperties": False,
        }
    },
    "properties": {
        "customer": {
            "type": "object",
            "properties": {"id": {"type": "string"}},
            "required": ["id"],
        },
        "items": {"type": "array", "items": {"$ref": "#/$defs/item"}},
    },
}


def test_nested_objects_and_arrays_of_objects() -> None:
    src = (
        "{\n"
        '    "customer": {"name": "x"},\n'
        '    "items": [{"sku": "a", "quantity": 0}, {"sku": "b", "qty": 2}],\n'
        "}"
    )
    assert check(src, ORDER) == [
        '2:17: EL611 data/customer: missing required key "id" [required]',
        "3:40: EL614 data/items/0/quantity: 0 is less than the minimum 1 [minimum]",
        '3:45: EL611 data/items/1: missing required key "quantity" [required]',
        "3:57: EL612 data/items/1/qty: key not in the schema [additionalProperties]",
    ]


def test_nested_spread_is_not_a_missing_key() -> None:
    assert check('{"customer": {**c, "name": "x"}}', ORDER) == []


def test_ref_to_another_schema_of_the_registry() -> None:
    money = {
        "$id": "urn:test:common/money",
        "type": "object",
        "properties": {"cents": {"type": "integer"}},
    }
    registry: referencing.Registry[Any] = referencing.Registry().with_resource(
        money["$id"], referencing.jsonschema.DRAFT202012.create_resource(money)
    )
    schema = {"type": "object", "properties": {"total": {"$ref": "urn:test:common/money"}}}
    assert check('{"total": {"cents": "1"}}', schema, registry) == [
        '1:21: EL613 data/total/cents: expected integer, got string "1" [type]'
    ]


def test_unresolvable_ref_is_not_a_finding() -> None:
    schema = {"type": "object", "properties": {"total": {"$ref": "urn:nowhere"}}}
    assert check('{"total": 1}', schema) == []


CHOICE = {
    "type": "object",
    "properties": {
        "payment": {
            "oneOf": [
                {
                    "type": "object",
                    "properties": {"kind": {"const": "card"}, "last4": {"type": "string"}},
                    "required": ["kind", "last4"],
                },
                {
                    "type": "object",
                    "properties": {"kind": {"const": "bank"}, "iban": {"type": "string"}},
                    "required": ["kind", "iban"],
                },
            ]
        }
    },
}


def test_one_of_reports_only_when_no_branch_can_match() -> None:
    assert check('{"payment": {"kind": "card", "last4": "4242"}}', CHOICE) == []
    assert check('{"payment": {"kind": kind, "iban": iban}}', CHOICE) == []
    assert check('{"payment": {"kind": "bank"}}', CHOICE) == [
        '1:13: EL611 data/payment: missing required key "iban" [required]'
    ]


def test_schema_of_draft_7_uses_its_own_dialect() -> None:
    schema = {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "type": "object",
        "properties": {
            "pair": {"type": "array", "items": [{"type": "string"}, {"type": "integer"}]}
        },
    }
    assert check('{"pair": ["a", "b"]}', schema) == [
        '1:16: EL613 data/pair/1: expected integer, got string "b" [type]'
    ]


def test_unevaluated_properties_false() -> None:
    schema = {
        "type": "object",
        "allOf": [{"properties": {"a": {"type": "string"}}}],
        "properties": {"b": {"type": "string"}},
        "unevaluatedProperties": False,
    }
    assert check('{"a": "x", "b": "y", "c": "z"}', schema) == [
        "1:22: EL612 data/c: key not in the schema [unevaluatedProperties]"
    ]


def test_payload_not_known_is_skipped() -> None:
    payload = Payload(Located("app.py", Span(1, 1, 1, 5)), (), spread=False, known=False)
    assert check_payload(payload, INVOICE) == []


# --- only what jsonschema reports (issue 15's false positives) -----------------------------

DRAFT_7 = "http://json-schema.org/draft-07/schema#"
STRING = {"type": "string"}


@pytest.mark.parametrize(
    "schema",
    [
        # additionalProperties evaluates every key: unevaluatedProperties never fires
        {"additionalProperties": STRING, "unevaluatedProperties": False},
        {"allOf": [{"additionalProperties": True}], "unevaluatedProperties": False},
        {"allOf": [{"unevaluatedProperties": True}], "unevaluatedProperties": False},
        {
            "allOf": [{"allOf": [{"patternProperties": {"^c": STRING}}]}],
            "unevaluatedProperties": False,
        },
        {"dependentSchemas": {"a": {"properties": {"c": STRING}}}, "unevaluatedProperties": False},
        {"if": {"properties": {"c": STRING}}, "unevaluatedProperties": False},
        {
            "oneOf": [{"$ref": "#/$defs/c"}, {"required": ["zz"]}],
            "$defs": {"c": {"properties": {"c": STRING}}},
            "unevaluatedProperties": False,
        },
        {
            "$dynamicRef": "#meta",
            "$defs": {"m": {"$dynamicAnchor": "meta", "properties": {"c": STRING}}},
            "unevaluatedProperties": False,
        },
        # draft-07 ignores keywords beside $ref
        {
            "$schema": DRAFT_7,
            "properties": {"c": {"$ref": "#/definitions/s", "maxLength": 0}},
            "definitions": {"s": STRING},
        },
    ],
)
def test_what_the_validator_accepts_is_not_reported(schema: dict[str, Any]) -> None:
    schema = {"type": "object", "properties": {"a": STRING}, **schema}
    schema["properties"] = {"a": STRING, **schema.get("properties", {})}
    from event_lint.registry.compat.witness import validator

    assert validator(schema, None).is_valid({"a": "x", "c": "z"})
    assert check('{"a": "x", "c": "z"}', schema) == []


def test_boolean_schemas() -> None:
    assert check('{"a": 1}', True) == []  # type: ignore[arg-type]
    assert check('{"a": 1}', False) == [  # type: ignore[arg-type]
        "1:1: EL613 data: no value is allowed here [false]"
    ]
    assert check('{"a": 1}', {"properties": {"a": False}}) == [
        "1:7: EL612 data/a: no value is allowed here [false]"
    ]
