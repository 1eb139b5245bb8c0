"""The registry -> one Python module of typed event classes (``event-registry codegen``)."""

from __future__ import annotations

from event_lint.codegen.model import EventDef
from event_lint.codegen.naming import constant_name, event_class_name, pascal
from event_lint.codegen.render import render_module
from event_lint.codegen.source import SchemaSource
from event_lint.codegen.translate import Translator
from event_lint.errors import UserError


def generate_module(source: SchemaSource) -> str:
    """The text of the generated module: byte-identical for the same registry."""
    translator = Translator(source.resolver_registry)
    events: list[EventDef] = []
    latest: dict[str, str] = {}
    constants: dict[str, str] = {}
    for name in source.names():
        for v in source.versions(name):
            schema = source.schema(name, v)
            class_name = event_class_name(name, v)
            data_class = translator.data_class(
                f"{name} v{v}", source.schema_uri(name, v), schema, class_name + "Data"
            )
            events.append(
                EventDef(class_name, name, v, data_class, schema.get("deprecated") is True)
            )
        latest[pascal(name)] = event_class_name(name, source.latest(name))
        _add_unique(constants, constant_name(name), name)
    _check_names(events, latest)
    return render_module(
        source.fingerprint(), translator.classes, events, latest, constants, translator.imports
    )


def _add_unique(constants: dict[str, str], constant: str, name: str) -> None:
    other = constants.setdefault(constant, name)
    if other != name:
        raise UserError(f"events {other!r} and {name!r} both become the constant {constant}")


def _check_names(events: list[EventDef], latest: dict[str, str]) -> None:
    seen: dict[str, str] = {}
    for event in events:
        label = f"{event.event} v{event.v}"
        other = seen.setdefault(event.class_name, label)
        if other != label:
            raise UserError(f"{other} and {label} both become the class {event.class_name}")
    for alias in latest:
        if alias in seen:
            raise UserError(
                f"the latest-version alias {alias} clashes with the class for {seen[alias]}"
            )
