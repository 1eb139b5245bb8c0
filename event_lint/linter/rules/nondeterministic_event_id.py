"""EL203 nondeterministic-event-id: an id that changes on every replay dedups nothing."""

from __future__ import annotations

from collections.abc import Iterator

from event_lint.diagnostics import Diagnostic
from event_lint.linter.model import EventSite, Expr, Project
from event_lint.linter.rules._helpers import all_events, report
from event_lint.linter.rules.base import Rule, RuleContext

NONDETERMINISTIC_CALLS = frozenset(
    {
        "uuid.uuid1",
        "uuid.uuid4",
        "time.time",
        "time.time_ns",
        "time.monotonic",
        "time.perf_counter",
        "datetime.datetime.now",
        "datetime.datetime.utcnow",
        "datetime.datetime.today",
        "datetime.date.today",
        "os.urandom",
    }
)
NONDETERMINISTIC_MODULES = ("random.", "secrets.", "numpy.random.")


def _nondeterministic_call(expr: Expr) -> str | None:
    return next(
        (
            call
            for call in expr.calls
            if call in NONDETERMINISTIC_CALLS or call.startswith(NONDETERMINISTIC_MODULES)
        ),
        None,
    )


def _in_functions(project: Project) -> Iterator[EventSite]:
    """Events built in an Inngest function, or sent from one (directly or via a helper)."""
    sent_in_function = {
        event.where for send in project.sends if send.function is not None for event in send.events
    }
    for event in all_events(project):
        if event.inside_function is not None or event.where in sent_in_function:
            yield event


class NondeterministicEventId(Rule):
    code = "EL203"
    name = "nondeterministic-event-id"
    summary = "Event id inside an Inngest function comes from uuid, random or the clock"
    what_it_does = """
Reports an event `id`, in an event built or sent inside an Inngest function (or a
same-module helper it calls), that is computed from a value that differs on every
call: `uuid.uuid4()`, `uuid.uuid1()`, `random.*`, `secrets.*`, `os.urandom()`,
`time.time()`, `time.time_ns()`, `datetime.now()`, `datetime.utcnow()`, `date.today()`...
when that value is computed outside a step. A value returned by `step.run` is memoized,
so it is the same on every replay and is not reported.
"""
    why_bad = """
Inngest runs a function's code again from the top for every step (a *replay*); only
step results are memoized. An id made from `uuid4()` in the function body is new on
every replay and on every retry, so the event's deduplication never fires: a retried
run sends the event again under a fresh id and triggers its functions twice. An id is
only useful when the same logical event always gets the same id.
"""
    example = """
@client.create_function(fn_id="ship", trigger=inngest.TriggerEvent(event="order/order.paid"))
async def ship(ctx: inngest.Context) -> None:
    await ctx.step.send_event(
        "ship", inngest.Event(name="order/order.shipped", id=f"shipped-{uuid.uuid4()}")
    )
"""
    use_instead = """
@client.create_function(fn_id="ship", trigger=inngest.TriggerEvent(event="order/order.paid"))
async def ship(ctx: inngest.Context) -> None:
    order_id = ctx.event.data["orderId"]
    await ctx.step.send_event(
        "ship", inngest.Event(name="order/order.shipped", id=f"order-shipped-{order_id}")
    )
"""

    def check(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        for event in _in_functions(ctx.project):
            if event.id is None or event.id.in_step:
                continue
            call = _nondeterministic_call(event.id)
            if call is not None:
                yield report(
                    self,
                    event.id.where,
                    f"Event id uses `{call}()` outside a step; "
                    "every replay sends a new id, so deduplication never fires",
                )
