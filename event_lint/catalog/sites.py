"""Who sends, consumes and reads each event name in the linted code (the linter's project
model), the lint findings inside that code, and the flow graph between senders and
consumers."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from event_lint.catalog.records import (
    INNGEST,
    NOBODY,
    OUTSIDE,
    Consumer,
    Edge,
    Finding,
    Node,
    Place,
    Producer,
    Read,
)
from event_lint.config import Config
from event_lint.diagnostics import Diagnostic
from event_lint.linter import model
from event_lint.linter.cel import analyze
from event_lint.linter.names import is_wildcard, wildcard_matches
from event_lint.linter.rules._helpers import all_events
from event_lint.registry import Registry

_API = {"send": "client.send", "send_sync": "client.send_sync", "send_event": "step.send_event"}
BODY = "handler body"  # a Read from the ctx.event.data[...] keys the handler reads


@dataclass
class _NameSites:
    producers: list[Producer] = field(default_factory=list)
    consumers: list[Consumer] = field(default_factory=list)
    reads: list[Read] = field(default_factory=list)


class CodeSites:
    """Who sends, consumes and reads each event name in the linted code, found once for
    the whole project, and the flow graph between them."""

    def __init__(
        self, config: Config, project: model.Project, diagnostics: list[Diagnostic]
    ) -> None:
        self.config = config
        self.cwd = Path.cwd()
        self.root = Path(os.path.abspath(config.root))
        self.project = project
        self.diagnostics = diagnostics
        self.nodes: dict[str, Node] = {}
        self.functions = {
            (fn.where.path, fn.qualname): fn for fn in project.functions
        }  # by file and handler name
        self.by_name: dict[str, _NameSites] = {}
        self.patterns: list[tuple[str, Consumer]] = []  # wildcard triggers
        self.unreadable: set[Place] = set()  # sites whose event name is not known statically
        self._collect()

    # -- places and nodes ------------------------------------------------------------

    def place(self, where: model.Located) -> Place:
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

    def who_at(
        self, where: model.Located, function: str | None, scope: str | None
    ) -> tuple[str, str]:
        """(graph node, name) of the code at ``where``: the Inngest function it is in
        (``function`` when the model knows it), else the Python function around it
        (``scope``)."""
        enclosing = function or scope
        if enclosing is not None and (where.path, enclosing) in self.functions:
            return self.function_node(where.path, enclosing), enclosing
        shown = self.place(where).path
        name = enclosing or "(module level)"
        node_id = f"code:{shown}:{enclosing or ''}"
        label = f"{enclosing or Path(shown).name}"
        self.nodes.setdefault(node_id, Node(node_id, label, "code", self.place(where)))
        return node_id, name

    # -- sites --------------------------------------------------------------------------

    def _collect(self) -> None:
        sends: dict[model.Located, model.SendSite] = {
            event.where: send for send in self.project.sends for event in send.events
        }
        for event in all_events(self.project):
            name = _value(event.name)
            if name is not None:
                self.sites(name).producers.append(self.producer(event, sends.get(event.where)))
            else:
                self.unreadable.add(self.place(event.where))
        for fn in self.project.functions:
            self._collect_function(fn)
        for wait in self.project.waits:
            self._collect_wait(wait)
        for invoke in self.project.invokes:
            self._collect_invoke(invoke)

    def _collect_function(self, fn: model.InngestFunction) -> None:
        node = self.function_node(fn.where.path, fn.qualname)
        listens = [(t.where, t.event, t.expression, "trigger") for t in fn.triggers] + [
            (c.where, c.event, c.if_exp, "cancel_on") for c in fn.cancels
        ]
        for where, event, condition, kind in listens:
            expression = condition.text.value if condition else None
            consumer = Consumer(self.place(where), node, fn.qualname, kind, expression, fn.where)
            self.consume(event, consumer)
        for exp in fn.expressions:
            self.read(exp, fn.qualname)
        self.read_body(fn)

    def _collect_wait(self, wait: model.Wait) -> None:
        node, who = self.who_at(wait.where, wait.function, wait.scope)
        expression = wait.if_exp.text.value if wait.if_exp else None
        consumer = Consumer(
            self.place(wait.where), node, who, "wait_for_event", expression, wait.where
        )
        self.consume(wait.event, consumer)
        if wait.if_exp is not None:
            self.read(wait.if_exp, who)

    def _collect_invoke(self, invoke: model.Invoke) -> None:
        node, who = self.who_at(invoke.where, None, invoke.scope)
        for target in invoke.target_events:
            name = _value(target)
            if name is not None and not is_wildcard(name):  # it calls one function, with
                # the data of that event: not every event a wildcard trigger matches
                consumer = Consumer(
                    self.place(invoke.where), node, who, "step.invoke", None, invoke.where
                )
                self.sites(name).consumers.append(consumer)

    def sites(self, name: str) -> _NameSites:
        return self.by_name.setdefault(name, _NameSites())

    def producer(self, event: model.EventSite, send: model.SendSite | None) -> Producer:
        function = send.function if send else event.inside_function
        node, who = self.who_at(event.where, function, event.scope)
        return Producer(
            place=self.place(event.where),
            node=node,
            who=who,
            api=_API[send.api] if send is not None else "built",
            version=_value(event.v),
            generated_class=event.generated_class,
            site=send.where if send is not None else event.where,
        )

    def consume(self, text: model.Text | None, consumer: Consumer) -> None:
        name = _value(text)
        if name is None:
            if text is not None:  # None: a cron trigger, no event
                self.unreadable.add(consumer.place)
            return
        if is_wildcard(name):
            self.patterns.append((name, consumer))
        else:
            self.sites(name).consumers.append(consumer)

    def read(self, expression: model.CelExpression, who: str) -> None:
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

    def read_body(self, fn: model.InngestFunction) -> None:
        """The ``ctx.event.data[...]`` keys the handler reads: of each event it triggers on."""
        found = _longest_reads(fn.data_reads)
        if not found:
            return
        place = Place(self.place(fn.where).path, found[0][0])
        read = Read(place, fn.qualname, BODY, "", tuple(sorted(p for _, p in found)))
        for trigger in fn.triggers:
            name = _value(trigger.event)
            if name is not None and not is_wildcard(name):
                self.sites(name).reads.append(read)

    def producers(self, name: str) -> list[Producer]:
        return sorted(self.by_name.get(name, _NameSites()).producers, key=_by_place)

    def consumers(self, name: str) -> list[Consumer]:
        direct = self.by_name.get(name, _NameSites()).consumers
        matched = [c for pattern, c in self.patterns if wildcard_matches(pattern, name)]
        return sorted({*direct, *matched}, key=lambda c: (c.place, c.kind, c.who))

    def reads(self, name: str) -> list[Read]:
        return sorted(
            set(self.by_name.get(name, _NameSites()).reads),
            key=lambda r: (r.place, r.argument, r.paths),
        )

    def used_names(self) -> set[str]:
        return {name for name, sites in self.by_name.items() if sites.producers or sites.consumers}

    def findings(self, sites: Iterable[Producer | Consumer]) -> tuple[Finding, ...]:
        """The lint findings inside the code of any of ``sites``."""
        wanted = [(s.site.path, s.site.span.line, s.site.span.end_line) for s in sites]
        found = {
            Finding(self.place(model.Located(d.path, d.span)), d.code, d.message)
            for d in self.diagnostics
            if any(d.path == path and first <= d.span.line <= last for path, first, last in wanted)
        }
        return tuple(sorted(found, key=lambda f: (f.place, f.code, f.message)))

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
            caller, _ = self.who_at(invoke.where, None, invoke.scope)
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


def _longest_reads(reads: tuple[model.EventDataRead, ...]) -> list[tuple[int, str]]:
    """(first line, ``event.data.key...``) of each path read, but for paths inside a
    longer one read too (``event.data.order`` of ``event.data.order.id``), by line."""
    first: dict[str, int] = {}
    for read in reads:
        path = "event.data." + ".".join(read.keys)
        first[path] = min(first.get(path, read.where.span.line), read.where.span.line)
    longest = [p for p in first if not any(o.startswith(p + ".") for o in first)]
    return sorted((first[p], p) for p in longest)


def _by_place(producer: Producer) -> tuple[Place, str]:
    return (producer.place, producer.api)


def _value(text: model.Text | None) -> str | None:
    return None if text is None else text.value
