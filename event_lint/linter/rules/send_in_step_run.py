"""EL502 send-in-step-run: a client send inside ``step.run`` should be ``step.send_event``."""

from __future__ import annotations

from collections.abc import Iterator

from event_lint.diagnostics import Diagnostic, Severity
from event_lint.linter.rules._helpers import call_name, in_helper, report
from event_lint.linter.rules.base import Rule, RuleContext


class SendInStepRun(Rule):
    code = "EL502"
    name = "send-in-step-run"
    summary = "`client.send()` inside a `step.run` callable instead of `step.send_event()`"
    severity = Severity.WARNING
    what_it_does = """
Reports `client.send()` and `client.send_sync()` called inside a callable passed to
`step.run` (a lambda, a nested function, a function of the same module, or one
imported from another module of the project, and the helpers those call) in an
Inngest function. The message names the function's step object, and the chain of
calls when the send is in a helper.
"""
    why_bad = """
This one works: the `step.run` result is memoized, so the send does not repeat on
replays, which is why it is a warning. But `step.send_event` is the step made for it:
the run's trace shows a send step with the events and their ids, and a failed send is
retried as its own step, instead of re-running the whole callable with its other side
effects (a card charged twice because the notification after it failed).
"""
    example = """
async def charge_and_notify() -> None:
    await charge_card()
    await client.send(inngest.Event(name="billing/invoice.paid"))

await ctx.step.run("charge", charge_and_notify)
"""
    use_instead = """
await ctx.step.run("charge", charge_card)
await ctx.step.send_event("notify", inngest.Event(name="billing/invoice.paid"))
"""

    def check(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        for send in ctx.project.sends:
            if send.api == "send_event" or not send.in_step_run:
                continue
            step = f"`{send.step_object or 'step'}.send_event()`"
            helper = in_helper(send)
            where = f" ({helper})" if helper else ""
            message = (
                f"{call_name(send)} inside a step.run callable{where}; use {step} as its own step"
            )
            yield report(self, send.where, message)
