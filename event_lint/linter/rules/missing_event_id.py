"""EL201 missing-event-id: events that ``require-id`` names must carry an id."""

from __future__ import annotations

from collections.abc import Iterator
from fnmatch import fnmatchcase

from event_lint.diagnostics import Diagnostic
from event_lint.linter.model import EventSite
from event_lint.linter.rules._helpers import report, sent_events, shown
from event_lint.linter.rules.base import Flagged, Passing, Rule, RuleContext


def _required(event: EventSite, require_id: bool | tuple[str, ...]) -> bool:
    if isinstance(require_id, bool):
        return require_id
    name = event.name.value if event.name is not None else None
    return name is not None and any(fnmatchcase(name, glob) for glob in require_id)


def _has_id(event: EventSite) -> bool:
    return event.id is not None and event.id.value != ""


class MissingEventId(Rule):
    code = "EL201"
    name = "missing-event-id"
    summary = "Event that `require-id` names is sent without an `id`"
    what_it_does = """
Reports an event sent without an `id` (or with `id=""`, which the SDK treats as none)
when the `require-id` setting names it: `require-id = true` for every event, or a list of
name globs (`require-id = ["billing/*", "order/order.placed"]`, matched like `fnmatch`,
where `*` also matches `/` and `.`). An event whose name the linter cannot work out is
only reported under `require-id = true`.

The default is `false`, so this rule reports nothing until a team opts in: Inngest
assigns every event an internal id itself, and an id you choose is a *deduplication*
key, which only makes sense where a natural key exists (an invoice, an order, a webhook
delivery). Forcing an id on every event pushes people to invent meaningless ones
(EL202, EL203). Opt in per domain where duplicates hurt, such as billing.
"""
    why_bad = """
Senders retry: an HTTP handler retried by a load balancer, a webhook delivered twice, a
job re-run after a crash. Without an `id`, every retry is a new event and starts every
function it triggers again: a second charge, a second email. With an `id`, Inngest drops
any later event with the same id for 24 hours, so the retry is harmless.
"""
    example = """
# pyproject.toml: [tool.event-lint] require-id = ["billing/*"]
await client.send(inngest.Event(name="billing/invoice.paid", data={"invoiceId": invoice_id}))
"""
    use_instead = """
await client.send(
    inngest.Event(
        name="billing/invoice.paid",
        id=f"invoice-paid-{invoice_id}",
        data={"invoiceId": invoice_id},
    )
)
"""
    flagged = (
        Flagged(
            """\
import inngest

client = inngest.Inngest(app_id="shop")


async def pay(invoice_id: str) -> None:
    await client.send(
        inngest.Event(name="billing/invoice.paid", data={"invoiceId": invoice_id})
    )
    await client.send(inngest.Event(name="billing/invoice.voided", id=""))
""",
            (
                '8:9: EL201 Event "billing/invoice.paid" has no id; require-id asks for one',
                '10:23: EL201 Event "billing/invoice.voided" has no id; require-id asks for one',
            ),
            config={"require_id": ("billing/*",)},
        ),
        Flagged(
            """\
import inngest

client = inngest.Inngest(app_id="shop")


def signup(user_id: str, name: str) -> None:
    client.send_sync([
        inngest.Event(name="user/signup.completed", id=f"signup-{user_id}"),
        inngest.Event(name=name),
    ])
""",
            ("9:9: EL201 Event has no id; require-id asks for one",),
            config={"require_id": True},
        ),
    )
    passing = (
        Passing(
            """\
import inngest

client = inngest.Inngest(app_id="shop")


async def pay(invoice_id: str) -> None:
    await client.send(inngest.Event(name="billing/invoice.paid"))
""",
        ),
        Passing(
            """\
import inngest

client = inngest.Inngest(app_id="shop")


async def pay(invoice_id: str, name: str) -> None:
    await client.send([
        inngest.Event(name="billing/invoice.paid", id=f"invoice-paid-{invoice_id}"),
        inngest.Event(name="user/profile.viewed"),
        inngest.Event(name=name),
    ])
""",
            config={"require_id": ("billing/*",)},
        ),
    )

    def check(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        for event in sent_events(ctx.project):
            if not _has_id(event) and _required(event, ctx.config.require_id):
                name = f"Event {shown(event.name)}" if event.name is not None else "Event"
                yield report(self, event.where, f"{name} has no id; require-id asks for one")
