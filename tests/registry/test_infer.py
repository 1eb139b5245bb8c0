"""Schema inference from one example payload: strict by design (required, closed)."""

from __future__ import annotations

import json
from pathlib import Path

from event_lint.registry import Registry
from event_lint.registry.infer import infer, infer_event_schema


def test_types_required_keys_and_closed_nested_objects() -> None:
    payload = {
        "userId": "user_1",
        "email": "a@example.com",
        "at": "2024-01-15T10:00:00Z",
        "count": 3,
        "ratio": 0.5,
        "active": True,
        "note": None,
        "address": {"city": "Oslo"},
    }
    assert infer(payload) == {
        "type": "object",
        "properties": {
            "userId": {"type": "string"},
            "email": {"type": "string", "format": "email"},
            "at": {"type": "string", "format": "date-time"},
            "count": {"type": "integer"},
            "ratio": {"type": "number"},
            "active": {"type": "boolean"},
            "note": {"type": "null"},
            "address": {
                "type": "object",
                "properties": {"city": {"type": "string"}},
                "required": ["city"],
                "additionalProperties": False,
            },
        },
        "required": list(payload),
        "additionalProperties": False,
    }


def test_array_items_are_merged() -> None:
    items = [{"sku": "a", "qty": 1, "gift": True}, {"sku": "b", "qty": 2.5}]
    assert infer(items) == {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {
                "sku": {"type": "string"},
                "qty": {"type": "number"},
                "gift": {"type": "boolean"},
            },
            "required": ["sku", "qty"],
            "additionalProperties": False,
        },
    }
    assert infer([]) == {"type": "array", "items": {}}
    assert infer([[], [1]]) == {
        "type": "array",
        "items": {"type": "array", "items": {"type": "integer"}},
    }
    assert infer([1, "a"]) == {
        "type": "array",
        "items": {"anyOf": [{"type": "integer"}, {"type": "string"}]},
    }


def test_inferred_schema_is_valid_and_accepts_its_example(tmp_path: Path) -> None:
    payload = {"orderId": "ord_1", "items": [{"sku": "a", "qty": 1}], "meta": {"tags": ["x"]}}
    schema = infer_event_schema(payload)
    folder = tmp_path / "order/placed"
    folder.mkdir(parents=True)
    (folder / "1.json").write_text(json.dumps(schema))
    registry = Registry.load(tmp_path)
    assert registry.validate("order/placed", payload) == []
    assert [i.path for i in registry.validate("order/placed", {**payload, "x": 1})] == ["/x"]
