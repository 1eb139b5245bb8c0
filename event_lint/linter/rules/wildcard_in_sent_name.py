"""EL103 wildcard-in-sent-name: a ``*`` belongs in trigger names only."""

from __future__ import annotations

from collections.abc import Iterator

from event_lint.diagnostics import Diagnostic
from event_lint.linter.rules._helpers import report, sent_names
from event_lint.linter.rules.base import Rule, RuleContext


class WildcardInSentName(Rule):
    code = "EL103"
    name = "wildcard-in-sent-name"
    summary = "Sends an event whose name contains a `*` wildcard"
    what_it_does = """
Reports an event passed to a send whose name contains `*` in a part the linter knows.
Wildcards in trigger names (`TriggerEvent(event="billing/*")`) are not reported.
"""
    why_bad = """
Inngest matches `*` only in trigger names: `billing/*` subscribes to every `billing/`
event. A sent event has one concrete name, so `billing/*` is stored as the literal
string `billing/*`: no function triggered by `billing/invoice.paid` runs, and a trigger on
`billing/*` sees an event that its code cannot tell apart from the real ones.
"""
    example = """
await client.send(inngest.Event(name="billing/*", data=invoice))
"""
    use_instead = """
await client.send(inngest.Event(name="billing/invoice.paid", data=invoice))
"""

    def check(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        for name, where in sent_names(ctx.project):
            if any(part and "*" in part for part in name.parts):
                yield report(self, where, f"Sent event name {name.quoted} contains a wildcard")
