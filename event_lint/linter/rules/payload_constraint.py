"""EL614 payload-constraint: a written literal breaks a constraint of its schema."""

from __future__ import annotations

from collections.abc import Iterator

from event_lint.diagnostics import Diagnostic
from event_lint.linter.payload_problems import Mismatch
from event_lint.linter.rules._registry import payload_reports
from event_lint.linter.rules.base import Rule, RuleContext


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

    def check(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        return payload_reports(self, ctx, Mismatch.CONSTRAINT)
