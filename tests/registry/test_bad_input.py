"""Every bad registry input from issue 2: one exact line on stderr, exit 2, nothing written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from commands import event_registry

from .helpers import OBJECT_SCHEMA, snapshot

S = OBJECT_SCHEMA
EVENT = "reg/billing/invoice.paid"
RESERVED = (
    "inngest/ is reserved for system events; "
    "remove this file (the built-in system events are always loaded)"
)

CASES: dict[str, tuple[dict[str, Any], str]] = {
    "invalid JSON": (
        {"billing/invoice.paid/1.json": '{\n  "type": "object",\n  "properties": {,}\n}'},
        f"{EVENT}/1.json:3:18: invalid JSON: Expecting property name enclosed in double quotes",
    ),
    "schema failing the 2020-12 meta-schema": (
        {"billing/invoice.paid/1.json": {"type": "strng"}},
        f"{EVENT}/1.json: not a valid 2020-12 JSON Schema at /type: "
        "'strng' is not valid under any of the given schemas",
    ),
    "schema failing the draft-07 meta-schema": (
        {
            "billing/invoice.paid/1.json": {
                "$schema": "http://json-schema.org/draft-07/schema#",
                "properties": {"a": {"minLength": -1}},
            }
        },
        f"{EVENT}/1.json: not a valid draft-07 JSON Schema at /properties/a/minLength: "
        "-1 is less than the minimum of 0",
    ),
    "unknown $schema": (
        {"billing/invoice.paid/1.json": {"$schema": "http://json-schema.org/draft-04/schema#"}},
        f"{EVENT}/1.json: unknown $schema 'http://json-schema.org/draft-04/schema#' "
        "(supported: draft 2020-12, 2019-09, draft-07)",
    ),
    "remote $ref": (
        {
            "billing/invoice.paid/1.json": {
                **S,
                "properties": {"a": {"$ref": "https://example.com/m.json"}},
            }
        },
        f"{EVENT}/1.json: remote $ref 'https://example.com/m.json' at /properties/a/$ref: "
        "refs must point inside the registry (nothing is fetched)",
    ),
    "dangling $ref to a file": (
        {"billing/invoice.paid/1.json": {**S, "properties": {"a": {"$ref": "../../_defs/m.json"}}}},
        f"{EVENT}/1.json: dangling $ref '../../_defs/m.json' at /properties/a/$ref: "
        "no such schema in the registry",
    ),
    "dangling $ref to a definition": (
        {"billing/invoice.paid/1.json": {**S, "properties": {"a": {"$ref": "#/$defs/nope"}}}},
        f"{EVENT}/1.json: dangling $ref '#/$defs/nope' at /properties/a/$ref: "
        "no such location in the target schema",
    ),
    "$ref cycle": (
        {
            "billing/invoice.paid/1.json": {
                **S,
                "$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"allOf": [{"$ref": "#/$defs/a"}]}},
            }
        },
        f"{EVENT}/1.json: $ref cycle at /$defs/a/$ref: #/$defs/b -> #/$defs/a -> #/$defs/b",
    ),
    "$ref cycle across files": (
        {
            "billing/invoice.paid/1.json": {**S, "$ref": "../../_defs/a.json"},
            "_defs/a.json": {"$ref": "b.json"},
            "_defs/b.json": {"$ref": "a.json"},
        },
        f"{EVENT}/1.json: $ref cycle at /$ref: ../../_defs/a.json -> b.json -> a.json",
    ),
    "mixed version schemes": (
        {"billing/invoice.paid/1.json": S, "billing/invoice.paid/2024-01-15.1.json": S},
        f"{EVENT}: mixed version schemes: 1.json (integer), 2024-01-15.1.json (date); "
        "use one scheme per event",
    ),
    "duplicate versions": (
        {"billing/invoice.paid/1.json": S, "billing/invoice.paid/01.json": S},
        f"{EVENT}: 01.json and 1.json are the same version; keep one",
    ),
    "duplicate date versions": (
        {"billing/invoice.paid/2024-01-15.1.json": S, "billing/invoice.paid/2024-01-15.01.json": S},
        f"{EVENT}: 2024-01-15.01.json and 2024-01-15.1.json are the same version; keep one",
    ),
    "file stem that is not a version": (
        {"billing/invoice.paid/v1.json": S},
        f"{EVENT}/v1.json: 'v1' is not a version "
        "(use an integer like 1, a date like 2024-01-15.1, or semver like 1.2.0)",
    ),
    "date version with an impossible date": (
        {"billing/invoice.paid/2024-02-30.1.json": S},
        f"{EVENT}/2024-02-30.1.json: '2024-02-30.1' has an invalid date",
    ),
    "empty registry": (
        {"README.md": "nothing here yet"},
        "reg: empty registry: no event schemas (expected <registry>/<domain>/<noun.verb>/<v>.json)",
    ),
    "file that is not UTF-8": (
        {"billing/invoice.paid/1.json": b'{\n "description": "caf\xe9"\n}'},
        f"{EVENT}/1.json:2: not UTF-8 (byte 0xe9 at offset 22)",
    ),
    "empty file": (
        {"billing/invoice.paid/1.json": "  \n"},
        f"{EVENT}/1.json: empty file (expected JSON)",
    ),
    "schema that is not an object": (
        {"billing/invoice.paid/1.json": [1]},
        f"{EVENT}/1.json: a schema must be a JSON object, not an array",
    ),
    "schema file outside an event folder": (
        {"1.json": S},
        "reg/1.json: schema file outside an event folder "
        "(expected <registry>/<domain>/<noun.verb>/<v>.json)",
    ),
    "inngest/ event that differs from the built-in": (
        {"billing/invoice.paid/1.json": S, "inngest/function.failed/1.json": S},
        f"reg/inngest/function.failed/1.json: {RESERVED}",
    ),
    "inngest/ event that is not a built-in": (
        {"billing/invoice.paid/1.json": S, "inngest/custom.thing/1.json": S},
        f"reg/inngest/custom.thing/1.json: {RESERVED}",
    ),
}


@pytest.mark.parametrize("files,message", CASES.values(), ids=list(CASES))
def test_bad_registry_is_one_line_and_exit_2(
    registry_dir: Callable[..., Path], files: dict[str, Any], message: str
) -> None:
    root = registry_dir(files)
    before = snapshot(root.parent)
    for command in (["check"], ["list"]):
        result = event_registry(root.parent, "--registry", "reg", *command)
        assert (result.returncode, result.stdout) == (2, "")
        assert result.stderr == f"event-registry: error: {message}\n"
    assert snapshot(root.parent) == before


def test_very_large_schema_file_is_refused_with_its_size(registry_dir: Callable[..., Path]) -> None:
    thirty_mb = '{"description": "' + "x" * (30 * 1024 * 1024) + '"}'
    root = registry_dir({"billing/invoice.paid/1.json": thirty_mb})
    result = event_registry(root.parent, "--registry", "reg", "check")
    assert result.returncode == 2
    assert result.stderr == (
        f"event-registry: error: {EVENT}/1.json: 30.0 MB is over the 5 MB limit for a JSON file; "
        "refused\n"
    )


def test_missing_registry_path(tmp_path: Path) -> None:
    result = event_registry(tmp_path, "--registry", "missing", "check")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == "event-registry: error: missing: registry not found\n"
    assert list(tmp_path.iterdir()) == []


def test_registry_path_that_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "reg").write_text("{}")
    result = event_registry(tmp_path, "--registry", "reg", "list")
    assert (result.returncode, result.stderr) == (
        2,
        "event-registry: error: reg: registry is not a directory\n",
    )


def test_every_broken_file_is_reported_in_one_run(registry_dir: Callable[..., Path]) -> None:
    root = registry_dir(
        {
            "billing/invoice.paid/1.json": "{",
            "billing/invoice.paid/2.json": S,
            "billing/invoice.sent/v1.json": S,
            "shop/order.placed/1.json": {"type": "strng"},
            "_defs/money.json": "",
        }
    )
    result = event_registry(root.parent, "--registry", "reg", "check")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.splitlines() == [
        "event-registry: error: reg/billing/invoice.paid/1.json:1:2: invalid JSON: "
        "Expecting property name enclosed in double quotes",
        "event-registry: error: reg/billing/invoice.sent/v1.json: 'v1' is not a version "
        "(use an integer like 1, a date like 2024-01-15.1, or semver like 1.2.0)",
        "event-registry: error: reg/shop/order.placed/1.json: not a valid 2020-12 JSON Schema "
        "at /type: 'strng' is not valid under any of the given schemas",
        "event-registry: error: reg/_defs/money.json: empty file (expected JSON)",
    ]
