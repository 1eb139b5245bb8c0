"""The Python API others code against: loading, ordering, schemas, refs and validation."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from event_lint.registry import Registry, RegistryError, ValidationIssue
from event_lint.registry.loader import BUILTIN_ROOT
from event_lint.registry.versions import VersionError, parse_version

from .helpers import OBJECT_SCHEMA as S

SYSTEM_EVENTS = [
    "inngest/function.cancelled",
    "inngest/function.failed",
    "inngest/function.finished",
    "inngest/function.invoked",
    "inngest/scheduled.timer",
]


@pytest.mark.parametrize(
    "stems,ordered",
    [
        (["10", "9", "1", "2"], ["1", "2", "9", "10"]),
        (
            ["2024-01-15.10", "2024-01-15.9", "2023-12-31.1"],
            ["2023-12-31.1", "2024-01-15.9", "2024-01-15.10"],
        ),
        (
            ["1.10.0", "1.2.0", "1.2.0-rc.1", "1.2.0-beta", "2.0.0"],
            ["1.2.0-beta", "1.2.0-rc.1", "1.2.0", "1.10.0", "2.0.0"],
        ),
    ],
)
def test_versions_are_ordered_by_value(
    registry_dir: Callable[..., Path], stems: list[str], ordered: list[str]
) -> None:
    root = registry_dir({f"billing/invoice.paid/{stem}.json": S for stem in stems})
    registry = Registry.load(root)
    assert registry.versions("billing/invoice.paid") == ordered
    assert registry.latest("billing/invoice.paid") == ordered[-1]


def test_version_parsing_rejects_what_no_scheme_accepts() -> None:
    for text in ("v1", "1.2", "2024-1-15.1", "latest", "1.2.3+"):
        with pytest.raises(VersionError):
            parse_version(text)


def test_only_builtins_without_a_path() -> None:
    registry = Registry.load(None)
    assert registry.names() == SYSTEM_EVENTS
    assert all(
        registry.is_builtin(name) and registry.versions(name) == ["1"] for name in SYSTEM_EVENTS
    )
    assert registry.schema_path("inngest/function.failed", "1") is None
    assert Registry.load(None, builtins=False).names() == []


def test_names_include_builtins_and_queries(registry_dir: Callable[..., Path]) -> None:
    deprecated = {**S, "deprecated": True}
    root = registry_dir(
        {"billing/invoice.paid/1.json": deprecated, "billing/invoice.paid/2.json": S}
    )
    registry = Registry.load(root)
    assert registry.names() == ["billing/invoice.paid", *SYSTEM_EVENTS]
    assert registry.has("billing/invoice.paid") and registry.has("billing/invoice.paid", "2")
    assert not registry.has("billing/invoice.paid", "3") and not registry.has("nope/x.y")
    assert registry.is_deprecated("billing/invoice.paid", "1")
    assert not registry.is_deprecated("billing/invoice.paid", "2")
    assert not registry.is_builtin("billing/invoice.paid")
    assert registry.schema("billing/invoice.paid") == S
    assert registry.schema_path("billing/invoice.paid", "1") == root / "billing/invoice.paid/1.json"
    assert Registry.load(root, builtins=False).names() == ["billing/invoice.paid"]


def test_schema_is_a_copy(registry_dir: Callable[..., Path]) -> None:
    registry = Registry.load(registry_dir({"billing/invoice.paid/1.json": S}))
    registry.schema("billing/invoice.paid")["required"].append("amount")
    assert registry.validate("billing/invoice.paid", {"invoiceId": "in_1"}) == []


def test_unknown_event_or_version_is_a_lookup_error(registry_dir: Callable[..., Path]) -> None:
    registry = Registry.load(registry_dir({"billing/invoice.paid/1.json": S}))
    with pytest.raises(LookupError, match=r"unknown event 'billing/invoice\.sent'"):
        registry.schema("billing/invoice.sent")
    with pytest.raises(LookupError, match=r"has no version '2' \(known: 1\)"):
        registry.validate("billing/invoice.paid", {}, "2")


def test_validate_returns_sorted_structured_issues(registry_dir: Callable[..., Path]) -> None:
    schema = {
        "type": "object",
        "properties": {
            "items": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "string"},
                        "qty": {"type": "integer", "minimum": 1},
                    },
                    "required": ["id", "qty"],
                    "additionalProperties": False,
                },
            },
            "email": {"type": "string", "format": "email"},
            "at": {"type": "string", "format": "date-time"},
        },
        "required": ["items"],
        "additionalProperties": False,
    }
    registry = Registry.load(registry_dir({"order/placed/1.json": schema}))
    data = {
        "items": [{"id": "a", "qty": 1}] * 2
        + [{"qty": 0}]
        + [{"id": 1, "qty": 1}] * 7
        + [{"id": "b", "qty": 1, "x": 1}],
        "email": "nope",
        "at": "2024-01-15 10:00",
        "extra": True,
    }
    assert registry.validate("order/placed", data) == [
        ValidationIssue("/at", "format", "'2024-01-15 10:00' is not a 'date-time'"),
        ValidationIssue("/email", "format", "'nope' is not a 'email'"),
        ValidationIssue(
            "/extra", "additionalProperties", "unknown property 'extra' (the schema is closed)"
        ),
        ValidationIssue("/items/2/id", "required", "missing required property 'id'"),
        ValidationIssue("/items/2/qty", "minimum", "0 is less than the minimum of 1"),
        *[
            ValidationIssue(f"/items/{i}/id", "type", "1 is not of type 'string'")
            for i in range(3, 10)
        ],
        ValidationIssue(
            "/items/10/x", "additionalProperties", "unknown property 'x' (the schema is closed)"
        ),
    ]
    assert registry.validate("order/placed", {"items": [], "at": "2024-01-15T10:00:00Z"}) == []


def test_validators_are_compiled_once(registry_dir: Callable[..., Path]) -> None:
    registry = Registry.load(registry_dir({"billing/invoice.paid/1.json": S}))
    registry.validate("billing/invoice.paid", {})
    first = registry._validators[("billing/invoice.paid", "1")]
    registry.validate("billing/invoice.paid", {}, "1")
    assert registry._validators == {("billing/invoice.paid", "1"): first}


@pytest.mark.parametrize(
    "dialect,defs_key",
    [
        ("http://json-schema.org/draft-07/schema#", "definitions"),
        ("https://json-schema.org/draft/2019-09/schema", "$defs"),
        ("https://json-schema.org/draft/2020-12/schema", "$defs"),
    ],
)
def test_dialects_are_honoured(
    registry_dir: Callable[..., Path], dialect: str, defs_key: str
) -> None:
    schema = {
        "$schema": dialect,
        "type": "object",
        "properties": {"amount": {"$ref": f"#/{defs_key}/cents"}},
        defs_key: {"cents": {"type": "integer", "minimum": 0}},
    }
    registry = Registry.load(registry_dir({"billing/invoice.paid/1.json": schema}))
    assert registry.validate("billing/invoice.paid", {"amount": -1}) == [
        ValidationIssue("/amount", "minimum", "-1 is less than the minimum of 0")
    ]


def test_shared_definitions_and_refs_between_events(registry_dir: Callable[..., Path]) -> None:
    root = registry_dir(
        {
            "_defs/money.json": {"$defs": {"cents": {"type": "integer", "minimum": 0}}},
            "billing/invoice.paid/1.json": {
                "type": "object",
                "properties": {
                    "amount": {"$ref": "../../_defs/money.json#/$defs/cents"},
                    "order": {"$ref": "../../order/placed/1.json"},
                },
            },
            "order/placed/1.json": {"type": "object", "required": ["orderId"]},
        }
    )
    registry = Registry.load(root)
    assert registry.names() == ["billing/invoice.paid", *SYSTEM_EVENTS, "order/placed"]
    assert registry.validate("billing/invoice.paid", {"amount": -5, "order": {}}) == [
        ValidationIssue("/amount", "minimum", "-5 is less than the minimum of 0"),
        ValidationIssue("/order/orderId", "required", "missing required property 'orderId'"),
    ]
    assert registry.defs() == [
        ("_defs/money.json", {"$defs": {"cents": {"type": "integer", "minimum": 0}}})
    ]
    resolved = registry.resolver_registry.resolver(registry.schema_uri("billing/invoice.paid"))
    assert resolved.lookup("../../_defs/money.json#/$defs/cents").contents == {
        "type": "integer",
        "minimum": 0,
    }


def test_a_failed_one_of_says_why_each_alternative_rejects_the_value(
    registry_dir: Callable[..., Path],
) -> None:
    payout = {
        "oneOf": [
            {"type": "string"},
            {"type": "object", "required": ["iban"], "properties": {"iban": {"type": "string"}}},
        ]
    }
    root = registry_dir(
        {"billing/payout.sent/1.json": {"type": "object", "properties": {"to": payout}}}
    )
    registry = Registry.load(root)
    assert registry.validate("billing/payout.sent", {"to": {"iban": 4}}) == [
        ValidationIssue(
            "/to",
            "oneOf",
            "matches none of the 2 alternatives of oneOf "
            "(#1: {'iban': 4} is not of type 'string'; #2: /iban: 4 is not of type 'string')",
        )
    ]
    assert registry.validate("billing/payout.sent", {"to": "acct_1"}) == []


def test_recursive_schema_is_not_a_cycle(registry_dir: Callable[..., Path]) -> None:
    tree = {
        "$defs": {
            "node": {
                "type": "object",
                "properties": {"children": {"type": "array", "items": {"$ref": "#/$defs/node"}}},
            }
        },
        "$ref": "#/$defs/node",
    }
    registry = Registry.load(registry_dir({"tree/node.added/1.json": tree}))
    assert registry.validate(
        "tree/node.added", {"children": [{"children": [{"children": 1}]}]}
    ) == [ValidationIssue("/children/0/children/0/children", "type", "1 is not of type 'array'")]


def test_user_copy_of_a_builtin_is_the_builtin(registry_dir: Callable[..., Path]) -> None:
    root = registry_dir({"billing/invoice.paid/1.json": S})
    os.symlink(BUILTIN_ROOT / "inngest", root / "inngest")
    registry = Registry.load(root)
    assert registry.names().count("inngest/function.failed") == 1
    assert registry.is_builtin("inngest/function.failed")
    assert registry.schema_path("inngest/function.failed", "1") is None


def test_load_errors_are_registry_errors(tmp_path: Path) -> None:
    with pytest.raises(RegistryError, match=r"registry not found$"):
        Registry.load(tmp_path / "nope")


def test_fingerprint_changes_with_content(registry_dir: Callable[..., Path]) -> None:
    root = registry_dir({"billing/invoice.paid/1.json": S})
    before = Registry.load(root).fingerprint()
    assert Registry.load(root).fingerprint() == before
    (root / "billing/invoice.paid/1.json").write_text('{"type": "object"}')
    assert Registry.load(root).fingerprint() != before


def test_system_events_are_open_models() -> None:
    registry = Registry.load(None)
    failed = {
        "function_id": "f",
        "run_id": "r",
        "error": {"message": "boom", "new": 1},
        "event": {},
        "later": 1,
    }
    assert registry.validate("inngest/function.failed", failed) == []
    assert registry.validate("inngest/function.failed", {"function_id": "f"}) == [
        ValidationIssue("/error", "required", "missing required property 'error'"),
        ValidationIssue("/event", "required", "missing required property 'event'"),
        ValidationIssue("/run_id", "required", "missing required property 'run_id'"),
    ]
    timer = {
        "cron": "0 * * * *",
        "scheduledAt": "2024-01-15T10:00:00Z",
        "fireAt": "2024-01-15T10:00:01.5+01:00",
    }
    assert registry.validate("inngest/scheduled.timer", timer) == []
