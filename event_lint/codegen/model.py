"""The classes the generator emits, before they become text."""

from __future__ import annotations

from dataclasses import dataclass, field

from event_lint.codegen.layout import Node


@dataclass(frozen=True)
class FieldDef:
    attr: str  # the Python attribute
    key: str  # the payload key (an alias when it differs from attr)
    annotation: Node
    value: Node  # the type of the payload value (the annotation without an optional's None)
    default: str | None  # Python source of the default; None when required
    doc: str | None
    send_none: bool  # optional and nullable: None by name is sent as null (else left out)


@dataclass
class ClassDef:
    name: str
    doc: str | None
    schema_path: str | None = None  # the whole data of an event: its schema's URI
    dict_name: str = ""  # the TypedDict of the same payload, for the dict form
    closed: bool = False  # additionalProperties: false (the TypedDict then says it all)
    fields: list[FieldDef] = field(default_factory=list)


@dataclass(frozen=True)
class EventDef:
    class_name: str
    event: str
    v: str
    data_class: str
    deprecated: bool
