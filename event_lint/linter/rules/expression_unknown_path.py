"""EL622 expression-unknown-path: a CEL path the event's schema does not have."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from event_lint.diagnostics import Diagnostic
from event_lint.linter.cel import Path, analyze
from event_lint.linter.model import CelExpression, Text
from event_lint.linter.names import did_you_mean, is_wildcard, matching_names
from event_lint.linter.rules._cel_location import located
from event_lint.linter.rules._helpers import report
from event_lint.linter.rules._registry import expressions
from event_lint.linter.rules.base import Rule, RuleContext

if TYPE_CHECKING:
    from referencing._core import Resolver as _Resolver  # not re-exported at the top

    from event_lint.registry import Registry

    Resolver = _Resolver[Any]

ENVELOPE = frozenset({"name", "data", "id", "ts", "v"})
_SHAPE_KEYWORDS = ("properties", "patternProperties", "additionalProperties", "type", "items")


def _with_placeholders(text: Text) -> tuple[str, list[tuple[int, int]]]:
    """The expression with each unknown part of an f-string as ``0`` (a valid CEL value
    inside quotes and out), and where those parts are: only the paths written wholly in
    known text are checked (``f"async.data.bookingID == '{booking_id}'"``)."""
    written: list[str] = []
    holes: list[tuple[int, int]] = []
    offset = 0
    for part in text.parts:
        piece = "0" if part is None else part
        if part is None:
            holes.append((offset, offset + 1))
        written.append(piece)
        offset += len(piece)
    return "".join(written), holes


def _event_names(texts: tuple[Text, ...] | list[Text], registry: Registry) -> list[str]:
    """The registry events the texts name (wildcards expanded)."""
    names: list[str] = []
    for text in texts:
        value = text.value
        if value is None:
            continue
        if is_wildcard(value):
            names += matching_names(value, registry.names())
        elif registry.has(value):
            names.append(value)
    return names


def _accepts(
    schema: object, parts: tuple[str | int, ...], resolver: Resolver, depth: int = 0
) -> bool:
    """Whether data valid under ``schema`` may have the member path ``parts``. Lenient:
    any branch of a combinator that allows it, or a part of the schema it cannot
    follow, counts as allowed."""
    if not parts or schema is True or not isinstance(schema, dict) or depth > 30:
        return schema is not False
    branches: list[tuple[object, Resolver]] = [
        (sub, resolver) for key in ("allOf", "anyOf", "oneOf") for sub in schema.get(key, ())
    ]
    if isinstance(schema.get("$ref"), str):
        from referencing.exceptions import Unresolvable  # loaded with the registry

        try:
            resolved = resolver.lookup(schema["$ref"])
        except Unresolvable:
            return True
        branches.append((resolved.contents, resolved.resolver))
    if any(_accepts(sub, parts, res, depth + 1) for sub, res in branches):
        return True
    if not any(key in schema for key in _SHAPE_KEYWORDS):
        return not branches  # no shape here: open, unless only its branches decide
    return _accepts_here(schema, parts, resolver, depth)


def _accepts_here(
    schema: dict[str, Any], parts: tuple[str | int, ...], resolver: Resolver, depth: int
) -> bool:
    part, rest = parts[0], parts[1:]
    if isinstance(part, int):
        prefix = schema.get("prefixItems", [])
        sub = prefix[part] if part < len(prefix) else schema.get("items", True)
        return _accepts(sub, rest, resolver, depth + 1)
    declared = schema.get("type")
    types = declared if isinstance(declared, list) else [declared] if declared else ["object"]
    if "object" not in types:
        return False
    if part in schema.get("properties", {}):
        return _accepts(schema["properties"][part], rest, resolver, depth + 1)
    additional = schema.get("additionalProperties", True)
    return _accepts(additional, rest, resolver, depth + 1)


def _suggestion(schemas: list[dict[str, Any]], path: Path) -> str:
    if len(path.parts) != 2:
        return ""
    keys = sorted({key for schema in schemas for key in schema.get("properties", {})})
    match = did_you_mean(str(path.parts[1]), keys, cutoff=0.6)
    return f" (did you mean {path.root}.data.{match}?)" if match else ""


class ExpressionUnknownPath(Rule):
    code = "EL622"
    name = "expression-unknown-path"
    summary = "A CEL path that the event's schema does not have"
    needs_registry = True
    what_it_does = """
Checks each `event.…` path of a CEL expression against the latest schema of the
function's trigger event(s) (it must exist in at least one), and each `async.…` path
against the awaited or cancelling event's schema. The envelope fields `name`, `data`,
`id`, `ts` and `v` are always valid; open objects accept any key below them. In an
f-string (`f"async.data.bookingId == '{booking_id}'"`) the paths written wholly in its
known text are checked; a path that runs through an unknown part is not.
"""
    why_bad = """
In CEL a missing field is an error or null, not a crash you will see: the condition is
simply never true, so the wait times out, the cancel never cancels, the idempotency or
concurrency key collapses every event onto one value.
"""
    example = """
idempotency="event.data.invoiceId + '-' + string(event.data.amount)"  # v2 calls it amountCents
"""
    use_instead = """
idempotency="event.data.invoiceId + '-' + string(event.data.amountCents)"
"""

    def check(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        registry = ctx.registry
        assert registry is not None
        for expression in expressions(ctx.project):
            text, holes = _with_placeholders(expression.text)
            for path in analyze(text).paths:
                if any(start < path.end and path.offset < end for start, end in holes):
                    continue  # the path runs through a part the linter cannot know
                problem = self._problem(expression, path, registry)
                if problem is not None:
                    yield report(self, located(expression.text, path.offset, path.end), problem)

    def _problem(self, expression: CelExpression, path: Path, registry: Registry) -> str | None:
        if not path.parts:
            return None
        if path.parts[0] not in ENVELOPE:
            return f"{path} is not a field of the event (fields: data, id, name, ts, v)"
        if path.parts[0] != "data":
            return None
        texts = list(expression.event_names) if path.root == "event" else [expression.async_name]
        names = _event_names([t for t in texts if t is not None], registry)
        if not names:
            return None  # nothing known to check against
        schemas = [registry.schema(name) for name in names]
        resolvers = [
            registry.resolver_registry.resolver(base_uri=registry.schema_uri(name))
            for name in names
        ]
        if any(_accepts(s, path.parts[1:], r) for s, r in zip(schemas, resolvers, strict=True)):
            return None
        return f"{path} is not in the schema of {', '.join(names)}{_suggestion(schemas, path)}"
