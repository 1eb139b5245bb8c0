"""EL401 field-dropped-by-sdk: keywords ``inngest.Event`` accepts and silently discards."""

from __future__ import annotations

from collections.abc import Iterator

from event_lint.diagnostics import Diagnostic
from event_lint.linter.rules._helpers import all_events, report
from event_lint.linter.rules.base import Rule, RuleContext

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

    def check(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        for event in all_events(ctx.project):
            for field_name, where in event.dropped_fields:
                why = _WHY.get(field_name, "it has no such field")
                yield report(self, where, f"`inngest.Event` drops `{field_name}=`: {why}")
