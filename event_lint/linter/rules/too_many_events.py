"""EL403 too-many-events: at most 5,000 events per send request."""

from __future__ import annotations

from collections.abc import Iterator

from event_lint.diagnostics import Diagnostic
from event_lint.linter.rules._helpers import call_name, report
from event_lint.linter.rules.base import Rule, RuleContext

MAX_EVENTS_PER_SEND = 5000


def _events_list(count: int) -> str:
    return "[" + ", ".join(['inngest.Event(name="shop/item.imported")'] * count) + "]"


class TooManyEvents(Rule):
    code = "EL403"
    name = "too-many-events"
    summary = f"One `send()` gets a literal list of more than {MAX_EVENTS_PER_SEND:,} events"
    what_it_does = f"""
Reports a `client.send()`, `client.send_sync()` or `step.send_event()` whose events
argument is a list literal with more than {MAX_EVENTS_PER_SEND:,} items. Lists built at
run time are not counted: the linter cannot know their length.
"""
    why_bad = f"""
Inngest accepts at most {MAX_EVENTS_PER_SEND:,} events in one send request and rejects a
larger one whole: not one event of it is stored. Split the list into batches of
{MAX_EVENTS_PER_SEND:,} or fewer (in an Inngest function, one `step.send_event` per batch).
"""
    example = """
await client.send([inngest.Event(name="shop/item.imported", data=item), ...])  # 6,000 items
"""
    use_instead = """
for start in range(0, len(events), 5000):
    await client.send(events[start : start + 5000])
"""

    def check(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        for send in ctx.project.sends:
            if send.count is not None and send.count > MAX_EVENTS_PER_SEND:
                where = send.argument if send.argument is not None else send.where
                yield report(
                    self,
                    where,
                    f"{call_name(send)} gets {send.count:,} events; "
                    f"Inngest accepts at most {MAX_EVENTS_PER_SEND:,} per send",
                )
