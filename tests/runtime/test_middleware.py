"""The validating middleware inside the real inngest SDK, with its HTTP transport faked."""

from __future__ import annotations

import asyncio
import importlib.util
import json
import logging
import sys
from pathlib import Path

import httpx
import inngest
import pytest
from inngest._internal.net import ThreadAwareAsyncHTTPClient

from event_lint.registry import Registry
from event_lint.runtime import (
    EventValidationError,
    ValidatingMiddleware,
    ValidatingMiddlewareSync,
    validating_middleware,
)

INVOICE_V1 = {
    "type": "object",
    "additionalProperties": False,
    "required": ["invoiceId", "amount"],
    "properties": {"invoiceId": {"type": "string"}, "amount": {"type": "integer", "minimum": 0}},
}
INVOICE_V2 = {
    "type": "object",
    "required": ["invoiceId", "amountCents"],
    "properties": {"invoiceId": {"type": "string"}, "amountCents": {"type": "integer"}},
}


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    root = tmp_path_factory.mktemp("schemas")
    folder = root / "billing" / "invoice.paid"
    folder.mkdir(parents=True)
    (folder / "1.json").write_text(json.dumps(INVOICE_V1))
    (folder / "2.json").write_text(json.dumps(INVOICE_V2))
    return Registry.load(root)


class Transport:
    """Records every request the client sends and answers like the Inngest event API."""

    def __init__(self) -> None:
        self.bodies: list[object] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        self.bodies.append(body)
        return httpx.Response(
            200, json={"ids": [f"id{i}" for i in range(len(body))], "status": 200}
        )


def client_with(middleware: list[object], transport: Transport) -> inngest.Inngest:
    client = inngest.Inngest(app_id="shop", is_production=False, middleware=middleware)  # type: ignore[arg-type]
    mock = httpx.MockTransport(transport)
    # The SDK keeps an async and a sync httpx client; both go through the fake transport.
    client._http_client._http_client = ThreadAwareAsyncHTTPClient(transport=mock).initialize()
    client._http_client._http_client_sync = httpx.Client(transport=mock)
    return client


GOOD = inngest.Event(
    name="billing/invoice.paid",
    id="inv-1",
    ts=1700000000000,
    data={"invoiceId": "in_1", "amountCents": 5},
)
BAD = inngest.Event(name="billing/invoice.paid", data={"invoiceId": "in_1", "amountCents": "5"})
UNKNOWN = inngest.Event(name="billing/invoice.voided", data={})


def test_bad_payload_raises_before_anything_is_sent(registry: Registry) -> None:
    transport = Transport()
    client = client_with([validating_middleware(registry)], transport)
    with pytest.raises(EventValidationError) as caught:
        client.send_sync([GOOD, BAD])
    assert str(caught.value) == (
        "not sending events, 1 problem:\n"
        "events[1] 'billing/invoice.paid' v2: data/amountCents: '5' is not of type 'integer' "
        "(matches none of its 2 versions)"
    )
    assert transport.bodies == []


def test_bad_payload_raises_from_async_send(registry: Registry) -> None:
    transport = Transport()
    client = client_with([validating_middleware(registry, asynchronous=True)], transport)
    with pytest.raises(EventValidationError, match="data/amountCents"):
        asyncio.run(client.send(BAD))
    assert transport.bodies == []


@pytest.mark.parametrize("asynchronous", [False, True])
def test_good_event_goes_through_unchanged(registry: Registry, asynchronous: bool) -> None:
    transport = Transport()
    client = client_with([validating_middleware(registry, asynchronous=asynchronous)], transport)
    ids = asyncio.run(client.send(GOOD))
    assert ids == ["id0"]
    assert transport.bodies == [
        [
            {
                "name": "billing/invoice.paid",
                "id": "inv-1",
                "ts": 1700000000000,
                "data": {"invoiceId": "in_1", "amountCents": 5},
            }
        ]
    ]


def test_an_older_version_payload_is_valid(registry: Registry) -> None:
    transport = Transport()
    client = client_with([validating_middleware(registry)], transport)
    v1 = inngest.Event(name="billing/invoice.paid", data={"invoiceId": "in_1", "amount": 5})
    assert client.send_sync(v1) == ["id0"]


def test_warn_mode_logs_and_sends(registry: Registry, caplog: pytest.LogCaptureFixture) -> None:
    transport = Transport()
    client = client_with([validating_middleware(registry, mode="warn")], transport)
    with caplog.at_level(logging.WARNING, logger="event_lint.runtime"):
        client.send_sync(BAD)
    assert [r.getMessage() for r in caplog.records if r.name == "event_lint.runtime"] == [
        "event-lint: events[0] 'billing/invoice.paid' v2: data/amountCents: '5' is not of type "
        "'integer' (matches none of its 2 versions)"
    ]
    assert len(transport.bodies) == 1


@pytest.mark.parametrize(
    ("unknown", "raises", "warned"),
    [("allow", False, False), ("warn", False, True), ("raise", True, False)],
)
def test_unknown_event_policy(
    registry: Registry, caplog: pytest.LogCaptureFixture, unknown: str, raises: bool, warned: bool
) -> None:
    transport = Transport()
    client = client_with([validating_middleware(registry, unknown=unknown)], transport)  # type: ignore[arg-type]
    with caplog.at_level(logging.WARNING, logger="event_lint.runtime"):
        if raises:
            with pytest.raises(
                EventValidationError, match=r"'billing/invoice\.voided': unknown event"
            ):
                client.send_sync(UNKNOWN)
        else:
            client.send_sync(UNKNOWN)
    messages = [r.getMessage() for r in caplog.records if r.name == "event_lint.runtime"]
    assert messages == (
        ["event-lint: events[0] 'billing/invoice.voided': unknown event (not in the registry)"]
        if warned
        else []
    )
    assert len(transport.bodies) == (0 if raises else 1)


def test_factory_builds_the_sdk_middleware_classes(registry: Registry) -> None:
    client = inngest.Inngest(app_id="shop", is_production=False)
    assert isinstance(validating_middleware(registry)(client, None), ValidatingMiddlewareSync)
    assert isinstance(
        validating_middleware(registry, asynchronous=True)(client, None), ValidatingMiddleware
    )


def test_bad_mode_is_refused(registry: Registry) -> None:
    with pytest.raises(ValueError, match="mode must be one of raise, warn, not 'loud'"):
        validating_middleware(registry, mode="loud")  # type: ignore[arg-type]


def test_generated_class_sent_through_the_validating_client() -> None:
    """The example app's generated module, the repo's registry and the real SDK together."""
    repo = Path(__file__).resolve().parents[2]
    spec = importlib.util.spec_from_file_location("shop_events", repo / "examples/app/events.py")
    assert spec is not None and spec.loader is not None
    events = importlib.util.module_from_spec(spec)
    sys.modules["shop_events"] = events
    spec.loader.exec_module(events)
    transport = Transport()
    client = client_with([validating_middleware(Registry.load(repo / "schemas"))], transport)
    paid = events.BillingInvoicePaidV2(
        id="invoice-paid-in_1",
        data=events.BillingInvoicePaidV2Data(
            invoice_id="in_1", customer_id="cus_1", amount_cents=1000, currency="usd"
        ),
    )
    assert client.send_sync(paid.to_event()) == ["id0"]
    assert transport.bodies[0][0]["data"] == {  # type: ignore[index]
        "invoiceId": "in_1",
        "customerId": "cus_1",
        "amountCents": 1000,
        "currency": "usd",
    }
