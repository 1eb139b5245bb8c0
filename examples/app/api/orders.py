"""HTTP handlers: sends from API code, through the client re-exported by `app`."""

import time

from app import events_client
from app.event_names import OrderEvents
from app.events import BillingInvoicePaidV2
from inngest import Event


async def place_order(order_id: str, customer_id: str, amount: int) -> None:
    await events_client.send(
        Event(
            name=OrderEvents.PLACED,
            id=f"order-placed-{order_id}",
            data={
                "orderId": order_id,
                "customerId": customer_id,
                "amount": amount,
                "items": [{"sku": "sku_1", "quantity": 2}],
            },
        )
    )


async def pay_invoice(invoice_id: str, customer_id: str) -> None:
    # The typed class knows its event name and version; the linter checks its data too.
    event = BillingInvoicePaidV2(
        id=f"invoice-paid-{invoice_id}",
        data={"invoiceId": invoice_id, "customerId": customer_id, "amountCents": 1000, "currency": "usd"},
    )
    await events_client.send(event.to_event())


async def ship_item(order_id: str, sku: str) -> None:
    await events_client.send(
        Event(
            name=OrderEvents.ITEM_SHIPPED,
            # Deliberate mistake: the bare order id is shared by every event of this order (EL202).
            id=order_id,
            # Deliberate mistake: seconds, not milliseconds (EL302).
            ts=int(time.time()),
            data={"orderId": order_id, "sku": sku},
        )
    )


def update_profile(user_id: str, email: str) -> None:
    events_client.send_sync(
        Event(
            name="user/profile.updated",
            # Deliberate mistake: the Python SDK silently drops `v` (EL401).
            v="2024-03-01.1",
            data={"userId": user_id, "changes": {"email": email}},
        )
    )
