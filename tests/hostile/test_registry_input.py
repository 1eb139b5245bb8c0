"""A registry a stranger wrote: dynamic refs, deep nesting, non-standard JSON, long names,
symlinks out of the registry, devices and FIFOs. Each is one exact line, exit 2 (or a
finding for an example), no traceback, nothing written anywhere."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from hostile.repo import assert_clean_failure, build, event_registry, snapshot

EVENT = "schemas/billing/invoice.paid"
GOOD: dict[str, Any] = {
    "description": "An invoice was paid.",
    "type": "object",
    "properties": {"invoiceId": {"type": "string", "maxLength": 64, "description": "Its id."}},
    "required": ["invoiceId"],
    "additionalProperties": False,
}


def _schema(**extra: Any) -> str:
    return json.dumps({**GOOD, **extra})


def _deep(levels: int) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string", "maxLength": 3}
    for _ in range(levels):
        schema = {"type": "object", "properties": {"a": schema}, "additionalProperties": False}
    return schema


def _fails(result: subprocess.CompletedProcess[str], message: str) -> None:
    """Exit 2, nothing on stdout, exactly one line on stderr."""
    assert_clean_failure(result)
    assert (result.stdout, result.stderr) == ("", f"event-registry: error: {message}\n")


def _repo(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    return build(tmp_path / "repo", files)


LOAD_ERRORS: dict[str, tuple[str, str]] = {
    "$dynamicRef that loops in place": (
        json.dumps({**GOOD, "$dynamicAnchor": "node", "$dynamicRef": "#node"}),
        f"{EVENT}/1.json: $dynamicAnchor at /$dynamicAnchor is not supported: dynamic "
        "references are resolved while validating and cannot be checked (use $ref)",
    ),
    "remote $dynamicRef": (
        _schema(properties={"a": {"$dynamicRef": "https://attacker.example/s.json"}}),
        f"{EVENT}/1.json: $dynamicRef at /properties/a/$dynamicRef is not supported: dynamic "
        "references are resolved while validating and cannot be checked (use $ref)",
    ),
    "$recursiveRef (2019-09)": (
        _schema(
            **{"$schema": "https://json-schema.org/draft/2019-09/schema"},
            properties={"a": {"$recursiveRef": "#"}},
        ),
        f"{EVENT}/1.json: $recursiveRef at /properties/a/$recursiveRef is not supported: "
        "dynamic references are resolved while validating and cannot be checked (use $ref)",
    ),
    "100 levels of properties": (
        json.dumps(_deep(100)),
        f"{EVENT}/1.json: nested more than 64 levels deep at {'/properties/a' * 32}; refused",
    ),
    "100,000 nested arrays": (
        "[" * 100_000 + "]" * 100_000,
        f"{EVENT}/1.json: nested more than 64 levels deep; refused",
    ),
    "duplicate key": (
        '{"type": "object", "properties": {"amount": {"type": "string"}, '
        '"amount": {"type": "integer"}}}',
        f"{EVENT}/1.json: duplicate key 'amount' at /properties/amount: "
        "only the last one would count; keep one",
    ),
    "NaN": (
        '{"type": "object", "properties": {"n": {"type": "number", "maximum": NaN}}}',
        f"{EVENT}/1.json: invalid JSON at /properties/n/maximum: NaN is not standard JSON",
    ),
    "-Infinity": (
        '{"type": "object", "properties": {"n": {"type": "number", "minimum": -Infinity}}}',
        f"{EVENT}/1.json: invalid JSON at /properties/n/minimum: -Infinity is not standard JSON",
    ),
    "a number that overflows to infinity": (
        '{"type": "object", "properties": {"n": {"type": "number", "maximum": 1e400}}}',
        f"{EVENT}/1.json: invalid JSON at /properties/n/maximum: "
        "1e400 is out of range (it would be infinity)",
    ),
    "an integer of 5,000 digits": (
        '{"type": "object", "properties": {"n": {"maximum": ' + "9" * 5000 + "}}}",
        f"{EVENT}/1.json: invalid JSON at /properties/n/maximum: "
        "an integer of 5,000 digits is too long",
    ),
    "a lone surrogate (nothing can print it)": (
        '{"type": "object", "description": "paid \\ud800"}',
        f"{EVENT}/1.json: invalid JSON at /description: a lone surrogate is not Unicode",
    ),
}


@pytest.mark.parametrize("schema,message", LOAD_ERRORS.values(), ids=list(LOAD_ERRORS))
def test_hostile_schema_is_one_line_and_exit_2(tmp_path: Path, schema: str, message: str) -> None:
    repo = _repo(tmp_path, {f"{EVENT}/1.json": schema, "pay.json": "{}"})
    before = snapshot(tmp_path)
    for command in (
        ["check"],
        ["show", "billing/invoice.paid"],
        ["validate", "billing/invoice.paid", "pay.json"],
        ["codegen", "--out", "events.py"],
    ):
        _fails(event_registry(repo, *command), message)
    assert snapshot(tmp_path) == before


def test_ref_chain_across_many_files_is_refused(tmp_path: Path) -> None:
    defs = {
        f"schemas/_defs/d{i}.json": json.dumps({"allOf": [{"$ref": f"d{i + 1}.json"}]})
        for i in range(40)
    }
    defs["schemas/_defs/d40.json"] = json.dumps({"type": "string"})
    repo = _repo(
        tmp_path,
        {f"{EVENT}/1.json": _schema(properties={"a": {"$ref": "../../_defs/d0.json"}}), **defs},
    )
    _fails(
        event_registry(repo, "check"),
        f"{EVENT}/1.json: $ref chain at /properties/a/$ref is longer than 16 refs: "
        "../../_defs/d0.json -> ... -> d16.json",
    )


def test_deepest_accepted_schema_and_payload_work_everywhere(tmp_path: Path) -> None:
    """At the depth limit, every command that walks a schema or a payload still works."""
    deepest = {**_deep(31), "description": "Deep."}  # 63 levels of objects
    payload: Any = "x"
    for _ in range(31):
        payload = {"a": payload}
    recursive = {
        **GOOD,
        "properties": {"a": {"anyOf": [{"$ref": "#"}, {"type": "string", "maxLength": 3}]}},
        "required": [],
    }
    chain: Any = "x"
    for _ in range(63):
        chain = {"a": chain}
    repo = _repo(
        tmp_path,
        {
            "schemas/x/deep.made/1.json": json.dumps(deepest),
            "schemas/x/deep.made/2.json": json.dumps({**_deep(30), "description": "Deep."}),
            "schemas/x/tree.made/1.json": json.dumps(recursive),
            "pay.json": json.dumps(payload),
            "chain.json": json.dumps(chain),
        },
    )
    for command in (
        ["check"],
        ["validate", "x/deep.made", "pay.json", "--v", "1"],
        ["validate", "x/tree.made", "chain.json"],
        ["diff", "x/deep.made", "1", "2"],
        ["codegen", "--out", "events.py"],
    ):
        result = event_registry(repo, *command)
        assert "Traceback" not in result.stderr, result.stderr
        assert result.returncode in (0, 1), (command, result.stderr)


PAYLOAD_ERRORS: dict[str, tuple[str | bytes, str]] = {
    "NaN": ('{"invoiceId": NaN}', "pay.json: invalid JSON at /invoiceId: NaN is not standard JSON"),
    "duplicate key": (
        '{"invoiceId": "a", "invoiceId": 1}',
        "pay.json: duplicate key 'invoiceId' at /invoiceId: only the last one would count; "
        "keep one",
    ),
    "100,000 nested arrays": (
        "[" * 100_000 + "]" * 100_000,
        "pay.json: nested more than 64 levels deep; refused",
    ),
}


@pytest.mark.parametrize("content,message", PAYLOAD_ERRORS.values(), ids=list(PAYLOAD_ERRORS))
def test_hostile_payload_for_validate_and_new(tmp_path: Path, content: str, message: str) -> None:
    repo = _repo(tmp_path, {f"{EVENT}/1.json": _schema(), "pay.json": content})
    before = snapshot(tmp_path)
    _fails(event_registry(repo, "validate", "billing/invoice.paid", "pay.json"), message)
    _fails(
        event_registry(repo, "new", "billing/order.placed", "--from-example", "pay.json"), message
    )
    assert snapshot(tmp_path) == before


def test_example_with_nan_is_a_finding(tmp_path: Path) -> None:
    repo = _repo(
        tmp_path,
        {f"{EVENT}/1.json": _schema(), f"{EVENT}/examples/1/a.json": '{"invoiceId": Infinity}'},
    )
    result = event_registry(repo, "check")
    assert result.returncode == 1, result.stderr
    assert (
        "billing/invoice.paid/examples/1/a.json: EXAMPLE_UNREADABLE "
        "invalid JSON at /invoiceId: Infinity is not standard JSON"
    ) in result.stdout.splitlines()


def test_new_from_a_deep_payload_writes_nothing(tmp_path: Path) -> None:
    payload: Any = "x"
    for _ in range(40):  # fine as a payload, but its schema would nest 81 levels
        payload = {"a": payload}
    repo = _repo(tmp_path, {f"{EVENT}/1.json": _schema(), "pay.json": json.dumps(payload)})
    before = snapshot(tmp_path)
    _fails(
        event_registry(repo, "new", "billing/order.placed", "--from-example", "pay.json"),
        "schemas/billing/order.placed/1.json: nested more than 64 levels deep at "
        f"{'/properties/a' * 32}; refused",
    )
    assert snapshot(tmp_path) == before


# -- names --------------------------------------------------------------------------------


@pytest.mark.parametrize("length", [256, 300])
def test_new_with_a_name_over_255_characters_creates_nothing(tmp_path: Path, length: int) -> None:
    repo = _repo(tmp_path, {f"{EVENT}/1.json": _schema()})
    name = "billing/" + "a" * (length - len("billing/x.y")) + "x.y"
    before = snapshot(tmp_path)
    _fails(
        event_registry(repo, "new", name),
        f"{name[:40]}...: the event name is {length} characters long; Inngest allows at most 255",
    )
    assert snapshot(tmp_path) == before


def test_new_with_a_custom_pattern_and_a_long_folder_name_leaves_nothing(tmp_path: Path) -> None:
    """255 characters pass, but 250 two-byte characters are over the file system's 255 bytes."""
    repo = _repo(
        tmp_path,
        {
            "pyproject.toml": '[tool.event-lint]\nname-pattern = "^.+/.+$"\n',
            f"{EVENT}/1.json": _schema(),
        },
    )
    name = "billing/" + "é" * 240
    before = snapshot(tmp_path)
    result = event_registry(repo, "new", name)
    assert_clean_failure(result, "cannot create: File name too long")
    assert snapshot(tmp_path) == before


def test_a_dangling_ref_one_file_away_is_one_line(tmp_path: Path) -> None:
    """v1 refers to v2, whose own ref points nowhere: found while following v1's chain,
    before v2 is checked on its own (this was a traceback, found by the fuzz test)."""
    repo = _repo(
        tmp_path,
        {f"{EVENT}/1.json": '{"$ref": "2.json"}', f"{EVENT}/2.json": '{"$ref": "#/$defs/a"}'},
    )
    _fails(
        event_registry(repo, "check"),
        f"{EVENT}/1.json: dangling $ref '#/$defs/a' reached from /$ref (2.json -> #/$defs/a): "
        "no such schema in the registry",
    )


@pytest.mark.parametrize(
    ("name", "shown"), [("billing/a\x01.b", "\\x01"), ("billing/a\x9b.b", "\\x9b")]
)
def test_new_with_a_control_character_creates_nothing(
    tmp_path: Path, name: str, shown: str
) -> None:
    """C0 and C1 (\\x9b is a terminal's CSI) alike."""
    repo = _repo(
        tmp_path,
        {
            "pyproject.toml": '[tool.event-lint]\nname-pattern = "^.+$"\n',
            f"{EVENT}/1.json": _schema(),
        },
    )
    before = snapshot(tmp_path)
    _fails(
        event_registry(repo, "new", name),
        f"'billing/a{shown}.b' is not a safe event name: it holds a control character",
    )
    assert snapshot(tmp_path) == before


# -- symlinks -----------------------------------------------------------------------------


def _outside(tmp_path: Path) -> Path:
    outside = tmp_path / "outside"
    (outside / "invoice.paid").mkdir(parents=True)
    (outside / "invoice.paid" / "1.json").write_text(_schema())
    (outside / "secret.json").write_text('{"type": "object", "description": "a secret"}')
    return outside


def test_event_folder_linked_outside_is_refused(tmp_path: Path) -> None:
    outside = _outside(tmp_path)
    repo = _repo(tmp_path, {"schemas/shop/order.placed/1.json": _schema()})
    os.symlink(outside, repo / "schemas" / "billing")
    before = snapshot(tmp_path)
    message = "schemas/billing: a symlink that leads outside the registry; refused"
    _fails(event_registry(repo, "check"), message)
    _fails(event_registry(repo, "list"), message)
    assert snapshot(tmp_path) == before


def test_folder_linked_to_root_is_refused_before_walking_it(tmp_path: Path) -> None:
    repo = _repo(tmp_path, {f"{EVENT}/1.json": _schema()})
    os.symlink("/", repo / "schemas" / "everything")
    _fails(
        event_registry(repo, "check"),
        "schemas/everything: a symlink that leads outside the registry; refused",
    )


def test_schema_file_linked_outside_is_neither_read_nor_printed(tmp_path: Path) -> None:
    outside = _outside(tmp_path)
    repo = _repo(tmp_path, {f"{EVENT}/1.json": _schema()})
    os.symlink(outside / "secret.json", repo / EVENT / "2.json")
    for command in (["check"], ["show", "billing/invoice.paid"]):
        result = event_registry(repo, *command)
        _fails(result, f"{EVENT}/2.json: a symlink that leads outside the registry; refused")
        assert "secret" not in result.stdout + result.stderr


def test_shared_definition_linked_outside_is_refused(tmp_path: Path) -> None:
    outside = _outside(tmp_path)
    repo = _repo(tmp_path, {f"{EVENT}/1.json": _schema()})
    (repo / "schemas" / "_defs").mkdir()
    os.symlink(outside / "secret.json", repo / "schemas" / "_defs" / "money.json")
    _fails(
        event_registry(repo, "check"),
        "schemas/_defs/money.json: a symlink that leads outside the registry; refused",
    )


def test_symlinks_inside_the_registry_are_followed(tmp_path: Path) -> None:
    repo = _repo(tmp_path, {f"{EVENT}/1.json": _schema()})
    os.symlink("1.json", repo / EVENT / "2.json")
    result = event_registry(repo, "list")
    assert result.returncode == 0, result.stderr
    assert "billing/invoice.paid" in result.stdout and "1, 2" in result.stdout


def test_new_does_not_write_through_a_folder_linked_outside(tmp_path: Path) -> None:
    outside = _outside(tmp_path)
    repo = _repo(tmp_path, {"schemas/shop/order.placed/1.json": _schema()})
    os.symlink(outside, repo / "schemas" / "billing")
    before = snapshot(tmp_path)
    _fails(
        event_registry(repo, "new", "billing/refund.issued"),
        "schemas/billing: a symlink that leads outside the registry; refused",
    )
    assert snapshot(tmp_path) == before


def test_example_linked_outside_is_a_finding_and_not_read(tmp_path: Path) -> None:
    outside = _outside(tmp_path)
    repo = _repo(tmp_path, {f"{EVENT}/1.json": _schema()})
    (repo / EVENT / "examples" / "1").mkdir(parents=True)
    os.symlink(outside / "secret.json", repo / EVENT / "examples" / "1" / "a.json")
    os.symlink("/", repo / EVENT / "examples" / "2")
    result = event_registry(repo, "check")
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    for where in ("examples/1/a.json", "examples/2"):
        assert (
            f"billing/invoice.paid/{where}: EXAMPLE_UNREADABLE "
            "a symlink that leads outside the registry; refused"
        ) in lines
    assert "secret" not in result.stdout


# -- devices and FIFOs --------------------------------------------------------------------


def test_examples_that_are_dev_zero_or_a_fifo_are_findings(tmp_path: Path) -> None:
    repo = _repo(tmp_path, {f"{EVENT}/1.json": _schema()})
    examples = repo / "schemas" / "billing" / "invoice.paid" / "examples" / "1"
    examples.mkdir(parents=True)
    os.symlink("/dev/zero", examples / "zero.json")
    os.mkfifo(examples / "fifo.json")
    result = event_registry(repo, "check")
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines()[:2] == [
        "billing/invoice.paid/examples/1/fifo.json: EXAMPLE_UNREADABLE "
        "not a regular file (a device, FIFO or socket); refused",
        "billing/invoice.paid/examples/1/zero.json: EXAMPLE_UNREADABLE "
        "a symlink that leads outside the registry; refused",
    ]


@pytest.mark.parametrize("target", ["/dev/zero", "/dev/stdin", "fifo"])
def test_payload_that_is_a_device_or_fifo(tmp_path: Path, target: str) -> None:
    repo = _repo(tmp_path, {f"{EVENT}/1.json": _schema()})
    if target == "fifo":
        os.mkfifo(repo / "pay.json")
    else:
        os.symlink(target, repo / "pay.json")
    before = snapshot(tmp_path)
    message = "pay.json: not a regular file (a device, FIFO or socket); refused"
    _fails(event_registry(repo, "validate", "billing/invoice.paid", "pay.json"), message)
    _fails(
        event_registry(repo, "new", "billing/order.placed", "--from-example", "pay.json"), message
    )
    assert snapshot(tmp_path) == before


def test_schema_file_that_is_a_fifo(tmp_path: Path) -> None:
    repo = _repo(tmp_path, {"schemas/shop/order.placed/1.json": _schema()})
    (repo / EVENT).mkdir(parents=True)
    os.mkfifo(repo / EVENT / "1.json")
    _fails(
        event_registry(repo, "check"),
        f"{EVENT}/1.json: not a regular file (a device, FIFO or socket); refused",
    )


def test_folder_name_with_an_escape_sequence_is_refused_and_shown_escaped(tmp_path: Path) -> None:
    repo = _repo(tmp_path, {"schemas/bill\x1b[2Jing/invoice.paid/1.json": _schema()})
    _fails(
        event_registry(repo, "check"),
        "schemas/bill\\x1b[2Jing/invoice.paid: the folder name holds a control character or "
        "bytes that are not UTF-8; refused",
    )


def _ref_chain_at_every_level() -> tuple[str, str]:
    """A schema whose in-place $ref chain (16 refs, the limit) repeats at every level of the
    data, and a payload 64 levels deep (the limit): each is allowed, their product is not."""
    defs: dict[str, Any] = {f"c{i}": {"allOf": [{"$ref": f"#/$defs/c{i + 1}"}]} for i in range(15)}
    defs["c15"] = {"type": "object", "properties": {"a": {"$ref": "#/$defs/c0"}}}
    payload: Any = "x"
    for _ in range(63):
        payload = {"a": payload}
    schema = _schema(properties={"a": {"$ref": "#/$defs/c0"}}, **{"$defs": defs})
    return schema, json.dumps(payload)


def test_recursive_schema_whose_ref_chain_repeats_at_every_level(tmp_path: Path) -> None:
    schema, payload = _ref_chain_at_every_level()
    repo = _repo(
        tmp_path,
        {
            f"{EVENT}/1.json": schema,
            "pay.json": payload,
        },
    )
    _fails(
        event_registry(repo, "validate", "billing/invoice.paid", "pay.json"),
        "billing/invoice.paid v1: validation nests too deeply (a recursive schema whose $ref "
        "chains repeat at every level of the payload); refused",
    )


def test_new_that_fails_halfway_removes_what_it_created(tmp_path: Path) -> None:
    """1.json is written, then examples/1/ cannot be (examples is a file): 1.json goes too."""
    repo = _repo(
        tmp_path,
        {
            f"{EVENT}/1.json": _schema(),
            "schemas/billing/order.placed/examples": "not a folder",
            "pay.json": '{"orderId": "o_1"}',
        },
    )
    before = snapshot(tmp_path)
    _fails(
        event_registry(repo, "new", "billing/order.placed", "--from-example", "pay.json"),
        "schemas/billing/order.placed/examples/1: cannot create: Not a directory",
    )
    assert snapshot(tmp_path) == before


def test_example_that_nests_validation_too_deeply_is_a_finding(tmp_path: Path) -> None:
    schema, payload = _ref_chain_at_every_level()
    repo = _repo(
        tmp_path,
        {
            f"{EVENT}/1.json": schema,
            f"{EVENT}/examples/1/deep.json": payload,
        },
    )
    result = event_registry(repo, "check")
    assert result.returncode == 1, result.stderr
    assert (
        "billing/invoice.paid/examples/1/deep.json: EXAMPLE_UNREADABLE billing/invoice.paid v1: "
        "validation nests too deeply (a recursive schema whose $ref chains repeat at every "
        "level of the payload); refused"
    ) in result.stdout.splitlines()
