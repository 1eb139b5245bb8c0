"""A schema as the catalog's field table: paths, types, required, constraints, refs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from event_lint.catalog.fields import field_rows
from event_lint.registry import Registry


def rows(tmp_path: Path, schema: dict[str, Any]) -> list[tuple[str, str, bool, str, str, str, str]]:
    folder = tmp_path / "schemas" / "shop" / "order.paid"
    folder.mkdir(parents=True)
    (folder / "1.json").write_text(json.dumps(schema))
    registry = Registry.load(tmp_path / "schemas", builtins=False)
    found = field_rows(registry.schema("shop/order.paid", "1"), registry, "shop/order.paid", "1")
    return [
        (r.path, r.type, r.required, r.constraints, r.description, r.default, r.enum) for r in found
    ]


def test_nested_objects_arrays_enums_and_defaults(tmp_path: Path) -> None:
    schema = {
        "type": "object",
        "required": ["orderId", "items"],
        "properties": {
            "orderId": {
                "type": "string",
                "pattern": "^ord_",
                "maxLength": 64,
                "description": "Id.",
            },
            "items": {
                "type": "array",
                "minItems": 1,
                "items": {
                    "type": "object",
                    "required": ["sku"],
                    "additionalProperties": False,
                    "properties": {
                        "sku": {"type": "string"},
                        "qty": {"type": "integer", "default": 1},
                    },
                },
            },
            "tags": {"type": "array", "items": {"enum": ["a", "b"]}},
            "currency": {"type": ["string", "null"], "enum": ["usd", None], "deprecated": True},
        },
    }
    assert rows(tmp_path, schema) == [
        ("orderId", "string", True, 'maxLength 64; pattern "^ord_"', "Id.", "", ""),
        ("items", "array of object", True, "minItems 1", "", "", ""),
        ("items[].sku", "string", True, "", "", "", ""),
        ("items[].qty", "integer", False, "", "", "1", ""),
        ("tags", "array", False, "", "", "", ""),
        ("tags[]", "", False, "", "", "", '"a", "b"'),
        ("currency", "string | null", False, "deprecated", "", "", '"usd", null'),
    ]


def test_refs_are_followed_once_and_shown(tmp_path: Path) -> None:
    schema = {
        "type": "object",
        "$defs": {
            "money": {"type": "integer", "minimum": 0, "description": "Cents."},
            "node": {"type": "object", "properties": {"next": {"$ref": "#/$defs/node"}}},
        },
        "properties": {"amount": {"$ref": "#/$defs/money"}, "list": {"$ref": "#/$defs/node"}},
    }
    assert rows(tmp_path, schema) == [
        ("amount", "integer ($ref #/$defs/money)", False, "minimum 0", "Cents.", "", ""),
        ("list", "object ($ref #/$defs/node)", False, "", "", "", ""),
        # The recursion stops where the ref repeats: the row names it.
        ("list.next", "$ref #/$defs/node", False, "", "", "", ""),
    ]


def test_a_huge_schema_is_cut_and_says_so(tmp_path: Path) -> None:
    schema = {"type": "object", "properties": {f"k{i:04}": {"type": "string"} for i in range(600)}}
    found = rows(tmp_path, schema)
    assert len(found) == 501
    assert found[-1] == ("…", "", False, "100 more fields not shown", "", "", "")
