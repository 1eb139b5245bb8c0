"""EL612 payload-unknown-key: the written data has a key a closed schema does not allow."""

from __future__ import annotations

from collections.abc import Iterator

from event_lint.diagnostics import Diagnostic
from event_lint.linter.payload_problems import Mismatch
from event_lint.linter.rules._registry import payload_reports
from event_lint.linter.rules.base import Flagged, Passing, Rule, RuleContext


class PayloadUnknownKey(Rule):
    code = "EL612"
    name = "payload-unknown-key"
    summary = "Event data has a key its closed schema does not allow"
    needs_registry = True
    what_it_does = """
Reports each key of an event's written `data` (or of an object nested in it) that the
schema does not declare where the schema is closed (`additionalProperties: false`, or
`unevaluatedProperties: false`), with the nearest declared key as a suggestion. Open
objects accept any key and are not reported.
"""
    why_bad = """
A closed schema is a promise that consumers see nothing else. An extra key is usually a
typo or a renamed field (`amount` for `amountCents`): the value the sender meant to pass
never reaches the consumer, which reads the declared key and finds it missing.
"""
    example = """
inngest.Event(name="billing/invoice.paid", data={"invoiceId": i, "customerId": c, "amount": 1000})
"""
    use_instead = """
inngest.Event(name="billing/invoice.paid", data={"invoiceId": i, "customerId": c, "amountCents": 1})
"""
    flagged = (
        Flagged(
            """\
import inngest

client = inngest.Inngest(app_id="shop")


async def paid(invoice_id: str, customer: str) -> None:
    await client.send(
        inngest.Event(
            name="billing/invoice.paid",
            data={"invoiceId": invoice_id, "customerId": customer, "amount": 1000},
        )
    )
""",
            (
                '10:68: EL612 data/amount: key not in the schema (did you mean "amountCents"?) '
                "(schema billing/invoice.paid v2, keyword additionalProperties)",
            ),
        ),
        Flagged(
            """\
import inngest

client = inngest.Inngest(app_id="shop")


def paid(invoice_id: str, customer_id: str, account: str) -> None:
    client.send_sync(
        inngest.Event(
            name="billing/invoice.paid",
            data={
                "invoiceId": invoice_id,
                "customerId": customer_id,
                "amountCents": 1000,
                "metadata": {"accountId": account, "accountName": "", "region": ""},
            },
        )
    )
""",
            (
                "14:71: EL612 data/metadata/region: key not in the schema "
                "(schema billing/invoice.paid v2, keyword additionalProperties)",
            ),
        ),
    )
    passing = (
        Passing(
            """\
import inngest

client = inngest.Inngest(app_id="shop")


async def paid(invoice: str, customer: str, c: int) -> None:
    await client.send(
        inngest.Event(
            name="billing/invoice.paid",
            data={"invoiceId": invoice, "customerId": customer, "amountCents": c},
        )
    )
""",
        ),
        Passing(
            """\
import inngest

client = inngest.Inngest(app_id="shop")


async def unknown_event(user_id: str) -> None:
    # Not in the registry: EL601's business, not checked against any schema.
    await client.send(inngest.Event(name="crm/contact.synced", data={"any": 1}))
""",
        ),
    )

    def check(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        return payload_reports(self, ctx, Mismatch.UNKNOWN_KEY)
