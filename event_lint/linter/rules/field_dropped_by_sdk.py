"""EL401 field-dropped-by-sdk: keywords ``inngest.Event`` accepts and silently discards."""

from __future__ import annotations

from collections.abc import Iterator

from event_lint.diagnostics import Diagnostic
from event_lint.linter.rules._helpers import all_events, report
from event_lint.linter.rules.base import Flagged, Passing, Rule, RuleContext

_WHY = {
    "v": "SDK 0.5 has no v field, so the schema version is lost",
    "user": "the user field was removed in SDK 0.5",
}


class FieldDroppedBySdk(Rule):
    code = "EL401"
    name = "field-dropped-by-sdk"
    summary = "`inngest.Event` keyword that the SDK silently drops (`v=`, `user=`, unknown)"
    what_it_does = """
Reports a keyword argument of `inngest.Event(...)` other than `name`, `data`, `id` and
`ts`: `v=` (no such field in the Python SDK), `user=` (removed in SDK 0.5.0), and any
other name (a typo such as `nane=` or `timestamp=`).
"""
    why_bad = """
`inngest.Event` is a pydantic model that ignores unknown fields: the call succeeds and
the value vanishes. A `v="2024-01-15.1"` meant to version the payload never reaches
Inngest, so consumers cannot tell versions apart; a misspelt `timestamp=` leaves `ts`
at its default. Nothing fails, which is why it goes unnoticed. To version a payload in
Python, put the version in `data` or use the generated payload classes
(`event-registry codegen`), which know their version.
"""
    example = """
await client.send(inngest.Event(name="user/profile.updated", v="2024-01-15.1", data=data))
"""
    use_instead = """
await client.send(
    inngest.Event(name="user/profile.updated", data={**data, "version": "2024-01-15.1"})
)
"""
    flagged = (
        Flagged(
            """\
import inngest

client = inngest.Inngest(app_id="shop")


def update(user_id: str) -> None:
    client.send_sync(
        inngest.Event(name="user/profile.updated", v="2024-01-15.1", data={"id": user_id})
    )
""",
            (
                "8:52: EL401 `inngest.Event` drops `v=`: "
                "SDK 0.5 has no v field, so the schema version is lost",
            ),
        ),
        Flagged(
            """\
from inngest import Event, Inngest

client = Inngest(app_id="shop")


async def signup(user: dict[str, str]) -> None:
    await client.send(Event(name="user/signup.completed", user=user, timestamp=1700000000000))
""",
            (
                "7:59: EL401 `inngest.Event` drops `user=`: the user field was removed in SDK 0.5",
                "7:70: EL401 `inngest.Event` drops `timestamp=`: it has no such field",
            ),
        ),
    )
    passing = (
        Passing(
            """\
import inngest

client = inngest.Inngest(app_id="shop")


def update(user_id: str) -> None:
    client.send_sync(
        inngest.Event(
            name="user/profile.updated",
            id=f"profile-updated-{user_id}",
            ts=1700000000000,
            data={"id": user_id, "v": "2024-01-15.1", "user": user_id},
        )
    )
""",
        ),
        Passing(
            """\
import inngest

client = inngest.Inngest(app_id="shop")


@client.create_function(fn_id="charge", trigger=inngest.TriggerEvent(event="billing/charge.asked"))
async def charge(ctx: inngest.Context) -> None:
    await ctx.step.invoke("refund", function=charge, data={"id": 1}, v="1")
""",
        ),
    )

    def check(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        for event in all_events(ctx.project):
            for field_name, where in event.dropped_fields:
                why = _WHY.get(field_name, "it has no such field")
                yield report(self, where, f"`inngest.Event` drops `{field_name}=`: {why}")
