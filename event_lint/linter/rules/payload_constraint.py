"""EL614 payload-constraint: a written literal breaks a constraint of its schema."""

from __future__ import annotations

from collections.abc import Iterator

from event_lint.diagnostics import Diagnostic
from event_lint.linter.payload_problems import Mismatch
from event_lint.linter.rules._registry import payload_reports
from event_lint.linter.rules.base import Flagged, Passing, Rule, RuleContext


class PayloadConstraint(Rule):
    code = "EL614"
    name = "payload-constraint"
    summary = "A literal in event data breaks a constraint of its schema"
    needs_registry = True
    what_it_does = """
Reports a literal in an event's written `data` that its schema rejects for a reason
other than its type: `enum`, `const`, `pattern`, `format` (`date-time`, `date`, `email`,
`uuid`, `uri`, ...), `minimum`/`maximum` and their exclusive forms, `multipleOf`,
`minLength`/`maxLength`, and `minItems`/`maxItems` on list literals. The checks are the
`jsonschema` validator's own, run on each value the linter knows.
"""
    why_bad = """
A value outside the schema's contract reaches every consumer: a plan name nobody
handles, an id in the wrong format, an empty list where at least one item is promised.
"""
    example = """
inngest.Event(name="user/signup.completed", data={"userId": uid, "email": email, "plan": "gold"})
"""
    use_instead = """
inngest.Event(name="user/signup.completed", data={"userId": uid, "email": email, "plan": "pro"})
"""
    flagged = (
        Flagged(
            """\
import inngest

client = inngest.Inngest(app_id="shop")


async def signed_up(user_id: str) -> None:
    await client.send(
        inngest.Event(
            name="user/signup.completed",
            data={"userId": user_id, "email": "ann.example.com", "plan": "gold"},
        )
    )
""",
            (
                '10:47: EL614 data/email: "ann.example.com" is not a valid email '
                "(schema user/signup.completed v1, keyword format)",
                '10:74: EL614 data/plan: "gold" is not one of "free", "pro", "enterprise" '
                "(schema user/signup.completed v1, keyword enum)",
            ),
        ),
        Flagged(
            """\
import inngest

client = inngest.Inngest(app_id="shop")


def place(customer_id: str) -> None:
    client.send_sync(
        inngest.Event(
            name="order/placed",
            data={"orderId": "123", "customerId": customer_id, "amount": -5,
                  "items": []},
        )
    )
""",
            (
                '10:30: EL614 data/orderId: "123" does not match the pattern "^ord_" '
                "(schema order/placed v1, keyword pattern)",
                "10:74: EL614 data/amount: -5 is less than the minimum 0 "
                "(schema order/placed v1, keyword minimum)",
                "11:28: EL614 data/items: 0 items, fewer than the minimum 1 "
                "(schema order/placed v1, keyword minItems)",
            ),
        ),
    )
    passing = (
        Passing(
            """\
import inngest

client = inngest.Inngest(app_id="shop")


async def signed_up(user_id: str, email: str) -> None:
    await client.send(
        inngest.Event(
            name="user/signup.completed",
            data={"userId": user_id, "email": email, "plan": "pro"},
        )
    )
""",
        ),
        Passing(
            """\
import inngest

client = inngest.Inngest(app_id="shop")


def place(o: str, it: list[dict[str, object]]) -> None:
    client.send_sync(
        inngest.Event(
            name="order/placed",
            data={"orderId": o, "customerId": "cus_1", "amount": 0, "items": it},
        )
    )
""",
        ),
    )

    def check(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        return payload_reports(self, ctx, Mismatch.CONSTRAINT)
