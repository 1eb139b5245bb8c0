"""EL613 payload-wrong-type: a written value has a type its schema does not allow."""

from __future__ import annotations

from collections.abc import Iterator

from event_lint.diagnostics import Diagnostic
from event_lint.linter.payload_problems import Mismatch
from event_lint.linter.rules._registry import payload_reports
from event_lint.linter.rules.base import Flagged, Passing, Rule, RuleContext


class PayloadWrongType(Rule):
    code = "EL613"
    name = "payload-wrong-type"
    summary = "A value in event data has a type its schema does not allow"
    needs_registry = True
    what_it_does = """
Reports a value in an event's written `data` whose JSON type the schema's `type` rules
out: a literal (`"10.00"` where the schema says integer), an f-string (always a
string), a dict or a list literal. Values the linter cannot know (a parameter, a call's
result) are never reported. Under `anyOf`/`oneOf`, a value is reported only when no
branch allows its type.
"""
    why_bad = """
The SDK sends whatever JSON the dict holds; nothing checks it against the schema before
it reaches consumers, which then compare a string with a number, or crash parsing it.
"""
    example = """
inngest.Event(
    name="payment/charge.succeeded",
    data={"chargeId": "ch_1", "amount": "10.00", "currency": "usd"},
)
"""
    use_instead = """
inngest.Event(
    name="payment/charge.succeeded",
    data={"chargeId": "ch_1", "amount": 1000, "currency": "usd"},
)
"""
    flagged = (
        Flagged(
            """\
import inngest

client = inngest.Inngest(app_id="shop")


async def charged(charge_id: str, customer_id: str) -> None:
    await client.send(
        inngest.Event(
            name="payment/charge.succeeded",
            data={
                "chargeId": charge_id,
                "customerId": customer_id,
                "amount": "10.00",
                "currency": "usd",
            },
        )
    )
""",
            (
                '13:27: EL613 data/amount: expected integer, got string "10.00" '
                "(schema payment/charge.succeeded v1, keyword type)",
            ),
        ),
        Flagged(
            """\
import inngest

client = inngest.Inngest(app_id="shop")
ITEMS = [{"sku": "sku_1", "quantity": "2"}]


def place(order_id: str, customer_id: str, total: int) -> None:
    client.send_sync(
        inngest.Event(
            name="order/placed",
            data={
                "orderId": f"ord_{order_id}",
                "customerId": customer_id,
                "amount": f"{total}",
                "items": ITEMS,
            },
        )
    )
""",
            (
                "14:27: EL613 data/amount: expected integer, got a string "
                "(schema order/placed v1, keyword type)",
                '4:39: EL613 data/items/0/quantity: expected integer, got string "2" '
                "(schema order/placed v1, keyword type)",
            ),
        ),
    )
    passing = (
        Passing(
            """\
import inngest

client = inngest.Inngest(app_id="shop")


async def charged(charge_id: str, customer_id: str, cents: int) -> None:
    data = {"chargeId": charge_id, "customerId": customer_id, "amount": cents, "currency": "usd"}
    await client.send(inngest.Event(name="payment/charge.succeeded", data=data))
""",
        ),
        Passing(
            """\
import inngest

client = inngest.Inngest(app_id="shop")


def amount_of(order: object) -> int:
    return 1


def place(order: object) -> None:
    items = [{"sku": "sku_1", "quantity": 2}]
    data = {"orderId": "ord_1", "customerId": "cus_1", "amount": amount_of(order), "items": items}
    client.send_sync(inngest.Event(name="order/placed", data=data))
""",
        ),
    )

    def check(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        return payload_reports(self, ctx, Mismatch.WRONG_TYPE)
