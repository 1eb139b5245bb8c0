"""EL105 event-name-too-long: over the 255 characters Inngest allows."""

from __future__ import annotations

from collections.abc import Iterator

from event_lint.diagnostics import Diagnostic
from event_lint.linter.rules._helpers import report
from event_lint.linter.rules.base import Rule, RuleContext

MAX_NAME_LENGTH = 255


class EventNameTooLong(Rule):
    code = "EL105"
    name = "event-name-too-long"
    summary = f"Event name is longer than {MAX_NAME_LENGTH} characters"
    what_it_does = f"""
Reports an event name (sent, triggered, cancelled or awaited) longer than
{MAX_NAME_LENGTH} characters. For a name with unknown parts, the known parts alone count:
it is reported when they already exceed the limit.
"""
    why_bad = f"""
Inngest caps trigger event names at {MAX_NAME_LENGTH} characters: a function whose trigger is
longer is rejected when the app syncs, so an event with such a name can never trigger
anything.
A name that long is usually data (an id, a path, a message) pasted into the name: put
it in `data` instead.
"""
    example = """
await client.send(inngest.Event(name=f"reports/{report.title}.generated"))
"""
    use_instead = """
await client.send(inngest.Event(name="reports/report.generated", data={"title": report.title}))
"""

    def check(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        for text in ctx.project.names:
            value = text.value
            known = "".join(part for part in text.parts if part)
            if value is not None and len(value) > MAX_NAME_LENGTH:
                message = f"Event name is {len(value)} characters long (max {MAX_NAME_LENGTH})"
            elif value is None and len(known) > MAX_NAME_LENGTH:
                message = f"Event name is over {MAX_NAME_LENGTH} characters ({len(known)} known)"
            else:
                continue
            yield report(self, text.where, message)
