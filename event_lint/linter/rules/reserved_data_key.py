"""EL404 reserved-data-key: ``_inngest`` inside ``data`` belongs to the server."""

from __future__ import annotations

from collections.abc import Iterator

from event_lint.diagnostics import Diagnostic
from event_lint.linter.rules._helpers import all_events, report
from event_lint.linter.rules.base import Rule, RuleContext

RESERVED_KEY = "_inngest"


class ReservedDataKey(Rule):
    code = "EL404"
    name = "reserved-data-key"
    summary = "Event `data` has a `_inngest` key, which the server strips"
    what_it_does = """
Reports a top-level `"_inngest"` key in an event's `data` dict (written in the call, or
in the visible dict a variable holds).
"""
    why_bad = """
Inngest keeps its own metadata under `data._inngest` (for example on
`inngest/function.invoked` events) and strips the key from events it receives. Whatever
you put there never reaches your functions, and the schema check passes locally while
the function reads nothing in production.
"""
    example = """
await client.send(
    inngest.Event(name="order/order.placed", data={"orderId": order_id, "_inngest": {"via": "api"}})
)
"""
    use_instead = """
await client.send(
    inngest.Event(name="order/order.placed", data={"orderId": order_id, "meta": {"via": "api"}})
)
"""

    def check(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        for event in all_events(ctx.project):
            entries = event.data.entries if event.data is not None else ()
            for entry in entries:
                if entry.key == RESERVED_KEY:
                    yield report(
                        self,
                        entry.key_where,
                        f'Event data key "{RESERVED_KEY}" is reserved; '
                        "the Inngest server strips it",
                    )
