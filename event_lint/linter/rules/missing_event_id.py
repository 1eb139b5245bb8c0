"""EL201 missing-event-id: an event sent without an id although it has a natural key, or
although ``require-id`` asks for one."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from fnmatch import fnmatchcase
from typing import TYPE_CHECKING, Any, Literal

from event_lint.config import Config
from event_lint.diagnostics import Diagnostic, Edit, Fix, Severity, Span
from event_lint.linter.model import DictEntry, EventSite, Located, SendSite
from event_lint.linter.rules._helpers import id_prefix, report
from event_lint.linter.rules.base import Rule, RuleContext

if TYPE_CHECKING:
    from event_lint.registry import Registry

# The registry schema annotation that names a natural key of the event's data.
ANNOTATION = "x-idempotency-key"

Mode = Literal["always", "natural-key", "never"]


def _mode(config: Config, name: str | None) -> Mode:
    """What ``require-id`` asks of one event: a per-event setting wins over the global one."""
    settings = config.events.get(name) if name is not None else None
    if settings is not None and settings.require_id is not None:
        return "always" if settings.require_id else "never"
    require_id = config.require_id
    if require_id is None:
        return "natural-key"
    if isinstance(require_id, bool):
        return "always" if require_id else "never"
    if name is not None and any(fnmatchcase(name, glob) for glob in require_id):
        return "always"
    return "natural-key"


def _has_id(event: EventSite) -> bool:
    return event.id is not None and event.id.value != ""


# -- the natural key ---------------------------------------------------------------------


@dataclass(frozen=True)
class NaturalKey:
    key: str  # the data key
    entry: DictEntry | None  # where the data writes it; None when known from the schema only


def _normal(word: str) -> str:
    return re.sub(r"[^a-z0-9]", "", word.lower())


# Verbs of events that happen to one object again and again: its id is no natural key.
# fmt: off
_REPEATED = frozenset({
    "updated", "changed", "edited", "modified", "progress", "progressed", "viewed",
    "visited", "opened", "clicked", "synced", "refreshed", "heartbeat", "pinged", "polled",
})
# fmt: on
_WORD = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")


def _noun(name: str) -> str:
    """``invoice`` for ``billing/invoice.paid`` (and ``billing/invoicePaid``); the domain
    when the name has no noun, only a verb (``order`` for ``order/placed``); empty when
    the event repeats for one object (``user/profile.updated``)."""
    domain, _, rest = name.partition("/")
    if any(word.lower() in _REPEATED for word in _WORD.findall(rest)):
        return ""
    words = _WORD.findall(rest.split(".")[0])
    if "." not in rest and len(words) < 2:
        return _normal(domain)
    return _normal(words[0]) if words else ""


def _names_noun(key: str, noun: str) -> bool:
    """``invoiceId``, ``invoice_id`` and ``InvoiceID`` name an ``invoice``."""
    return bool(noun) and _normal(key) == noun + "id"


def _schema_keys(schema: Any, noun: str) -> tuple[list[str], set[str]]:
    """(the natural keys the schema gives, the keys it requires): the properties it marks
    with ``x-idempotency-key: true``, else those named like the noun's id and not marked
    ``false``."""
    if not isinstance(schema, dict) or not isinstance(schema.get("properties"), dict):
        return [], set()
    properties: dict[str, Any] = schema["properties"]
    marks = {k: v.get(ANNOTATION) if isinstance(v, dict) else None for k, v in properties.items()}
    keys = [key for key, mark in marks.items() if mark is True]
    if not keys:
        keys = [key for key, mark in marks.items() if mark is not False and _names_noun(key, noun)]
    required = schema.get("required")
    names = {r for r in required if isinstance(r, str)} if isinstance(required, list) else set()
    return keys, names


def natural_key(event: EventSite, registry: Registry | None) -> NaturalKey | None:
    """The natural key of the event's data: from its registry schema when there is one,
    else a key of the written data named like the event noun's id."""
    name = event.name.value if event.name is not None else None
    if name is None or name.startswith("inngest/"):
        return None
    noun = _noun(name)
    data = event.data
    entries = {e.key: e for e in data.entries} if data is not None and data.known else {}
    v = event.v.value if event.v is not None else None
    if registry is not None and registry.has(name, v):
        keys, required = _schema_keys(registry.schema(name, v), noun)
    else:
        keys, required = [key for key in entries if _names_noun(key, noun)], set()
    for key in keys:
        if key in entries:
            # A constant key is test or demo data: the id it gives is a constant (EL202).
            literal = entries[key].value.kind == "literal"
            return None if literal else NaturalKey(key, entries[key])
    data_unseen = data is None or not data.known or data.spread
    if data is not None and data_unseen:  # the data may still carry a key its schema requires
        return next((NaturalKey(key, None) for key in keys if key in required), None)
    return None


# -- the proposed id and its fix ---------------------------------------------------------


def _value_source(send: SendSite, entry: DictEntry | None) -> str | None:
    """The source text of the key's value when it is written inside the send call (the
    model keeps the text of a call's arguments, not of every dict value)."""
    if entry is None or send.args_source is None:
        return None
    if entry.value.kind not in ("name", "attribute", "fstring"):
        return None
    call = send.where.span
    # The arguments' text starts right after ``receiver.api(``.
    start = (call.line, call.col + len(send.receiver) + len(send.api) + 2)
    quoted = _slice(send.args_source, start, entry.key_where.span)
    if quoted not in (json.dumps(entry.key), repr(entry.key)):
        return None  # the call is not spelled as assumed: no guess
    return _slice(send.args_source, start, entry.value.where.span)


def _slice(text: str, start: tuple[int, int], span: Span) -> str | None:
    """The text of a one-line ``span`` inside ``text``, which starts at ``start``."""
    line = span.line - start[0]
    lines = text.split("\n")
    if span.end_line != span.line or not 0 <= line < len(lines):
        return None
    offset = start[1] if line == 0 else 1
    if span.col < offset:
        return None
    return lines[line][span.col - offset : span.end_col - offset]


def _proposal(event: EventSite, source: str | None) -> str:
    """``f"invoice-paid-{invoice_id}"``: the seed's id, the event's name then its key."""
    prefix = id_prefix(event.name) or "event"
    if source is not None and re.fullmatch(r"[\w.]+", source):
        return f'f"{prefix}-{{{source}}}"'
    if source is not None and re.fullmatch(r'f"[^"\\]*"|f\'[^\'\\]*\'', source):
        return f"{source[:2]}{prefix}-{source[2:]}"  # f"ch_{id}" -> f"charge-paid-ch_{id}"
    return f'f"{prefix}-{{...}}"'


def _inside(inner: Located, outer: Located) -> bool:
    a, b = inner.span, outer.span
    starts_after = (b.line, b.col) <= (a.line, a.col)
    ends_before = (a.end_line, a.end_col) <= (b.end_line, b.end_col)
    return inner.path == outer.path and starts_after and ends_before


def _fix(event: EventSite, proposal: str) -> Fix | None:
    """Insert ``id=...`` right after the ``data=`` argument written in the event's call."""
    data = event.data
    if "{...}" in proposal or event.api == "dict":
        return None
    if data is None or not _inside(data.where, event.where):
        return None
    end = data.where.span
    at = Span(end.end_line, end.end_col, end.end_line, end.end_col)
    return Fix(f"Add `id={proposal}`", (Edit(at, f", id={proposal}"),), safe=False)


class MissingEventId(Rule):
    code = "EL201"
    name = "missing-event-id"
    summary = "Event with a natural key (or that `require-id` names) is sent without an `id`"
    severity = Severity.WARNING  # an error for the events `require-id` names
    what_it_does = """
Out of the box, warns where an event is sent without an `id` (or with `id=""`, which the
SDK treats as none) although its `data` carries a *natural key*, and proposes the id
built the way Inngest recommends, from the event's name and that key:
`id=f"invoice-paid-{invoice_id}"`. The natural key is:

- with a registry schema for the event: a top-level property marked
  `"x-idempotency-key": true`; when none is marked, a property named like the id of the
  event's noun (`invoiceId` for `billing/invoice.paid`), unless it is marked `false`.
  When the data is not visible (a parameter, a `**spread`), a natural key the schema
  requires counts;
- without a schema: a key of the written `data` named like the id of the event's noun:
  `invoiceId`, `invoice_id` or `InvoiceID` for `billing/invoice.paid`, `orderId` for
  `order/placed` (a name with no noun uses its domain). The domain of a name with a noun
  does not count (`userId` in `user/signup.completed` names who acted), and an event
  that happens to one object again and again (a name with `updated`, `changed`,
  `edited`, `modified`, `progress`, `viewed`, `visited`, `opened`, `clicked`, `synced`,
  `refreshed`, `heartbeat`, `pinged` or `polled`) has no natural key by name.

Events with no natural key are not reported: a page view or a log line has nothing to
deduplicate on. Neither is a key written as a constant (`{"orderId": "ord_1"}`): that is
test or demo data, and the id it would give is a constant (EL202). Sends through
`step.send_event` are reported too: inngest-py runs it as `step.run(step_id, ...)` around
`client.send`, which memoizes a send that succeeded but derives no event id, so a step
retried after the server accepted the events sends them again.

`require-id` changes what is asked, globally or per event:

- `require-id = false`: the rule is off; `[tool.event-lint.events."analytics/page.viewed"]
  require-id = false` turns it off for one fire-and-forget event;
- `require-id = true`, or a list of name globs (`["billing/*", "order/order.placed"]`,
  matched like `fnmatch`, where `*` also matches `/` and `.`), or `require-id = true` in
  an event's table: every send of those events needs an id, natural key or not, and a
  missing one is an error. An event whose name the linter cannot work out is only
  reported under `require-id = true`. Other events keep the natural-key warning.
"""
    why_bad = """
Senders retry: an HTTP handler retried by a load balancer, a webhook delivered twice, a
job re-run after a crash. Without an `id`, every retry is a new event and starts every
function it triggers again: a second charge, a second email. With an `id`, Inngest drops
any later event with the same id for 24 hours, so the retry is harmless.
"""
    example = """
await client.send(inngest.Event(name="billing/invoice.paid", data={"invoiceId": invoice_id}))
"""
    use_instead = """
await client.send(
    inngest.Event(
        name="billing/invoice.paid",
        data={"invoiceId": invoice_id},
        id=f"invoice-paid-{invoice_id}",
    )
)
"""
    fix_safety = """
The fix is unsafe: with the id, a second event for the same key within 24 hours is
dropped, which is the point for a retry but not for an event that may rightly happen
twice for one key (a key that is not natural after all). It is offered where the key's
value is a name, an attribute or an f-string written in the send call, and inserts
`id=...` after `data=`.
"""

    def check(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        seen: set[Located] = set()  # each event once, however many sends reach it
        for send in ctx.project.sends:
            for event in send.events:
                if event.where not in seen and not _has_id(event):
                    seen.add(event.where)
                    yield from self.check_event(ctx, event, send)

    def check_event(
        self, ctx: RuleContext, event: EventSite, send: SendSite
    ) -> Iterator[Diagnostic]:
        name = event.name.value if event.name is not None else None
        mode = _mode(ctx.config, name)
        if mode == "always":
            yield self.required(event)
        elif mode == "natural-key":
            found = natural_key(event, ctx.registry)
            if found is not None:
                yield self.natural(event, found, send)

    def required(self, event: EventSite) -> Diagnostic:
        name = f"Event {event.name.quoted}" if event.name is not None else "Event"
        found = report(self, event.where, f"{name} has no id; require-id asks for one")
        return replace(found, severity=Severity.ERROR)  # asked for: an error, not a warning

    def natural(self, event: EventSite, found: NaturalKey, send: SendSite) -> Diagnostic:
        proposal = _proposal(event, _value_source(send, found.entry))
        assert event.name is not None  # a natural key needs a known name
        message = (
            f"Event {event.name.quoted} has no id, but its data has a natural key, "
            f'"{found.key}": send id={proposal} so that a retried send starts nothing twice'
        )
        return report(self, event.where, message, _fix(event, proposal))
