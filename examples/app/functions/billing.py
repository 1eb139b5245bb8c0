"""Billing functions: triggered by invoice events."""

import datetime

import inngest

from app.event_names import INVOICE_PAID, PROFILE_UPDATED
from app.inngest_client import inngest_client


@inngest_client.create_function(
    fn_id="record-payment",
    trigger=inngest.TriggerEvent(event=INVOICE_PAID),
    # Deliberate mistake: v2 has no `amount` (it is `amountCents`) (EL622).
    idempotency="event.data.invoiceId + '-' + string(event.data.amount)",
)
async def record_payment(ctx: inngest.Context) -> None:
    invoice_id = ctx.event.data["invoiceId"]
    await ctx.step.send_event(
        "notify-accounting",
        inngest.Event(
            name="payment/charge.succeeded",
            id=f"charge-succeeded-ch_{invoice_id}",
            data={
                "chargeId": f"ch_{invoice_id}",
                "customerId": ctx.event.data["customerId"],
                # Deliberate mistake: the schema says integer cents (EL613).
                "amount": "10.00",
                "currency": "usd",
            },
        ),
    )
    receipt = await ctx.step.wait_for_event(
        "wait-for-receipt",
        event="email/welcome.sent",
        timeout=datetime.timedelta(hours=1),
        if_exp="event.data.customerId == async.data.userId",
    )
    if receipt is None:
        # Deliberate mistake: a bare client send re-runs on every replay (EL501).
        await inngest_client.send(
            inngest.Event(name=PROFILE_UPDATED, data={"userId": ctx.event.data["customerId"]})
        )
