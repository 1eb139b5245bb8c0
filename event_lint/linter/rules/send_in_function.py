"""EL501 send-in-function: a client send in an Inngest function runs on every replay."""

from __future__ import annotations

from collections.abc import Iterator

from event_lint.diagnostics import Diagnostic, Edit, Fix
from event_lint.linter.model import SendSite
from event_lint.linter.rules._helpers import call_name, in_helper, report, slug
from event_lint.linter.rules.base import Rule, RuleContext


def step_id_for(send: SendSite) -> str:
    """``send-billing-invoice-paid`` from the event's name; ``send-events`` otherwise."""
    names = {event.name.value for event in send.events if event.name is not None}
    if len(names) == 1 and (name := names.pop()):
        return f"send-{slug(name)}"
    return "send-events"


def _with_step_id(args: str, step_id: str) -> str:
    """Put the step id first; on a line of its own when the arguments start on the next
    line (after nothing, or after a comment, which must stay at the end of its line)."""
    first, newline, after = args.partition("\n")
    if newline and (not first.strip() or first.lstrip().startswith("#")):
        end = "\r\n" if first.endswith("\r") else "\n"
        indent = after[: len(after) - len(after.lstrip(" \t"))]
        return f'{first}{newline}{indent}"{step_id}",{end}{after}'
    return f'"{step_id}", {args.lstrip()}'


def send_event_fix(send: SendSite) -> Fix | None:
    """``client.send(X)`` -> ``step.send_event("send-<name>", X)``, awaited in an async function."""
    args = send.args_source
    if send.step_object is None or send.via_helper is not None or not args or not args.strip():
        return None
    if "skip_middleware" in args:
        return None  # send_event has no such parameter
    call = f"{send.step_object}.send_event({_with_step_id(args, step_id_for(send))})"
    if send.function_is_async and not send.awaited:
        call = f"await {call}"
    return Fix(f"Use `{send.step_object}.send_event()`", (Edit(send.where.span, call),), safe=False)


class SendInFunction(Rule):
    code = "EL501"
    name = "send-in-function"
    summary = "`client.send()` in an Inngest function instead of `step.send_event()`"
    what_it_does = """
Reports `client.send()` and `client.send_sync()` called in the body of an Inngest
function, or in a helper that the function calls, outside any `step.run`. Helpers are
followed in the function's module and, through imports (`from app import notify`, `from
app.notify import queue_sms`), into other modules of the project, and into the methods
of objects made from project classes (`sms = SmsService(); await sms.queue()`), up to
`max-call-depth` modules deep (default 3); the message names the chain of calls. A helper
that is also called from ordinary code (a web route) is reported because of the function
that calls it; a helper that no Inngest function calls is not reported. A name bound once
to `client.send` (`send = client.send`, in the function, at module level, or in another
module it is imported from: `from app.clients import send`) is read as the send it names.
The message names the step object to use instead (`ctx.step`, or `step` where the
handler has a `step` parameter or variable).
"""
    why_bad = """
Inngest executes a function by replaying it: the handler runs from the top once per
step, and only step results are memoized. Code between steps runs again on every
replay, so a `client.send()` there sends the event again each time a later step
completes: duplicate events, duplicate runs of every function they trigger.
`step.send_event("step-id", events)` is a step: it runs once, its result is memoized,
and the send shows up in the run's trace.
"""
    example = """
@client.create_function(fn_id="pay", trigger=inngest.TriggerEvent(event="billing/invoice.created"))
async def pay(ctx: inngest.Context) -> None:
    await ctx.step.run("charge", charge_card)
    await client.send(inngest.Event(name="billing/invoice.paid", data=ctx.event.data))
"""
    use_instead = """
@client.create_function(fn_id="pay", trigger=inngest.TriggerEvent(event="billing/invoice.created"))
async def pay(ctx: inngest.Context) -> None:
    await ctx.step.run("charge", charge_card)
    await ctx.step.send_event(
        "send-billing-invoice-paid",
        inngest.Event(name="billing/invoice.paid", data=ctx.event.data),
    )
"""
    fix_safety = """
The call is rewritten to `<step>.send_event("<step id>", <events>)` on the function's
step object, with `await` added when the function is async, and the step id made from
the event name (`send-billing-invoice-paid`; `send-events` when there are several or
the name is unknown). The fix is unsafe: it changes when and how often the event is
sent (once per run instead of once per replay, which code may have relied on), and a
step id should be unique in the function: when the same id is used twice the SDK tells
the steps apart by their order (`id:1`, `id:2`), which breaks runs in flight when the
code is later reordered. Sends in a helper (the helper has no step object) and sends
with `skip_middleware=` (which `send_event` does not take) are not fixed.
"""

    def check(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        for send in ctx.project.sends:
            if send.api == "send_event" or send.function is None or send.in_step_run:
                continue
            yield report(self, send.where, self._message(send), send_event_fix(send))

    @staticmethod
    def _message(send: SendSite) -> str:
        step = f"`{send.step_object or 'step'}.send_event()`"
        helper = in_helper(send)
        if helper is not None:
            return (
                f"{call_name(send)} {helper}, runs again on every replay; "
                f"use {step} in the function"
            )
        return (
            f"{call_name(send)} in Inngest function `{send.function}` runs again on every "
            f"replay; use {step}"
        )
