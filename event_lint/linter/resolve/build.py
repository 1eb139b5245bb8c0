"""Candidate calls of every file -> the model's sends, events, functions, waits, invokes.

The work is split along the model's seams: ``functions.py`` reads what
``create_function`` registers, ``reach.py`` which function each call sits in (through
helpers of other modules too), ``events.py`` the events built and sent; this module
reads the call sites (sends, waits, invokes) and puts each chunk's model together.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace

from event_lint.codes import INTERNAL_ERROR
from event_lint.diagnostics import NO_SPAN
from event_lint.linter import facts as f
from event_lint.linter.model import (
    EventSite,
    FileProblem,
    InngestFunction,
    Invoke,
    Located,
    Project,
    SendSite,
    Text,
    Wait,
    by_place,
    where_key,
)
from event_lint.linter.resolve.events import EventReader
from event_lint.linter.resolve.functions import MAX_NESTING
from event_lint.linter.resolve.payloads import PayloadReader
from event_lint.linter.resolve.reach import CallGraph
from event_lint.linter.resolve.symbols import (
    DefSym,
    Index,
    SendMethodSym,
    StepSym,
    Symbols,
    written_name,
)
from event_lint.linter.resolve.values import Evaluator, argument, keywords


def build_in_chunks(
    files: Iterable[f.FileFacts],
    outlines: Sequence[f.FileFacts],
    symbols: Symbols,
    size: int,
    max_call_depth: int,
) -> Iterator[Project]:
    """One Project per ``size`` files of ``files``: a big run never holds the whole
    model. ``outlines`` are those of all of them: when there are several chunks, the
    files with Inngest functions are scanned first, so a send in a helper of another
    module is attributed to a function of a later chunk. An Inngest function's calls
    are followed ``max_call_depth`` modules deep."""
    linted = {outline.path for outline in outlines}
    builder = _Builder(symbols, linted, max_call_depth)
    if len(linted) > size:
        builder.graph.scan_first(outlines, size)
    for chunk in _batched(files, size):
        yield builder.build(chunk)
        builder.events.forget()
        symbols.forget()
        del chunk  # not held while the next chunk's facts are read


def _batched(items: Iterable[f.FileFacts], size: int) -> Iterator[list[f.FileFacts]]:
    batch: list[f.FileFacts] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


class _Builder:
    """The model of one chunk of files at a time; what it learns of functions and
    helpers (``graph``) lasts the run."""

    def __init__(self, symbols: Symbols, linted: set[str], max_call_depth: int) -> None:
        self.symbols = symbols
        self.values = Evaluator(symbols)
        self.graph = CallGraph(symbols, self.values, linted, max_call_depth)
        self.payloads = PayloadReader(self.values)
        self.events = EventReader(symbols, self.values, self.payloads, self.graph)

    def build(self, files: Sequence[f.FileFacts]) -> Project:
        """The model of ``files``: their sends, events, functions, waits and invokes."""
        problems = [facts.problem for facts in files if facts.problem is not None]
        indexes = [self.symbols.index_of(facts) for facts in files if facts.problem is None]
        sends: list[SendSite] = []
        waits: list[Wait] = []
        invokes: list[Invoke] = []
        crashed: set[str] = set()
        for index in indexes:  # first: a send may be reached from a later file's function
            try:
                self.graph.scan(index)  # also the functions of a file with no sends
            except Exception as exc:  # a resolver bug costs this file, not the run
                crashed.add(index.path)
                problems.append(internal_error(index.path, exc))
        for index in indexes:
            if index.path in crashed:
                continue
            try:
                found: tuple[list[SendSite], list[Wait], list[Invoke]] = ([], [], [])
                for site in index.facts.calls:
                    self.read_site(site, index, *found)
            except Exception as exc:  # a resolver bug costs this file, not the run
                crashed.add(index.path)
                problems.append(internal_error(index.path, exc))
                continue
            sends += found[0]
            waits += found[1]
            invokes += found[2]
        events = [
            e for e in self.events.sites.values() if e is not None and e.where.path not in crashed
        ]
        paths = {index.path for index in indexes} - crashed
        functions = [fn for fn in self.graph.functions.values() if fn.where.path in paths]
        return Project(
            sends=tuple(sorted(sends, key=where_key)),
            events=tuple(sorted(events, key=where_key)),
            functions=tuple(sorted(functions, key=where_key)),
            waits=tuple(sorted(waits, key=where_key)),
            invokes=tuple(sorted(invokes, key=where_key)),
            names=_names(events, functions, waits),
            problems=tuple(problems),
            files=tuple(facts.path for facts in files),
        )

    def read_site(
        self,
        site: f.CallSite,
        index: Index,
        sends: list[SendSite],
        waits: list[Wait],
        invokes: list[Invoke],
    ) -> None:
        if site.kind in ("send", "send_sync", "send_event", "imported_call"):
            send = (
                self.aliased_send(site, index)
                if site.kind == "imported_call"
                else self.send_site(site, index)
            )
            if send is not None:
                sends.append(send)
        elif site.kind == "wait_for_event" and self.on_step(site, index):
            waits.append(self.wait(site, index))
        elif site.kind == "invoke" and self.on_step(site, index):
            invokes.append(self.invoke(site, index))
        elif site.kind == "event":
            self.events.event_site(site.call, index, site.scope)

    # -- sends -----------------------------------------------------------------------

    def send_site(self, site: f.CallSite, index: Index) -> SendSite | None:
        call = site.call
        assert isinstance(call.func, f.Attr)
        if site.kind == "send_event":
            if not self.on_step(site, index):
                return None
            events, step_id = argument(call, 1, "events"), argument(call, 0, "step_id")
            return self.send(site, index, index, events, step_id)
        if not self.symbols.is_client(call.func.value, index):
            return self.aliased_send(site, index)  # ``clients.send(...)``: a module's alias
        return self.send(site, index, index, argument(call, 0, "events"), None)

    def aliased_send(self, site: f.CallSite, index: Index) -> SendSite | None:
        """A call of a name another module binds to a client's send method
        (``send = client.send`` there, ``from app.clients import send; send(ev)`` here),
        read as the ``client.send(ev)`` it names."""
        found = self.symbols.sym(site.call.func, index)
        if not isinstance(found, SendMethodSym):
            return None
        method = found.method
        call = replace(site.call, func=method)
        read = replace(site, kind="send" if method.attr == "send" else "send_sync", call=call)
        return self.send(read, index, found.index, argument(call, 0, "events"), None)

    def send(
        self,
        site: f.CallSite,
        index: Index,
        receiver_index: Index,
        events_value: f.Val | None,
        step_id_value: f.Val | None,
    ) -> SendSite:
        """The send ``site`` makes in ``index``'s file; its receiver (``client`` of
        ``client.send``) is written in ``receiver_index``'s."""
        call = site.call
        assert isinstance(call.func, f.Attr)
        receiver = call.func.value
        receiver_text = receiver_index.snippet(receiver.pos)
        context = self.graph.context(index, site.scope, site.in_step_lambda)
        shape, count, events = self.events.events_of(events_value, index, site.scope, 0)
        function = context.function
        return SendSite(
            where=index.where(call.pos),
            api=site.kind,  # type: ignore[arg-type]
            receiver=receiver_text or (written_name(receiver) or ""),
            events=tuple(events),
            shape=shape,
            count=count,
            awaited=site.awaited,
            statement=site.statement,
            function=context.qualname,
            via_helper=context.via_helper,
            called_through=context.through,
            in_step_run=context.in_step_run,
            step_object=function.step_object if function else None,
            function_is_async=function.is_async if function else False,
            step_id=self.values.text(step_id_value, index),
            args_source=_args_source(index.snippet(call.pos), receiver_text),
            argument=index.where(events_value.pos) if events_value is not None else None,
            scope=index.def_scope(site.scope),
        )

    def on_step(self, site: f.CallSite, index: Index) -> bool:
        assert isinstance(site.call.func, f.Attr)
        return self.is_step(site.call.func.value, index, site.scope, 0)

    def is_step(self, value: f.Val, index: Index, scope: str | None, depth: int) -> bool:
        if depth > MAX_NESTING:
            return False
        if isinstance(value, f.Attr):
            return value.attr == "step"
        if not isinstance(value, f.Local):
            return isinstance(self.symbols.sym(value, index), StepSym)
        if value.value is not None:
            return self.is_step(value.value, index, scope, depth + 1)
        if value.annotation is not None:
            return isinstance(self.symbols.sym(value, index), StepSym)
        return value.is_param and value.name == "step" and self.graph.takes_ctx(index, scope)

    # -- waits and invokes -------------------------------------------------------------

    def wait(self, site: f.CallSite, index: Index) -> Wait:
        kwargs = keywords(site.call)
        context = self.graph.context(index, site.scope, site.in_step_lambda)
        event = self.values.text(kwargs.get("event"), index)
        trigger_names = tuple(
            t.event for t in (context.function.triggers if context.function else ()) if t.event
        )
        if_exp = self.graph.reader.expression(
            kwargs.get("if_exp"), index, "wait_for_event.if_exp", trigger_names, event
        )
        where = index.where(site.call.pos)
        return Wait(where, event, if_exp, context.qualname, index.def_scope(site.scope))

    def invoked(self, target: f.Val, index: Index) -> InngestFunction | None:
        """The function ``step.invoke(function=...)`` names: a decorated handler, or a
        name bound to ``client.create_function(...)(handler)``."""
        found = self.symbols.sym(target, index)
        if isinstance(found, DefSym):
            return self.graph.function_named(found.index, found.definition.qualname)
        value, value_index, _ = self.values.follow(target, index)
        if isinstance(value, f.Call) and isinstance(value.func, f.Call) and value.args:
            handler = self.graph.reader.def_named(value.args[0], value_index, None)
            if handler is not None:
                return self.graph.function_named(value_index, handler.qualname)
        return None

    def invoke(self, site: f.CallSite, index: Index) -> Invoke:
        kwargs = keywords(site.call)
        target = kwargs.get("function")
        invoked = self.invoked(target, index) if target is not None else None
        target_events = tuple(t.event for t in invoked.triggers if t.event) if invoked else ()
        data = kwargs.get("data")
        return Invoke(
            where=index.where(site.call.pos),
            function_ref=(written_name(target) or "") if target is not None else "",
            data=self.payloads.payload(data, index) if data is not None else None,
            v=self.values.text(kwargs.get("v"), index),
            target_events=target_events,
            scope=index.def_scope(site.scope),
        )


def internal_error(path: str, exc: Exception) -> FileProblem:
    """The one diagnostic of a file the resolver failed on."""
    message = f"internal error resolving this file: {type(exc).__name__}: {exc}; please report it"
    return FileProblem(Located(path, NO_SPAN), INTERNAL_ERROR, message)


def _args_source(call: str, receiver: str) -> str | None:
    """The text between a call's parentheses, from the call's and its receiver's source."""
    opening = call.find("(", len(receiver)) if receiver and call.startswith(receiver) else -1
    return call[opening + 1 : -1] if opening >= 0 and call.endswith(")") else None


def _names(
    events: list[EventSite], functions: list[InngestFunction], waits: list[Wait]
) -> tuple[Text, ...]:
    found: list[Text | None] = [event.name for event in events]
    for function in functions:
        found += [trigger.event for trigger in function.triggers]
        found += [cancel.event for cancel in function.cancels]
    found += [wait.event for wait in waits]
    return by_place(t for t in found if t is not None)
