"""EL302 ts-not-milliseconds: ``ts`` is epoch milliseconds, never seconds."""

from __future__ import annotations

import re
from collections.abc import Iterator

from event_lint.diagnostics import Diagnostic, Edit, Fix
from event_lint.linter.model import Expr
from event_lint.linter.rules._helpers import all_events, is_seconds_clock, report, written
from event_lint.linter.rules.base import Rule, RuleContext

TS_MIN = 315532800000  # 1980-01-01 in milliseconds
TS_MAX = 4102444800000  # 2100-01-01 in milliseconds, exclusive
# time.time(), datetime.now(timezone.utc).timestamp(): a call, then calls of its result.
_CLOCK_CALL = r"[A-Za-z_][\w.]*\([^()]*\)(?:\.\w+\(\))*"
_SECONDS_SOURCE = re.compile(rf"(?:int\(\s*({_CLOCK_CALL})\s*\)|({_CLOCK_CALL}))")


def _literal_problem(value: int) -> str | None:
    if value == 0 or TS_MIN <= value < TS_MAX:
        return None  # 0 is the SDK's default: "now"
    if TS_MIN <= value * 1000 < TS_MAX:
        return f"Event ts {value} is in seconds; use milliseconds ({value * 1000})"
    return f"Event ts {value} is outside [{TS_MIN}, {TS_MAX}) milliseconds (1980 to 2100)"


def _seconds_fix(expr: Expr) -> str | None:
    """``int(time.time())`` or ``time.time()`` -> ``int(time.time() * 1000)``."""
    match = _SECONDS_SOURCE.fullmatch(expr.source)
    if match is None:
        return None
    return f"int({match.group(1) or match.group(2)} * 1000)"


class TsNotMilliseconds(Rule):
    code = "EL302"
    name = "ts-not-milliseconds"
    summary = "Event `ts` is in seconds (or nanoseconds), not epoch milliseconds"
    what_it_does = f"""
Reports an event `ts` that is not in milliseconds:
- an integer literal outside [{TS_MIN}, {TS_MAX}) (1980 to 2100 in milliseconds),
  such as `1700000000` (seconds); `0`, the SDK's default meaning "now", is fine;
- `time.time()` (seconds) with nothing multiplying it: `int(time.time())`,
  `round(time.time())`, `int(time.time()) + 3600`, or `time.time()` itself; the same for
  a datetime's `.timestamp()` (`int(datetime.now(timezone.utc).timestamp())`);
- `time.time_ns()` on its own (nanoseconds).

`ts=time.time()` is both a float and in seconds; it gets this code only (not EL301),
because the unit is the bug that survives the obvious `int(...)` repair.
"""
    why_bad = f"""
The Inngest server accepts `ts` only within [{TS_MIN}, {TS_MAX}) milliseconds and
rejects an event outside it, and with it every other event in the same send. A value in
seconds such as `int(time.time())` is about 1.7e9, far below the minimum. A `ts` in the
future delays every run it triggers until that time, so a wrong unit is never harmless.
"""
    example = """
await client.send(inngest.Event(name="order/order.shipped", ts=int(time.time())))
"""
    use_instead = """
await client.send(inngest.Event(name="order/order.shipped", ts=int(time.time() * 1000)))
"""
    fix_safety = """
`int(time.time())` and `time.time()` are rewritten to `int(time.time() * 1000)`, and
`time.time_ns()` to `time.time_ns() // 1_000_000`. The fix is safe: the new value is
the same instant in the unit the SDK and the server require. Literals and longer
expressions are not fixed: the linter cannot tell which part is the clock.
"""

    def check(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        for event in all_events(ctx.project):
            ts = event.ts
            if ts is None:
                continue
            diagnostic = self._check_ts(ts)
            if diagnostic is not None:
                yield diagnostic

    def _check_ts(self, ts: Expr) -> Diagnostic | None:
        if ts.kind == "literal" and type(ts.value) is int:
            message = _literal_problem(ts.value)
            return report(self, ts.where, message) if message else None
        if is_seconds_clock(ts):
            replacement = _seconds_fix(ts)
            advice = f"use `{replacement}`" if replacement else "multiply by 1000"
            message = f"Event ts{written(ts)} is in seconds; {advice}"
            return self._with_fix(ts, message, replacement)
        if ts.calls == ("time.time_ns",) and re.fullmatch(_CLOCK_CALL, ts.source):
            replacement = f"{ts.source} // 1_000_000"
            message = f"Event ts `{ts.source}` is in nanoseconds; use `{replacement}`"
            return self._with_fix(ts, message, replacement)
        return None

    def _with_fix(self, ts: Expr, message: str, replacement: str | None) -> Diagnostic:
        fix = None
        if replacement is not None:
            fix = Fix(f"Use `{replacement}`", (Edit(ts.where.span, replacement),), safe=True)
        return report(self, ts.where, message, fix)
