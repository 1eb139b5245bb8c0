"""EL402 wrong-event-type: send() takes ``inngest.Event`` objects, not dicts or tuples."""

from __future__ import annotations

import keyword
from collections.abc import Iterator

from event_lint.diagnostics import Diagnostic, Edit, Fix, Span
from event_lint.linter.model import EventSite, Located, SendSite
from event_lint.linter.rules._helpers import call_name, report
from event_lint.linter.rules.base import Rule, RuleContext

EVENT_FIELDS = frozenset({"name", "data", "id", "ts"})
_WHAT = {
    "dict": "a dict",
    "list_of_dicts": "a list of dicts",
    "tuple": "a tuple",
    "generator": "a generator",
}
_INSTEAD = {
    "dict": "build an `inngest.Event`",
    "list_of_dicts": "build `inngest.Event` objects",
    "tuple": "pass a list",
    "generator": "pass a list (`[... for ...]`)",
}


def _inside(inner: Located, outer: Located) -> bool:
    a, b = inner.span, outer.span
    starts_after = (a.line, a.col) >= (b.line, b.col)
    ends_before = (a.end_line, a.end_col) <= (b.end_line, b.end_col)
    return inner.path == outer.path and starts_after and ends_before


def dict_to_event_fix(event: EventSite, send: SendSite) -> Fix | None:
    """``{"name": n, "data": d}`` -> ``inngest.Event(name=n, data=d)``, keeping the layout.

    Safe when the keys are among name/data/id/ts and the dict is written in the send;
    unsafe with other keys (they become keywords the SDK drops, EL401) or for a dict
    assigned elsewhere (other code may use it as a dict). None when the module does not
    import the SDK (the fix would need an import), the dict has ``**`` spreads, or a key
    is not an identifier.
    """
    literal = event.dict_literal
    if literal is None or literal.spread or event.event_class is None:
        return None
    keys = [entry.key for entry in literal.entries]
    if "name" not in keys or not all(k.isidentifier() and not keyword.iskeyword(k) for k in keys):
        return None
    span = literal.where.span
    edits = [Edit(Span(span.line, span.col, span.line, span.col + 1), f"{event.event_class}(")]
    for entry in literal.entries:
        key, value = entry.key_where.span, entry.value.where.span
        edits.append(Edit(Span(key.line, key.col, value.line, value.col), f"{entry.key}="))
    edits.append(Edit(Span(span.end_line, span.end_col - 1, span.end_line, span.end_col), ")"))
    safe = set(keys) <= EVENT_FIELDS and _inside(event.where, send.where)
    return Fix(f"Use `{event.event_class}(...)`", tuple(edits), safe=safe)


class WrongEventType(Rule):
    code = "EL402"
    name = "wrong-event-type"
    summary = "`send()` gets a dict, a list of dicts, a tuple or a generator"
    what_it_does = """
Reports a call to `client.send()`, `client.send_sync()` or `step.send_event()` whose
events argument is a dict, a list of dicts, a tuple or a generator expression. The
argument must be one `inngest.Event` or a `list` of them. A dict event written in the call
is reported where the dict is, once per dict.
"""
    why_bad = """
The Python SDK calls `.to_dict()` on each event and checks for `list` explicitly: a dict
fails with `AttributeError: 'dict' object has no attribute 'to_dict'`, a tuple or a
generator is taken as one event and fails the same way. It fails at run time, on the
first send, which is often in production code the tests mock out. (The TypeScript SDK
does take plain objects, which is where the habit comes from.)
"""
    example = """
await client.send({"name": "order/order.placed", "data": {"orderId": order_id}})
client.send_sync(tuple(events))
"""
    use_instead = """
await client.send(inngest.Event(name="order/order.placed", data={"orderId": order_id}))
client.send_sync(list(events))
"""
    fix_safety = """
A dict written in the call becomes `inngest.Event(...)`, keeping its layout and comments:
`{"name": n, "data": d}` -> `inngest.Event(name=n, data=d)`, spelled the way the module
imports the SDK (`inngest.Event`, `sdk.Event`, `Event`). The fix is safe when the keys
are among `name`, `data`, `id` and `ts` and the dict is written in the call; it is
unsafe with other keys, because they become keywords the SDK drops (see EL401), and for
a dict assigned to a variable first, because other code may still use it as a dict.
No fix is offered when the module does not import the SDK (adding an import is left to
you), when the dict has a `**` spread or no `name` key, nor for tuples and generators.
"""

    def check(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        for send in ctx.project.sends:
            if send.shape not in _WHAT:
                continue
            dict_events = [event for event in send.events if event.api == "dict"]
            if send.shape in ("dict", "list_of_dicts") and dict_events:
                message = f"{call_name(send)} gets a dict; {_INSTEAD['dict']}"
                for event in dict_events:
                    yield report(self, event.where, message, dict_to_event_fix(event, send))
            else:
                message = f"{call_name(send)} gets {_WHAT[send.shape]}; {_INSTEAD[send.shape]}"
                yield report(self, _argument(send), message)


def _argument(send: SendSite) -> Located:
    return send.argument if send.argument is not None else send.where
