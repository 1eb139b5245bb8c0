"""EL611 payload-missing-key: the written data lacks a key the schema requires."""

from __future__ import annotations

from collections.abc import Iterator

from event_lint.diagnostics import Diagnostic
from event_lint.linter.payload_problems import Mismatch
from event_lint.linter.rules._registry import payload_reports
from event_lint.linter.rules.base import Rule, RuleContext


class PayloadMissingKey(Rule):
    code = "EL611"
    name = "payload-missing-key"
    summary = "Event data lacks a key its schema requires"
    needs_registry = True
    what_it_does = """
Checks the `data` of every event whose name the registry knows, against the schema of
the version the code names (the latest when it names none), and reports each key the
schema lists in `required` that the written dict lacks: at the top level, in nested
objects and in dicts inside lists. A `**spread` makes the key set unknowable, so such a
dict is never reported. `data` may be a dict literal or a name bound to one in the same
function or module.
"""
    why_bad = """
Consumers read the keys the schema promises. When one is missing they fail at run time,
in another function or service, long after the send went through.
"""
    example = """
data = {"userId": user_id}
await client.send(inngest.Event(name="user/signup.completed", data=data))
"""
    use_instead = """
data = {"userId": user_id, "email": email, "plan": "free"}
await client.send(inngest.Event(name="user/signup.completed", data=data))
"""

    def check(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        return payload_reports(self, ctx, Mismatch.MISSING_KEY)
