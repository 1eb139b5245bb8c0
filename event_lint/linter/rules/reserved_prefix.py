"""EL102 reserved-prefix: user code sends an ``inngest/...`` system event."""

from __future__ import annotations

from collections.abc import Iterator

from event_lint.diagnostics import Diagnostic
from event_lint.linter.rules._helpers import known_prefix, report, sent_names
from event_lint.linter.rules.base import Rule, RuleContext


class ReservedPrefix(Rule):
    code = "EL102"
    name = "reserved-prefix"
    summary = "Sends an event whose name starts with the reserved `inngest/` prefix"
    what_it_does = """
Reports an event passed to `client.send()`, `client.send_sync()` or
`step.send_event()` (an `inngest.Event(...)`, a dict event, a generated payload class,
built in the call, in a variable or in a helper) whose name starts with `inngest/`, in
any letter case. Triggering on such a name (`TriggerEvent(event="inngest/function.failed")`,
`on_failure=`) is fine, and so is building one that is never sent (a test that triggers
an `on_failure` handler with `inngest.experimental.mocked`).
"""
    why_bad = """
`inngest/` names belong to the system events Inngest itself emits
(`inngest/function.failed`, `inngest/function.finished`, `inngest/scheduled.timer`, ...).
The server rejects a send of one with HTTP 400, and it rejects the whole batch, so every
other event in the same `send()` is lost too. Functions listening for the real system
event would also be confused by a forged one.
"""
    example = """
await client.send(inngest.Event(name="inngest/function.failed", data={"function_id": fn}))
"""
    use_instead = """
await client.send(inngest.Event(name="ops/function.failure.reported", data={"function_id": fn}))
"""

    def check(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        for name, where in sent_names(ctx.project):
            if known_prefix(name).lower().startswith("inngest/"):
                message = (
                    f"Event {name.quoted} uses the reserved inngest/ prefix; "
                    "the server rejects the whole send"
                )
                yield report(self, where, message)
