"""EL613 payload-wrong-type: a written value has a type its schema does not allow."""

from __future__ import annotations

from collections.abc import Iterator

from event_lint.diagnostics import Diagnostic
from event_lint.linter.payload_problems import Mismatch
from event_lint.linter.rules._registry import payload_reports
from event_lint.linter.rules.base import Rule, RuleContext


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

    def check(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        return payload_reports(self, ctx, Mismatch.WRONG_TYPE)
