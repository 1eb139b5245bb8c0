"""EL201 beyond its own examples: natural keys from a registry schema, per-event settings,
the list form beside the natural-key default, and reading the setting from pyproject.toml."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from event_lint.config import Config, EventSettings, load_config
from event_lint.diagnostics import Diagnostic, Severity
from event_lint.errors import UserError
from event_lint.linter.project import project_from_sources
from event_lint.linter.rules.base import RuleContext
from event_lint.linter.rules.missing_event_id import MissingEventId
from event_lint.registry import Registry

HEADER = 'import inngest\n\nclient = inngest.Inngest(app_id="shop")\n\n\n'  # 5 lines


def schema(properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    return {
        "type": "object",
        "description": "What happened.",
        "properties": properties,
        "required": required,
    }


STRING = {"type": "string", "description": "A string."}
SCHEMAS = {
    # The provider's reference is the natural key, and says so.
    "payment/charge.succeeded": schema(
        {"providerRef": {**STRING, "x-idempotency-key": True}, "chargeId": STRING},
        ["providerRef"],
    ),
    # Named like the noun's id, but a team says it is not a natural key.
    "billing/invoice.viewed": schema({"invoiceId": {**STRING, "x-idempotency-key": False}}, []),
    "billing/invoice.paid": schema({"invoiceId": STRING, "amount": STRING}, ["invoiceId"]),
}


@pytest.fixture
def registry(tmp_path: Path) -> Registry:
    for name, document in SCHEMAS.items():
        path = tmp_path / "schemas" / name / "1.json"
        path.parent.mkdir(parents=True)
        path.write_text(json.dumps(document))
    return Registry.load(tmp_path / "schemas")


def lint(body: str, registry: Registry | None = None, **config: Any) -> list[Diagnostic]:
    project = project_from_sources({"app.py": HEADER + body})
    context = RuleContext(project, Config(root=Path("."), **config), registry)
    return sorted(MissingEventId().check(context), key=Diagnostic.sort_key)


def shown(found: list[Diagnostic]) -> list[str]:
    return [f"{d.span.line}: {d.severity.value} {d.message}" for d in found]


def test_the_registry_names_the_natural_key(registry: Registry) -> None:
    body = (
        "def charged(ref: str, charge_id: str, invoice_id: str) -> None:\n"
        '    client.send_sync(inngest.Event(name="payment/charge.succeeded",'
        ' data={"providerRef": ref, "chargeId": charge_id}))\n'
        '    client.send_sync(inngest.Event(name="billing/invoice.viewed",'
        ' data={"invoiceId": invoice_id}))\n'
    )
    assert shown(lint(body, registry)) == [
        '7: warning Event "payment/charge.succeeded" has no id, but its data has a natural key, '
        '"providerRef": send id=f"charge-succeeded-{ref}" so that a retried send starts '
        "nothing twice",
    ]


def test_data_the_linter_cannot_see_counts_the_key_its_schema_requires(
    registry: Registry,
) -> None:
    body = (
        "def paid(payload: dict[str, str], extra: dict[str, str]) -> None:\n"
        '    client.send_sync(inngest.Event(name="billing/invoice.paid", data=payload))\n'
        '    client.send_sync(inngest.Event(name="billing/invoice.paid", data={**extra}))\n'
        '    client.send_sync(inngest.Event(name="billing/invoice.paid", data={"amount": "1"}))\n'
    )
    found = lint(body, registry)
    assert [d.span.line for d in found] == [7, 8]  # not the visible dict without the key
    assert all('id=f"invoice-paid-{...}"' in d.message and d.fix is None for d in found)


def test_without_a_schema_only_the_nouns_id_is_a_natural_key() -> None:
    # Not the actor's id, not the id of an object the event happens to again and again.
    body = (
        "def sent(user_id: str, order_id: str, invoice_id: str) -> None:\n"
        "    client.send_sync([\n"
        '        inngest.Event(name="user/profile.updated", data={"userId": user_id}),\n'
        '        inngest.Event(name="user/profile.updated", data={"profileId": user_id}),\n'
        '        inngest.Event(name="rag/site_progress", data={"site_id": user_id}),\n'
        '        inngest.Event(name="order/placed", data={"orderId": order_id}),\n'
        '        inngest.Event(name="billing/invoicePaid", data={"invoice_id": invoice_id}),\n'
        '        inngest.Event(name="inngest/function.failed", data={"functionId": "x"}),\n'
        "    ])\n"
    )
    assert [(d.span.line, d.message.split(": send ")[1]) for d in lint(body)] == [
        (11, 'id=f"placed-{order_id}" so that a retried send starts nothing twice'),
        (12, 'id=f"invoicepaid-{invoice_id}" so that a retried send starts nothing twice'),
    ]


def test_per_event_settings_win_over_the_default() -> None:
    body = (
        "def sent(invoice_id: str) -> None:\n"
        '    client.send_sync(inngest.Event(name="billing/invoice.paid",'
        ' data={"invoiceId": invoice_id}))\n'
        '    client.send_sync(inngest.Event(name="analytics/page.viewed", data={}))\n'
    )
    events = {
        "billing/invoice.paid": EventSettings(require_id=False),
        "analytics/page.viewed": EventSettings(require_id=True),
    }
    assert shown(lint(body, events=events)) == [
        '8: error Event "analytics/page.viewed" has no id; require-id asks for one',
    ]


def test_a_list_is_strict_for_its_events_and_leaves_the_others_the_default() -> None:
    body = (
        "def sent(invoice_id: str, order_id: str) -> None:\n"
        '    client.send_sync(inngest.Event(name="billing/refund.issued", data={}))\n'
        '    client.send_sync(inngest.Event(name="shop/order.placed",'
        ' data={"orderId": order_id}))\n'
    )
    found = lint(body, require_id=("billing/*",))
    assert [(d.span.line, d.severity) for d in found] == [
        (7, Severity.ERROR),
        (8, Severity.WARNING),
    ]
    assert lint(body, require_id=False) == []


def test_an_event_with_an_id_is_never_reported() -> None:
    body = (
        "def sent(order_id: str) -> None:\n"
        '    client.send_sync(inngest.Event(name="shop/order.placed",'
        ' id=f"order-placed-{order_id}", data={"orderId": order_id}))\n'
    )
    assert lint(body) == []
    assert lint(body, require_id=True) == []


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ("", (None, None)),
        ("require-id = false\n", (False, None)),
        ('require-id = ["billing/*"]\n', (("billing/*",), None)),
        ('[tool.event-lint.events."a/b.c"]\nrequire-id = false\n', (None, False)),
    ],
)
def test_the_setting_is_read_from_pyproject(
    tmp_path: Path, table: str, expected: tuple[object, object]
) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.event-lint]\n" + table)
    config = load_config(tmp_path)
    settings = config.events.get("a/b.c", EventSettings())
    assert (config.require_id, settings.require_id) == expected


def test_a_per_event_setting_must_be_a_boolean(tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[tool.event-lint.events."a/b.c"]\nrequire-id = ["x"]\n')
    with pytest.raises(UserError) as raised:
        load_config(tmp_path)
    assert str(raised.value) == (
        f'{pyproject}: [tool.event-lint].events."a/b.c": require-id must be true or false'
    )


def test_a_constant_key_is_test_data_not_a_natural_key() -> None:
    body = (
        'ORDER = "ord_2"\n\n\n'
        "def sent() -> None:\n"
        '    client.send_sync(inngest.Event(name="shop/order.placed", data={"orderId": "ord_1"}))\n'
        '    client.send_sync(inngest.Event(name="shop/order.placed", data={"orderId": ORDER}))\n'
    )
    assert lint(body) == []
    assert [d.span.line for d in lint(body, require_id=True)] == [10, 11]
