"""EL202 generic-event-id: an id must name the event type and the instance."""

from __future__ import annotations

import re
from collections.abc import Iterator

from event_lint.diagnostics import Diagnostic
from event_lint.linter.model import EventSite, Expr
from event_lint.linter.rules._helpers import id_prefix, report, sent_events, written
from event_lint.linter.rules.base import Rule, RuleContext

_LETTER = re.compile(r"[A-Za-z]")


def _has_event_part(expr: Expr) -> bool:
    """An f-string with some known text that says what the event is (not just ``-``)."""
    parts = expr.text.parts if expr.text is not None else ()
    return any(part and _LETTER.search(part) for part in parts)


def _suggestion(event: EventSite, expr: Expr) -> str | None:
    """``f"invoice-paid-{invoice_id}"`` for ``id=invoice_id`` on ``billing/invoice.paid``."""
    prefix = id_prefix(event.name)
    if prefix is None:
        return None
    if expr.kind in ("name", "attribute") and expr.source:
        return f'f"{prefix}-{{{expr.source}}}"'
    if expr.kind == "fstring" and re.match(r"f['\"]", expr.source):
        return f"{expr.source[:2]}{prefix}-{expr.source[2:]}"
    return f'f"{prefix}-{{...}}"'


def _forwards(event: EventSite) -> bool:
    """The name is a variable too: generic plumbing that passes on an id made elsewhere."""
    return event.name is None or not any(event.name.parts)


def _problem(event: EventSite, expr: Expr) -> str | None:
    if expr.kind == "literal" and isinstance(expr.value, str) and expr.value:
        problem = f'Event id "{expr.value}" is the same for every event'
    elif _forwards(event):
        return None
    elif expr.kind in ("name", "attribute") or (
        expr.kind == "fstring" and not _has_event_part(expr)
    ):
        problem = f"Event id{written(expr)} has no event-specific part"
    else:
        return None
    suggestion = _suggestion(event, expr)
    return f"{problem}; use {suggestion}" if suggestion else problem


class GenericEventId(Rule):
    code = "EL202"
    name = "generic-event-id"
    summary = "Event id is a constant, or a bare value with no event-specific part"
    what_it_does = """
Reports an event `id` that does not identify one event of one type:
- a constant string (`id="user-action"`, or a constant that holds one);
- a bare variable or attribute (`id=invoice_id`, `id=order.id`);
- an f-string whose known text names nothing (`id=f"{order_id}-{sku}"`).

The message suggests an id that starts with the event's noun and verb, taken from its
name: `id=invoice_id` on `billing/invoice.paid` becomes `f"invoice-paid-{invoice_id}"`.
Ids built by a call (`make_event_id(...)`) are trusted, and so are bare ids in an event
whose name is a variable as well (`inngest.Event(name=name, id=event_id)`): that is a
forwarding helper or a payload class passing on an id its caller built.
"""
    why_bad = """
The `id` is Inngest's deduplication key: once an event with a given id is received,
every other event with the same id in the next 24 hours is dropped, whatever its name.
A constant id means only the first event in a day is ever processed. A bare entity id
is shared by every event about that entity: after `billing/invoice.paid` with
`id=invoice_id`, the `billing/invoice.refunded` event of the same invoice is silently
dropped. The rule the Inngest docs give: one id per event type and instance,
`f"invoice-paid-{invoice_id}"`.
"""
    example = """
await client.send(inngest.Event(name="billing/invoice.paid", id=invoice_id, data={...}))
await client.send(inngest.Event(name="user/action.tracked", id="user-action", data={...}))
"""
    use_instead = """
await client.send(
    inngest.Event(name="billing/invoice.paid", id=f"invoice-paid-{invoice_id}", data={...})
)
await client.send(
    inngest.Event(name="user/action.tracked", id=f"action-tracked-{action.id}", data={...})
)
"""

    def check(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        for event in sent_events(ctx.project):
            if event.id is not None and (message := _problem(event, event.id)) is not None:
                yield report(self, event.id.where, message)
