"""EL104 empty-event-name."""

from __future__ import annotations

from collections.abc import Iterator

from event_lint.diagnostics import Diagnostic
from event_lint.linter.rules._helpers import report
from event_lint.linter.rules.base import Rule, RuleContext


class EmptyEventName(Rule):
    code = "EL104"
    name = "empty-event-name"
    summary = "Event name is an empty string"
    what_it_does = """
Reports an event name that is known to be `""`: in a sent event, a trigger, a cancel or
a `wait_for_event`, written literally or through a constant.
"""
    why_bad = """
The Python SDK accepts `inngest.Event(name="")`, so nothing fails where the event is
built, but the Inngest server rejects an event without a name: the send fails at run
time (with every other event in the same batch). A trigger or a wait on `""` never fires.
An empty name is usually a constant or setting that was never filled in.
"""
    example = """
await client.send(inngest.Event(name="", data={"orderId": order_id}))
"""
    use_instead = """
await client.send(inngest.Event(name="order/order.placed", data={"orderId": order_id}))
"""

    def check(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        for text in ctx.project.names:
            if text.value == "":
                yield report(self, text.where, "Event name is empty")
