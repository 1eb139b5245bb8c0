"""The catalog's data: the registry's events joined with the linter's project model.

Everything here is plain, sorted data, so that the same registry and code give the same
site byte for byte. Paths are shown relative to the config root (the folder of the
``pyproject.toml``), which is what a source-URL template such as
``https://github.com/org/repo/blob/main/{path}#L{line}`` expects.
"""

from __future__ import annotations

import hashlib
import itertools
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from event_lint.catalog.fields import FieldRow, field_rows
from event_lint.catalog.source import Sources
from event_lint.codegen.naming import event_class_name
from event_lint.config import Config
from event_lint.diagnostics import Diagnostic
from event_lint.errors import UserError
from event_lint.linter.cel import analyze
from event_lint.linter.model import (
    CelExpression,
    EventSite,
    InngestFunction,
    Located,
    Project,
    SendSite,
    Text,
)
from event_lint.linter.names import is_wildcard, wildcard_matches
from event_lint.linter.rules._helpers import all_events
from event_lint.registry import Registry, RegistryError
from event_lint.registry.compat import compare
from event_lint.registry.compat.levels import directions, pairs
from event_lint.registry.compat.registry_check import verdict_text
from event_lint.registry.jsonfile import read_json
from event_lint.registry.loader import EXAMPLES_DIR, check_inside

_API = {"send": "client.send", "send_sync": "client.send_sync", "send_event": "step.send_event"}
OUTSIDE = "ext:outside"  # the source of an event no linted code sends
INNGEST = "ext:inngest"  # the source of a built-in inngest/* event
NOBODY = "sink:none"  # the target of an event nothing consumes
BODY = "handler body"  # a Read from the ctx.event.data[...] keys the handler reads


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
class ChangeRow:
    code: str
    verdict: str
    message: str
    details: tuple[str, ...]


@dataclass(frozen=True)
class CompatStep:
    old: str
    new: str
    breaking: bool
    summary: str
    changes: tuple[ChangeRow, ...]


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


def build(
    registry: Registry, config: Config, project: Project, diagnostics: Iterable[Diagnostic]
) -> Catalog:
    """The catalog of ``registry``, with the producers and consumers ``project`` holds."""
    joiner = _Joiner(config, project, list(diagnostics))
    names = registry.names()
    used = sorted(joiner.used_names() - set(names))
    events = tuple(joiner.event(registry, name) for name in names)
    unregistered = tuple(
        (name, len(joiner.producers(name)), len(joiner.consumers(name))) for name in used
    )
    nodes, edges = joiner.graph([*names, *used], registry)
    return Catalog(
        events=events,
        unregistered=unregistered,
        unreadable=tuple(sorted(joiner.unreadable)),
        nodes=nodes,
        edges=edges,
        import_module=_module_of(config),
    )


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


def _module_of(config: Config) -> str | None:
    out = config.codegen_out
    if out is None or out.suffix != ".py":
        return None
    try:
        parts = out.relative_to(config.root).with_suffix("").parts
    except ValueError:
        return None
    for src in config.src:  # a src layout: the module path starts below the src folder
        prefix = Path(src).parts
        if parts[: len(prefix)] == prefix:
            parts = parts[len(prefix) :]
    return ".".join(parts) if parts and all(p.isidentifier() for p in parts) else None


@dataclass
class _Sites:
    producers: list[Producer] = field(default_factory=list)
    consumers: list[Consumer] = field(default_factory=list)
    reads: list[Read] = field(default_factory=list)


class _Joiner:
    """Who sends and who consumes each event name, found once for the whole project."""

    def __init__(self, config: Config, project: Project, diagnostics: list[Diagnostic]) -> None:
        self.config = config
        self.cwd = Path.cwd()
        self.root = Path(os.path.abspath(config.root))
        self.project = project
        self.diagnostics = diagnostics
        self.sources = Sources(self.cwd, config.max_file_size)
        self.nodes: dict[str, Node] = {}
        self.functions = {
            (fn.where.path, fn.qualname): fn for fn in project.functions
        }  # by file and handler name
        self.by_name: dict[str, _Sites] = {}
        self.patterns: list[tuple[str, Consumer]] = []  # wildcard triggers
        self.unreadable: set[Place] = set()  # sites whose event name is not known statically
        self._collect()

    # -- places and nodes ------------------------------------------------------------

    def place(self, where: Located) -> Place:
        return Place(self.shown(Path(where.path)), where.span.line)

    def shown(self, path: Path) -> str:
        """``path`` relative to the config root (never absolute: the site must not
        depend on where the repository is checked out)."""
        absolute = os.path.abspath(self.cwd / path)
        return Path(os.path.relpath(absolute, self.root)).as_posix()

    def function_node(self, path: str, qualname: str) -> str:
        fn = self.functions[(path, qualname)]
        node_id = f"fn:{self.place(fn.where).path}:{qualname}"
        label = fn.fn_id.value if fn.fn_id is not None and fn.fn_id.value else qualname
        self.nodes.setdefault(node_id, Node(node_id, label, "function", self.place(fn.where)))
        return node_id

    def who_at(self, where: Located, function: str | None = None) -> tuple[str, str]:
        """(graph node, name) of the code at ``where``: the Inngest function it is in
        (``function`` when the model knows it), else the Python function around it."""
        enclosing = function or self.enclosing(where)
        if enclosing is not None and (where.path, enclosing) in self.functions:
            return self.function_node(where.path, enclosing), enclosing
        shown = self.place(where).path
        name = enclosing or "(module level)"
        node_id = f"code:{shown}:{enclosing or ''}"
        label = f"{enclosing or Path(shown).name}"
        self.nodes.setdefault(node_id, Node(node_id, label, "code", self.place(where)))
        return node_id, name

    def enclosing(self, where: Located) -> str | None:
        return self.sources.enclosing(where.path, where.span.line)

    # -- sites --------------------------------------------------------------------------

    def _collect(self) -> None:
        sends: dict[Located, SendSite] = {
            event.where: send for send in self.project.sends for event in send.events
        }
        for event in all_events(self.project):
            name = _value(event.name)
            if name is not None:
                self.sites(name).producers.append(self.producer(event, sends.get(event.where)))
            else:
                self.unreadable.add(self.place(event.where))
        for fn in self.project.functions:
            node = self.function_node(fn.where.path, fn.qualname)
            for trigger in fn.triggers:
                expression = trigger.expression.text.value if trigger.expression else None
                consumer = Consumer(
                    self.place(trigger.where), node, fn.qualname, "trigger", expression, fn.where
                )
                self.consume(trigger.event, consumer)
            for cancel in fn.cancels:
                expression = cancel.if_exp.text.value if cancel.if_exp else None
                consumer = Consumer(
                    self.place(cancel.where), node, fn.qualname, "cancel_on", expression, fn.where
                )
                self.consume(cancel.event, consumer)
            for exp in fn.expressions:
                self.read(exp, fn.qualname)
            self.read_body(fn)
        for wait in self.project.waits:
            node, who = self.who_at(wait.where, wait.function)
            expression = wait.if_exp.text.value if wait.if_exp else None
            consumer = Consumer(
                self.place(wait.where), node, who, "wait_for_event", expression, wait.where
            )
            self.consume(wait.event, consumer)
            if wait.if_exp is not None:
                self.read(wait.if_exp, who)
        for invoke in self.project.invokes:
            node, who = self.who_at(invoke.where)
            for target in invoke.target_events:
                name = _value(target)
                if name is not None and not is_wildcard(name):  # it calls one function, with
                    # the data of that event: not every event a wildcard trigger matches
                    consumer = Consumer(
                        self.place(invoke.where), node, who, "step.invoke", None, invoke.where
                    )
                    self.sites(name).consumers.append(consumer)

    def sites(self, name: str) -> _Sites:
        return self.by_name.setdefault(name, _Sites())

    def producer(self, event: EventSite, send: SendSite | None) -> Producer:
        node, who = self.who_at(event.where, send.function if send else event.inside_function)
        return Producer(
            place=self.place(event.where),
            node=node,
            who=who,
            api=_API[send.api] if send is not None else "built",
            version=_value(event.v),
            generated_class=event.generated_class,
            site=send.where if send is not None else event.where,
        )

    def consume(self, text: Text | None, consumer: Consumer) -> None:
        name = _value(text)
        if name is None:
            if text is not None:  # None: a cron trigger, no event
                self.unreadable.add(consumer.place)
            return
        if is_wildcard(name):
            self.patterns.append((name, consumer))
        else:
            self.sites(name).consumers.append(consumer)

    def read(self, expression: CelExpression, who: str) -> None:
        """Record the event paths one CEL expression reads, per event it reads them of."""
        text = expression.text.value
        if text is None:
            return
        found = analyze(text).paths
        place = self.place(expression.where)
        targets = [("event", t) for t in expression.event_names]
        if expression.async_name is not None:
            targets.append(("async", expression.async_name))
        for root, name_text in targets:
            name = _value(name_text)
            read = tuple(sorted({str(p) for p in found if p.root == root}))
            if name is not None and read:
                row = Read(place, who, expression.argument, text, read)
                self.sites(name).reads.append(row)

    def read_body(self, fn: InngestFunction) -> None:
        """The ``ctx.event.data[...]`` keys the handler reads: of each event it triggers on."""
        found = self.sources.data_reads(fn.where.path, fn.qualname)
        if not found:
            return
        place = Place(self.place(fn.where).path, found[0][0])
        read = Read(place, fn.qualname, BODY, "", tuple(sorted(p for _, p in found)))
        for trigger in fn.triggers:
            name = _value(trigger.event)
            if name is not None and not is_wildcard(name):
                self.sites(name).reads.append(read)

    def producers(self, name: str) -> list[Producer]:
        return sorted(self.by_name.get(name, _Sites()).producers, key=_by_place)

    def consumers(self, name: str) -> list[Consumer]:
        direct = self.by_name.get(name, _Sites()).consumers
        matched = [c for pattern, c in self.patterns if wildcard_matches(pattern, name)]
        return sorted({*direct, *matched}, key=lambda c: (c.place, c.kind, c.who))

    def used_names(self) -> set[str]:
        return {name for name, sites in self.by_name.items() if sites.producers or sites.consumers}

    def findings(self, sites: Iterable[Producer | Consumer]) -> tuple[Finding, ...]:
        """The lint findings inside the code of any of ``sites``."""
        wanted = [(s.site.path, s.site.span.line, s.site.span.end_line) for s in sites]
        found = {
            Finding(self.place(Located(d.path, d.span)), d.code, d.message)
            for d in self.diagnostics
            if any(d.path == path and first <= d.span.line <= last for path, first, last in wanted)
        }
        return tuple(sorted(found, key=lambda f: (f.place, f.code, f.message)))

    # -- one event ---------------------------------------------------------------------

    def event(self, registry: Registry, name: str) -> Event:
        producers = self.producers(name)
        consumers = self.consumers(name)
        level, policy = self.config.compatibility_for(name)
        versions = tuple(
            self.version(registry, name, v, producers) for v in registry.versions(name)
        )
        reads = sorted(
            set(self.by_name.get(name, _Sites()).reads),
            key=lambda r: (r.place, r.argument, r.paths),
        )
        return Event(
            name=name,
            domain=domain_of(name),
            slug=slug(name),
            builtin=registry.is_builtin(name),
            description=versions[-1].description,
            level=level,
            policy=policy,
            versions=versions,
            producers=tuple(producers),
            consumers=tuple(consumers),
            reads=tuple(reads),
            findings=self.findings([*producers, *consumers]),
            compat=_compat(registry, name, level, policy),
        )

    def version(self, registry: Registry, name: str, v: str, producers: list[Producer]) -> Version:
        schema = registry.schema(name, v)
        path = registry.schema_path(name, v)
        description = schema.get("description")
        return Version(
            version=v,
            deprecated=registry.is_deprecated(name, v),
            description=description if isinstance(description, str) else "",
            schema_file=None if path is None else self.shown(path),
            fields=tuple(field_rows(schema, registry, name, v)),
            examples=tuple(_examples(registry, name, v)),
            class_name=event_class_name(name, v),
            producers=tuple(p for p in producers if p.version == v),
        )

    # -- the flow graph ---------------------------------------------------------------

    def graph(
        self, names: list[str], registry: Registry
    ) -> tuple[tuple[Node, ...], tuple[Edge, ...]]:
        edges: set[Edge] = set()
        for name in names:
            sources = sorted({p.node for p in self.producers(name)})
            targets = sorted(
                {(c.node, c.kind) for c in self.consumers(name) if c.kind != "step.invoke"}
            )
            if not sources and not targets:
                continue
            if not sources:
                sources = [INNGEST if registry.has(name) and registry.is_builtin(name) else OUTSIDE]
            if targets:
                edges |= {Edge(s, t, name, kind) for s in sources for t, kind in targets}
            else:  # one "no consumer" end per sender: short edges, no crossing the picture
                edges |= {Edge(s, f"{NOBODY}:{s}", name, "none") for s in sources}
        for invoke in self.project.invokes:
            caller, _ = self.who_at(invoke.where)
            for fn in self.project.functions:
                if invoke.function_ref.split(".")[-1] == fn.qualname.split(".")[-1]:
                    callee = self.function_node(fn.where.path, fn.qualname)
                    edges.add(Edge(caller, callee, "step.invoke", "step.invoke"))
        used = {e.source for e in edges} | {e.target for e in edges}
        pseudo = {
            OUTSIDE: Node(OUTSIDE, "outside the linted code", "external"),
            INNGEST: Node(INNGEST, "Inngest", "external"),
            **{n: Node(n, "no consumer", "sink") for n in used if n.startswith(NOBODY)},
        }
        nodes = {**pseudo, **self.nodes}
        return tuple(sorted(nodes[n] for n in used)), tuple(sorted(edges))


def _by_place(producer: Producer) -> tuple[Place, str]:
    return (producer.place, producer.api)


def _value(text: Text | None) -> str | None:
    return None if text is None else text.value


def _examples(registry: Registry, name: str, v: str) -> Iterator[tuple[str, str]]:
    import json

    path = registry.schema_path(name, v)
    if path is None or registry.root is None:
        return
    folder = path.parent / EXAMPLES_DIR / v
    try:
        check_inside(folder, registry.root, str(folder))
        files = sorted(folder.glob("*.json")) if folder.is_dir() else []
    except (RegistryError, OSError):
        return
    for file in files:
        try:
            check_inside(file, registry.root, str(file))
            document: Any = read_json(file, file.name)
        except RegistryError as exc:
            yield file.name, f"(not shown: {exc})"
            continue
        yield file.name, json.dumps(document, indent=2, ensure_ascii=False)


def _compat(registry: Registry, name: str, level: str, policy: str) -> tuple[CompatStep, ...]:
    """Each pair of versions the level compares (each with its predecessor at least), with
    every change and its verdict under the level, as ``event-registry diff`` explains it."""
    if registry.is_builtin(name):
        return ()
    versions = registry.versions(name)
    adjacent = list(itertools.pairwise(versions))
    order = {v: i for i, v in enumerate(versions)}
    wanted = directions(level)
    steps = []
    for old, new in sorted(
        {*adjacent, *pairs(versions, level)}, key=lambda p: (order[p[1]], order[p[0]])
    ):
        try:
            changes = compare(
                registry.schema(name, old),
                registry.schema(name, new),
                policy=policy,
                refs=registry.resolver_registry,
                uris=(registry.schema_uri(name, old), registry.schema_uri(name, new)),
            )
        except RecursionError:
            raise UserError(
                f"{name} v{old} -> v{new}: the schemas nest too deeply to compare"
            ) from None
        rows = tuple(
            ChangeRow(c.code, verdict_text(c, wanted), c.message, c.explanation(c.breaks & wanted))
            for c in changes
        )
        breaking = any(c.breaks & wanted for c in changes)
        summary = f"{'breaking' if breaking else 'compatible'} under {level} ({policy})"
        steps.append(CompatStep(old, new, breaking, summary, rows))
    return tuple(steps)
