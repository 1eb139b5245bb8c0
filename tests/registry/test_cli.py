"""``event-registry`` through the installed console script, on temporary registries."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from commands import event_registry

from .helpers import OBJECT_SCHEMA as S
from .helpers import snapshot, write

REPO = Path(__file__).resolve().parents[2]
V2 = {**S, "properties": {**S["properties"], "currency": {"enum": ["usd", "eur"]}}}


def _registry(registry_dir: Callable[..., Path]) -> Path:
    return registry_dir(
        {
            "billing/invoice.paid/1.json": {**S, "deprecated": True},
            "billing/invoice.paid/2.json": V2,
            "billing/invoice.paid/examples/2/ok.json": {"invoiceId": "in_1", "currency": "usd"},
            "billing/invoice.paid/examples/2/invalid/btc.json": {
                "invoiceId": "in_1",
                "currency": "btc",
            },
            "user/profile.updated/2024-01-15.1.json": S,
        }
    )


def test_list_text_and_json(registry_dir: Callable[..., Path]) -> None:
    root = _registry(registry_dir)
    result = event_registry(root.parent, "--registry", "reg", "list")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [
        "billing/invoice.paid        1 (deprecated), 2",
        "inngest/function.cancelled  1  [built-in]",
        "inngest/function.failed     1  [built-in]",
        "inngest/function.finished   1  [built-in]",
        "inngest/function.invoked    1  [built-in]",
        "inngest/scheduled.timer     1  [built-in]",
        "user/profile.updated        2024-01-15.1",
    ]
    rows = json.loads(
        event_registry(root.parent, "--registry", "reg", "list", "--format", "json").stdout
    )
    assert rows[0] == {
        "name": "billing/invoice.paid",
        "versions": ["1", "2"],
        "latest": "2",
        "builtin": False,
        "deprecated": ["1"],
    }
    assert rows[1]["builtin"] is True


def test_show_latest_and_a_version(registry_dir: Callable[..., Path]) -> None:
    root = _registry(registry_dir)
    latest = event_registry(root.parent, "--registry", "reg", "show", "billing/invoice.paid")
    assert (latest.returncode, json.loads(latest.stdout)) == (0, V2)
    assert latest.stdout == json.dumps(V2, indent=2) + "\n"
    first = event_registry(
        root.parent,
        "--registry",
        "reg",
        "show",
        "billing/invoice.paid",
        "--v",
        "1",
        "--format",
        "json",
    )
    assert json.loads(first.stdout) == {
        "name": "billing/invoice.paid",
        "version": "1",
        "builtin": False,
        "path": "reg/billing/invoice.paid/1.json",
        "schema": {**S, "deprecated": True},
    }


def test_show_unknown_event_and_version(registry_dir: Callable[..., Path]) -> None:
    root = _registry(registry_dir)
    unknown = event_registry(root.parent, "--registry", "reg", "show", "billing/invoice.payed")
    assert (unknown.returncode, unknown.stdout) == (2, "")
    assert unknown.stderr == (
        "event-registry: error: unknown event 'billing/invoice.payed' "
        "(did you mean billing/invoice.paid?)\n"
    )
    version = event_registry(
        root.parent, "--registry", "reg", "show", "billing/invoice.paid", "--v", "3"
    )
    assert (version.returncode, version.stderr) == (
        2,
        "event-registry: error: billing/invoice.paid has no version '3' (versions: 1, 2)\n",
    )


def test_validate_files_and_stdin(registry_dir: Callable[..., Path], tmp_path: Path) -> None:
    root = _registry(registry_dir)
    good = write(tmp_path, "good.json", {"invoiceId": "in_1"})
    bad = write(tmp_path, "bad.json", {"currency": "btc", "extra": 1})
    result = event_registry(
        tmp_path, "--registry", "reg", "validate", "billing/invoice.paid", "good.json", "bad.json"
    )
    assert (result.returncode, result.stderr) == (1, "")
    assert result.stdout.splitlines() == [
        "good.json: valid against billing/invoice.paid v2",
        "bad.json: /currency: 'btc' is not one of ['usd', 'eur'] [enum]",
        "bad.json: /extra: unknown property 'extra' (the schema is closed) [additionalProperties]",
        "bad.json: /invoiceId: missing required property 'invoiceId' [required]",
    ]
    stdin = event_registry(
        root.parent,
        "--registry",
        "reg",
        "validate",
        "billing/invoice.paid",
        "--v",
        "1",
        "-",
        stdin='{"invoiceId": "in_1", "currency": "usd"}',
    )
    assert stdin.returncode == 1
    assert stdin.stdout == (
        "<stdin>: /currency: unknown property 'currency' (the schema is closed) "
        "[additionalProperties]\n"
    )
    ok = event_registry(
        tmp_path,
        "--registry",
        "reg",
        "validate",
        "billing/invoice.paid",
        "good.json",
        "--format",
        "json",
    )
    assert ok.returncode == 0
    assert json.loads(ok.stdout) == [
        {
            "file": "good.json",
            "event": "billing/invoice.paid",
            "version": "2",
            "valid": True,
            "issues": [],
        }
    ]
    assert bad.exists() and good.exists()


def test_validate_bad_payload_file_is_exit_2(
    registry_dir: Callable[..., Path], tmp_path: Path
) -> None:
    _registry(registry_dir)
    write(tmp_path, "broken.json", '{"invoiceId": }')
    result = event_registry(
        tmp_path, "--registry", "reg", "validate", "billing/invoice.paid", "broken.json"
    )
    assert (result.returncode, result.stdout) == (2, "")
    assert (
        result.stderr == "event-registry: error: broken.json:1:15: invalid JSON: Expecting value\n"
    )
    missing = event_registry(
        tmp_path, "--registry", "reg", "validate", "billing/invoice.paid", "nope.json"
    )
    assert (missing.returncode, missing.stderr) == (
        2,
        "event-registry: error: nope.json: no such file\n",
    )


def test_check_passes_and_reports_examples(registry_dir: Callable[..., Path]) -> None:
    root = _registry(registry_dir)
    ok = event_registry(root.parent, "--registry", "reg", "check")
    assert (ok.returncode, ok.stderr) == (0, "")
    # The fixture's properties have no descriptions: schema lint's info findings (SL207)
    # are shown but do not fail the check.
    assert ok.stdout.count(": SL207 the property has no description\n") == 3
    assert ok.stdout.endswith(
        "registry OK: 7 events, 8 versions, 2 example payloads checked; 3 info findings\n"
    )
    write(root, "billing/invoice.paid/examples/2/wrong.json", {"invoiceId": 5})
    write(root, "billing/invoice.paid/examples/2/invalid/fine.json", {"invoiceId": "in_2"})
    write(root, "billing/invoice.paid/examples/7/x.json", {})
    write(root, "billing/invoice.paid/examples/1/broken.json", "{")
    before = snapshot(root)
    result = event_registry(root.parent, "--registry", "reg", "check")
    assert (result.returncode, result.stderr) == (1, "")
    assert result.stdout.splitlines()[:4] == [
        "billing/invoice.paid/examples/1/broken.json: EXAMPLE_UNREADABLE "
        "1:2: invalid JSON: Expecting property name enclosed in double quotes",
        "billing/invoice.paid/examples/2/invalid/fine.json: INVALID_EXAMPLE_PASSES "
        "example under invalid/ "
        "validates against billing/invoice.paid v2; the schema is looser than intended, "
        "or the example is in the wrong folder",
        "billing/invoice.paid/examples/2/wrong.json at /invoiceId: EXAMPLE_INVALID "
        "example does not "
        "validate against billing/invoice.paid v2: 5 is not of type 'string' (type)",
        "billing/invoice.paid/examples/7: EXAMPLE_UNKNOWN_VERSION examples for version '7', "
        "which billing/invoice.paid does not have (versions: 1, 2)",
    ]
    report = json.loads(
        event_registry(root.parent, "--registry", "reg", "check", "--format", "json").stdout
    )
    assert report["ok"] is False
    assert [f["code"] for f in report["findings"]][:4] == [
        "EXAMPLE_UNREADABLE",
        "INVALID_EXAMPLE_PASSES",
        "EXAMPLE_INVALID",
        "EXAMPLE_UNKNOWN_VERSION",
    ]
    assert snapshot(root) == before


def test_new_scaffold(registry_dir: Callable[..., Path]) -> None:
    root = _registry(registry_dir)
    result = event_registry(root.parent, "--registry", "reg", "new", "shop/order.refunded")
    assert (result.returncode, result.stdout) == (0, "created reg/shop/order.refunded/1.json\n")
    created = json.loads((root / "shop/order.refunded/1.json").read_text())
    assert created["additionalProperties"] is False and created["properties"] == {}
    assert event_registry(root.parent, "--registry", "reg", "check").returncode == 0


def test_new_from_example_infers_and_keeps_the_example(
    registry_dir: Callable[..., Path], tmp_path: Path
) -> None:
    root = _registry(registry_dir)
    write(
        tmp_path,
        "refund.json",
        {"orderId": "ord_1", "amount": 250, "lines": [{"sku": "a", "qty": 1}]},
    )
    result = event_registry(
        tmp_path,
        "--registry",
        "reg",
        "new",
        "shop/order.refunded",
        "--from-example",
        "refund.json",
        "--format",
        "json",
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "name": "shop/order.refunded",
        "version": "1",
        "created": [
            "reg/shop/order.refunded/1.json",
            "reg/shop/order.refunded/examples/1/refund.json",
        ],
    }
    schema = json.loads((root / "shop/order.refunded/1.json").read_text())
    assert schema["required"] == ["orderId", "amount", "lines"]
    assert schema["properties"]["lines"]["items"]["additionalProperties"] is False
    check = event_registry(tmp_path, "--registry", "reg", "check")
    assert check.returncode == 0, check.stdout
    bad = event_registry(
        tmp_path,
        "--registry",
        "reg",
        "validate",
        "shop/order.refunded",
        "-",
        stdin='{"orderId": 1}',
    )
    assert bad.stdout.splitlines() == [
        "<stdin>: /amount: missing required property 'amount' [required]",
        "<stdin>: /lines: missing required property 'lines' [required]",
        "<stdin>: /orderId: 1 is not of type 'string' [type]",
    ]


def test_new_refuses_and_writes_nothing(registry_dir: Callable[..., Path], tmp_path: Path) -> None:
    root = _registry(registry_dir)
    write(tmp_path, "list.json", [1])
    before = snapshot(tmp_path)
    cases = {
        ("billing/invoice.paid",): "reg/billing/invoice.paid: billing/invoice.paid already exists "
        "(1.json, 2.json); versions are never overwritten",
        (
            "Shop/OrderPlaced",
        ): "Shop/OrderPlaced: event name 'Shop/OrderPlaced' breaks the naming pattern "
        "(expected lowercase domain/noun.verb, e.g. billing/invoice.paid)",
        (
            "../escape/x.y",
        ): "'../escape/x.y' is not a safe event name: it must be a relative path without ..",
        ("inngest/my.event",): "inngest/my.event: inngest/ is reserved for system events",
        (
            "shop/order.refunded",
            "--from-example",
            "list.json",
        ): "list.json: an event's data must be a JSON object",
        ("shop/order.refunded", "--from-example", "nope.json"): "nope.json: no such file",
    }
    for args, message in cases.items():
        result = event_registry(tmp_path, "--registry", "reg", "new", *args)
        assert (result.returncode, result.stdout, result.stderr) == (
            2,
            "",
            f"event-registry: error: {message}\n",
        )
    assert snapshot(tmp_path) == before
    assert not (root / "shop").exists()


def test_registry_from_config_then_default(tmp_path: Path) -> None:
    configured = tmp_path / "configured"
    write(configured, "events/billing/invoice.paid/1.json", S)
    write(configured, "pyproject.toml", '[tool.event-lint]\nregistry = "events"\n')
    assert event_registry(configured, "list").stdout.startswith("billing/invoice.paid        1\n")
    other = tmp_path / "default"
    write(other, "schemas/order/item.shipped/1.json", S)
    write(other, "pyproject.toml", "[project]\nname = 'x'\n")
    assert event_registry(other, "list").stdout.splitlines()[-1] == "order/item.shipped          1"


def test_repository_registry_checks_clean_and_lists_system_events() -> None:
    check = event_registry(REPO, "check")
    assert (check.returncode, check.stderr) == (0, ""), check.stdout
    listing = event_registry(REPO, "list").stdout
    for name in (
        "inngest/function.failed",
        "inngest/function.finished",
        "inngest/function.cancelled",
        "inngest/function.invoked",
        "inngest/scheduled.timer",
    ):
        assert f"{name}" in listing and listing.split(name, 1)[1].split("\n", 1)[0].endswith(
            "[built-in]"
        )
    assert "user/profile.updated" in listing and "2024-01-15.1, 2024-03-01.1" in listing
    assert (REPO / "schemas/inngest").is_symlink()
