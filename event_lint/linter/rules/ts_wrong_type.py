"""EL301 ts-wrong-type: ``ts`` must be an ``int``."""

from __future__ import annotations

import re
from collections.abc import Iterator

from event_lint.diagnostics import Diagnostic, Edit, Fix
from event_lint.linter.model import Expr
from event_lint.linter.rules._helpers import (
    DATETIME_CALLS,
    all_events,
    is_seconds_clock,
    report,
    written,
)
from event_lint.linter.rules.base import Rule, RuleContext

_WRONG_TYPES = ("float", "str", "datetime")
# A datetime's methods that turn it into text: ``now().isoformat()`` is a str.
_TO_TEXT = re.compile(r"\.(?:isoformat|strftime|ctime)\([^()]*\)$")


def _wrong_type(expr: Expr) -> str | None:
    """The wrong type ``ts`` has, when the linter knows it."""
    if expr.kind == "literal" and isinstance(expr.value, (float, str)):
        return type(expr.value).__name__
    if expr.python_type in _WRONG_TYPES:
        return expr.python_type
    if expr.kind == "call" and len(expr.calls) == 1 and expr.calls[0] in DATETIME_CALLS:
        return "str" if _TO_TEXT.search(expr.source) else "datetime"
    return None


class TsWrongType(Rule):
    code = "EL301"
    name = "ts-wrong-type"
    summary = "Event `ts` is a float, a string or a datetime, not an int"
    what_it_does = """
Reports an event `ts` whose type is known and is not `int`: a float
(`time.time() * 1000`, `1.7e12`), a string (`"2024-01-15T10:00:00Z"`,
`now.isoformat()`) or a `datetime` (`datetime.now()`).
`time.time()` alone is reported as EL302 (seconds), not here.
"""
    why_bad = """
`inngest.Event.ts` is a strict pydantic `int` in SDK 0.5: a float, a string or a
datetime raises a `ValidationError` where the event is built, at run time, often in a
code path the tests do not reach. The value must be epoch milliseconds as an integer.
"""
    example = """
await client.send(inngest.Event(name="order/reminder.due", ts=time.time() * 1000))
await client.send(inngest.Event(name="order/reminder.due", ts=due))  # a datetime
"""
    use_instead = """
await client.send(inngest.Event(name="order/reminder.due", ts=int(time.time() * 1000)))
await client.send(inngest.Event(name="order/reminder.due", ts=int(due.timestamp() * 1000)))
"""
    fix_safety = """
A float computed with a multiplication (`time.time() * 1000`) is wrapped in `int(...)`.
The fix is safe: it keeps the value and drops the fraction of a millisecond the server
would not accept. Strings, datetimes and other floats are not fixed: converting them
needs a unit and a time zone the linter cannot know.
"""

    def check(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        for event in all_events(ctx.project):
            ts = event.ts
            if ts is None or is_seconds_clock(ts):
                continue
            wrong = _wrong_type(ts)
            if wrong is not None:
                yield report(
                    self,
                    ts.where,
                    f"Event ts{written(ts)} is a {wrong}; use an int of milliseconds",
                    self._fix(ts, wrong),
                )

    def _fix(self, ts: Expr, wrong: str) -> Fix | None:
        if wrong != "float" or not ts.multiplied or not ts.source:
            return None
        replacement = f"int({ts.source})"
        return Fix(f"Use `{replacement}`", (Edit(ts.where.span, replacement),), safe=True)
