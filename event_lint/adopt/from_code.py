"""A first registry from the code: one schema per event name the code uses.

The linter's project model knows every place an event is built, sent, triggered on,
waited for, cancelled on or invoked. For each name written as a literal (or a constant),
a schema is inferred from every payload the code writes:

- keys and their types, from literals and from what the linter knows of other values
  (an annotated parameter, ``int(...)``, an f-string); a value it cannot know allows
  anything;
- ``required``: the keys present at every site whose payload is visible (a site that
  spreads ``**extra``, or passes a dict the linter cannot see, constrains nothing);
- nested objects and lists, with every object left open (``additionalProperties: true``),
  since other senders may add keys the linter cannot see;
- the payloads written wholly as literals, kept as examples;
- a description that says where the event is sent and consumed.

An event with no visible payload gets a permissive schema and is listed as dynamic.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from event_lint.linter.model import UNKNOWN, DictEntry, EventSite, Expr, Located, Project, Text
from event_lint.linter.names import is_wildcard
from event_lint.linter.rules._helpers import all_events
from event_lint.registry.dialects import DEFAULT_DIALECT
from event_lint.registry.infer import infer

_PYTHON_TYPES: dict[str, dict[str, Any]] = {
    "int": {"type": "integer"},
    "float": {"type": "number"},
    "str": {"type": "string"},
    "bool": {"type": "boolean"},
    "dict": {"type": "object", "additionalProperties": True},
    "list": {"type": "array"},
    "tuple": {"type": "array"},
}
_PLACES_SHOWN = 3  # places named in a description; the rest are counted


@dataclass
class EventUse:
    """Everything the code does with one event name."""

    name: str
    producers: list[EventSite] = field(default_factory=list)
    consumers: list[str] = field(default_factory=list)  # "function `f` (path:line)", ...

    @property
    def payload_sites(self) -> list[EventSite]:
        """The sites whose payload the linter can see (at least partly)."""
        return [e for e in self.producers if e.data is None or e.data.known]

    @property
    def dynamic(self) -> bool:
        return not self.payload_sites


def event_uses(project: Project) -> tuple[dict[str, EventUse], list[Text]]:
    """The uses of each event name the code writes, and the names it cannot read
    (a parameter, an f-string with unknown parts): those need a schema by hand."""
    uses: dict[str, EventUse] = {}
    unreadable: list[Text] = []

    def use(text: Text | None) -> EventUse | None:
        if text is None:
            return None
        name = text.value
        if name is None:
            unreadable.append(text)
            return None
        if is_wildcard(name) or name.startswith("inngest/"):
            return None  # a pattern, or an event Inngest itself sends
        return uses.setdefault(name, EventUse(name))

    for event in all_events(project):
        if (found := use(event.name)) is not None:
            found.producers.append(event)
    for function in project.functions:
        for trigger in function.triggers:
            if (found := use(trigger.event)) is not None:
                found.consumers.append(f"function `{function.qualname}` ({_at(trigger.where)})")
        for cancel in function.cancels:
            if (found := use(cancel.event)) is not None:
                found.consumers.append(f"cancels `{function.qualname}` ({_at(cancel.where)})")
    for wait in project.waits:
        if (found := use(wait.event)) is not None:
            found.consumers.append(f"step.wait_for_event ({_at(wait.where)})")
    for invoke in project.invokes:
        for target in invoke.target_events:
            if (found := use(target)) is not None:
                found.consumers.append(f"step.invoke ({_at(invoke.where)})")
    return dict(sorted(uses.items())), unreadable


def infer_schema(use: EventUse) -> dict[str, Any]:
    """The first version's schema for one event, inferred from its payload sites."""
    sites = use.payload_sites
    body = _merge_objects([_site_entries(site) for site in sites]) if sites else _open_object()
    return {"$schema": DEFAULT_DIALECT, "description": describe(use), **body}


def literal_examples(use: EventUse) -> list[dict[str, Any]]:
    """Each distinct payload that the code writes wholly as literals, in source order."""
    examples: list[dict[str, Any]] = []
    for site in use.payload_sites:
        payload = {} if site.data is None else _literal_object(site.data.entries)
        if payload is not None and not (site.data and site.data.spread) and payload not in examples:
            examples.append(payload)
    return examples


def describe(use: EventUse) -> str:
    sent = [_at(e.where) + _in_function(e) for e in sorted(use.producers, key=_place)]
    parts = [f"Sent at {_places(sent)}." if sent else "Not sent by the linted code."]
    consumed = sorted(set(use.consumers))
    parts.append(f"Consumed by {_places(consumed)}." if consumed else "No consumer in the code.")
    return " ".join(parts) + " (Inferred by event-registry init --from-code: review it.)"


# -- payload sites -> schemas ------------------------------------------------------------


def _site_entries(site: EventSite) -> tuple[dict[str, dict[str, Any]], set[str] | None]:
    """(properties, keys present) of one site; keys present is None when a spread or an
    unseen dict may add any key (the site cannot make a key optional)."""
    if site.data is None:  # no data=: the SDK sends {}
        return {}, set()
    properties = {entry.key: _entry_schema(entry) for entry in site.data.entries}
    return properties, None if site.data.spread else set(properties)


def _entry_schema(entry: DictEntry) -> dict[str, Any]:
    if entry.children:
        properties = {child.key: _entry_schema(child) for child in entry.children}
        return _merge_objects([(properties, set(properties))])
    if entry.items:
        items = [_item_schema(item) for item in entry.items]
        return {"type": "array", "items": _merge_all(items)} if items else {"type": "array"}
    return _value_schema(entry.value)


def _item_schema(item: tuple[DictEntry, ...] | Expr) -> dict[str, Any]:
    if isinstance(item, Expr):
        return _value_schema(item)
    return _merge_objects([({e.key: _entry_schema(e) for e in item}, {e.key for e in item})])


def _value_schema(expr: Expr) -> dict[str, Any]:
    if _is_literal(expr.value):
        return _literal_schema(expr.value)
    return dict(_PYTHON_TYPES.get(expr.python_type or "", {}))


def _literal_schema(value: Any) -> dict[str, Any]:
    """A literal's schema: ``new --from-example``'s inference for scalars, open objects."""
    if isinstance(value, dict):
        properties = {key: _literal_schema(item) for key, item in value.items()}
        return _merge_objects([(properties, set(properties))])
    if isinstance(value, list):
        items = [_literal_schema(item) for item in value]
        return {"type": "array", "items": _merge_all(items)} if items else {"type": "array"}
    return infer(value)


def _merge_objects(
    sites: list[tuple[dict[str, dict[str, Any]], set[str] | None]],
) -> dict[str, Any]:
    """One open object schema for the objects of several sites: each key's schemas
    merged, required = the keys every constraining site has."""
    by_key: dict[str, list[dict[str, Any]]] = {}
    for properties, _ in sites:
        for key, schema in properties.items():
            by_key.setdefault(key, []).append(schema)
    present = [keys for _, keys in sites if keys is not None]
    required = set.intersection(*present) if present else set()
    body = _open_object({key: _merge_all(schemas) for key, schemas in sorted(by_key.items())})
    body["required"] = sorted(required)
    return body


def _open_object(properties: dict[str, dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"type": "object", "properties": properties or {}, "additionalProperties": True}


def _merge_all(schemas: Iterable[dict[str, Any]]) -> dict[str, Any]:
    merged: dict[str, Any] | None = None
    for schema in schemas:
        merged = schema if merged is None else _merge(merged, schema)
    return merged if merged is not None else {}


def _merge(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """A schema that accepts what either accepts (never narrower than both)."""
    if a == b:
        return a
    if not a or not b:  # an unknown value: anything goes
        return {}
    if a.get("type") == b.get("type") == "object":
        return _merge_objects([_object_parts(a), _object_parts(b)])
    if a.get("type") == b.get("type") == "array":  # an empty list literal has no "items"
        if "items" not in a or "items" not in b:
            return a if "items" in a else b
        items = _merge(a["items"], b["items"])
        return {"type": "array", "items": items} if items else {"type": "array"}
    types = sorted(_types(a) | _types(b))
    if "integer" in types and "number" in types:
        types.remove("integer")
    if any(t in ("object", "array") for t in types):
        return {}  # mixing containers and scalars: leave it open rather than guess
    return {"type": types[0] if len(types) == 1 else types}


def _object_parts(schema: dict[str, Any]) -> tuple[dict[str, dict[str, Any]], set[str]]:
    return schema.get("properties", {}), set(schema.get("required", ()))


def _types(schema: dict[str, Any]) -> set[str]:
    kind = schema.get("type")
    return set(kind) if isinstance(kind, list) else {kind} if isinstance(kind, str) else set()


def _is_literal(value: object) -> bool:
    if value is UNKNOWN:
        return False
    if isinstance(value, dict):
        return all(_is_literal(v) for v in value.values())
    if isinstance(value, list):
        return all(_is_literal(v) for v in value)
    return isinstance(value, (str, int, float, bool)) or value is None


def _literal_object(entries: tuple[DictEntry, ...]) -> dict[str, Any] | None:
    payload: dict[str, Any] = {}
    for entry in entries:
        if not _is_literal(entry.value.value):
            return None
        payload[entry.key] = entry.value.value
    return payload


# -- descriptions ---------------------------------------------------------------------------


def _place(event: EventSite) -> tuple[str, int]:
    return event.where.path, event.where.span.line


def _at(where: Located) -> str:
    return f"{where.path}:{where.span.line}"


def _in_function(event: EventSite) -> str:
    return f" (in `{event.inside_function}`)" if event.inside_function else ""


def _places(places: list[str]) -> str:
    shown = ", ".join(places[:_PLACES_SHOWN])
    more = len(places) - _PLACES_SHOWN
    return f"{shown} and {more} more" if more > 0 else shown
