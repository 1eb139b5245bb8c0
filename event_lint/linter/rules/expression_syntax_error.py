"""EL621 expression-syntax-error: a CEL expression that does not parse."""

from __future__ import annotations

from collections.abc import Iterator

from event_lint.diagnostics import Diagnostic
from event_lint.linter.cel import analyze
from event_lint.linter.rules._cel_location import located
from event_lint.linter.rules._helpers import report
from event_lint.linter.rules._registry import expressions
from event_lint.linter.rules.base import Rule, RuleContext


class ExpressionSyntaxError(Rule):
    code = "EL621"
    name = "expression-syntax-error"
    summary = "A CEL expression that does not parse"
    what_it_does = """
Parses the CEL of `TriggerEvent(expression=)`, `Cancel(if_exp=)`,
`wait_for_event(if_exp=)`, the `key`/`if_exp` of `Batch`, `Debounce`, `Throttle`,
`RateLimit`, `Concurrency`, `Singleton`, `idempotency` and `Priority(run=)`, and reports
the first syntax error at its column inside the string.
"""
    why_bad = """
Inngest evaluates these expressions on its server: a syntax error surfaces only when the
function is registered or, worse, when the first event arrives, as a function that never
runs or never matches.
"""
    example = """
if_exp="event.data.userId = async.data.userId"
"""
    use_instead = """
if_exp="event.data.userId == async.data.userId"
"""

    def check(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        for expression in expressions(ctx.project):
            text = expression.text.value
            error = analyze(text).error if text is not None else None
            if error is not None:
                where = located(expression.text, error.offset, error.offset + 1)
                message = f"CEL syntax error in {expression.argument}: {error.message}"
                yield report(self, where, message)
