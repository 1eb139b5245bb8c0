"""EL503 unawaited-send: a coroutine that is never awaited sends nothing."""

from __future__ import annotations

from collections.abc import Iterator

from event_lint.diagnostics import Diagnostic
from event_lint.linter.model import SendSite
from event_lint.linter.rules._helpers import call_name, report
from event_lint.linter.rules.base import Rule, RuleContext


def _is_coroutine(send: SendSite) -> bool:
    """``client.send`` always returns a coroutine; ``step.send_event`` in async functions."""
    return send.api == "send" or (send.api == "send_event" and send.function_is_async)


class UnawaitedSend(Rule):
    code = "EL503"
    name = "unawaited-send"
    summary = "Async `client.send()` or `step.send_event()` is never awaited"
    what_it_does = """
Reports a call to the async `client.send(...)`, or to `step.send_event(...)` in an async
Inngest function, written as a bare statement without `await`. A call whose result
is kept (`task = asyncio.create_task(client.send(...))`, `return client.send(...)`) is
not reported.
"""
    why_bad = """
Calling an async method only creates a coroutine: nothing runs until it is awaited.
The event is never sent, and the only trace is a `RuntimeWarning: coroutine ... was
never awaited` in the logs. For `step.send_event`, the step is never planned, so the
function silently skips it. Use `client.send_sync(...)` in synchronous code.
"""
    example = """
async def place(order_id: str) -> None:
    client.send(inngest.Event(name="order/order.placed", data={"orderId": order_id}))
"""
    use_instead = """
async def place(order_id: str) -> None:
    await client.send(inngest.Event(name="order/order.placed", data={"orderId": order_id}))
"""

    def check(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        for send in ctx.project.sends:
            if send.statement and not send.awaited and _is_coroutine(send):
                yield report(
                    self, send.where, f"{call_name(send)} is never awaited, so nothing is sent"
                )
