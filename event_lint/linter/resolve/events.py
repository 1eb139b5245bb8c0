"""The events a send carries, and every event built anywhere: ``inngest.Event(...)``,
a generated event class, a dict with a ``name`` -> the model's ``EventSite``s."""

from __future__ import annotations

from dataclasses import replace

from event_lint.linter import facts as f
from event_lint.linter.model import EventApi, EventSite, EventsShape, Expr, Located, Text
from event_lint.linter.resolve.functions import MAX_NESTING
from event_lint.linter.resolve.payloads import PayloadReader
from event_lint.linter.resolve.reach import CallGraph
from event_lint.linter.resolve.symbols import ClassSym, DefSym, Index, SdkSym, Symbols
from event_lint.linter.resolve.values import Evaluator, used_at

_EVENT_FIELDS = ("name", "data", "id", "ts")
# An event's fields as written: field -> (value, the file it is written in).
_Fields = dict[str, tuple[f.Val, Index]]
Events = tuple[EventsShape, int | None, list[EventSite]]  # a send's shape, count, events


class EventReader:
    """Reads events, once per place: a send of a built event and the event itself are
    one EventSite. ``sites`` holds those of the chunk being built."""

    def __init__(
        self, symbols: Symbols, values: Evaluator, payloads: PayloadReader, graph: CallGraph
    ) -> None:
        self.symbols = symbols
        self.values = values
        self.payloads = payloads
        self.graph = graph
        self.sites: dict[tuple[str, int], EventSite | None] = {}  # (path, pos) -> event
        self.call_scopes: dict[str, dict[int, str | None]] = {}  # path -> event call -> scope

    def forget(self) -> None:
        """Drop what was read of a chunk's files."""
        self.sites.clear()
        self.call_scopes.clear()

    def written_in(self, node: f.Call | f.Dict, index: Index, scope: str | None) -> str | None:
        """The def an event is written in: the one extraction recorded around an
        ``Event(...)`` call (a module constant's is None); else ``scope``, where it is read."""
        scopes = self.call_scopes.get(index.path)
        if scopes is None:
            calls = index.facts.calls
            scopes = {site.call.pos: site.scope for site in calls if site.kind == "event"}
            self.call_scopes[index.path] = scopes
        return index.def_scope(scopes.get(node.pos, scope))

    def events_of(self, value: f.Val | None, index: Index, scope: str | None, depth: int) -> Events:
        """What a send's ``events`` argument holds."""
        if value is None or depth > MAX_NESTING:
            return "unknown", None, []
        target, target_index, _ = self.values.follow(value, index)
        if isinstance(target, f.Call):
            return self.events_of_call(target, target_index, scope, depth)
        if isinstance(target, f.Dict):
            return "dict", None, [self.dict_event(target, target_index, scope)]
        if isinstance(target, f.Seq):
            return self.events_of_seq(target, target_index, scope, depth)
        return "unknown", None, []

    def events_of_call(self, call: f.Call, index: Index, scope: str | None, depth: int) -> Events:
        event = self.event_site(call, index, scope)
        if event is not None:
            return "event", None, [event]
        func = call.func
        if isinstance(func, f.Attr) and func.attr == "to_event":
            target, target_index, _ = self.values.follow(func.value, index)
            if isinstance(target, f.Call):
                built = self.event_site(target, target_index, scope)
                return "event", None, [built] if built else []
        helper = self.symbols.sym(func, index)
        if isinstance(helper, DefSym) and helper.definition.returns:
            returned = helper.definition.returns[0]
            return self.events_of(returned, helper.index, helper.definition.qualname, depth + 1)
        return "unknown", None, []

    def events_of_seq(self, seq: f.Seq, index: Index, scope: str | None, depth: int) -> Events:
        events: list[EventSite] = []
        dicts = 0
        for item in seq.items:
            element = item.value if isinstance(item, f.Star) else item
            shape, _, found = self.events_of(element, index, scope, depth + 1)
            dicts += shape in ("dict", "list_of_dicts")
            events.extend(found)
        if seq.kind == "tuple":
            return "tuple", None, events
        if seq.kind == "generator":
            return "generator", None, events
        if seq.items and dicts == len(seq.items):
            return "list_of_dicts", _count(seq), events
        if seq.kind == "comprehension":
            return "comprehension", None, events
        return "list", _count(seq), events

    def event_site(self, call: f.Call, index: Index, scope: str | None) -> EventSite | None:
        """The event a call builds, or None when it builds none."""
        key = (index.path, call.pos)
        if key in self.sites:
            return self.sites[key]
        found = self.symbols.sym(call.func, index)
        event: EventSite | None = None
        if isinstance(found, SdkSym) and found.dotted == "inngest.Event":
            event = self.sdk_event(call, index, scope)
        elif isinstance(found, ClassSym) and _is_generated(found.cls):
            event = self.generated_event(call, index, scope, found)
        self.sites[key] = event
        return event

    def event_fields(self, call: f.Call, index: Index) -> tuple[_Fields, list[tuple[str, Located]]]:
        """The event fields a call passes, and its other keywords (dropped by the SDK)."""
        fields: _Fields = {}
        others: list[tuple[str, Located]] = []
        for kwarg in call.kwargs:
            if kwarg.name is None:  # Event(**payload) with a visible dict
                mapping, mapping_index, _ = self.values.follow(kwarg.value, index)
                if isinstance(mapping, f.Dict):
                    for item in mapping.items:
                        key = self.values.known(item.key, mapping_index)
                        if key is not None and item.key is not None:
                            _add_field(fields, others, key, item.value, mapping_index, item.key.pos)
                continue
            _add_field(fields, others, kwarg.name, kwarg.value, index, kwarg.name_pos)
        return fields, others

    def sdk_event(self, call: f.Call, index: Index, scope: str | None) -> EventSite:
        fields, dropped = self.event_fields(call, index)
        return self.make_event(call, index, scope, "inngest.Event", fields, dropped, None, None)

    def generated_event(
        self, call: f.Call, index: Index, scope: str | None, cls: ClassSym
    ) -> EventSite:
        fields, _ = self.event_fields(call, index)
        attrs = dict(cls.cls.attrs)
        fields["name"] = (attrs["name"], cls.index)
        version = self.values.text(attrs["v"], cls.index)
        event = self.make_event(call, index, scope, "generated", fields, [], version, cls.cls.name)
        # the class's name and v are written in its module
        name, version = used_at(event.name, index, call.pos), used_at(event.v, index, call.pos)
        return replace(event, name=name, v=version)

    def dict_event(self, mapping: f.Dict, index: Index, scope: str | None) -> EventSite:
        key = (index.path, mapping.pos)
        existing = self.sites.get(key)
        if existing is not None:
            return existing
        fields: _Fields = {}
        for item in mapping.items:
            name = self.values.known(item.key, index)
            if name in _EVENT_FIELDS:
                fields[name] = (item.value, index)
        event = replace(
            self.make_event(mapping, index, scope, "dict", fields, [], None, None),
            dict_literal=self.payloads.payload(mapping, index),
            event_class=_event_class(index),
        )
        self.sites[key] = event
        return event

    def make_event(
        self,
        node: f.Call | f.Dict,
        index: Index,
        scope: str | None,
        api: EventApi,
        fields: _Fields,
        dropped: list[tuple[str, Located]],
        version: Text | None,
        generated_class: str | None,
    ) -> EventSite:
        context = self.graph.context(index, scope, False)
        in_step = context.in_step_run

        def text(field: str) -> Text | None:
            value = fields.get(field)
            return self.values.text(*value) if value else None

        def expr(field: str) -> Expr | None:
            value = fields.get(field)
            return self.payloads.expr(value[0], value[1], in_step) if value else None

        data = fields.get("data")
        return EventSite(
            where=index.where(node.pos),
            api=api,
            name=text("name"),
            data=self.payloads.payload(data[0], data[1], in_step) if data else None,
            id=expr("id"),
            ts=expr("ts"),
            v=version,
            dropped_fields=tuple(dropped),
            generated_class=generated_class,
            inside_function=context.qualname,
            scope=self.written_in(node, index, scope),
        )


def _add_field(
    fields: _Fields,
    others: list[tuple[str, Located]],
    name: str,
    value: f.Val,
    index: Index,
    name_pos: int,
) -> None:
    """Field ``name`` written at ``name_pos`` of ``index``'s file with ``value``."""
    if name in _EVENT_FIELDS:
        fields[name] = (value, index)
    else:
        others.append((name, index.where(name_pos)))


def _event_class(index: Index) -> str | None:
    """How a module spells ``inngest.Event``, for fixes: ``inngest.Event``, ``Event``, ..."""
    imports = index.imports.items()
    module = next((n for n, imp in imports if imp.module == "inngest" and imp.name is None), None)
    if module is not None:
        return f"{module}.Event"
    return next((n for n, imp in imports if imp.module == "inngest" and imp.name == "Event"), None)


def _count(seq: f.Seq) -> int | None:
    if not seq.literal or any(isinstance(item, f.Star) for item in seq.items):
        return None
    return len(seq.items)


def _is_generated(cls: f.ClassDef) -> bool:
    names = {name for name, _ in cls.attrs}
    return "name" in names and "v" in names
