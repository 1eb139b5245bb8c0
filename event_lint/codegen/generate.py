"""The registry -> one Python module of typed event classes (``event-registry codegen``)."""

from __future__ import annotations

from typing import Any

from event_lint.codegen.embed import reached_documents, relative, validation_only
from event_lint.codegen.layout import LINE_LENGTH
from event_lint.codegen.model import EventDef
from event_lint.codegen.naming import constant_name, event_class_name, pascal, unique
from event_lint.codegen.render import RUNTIME_NAMES, TYPING_NAMES, render_module
from event_lint.codegen.source import SchemaSource
from event_lint.codegen.translate import Translator

# Names the module itself defines or imports: no generated class may take them.
_MODULE_NAMES = {*RUNTIME_NAMES, *TYPING_NAMES, "PayloadSchemas", "EventNames", "_SCHEMAS"}


def generate_module(source: SchemaSource, line_length: int = 88) -> str:
    """The text of the generated module: byte-identical for the same registry, formatted as
    ``ruff format`` formats it at ``line_length``."""
    token = LINE_LENGTH.set(line_length)
    try:
        return _generate(source)
    finally:
        LINE_LENGTH.reset(token)


def _generate(source: SchemaSource) -> str:
    translator = Translator(source.resolver_registry)
    translator.reserve(_MODULE_NAMES)
    planned = [(name, v) for name in source.names() for v in source.versions(name)]
    class_names = {key: translator.claim(event_class_name(*key)) for key in planned}
    aliases = {name: translator.claim(pascal_or_event(name)) for name in source.names()}
    documents: dict[str, Any] = {}
    events: list[EventDef] = []
    for name, v in planned:
        uri, schema = source.schema_uri(name, v), source.schema(name, v)
        documents[relative(uri)] = validation_only(schema)
        for other, contents in reached_documents(uri, schema, source.resolver_registry):
            documents.setdefault(relative(other), validation_only(contents))
        class_name = class_names[(name, v)]
        data_class = translator.data_class(uri, schema, class_name + "Data")
        deprecated = isinstance(schema, dict) and schema.get("deprecated") is True
        events.append(EventDef(class_name, name, v, data_class, deprecated))
    latest = {aliases[name]: class_names[(name, source.latest(name))] for name in source.names()}
    taken: set[str] = set()
    constants = {unique(constant_name(name), taken): name for name in source.names()}
    return render_module(
        source.fingerprint(),
        documents,
        translator.classes,
        events,
        latest,
        constants,
    )


def pascal_or_event(name: str) -> str:
    """The latest-version alias: ``billing/invoice.paid`` -> ``BillingInvoicePaid``."""
    alias = pascal(name)
    return alias if alias[:1].isalpha() else "Event" + alias
