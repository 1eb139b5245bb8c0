"""EL612 payload-unknown-key: the written data has a key a closed schema does not allow."""

from __future__ import annotations

from collections.abc import Iterator

from event_lint.diagnostics import Diagnostic
from event_lint.linter.payload_problems import Mismatch
from event_lint.linter.rules._registry import payload_reports
from event_lint.linter.rules.base import Rule, RuleContext


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

    def check(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        return payload_reports(self, ctx, Mismatch.UNKNOWN_KEY)
