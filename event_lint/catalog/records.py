"""The catalog's records: plain, sorted, frozen data that the pages and the flow graph are
drawn from, so that the same registry and code give the same site byte for byte.

Paths are shown relative to the config root (the folder of the ``pyproject.toml``), which is
what a source-URL template such as ``https://github.com/org/repo/blob/main/{path}#L{line}``
expects.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from event_lint.catalog.compat import CompatStep
from event_lint.catalog.fields import FieldRow
from event_lint.linter.model import Located

OUTSIDE = "ext:outside"  # the source of an event no linted code sends
INNGEST = "ext:inngest"  # the source of a built-in inngest/* event
NOBODY = "sink:none"  # the target of an event nothing consumes


@dataclass(frozen=True, order=True)
class Place:
    path: str  # relative to the config root, '/'-separated
    line: int


@dataclass(frozen=True)
class Producer:
    place: Place
    node: str  # the graph node that sends it
    who: str  # the Inngest function, or the Python function around the send
    api: str  # client.send, client.send_sync, step.send_event, or "built" (not seen sent)
    version: str | None  # the v it carries (a generated class, step.invoke's v=)
    generated_class: str | None
    site: Located = field(compare=False, repr=False)  # the findings inside belong to it


@dataclass(frozen=True)
class Consumer:
    place: Place
    node: str
    who: str
    kind: str  # trigger, cancel_on, wait_for_event, step.invoke
    expression: str | None  # the CEL `if` that filters it, as written
    site: Located = field(compare=False, repr=False)  # the findings inside belong to it


@dataclass(frozen=True)
class Read:
    """What one CEL expression of a consumer reads of the event."""

    place: Place
    who: str
    argument: str  # TriggerEvent.expression, Cancel.if_exp, idempotency, ...
    expression: str
    paths: tuple[str, ...]  # event.data.x read of this event (async.data.x for wait/cancel)


@dataclass(frozen=True)
class Finding:
    place: Place
    code: str
    message: str


@dataclass(frozen=True)
class Version:
    version: str
    deprecated: bool
    description: str
    schema_file: str | None  # relative to the config root; None for a built-in
    fields: tuple[FieldRow, ...]
    examples: tuple[tuple[str, str], ...]  # (file name, pretty JSON or why it is unreadable)
    class_name: str
    producers: tuple[Producer, ...]  # the sends that carry this version


@dataclass(frozen=True)
class Event:
    name: str
    domain: str
    slug: str  # the page's file name, without .html
    builtin: bool
    description: str
    level: str
    policy: str
    versions: tuple[Version, ...]
    producers: tuple[Producer, ...]
    consumers: tuple[Consumer, ...]
    reads: tuple[Read, ...]
    findings: tuple[Finding, ...]
    compat: tuple[CompatStep, ...]

    @property
    def latest(self) -> Version:
        return self.versions[-1]


@dataclass(frozen=True, order=True)
class Node:
    id: str
    label: str
    kind: str  # function, code, external, sink
    place: Place | None = None


@dataclass(frozen=True, order=True)
class Edge:
    source: str
    target: str
    event: str
    kind: str  # trigger, cancel_on, wait_for_event, step.invoke


@dataclass(frozen=True)
class Catalog:
    events: tuple[Event, ...]
    unregistered: tuple[tuple[str, int, int], ...]  # (name, producers, consumers) in code only
    unreadable: tuple[Place, ...]  # sends and consumers whose event name is not known
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    import_module: str | None  # the codegen module, when codegen-out is configured


def slug(name: str) -> str:
    """A file name for an event page, distinct per event name on any file system:
    lowercase letters, digits, '.' and '-' are kept, '/' becomes '_', anything else
    (capitals and '_' included) is written as ``_xHH_``."""
    out = []
    for index, char in enumerate(name):
        if (char.isascii() and (char.islower() or char.isdigit() or char == "-")) or (
            char == "." and index
        ):
            out.append(char)
        elif char == "/":
            out.append("_")
        else:
            out.append(f"_x{ord(char):x}_")
    text = "".join(out)
    if len(text) > 150:  # file names stop at 255 bytes: keep it short, still distinct
        text = text[:120] + "-" + hashlib.sha256(name.encode()).hexdigest()[:16]
    return text


def domain_of(name: str) -> str:
    return name.split("/", 1)[0] if "/" in name else "(no domain)"
