"""Candidate calls of every file -> the model's sends, events, functions, waits, invokes."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

from event_lint.codes import INTERNAL_ERROR
from event_lint.diagnostics import NO_SPAN
from event_lint.linter import facts as f
from event_lint.linter.model import (
    Cancel,
    CelExpression,
    EventApi,
    EventSite,
    EventsShape,
    Expr,
    FileProblem,
    InngestFunction,
    Invoke,
    Located,
    Project,
    SendSite,
    Text,
    Trigger,
    Wait,
    by_place,
    where_key,
)
from event_lint.linter.resolve.symbols import (
    ClassSym,
    DefSym,
    Index,
    SdkSym,
    StepSym,
    Symbols,
    written_name,
)
from event_lint.linter.resolve.values import Evaluator, used_at

_EVENT_FIELDS = ("name", "data", "id", "ts")
# How many modules deep the calls of an Inngest function are followed through imports
# (``flow -> notify.queue_sms -> sms.deliver`` is 2): deeper sends are not attributed.
MAX_CALL_DEPTH = 3
_MAX_NESTING = 10  # lists of events or triggers nested (or holding each other) deeper
# create_function keywords whose SDK class carries CEL expressions, and which fields.
_EXPRESSION_CONFIGS = {
    "batch_events": ("Batch", ("key", "if_exp")),
    "debounce": ("Debounce", ("key",)),
    "throttle": ("Throttle", ("key",)),
    "rate_limit": ("RateLimit", ("key",)),
    "concurrency": ("Concurrency", ("key",)),
    "singleton": ("Singleton", ("key",)),
    "priority": ("Priority", ("run",)),
}


@dataclass(frozen=True)
class _Context:
    """Where a call sits relative to Inngest functions."""

    function: InngestFunction | None
    qualname: str | None
    via_helper: str | None
    through: tuple[str, ...]  # the helpers between the function and ``via_helper``
    in_step_run: bool


@dataclass(frozen=True)
class _Reach:
    """How an Inngest function reaches a helper: the function (its file and handler),
    the functions of other modules called on the way (outermost first, ``module.name``),
    and whether through a ``step.run`` callable."""

    function: tuple[str, str]
    chain: tuple[str, ...]
    in_step_run: bool

    def named(self, module: str, qualname: str) -> tuple[str, tuple[str, ...]]:
        """The name of the helper ``qualname`` (of ``module``) in messages, and the
        helpers before it: the module is named for a helper reached through an import."""
        if self.chain and self.chain[-1] == f"{module}.{qualname}":
            return self.chain[-1], self.chain[:-1]
        return qualname, self.chain


def build_in_chunks(
    files: Iterable[f.FileFacts],
    outlines: Sequence[f.FileFacts],
    symbols: Symbols,
    size: int,
) -> Iterator[Project]:
    """One Project per ``size`` files of ``files``: a big run never holds the whole
    model. ``outlines`` are those of all of them: when there are several chunks, the
    files with Inngest functions are scanned first, so a send in a helper of another
    module is attributed to a function of a later chunk."""
    linted = {outline.path for outline in outlines}
    builder = _Builder(symbols, linted)
    if len(linted) > size:
        builder.scan_first(outlines)
    for chunk in _batched(files, size):
        yield builder.build(chunk)
        builder.events.clear()
        symbols.forget()


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
    def __init__(self, symbols: Symbols, linted: set[str]) -> None:
        self.symbols = symbols
        self.values = Evaluator(symbols)
        self.linted = linted
        self.scanned: set[str] = set()  # paths whose functions and helpers are found
        # keyed by file path: two apps in one run may have modules of the same name
        self.functions: dict[tuple[str, str], InngestFunction] = {}
        self.handlers: dict[str, list[str]] = {}  # path -> qualnames of its handlers
        self.helpers: dict[tuple[str, str], _Reach] = {}  # (path, helper qualname) -> how
        self.events: dict[tuple[str, int], EventSite | None] = {}

    def scan(self, index: Index) -> None:
        """Find the functions and helpers of a linted file, once, when first needed: a
        send in one chunk may go through a helper in a file of a later chunk."""
        if index.path not in self.scanned and index.path in self.linted:
            self.scanned.add(index.path)  # first: finding them may ask again
            self.find_functions(index)
            self.find_helpers(index, self.handlers.get(index.path, []))

    def scan_first(self, outlines: Sequence[f.FileFacts]) -> None:
        """Scan the files that register Inngest functions (their outlines keep the
        registrations), loading each one's facts, before any chunk is built."""
        for outline in outlines:
            if not outline.calls or outline.problem is not None:
                continue
            facts = self.symbols.load(outline.module, outline.path)
            if facts is None or facts.path != outline.path or facts.problem is not None:
                continue
            try:
                self.scan(self.symbols.index_of(facts))
            except Exception:  # a resolver bug: scanned again, building the file reports it
                self.scanned.discard(facts.path)
        self.symbols.forget()

    def function_named(self, index: Index, qualname: str) -> InngestFunction | None:
        """The Inngest function whose handler is ``qualname`` in ``index``'s file."""
        self.scan(index)
        return self.functions.get((index.path, qualname))

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
                self.scan(index)  # also the functions of a file with no sends
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
        events = [e for e in self.events.values() if e is not None and e.where.path not in crashed]
        paths = {index.path for index in indexes} - crashed
        functions = [fn for fn in self.functions.values() if fn.where.path in paths]
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
        if site.kind in ("send", "send_sync", "send_event"):
            send = self.send_site(site, index)
            if send is not None:
                sends.append(send)
        elif site.kind == "wait_for_event" and self.on_step(site, index):
            waits.append(self.wait(site, index))
        elif site.kind == "invoke" and self.on_step(site, index):
            invokes.append(self.invoke(site, index))
        elif site.kind == "event":
            self.event_site(site.call, index, site.scope)

    # -- functions -----------------------------------------------------------------

    def find_functions(self, index: Index) -> None:
        for site in index.facts.calls:
            if site.kind != "create_function" or not isinstance(site.call.func, f.Attr):
                continue
            if not self.symbols.is_client(site.call.func.value, index):
                continue
            handler = self.handler_of(site, index)
            function = self.function(site.call, index, handler)
            key = (index.path, handler.qualname if handler else f"<call at {site.call.pos}>")
            self.functions[key] = function
            self.handlers.setdefault(index.path, []).append(key[1])

    def handler_of(self, site: f.CallSite, index: Index) -> f.Def | None:
        for definition in index.facts.defs:
            if any(decorator.pos == site.call.pos for decorator in definition.decorators):
                return definition
        for other in index.facts.calls:
            func = other.call.func
            if other.kind == "register" and isinstance(func, f.Call) and func.pos == site.call.pos:
                return (
                    self.def_named(other.call.args[0], index, other.scope)
                    if other.call.args
                    else None
                )
        return None

    def def_named(self, value: f.Val, index: Index, scope: str | None) -> f.Def | None:
        name = written_name(value)
        if name is None:
            return None
        nested = index.defs.get(f"{scope}.<locals>.{name}") if scope else None
        return nested or index.defs.get(name)

    def function(self, call: f.Call, index: Index, handler: f.Def | None) -> InngestFunction:
        kwargs = _kwargs(call)
        triggers = self.triggers(kwargs.get("trigger"), index)
        trigger_names = tuple(t.event for t in triggers if t.event is not None)
        cancels = self.cancels(kwargs.get("cancel"), index, trigger_names)
        expressions = [t.expression for t in triggers if t.expression is not None]
        expressions += [c.if_exp for c in cancels if c.if_exp is not None]
        expressions += self.config_expressions(kwargs, index, trigger_names)
        on_failure = kwargs.get("on_failure")
        return InngestFunction(
            where=index.where(call.pos),
            qualname=handler.qualname if handler else "",
            fn_id=self.values.text(kwargs["fn_id"], index) if "fn_id" in kwargs else None,
            triggers=triggers,
            cancels=cancels,
            expressions=tuple(expressions),
            on_failure=written_name(on_failure) if on_failure is not None else None,
            is_async=handler.is_async if handler else False,
            step_object=_step_object(handler) if handler else None,
        )

    def triggers(self, value: f.Val | None, index: Index) -> tuple[Trigger, ...]:
        found: list[Trigger] = []
        for call, call_index in self.calls_in(value, index):
            sdk = self.symbols.sdk_name(call.func, call_index)
            kwargs = _kwargs(call)
            if sdk == "inngest.TriggerEvent":
                event = self.text_of(kwargs.get("event"), call_index)
                expression = self.expression(
                    kwargs.get("expression"),
                    call_index,
                    "TriggerEvent.expression",
                    (event,) if event else (),
                    None,
                )
                found.append(Trigger(call_index.where(call.pos), event, None, expression))
            elif sdk == "inngest.TriggerCron":
                cron = self.text_of(kwargs.get("cron"), call_index)
                found.append(Trigger(call_index.where(call.pos), None, cron, None))
        return tuple(found)

    def cancels(
        self, value: f.Val | None, index: Index, trigger_names: tuple[Text, ...]
    ) -> tuple[Cancel, ...]:
        found: list[Cancel] = []
        for call, call_index in self.calls_in(value, index):
            if self.symbols.sdk_name(call.func, call_index) != "inngest.Cancel":
                continue
            kwargs = _kwargs(call)
            event = self.text_of(kwargs.get("event"), call_index)
            if_exp = self.expression(
                kwargs.get("if_exp"), call_index, "Cancel.if_exp", trigger_names, event
            )
            found.append(Cancel(call_index.where(call.pos), event, if_exp))
        return tuple(found)

    def config_expressions(
        self, kwargs: dict[str, f.Val], index: Index, trigger_names: tuple[Text, ...]
    ) -> list[CelExpression]:
        found: list[CelExpression] = []
        for keyword, (class_name, fields) in _EXPRESSION_CONFIGS.items():
            for call, call_index in self.calls_in(kwargs.get(keyword), index):
                if self.symbols.sdk_name(call.func, call_index) != f"inngest.{class_name}":
                    continue
                config = _kwargs(call)
                for field in fields:
                    expression = self.expression(
                        config.get(field), call_index, f"{class_name}.{field}", trigger_names, None
                    )
                    if expression is not None:
                        found.append(expression)
        idempotency = self.expression(
            kwargs.get("idempotency"), index, "idempotency", trigger_names, None
        )
        if idempotency is not None:
            found.append(idempotency)
        return found

    def expression(
        self,
        value: f.Val | None,
        index: Index,
        argument: str,
        event_names: tuple[Text, ...],
        async_name: Text | None,
    ) -> CelExpression | None:
        text = self.text_of(value, index)
        if value is None or text is None:
            return None
        return CelExpression(text.where, text, argument, event_names, async_name)

    def calls_in(
        self, value: f.Val | None, index: Index, depth: int = 0
    ) -> list[tuple[f.Call, Index]]:
        """The calls a config argument holds: one call, or a list of them (lists that
        hold each other end at a depth limit)."""
        if value is None or depth > _MAX_NESTING:
            return []
        target, target_index, _ = self.values.follow(value, index)
        if isinstance(target, f.Call):
            return [(target, target_index)]
        if isinstance(target, f.Seq):
            found: list[tuple[f.Call, Index]] = []
            for item in target.items:
                found.extend(self.calls_in(item, target_index, depth + 1))
            return found
        return []

    def text_of(self, value: f.Val | None, index: Index) -> Text | None:
        return self.values.text(value, index) if value is not None else None

    # -- where a call sits -----------------------------------------------------------

    def find_helpers(self, index: Index, handlers: list[str]) -> None:
        """The functions that ``handlers`` call, in their module and, through imports,
        in other modules (``MAX_CALL_DEPTH`` modules deep)."""
        for qualname in handlers:
            self.reach(index, qualname, _Reach((index.path, qualname), (), False), 0)

    def reach(self, index: Index, caller: str, how: _Reach, depth: int) -> None:
        """Mark the defs of ``index``'s module that ``caller`` calls, directly or through
        each other, as reached ``how``; then follow their calls through imports."""
        path = index.path
        todo = [d for d in index.facts.defs if _within(d.qualname, caller)]
        seen = {d.qualname for d in todo}
        imported: list[tuple[f.Val, bool]] = []
        while todo:
            definition = todo.pop()
            imported += [(value, False) for value in definition.imported_calls]
            imported += [(value, True) for value in definition.imported_step_callees]
            for callee in definition.calls:
                if callee in seen or (path, callee) in self.functions:
                    continue
                seen.add(callee)
                self.helpers.setdefault((path, callee), how)
                todo.extend(d for d in index.facts.defs if _within(d.qualname, callee))
        if depth < MAX_CALL_DEPTH:
            for value, step_run in imported:
                self.reach_imported(value, index, how, step_run, depth)

    def reach_imported(
        self, value: f.Val, index: Index, how: _Reach, step_run: bool, depth: int
    ) -> None:
        """A function of another module called (or passed to ``step.run``) by a reached
        one: reached too, with itself added to the chain."""
        found = self.callee(value, index)
        if found is None:
            return
        callee_index, callee = found
        key = (callee_index.path, callee.qualname)
        if key in self.helpers or key in self.functions:
            return
        name = f"{callee_index.facts.module}.{callee.qualname}"
        chain = (*how.chain, name)
        reached = _Reach(how.function, chain, how.in_step_run or step_run)
        self.helpers[key] = reached
        self.reach(callee_index, callee.qualname, reached, depth + 1)

    def callee(self, value: f.Val, index: Index) -> tuple[Index, f.Def] | None:
        """The def a call reaches: a function of another module, or the method of an
        object made by calling a project class (``Notifier().notify``)."""
        callee = self.symbols.sym(value, index)
        if isinstance(callee, DefSym):
            return None if callee.index.path == index.path else (callee.index, callee.definition)
        if not isinstance(value, f.Attr):
            return None
        made, made_index, _ = self.values.follow(value.value, index)
        if not isinstance(made, f.Call):
            return None
        cls = self.symbols.sym(made.func, made_index)
        if not isinstance(cls, ClassSym):
            return None
        method = cls.index.defs.get(f"{cls.cls.name}.{value.attr}")
        return (cls.index, method) if method is not None else None

    def context(self, index: Index, scope: str | None, in_step_lambda: bool) -> _Context:
        chain: list[f.Def] = []
        while scope is not None and scope in index.defs:
            chain.append(index.defs[scope])
            scope = index.defs[scope].parent
        in_step_run = in_step_lambda
        for definition in chain:
            function = self.function_named(index, definition.qualname)
            if function is not None:
                return _Context(function, definition.qualname, None, (), in_step_run)
            in_step_run = in_step_run or definition.step_run_callee
        for definition in chain:
            how = self.helpers.get((index.path, definition.qualname))
            if how is not None:
                function = self.functions[how.function]
                helper, through = how.named(index.facts.module, definition.qualname)
                in_step_run = in_step_run or how.in_step_run
                return _Context(function, how.function[1], helper, through, in_step_run)
        return _Context(None, None, None, (), in_step_run)

    # -- sends -----------------------------------------------------------------------

    def send_site(self, site: f.CallSite, index: Index) -> SendSite | None:
        call = site.call
        assert isinstance(call.func, f.Attr)
        receiver = call.func.value
        if site.kind == "send_event":
            if not self.on_step(site, index):
                return None
            events_value = _argument(call, 1, "events")
            step_id_value = _argument(call, 0, "step_id")
        else:
            if not self.symbols.is_client(receiver, index):
                return None
            events_value = _argument(call, 0, "events")
            step_id_value = None
        context = self.context(index, site.scope, site.in_step_lambda)
        shape, count, events = self.events_of(events_value, index, site.scope, 0)
        function = context.function
        return SendSite(
            where=index.where(call.pos),
            api=site.kind,  # type: ignore[arg-type]
            receiver=index.snippet(receiver.pos) or (written_name(receiver) or ""),
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
            step_id=self.text_of(step_id_value, index),
            args_source=_args_source(index.snippet(call.pos), index.snippet(receiver.pos)),
            argument=index.where(events_value.pos) if events_value is not None else None,
        )

    def on_step(self, site: f.CallSite, index: Index) -> bool:
        assert isinstance(site.call.func, f.Attr)
        return self.is_step(site.call.func.value, index, site.scope, 0)

    def is_step(self, value: f.Val, index: Index, scope: str | None, depth: int) -> bool:
        if depth > _MAX_NESTING:
            return False
        if isinstance(value, f.Attr):
            return value.attr == "step"
        if not isinstance(value, f.Local):
            return isinstance(self.symbols.sym(value, index), StepSym)
        if value.value is not None:
            return self.is_step(value.value, index, scope, depth + 1)
        if value.annotation is not None:
            return isinstance(self.symbols.sym(value, index), StepSym)
        return value.is_param and value.name == "step" and self.takes_ctx(index, scope)

    def takes_ctx(self, index: Index, scope: str | None) -> bool:
        """A ``(ctx, step)`` handler (SDK 0.3/0.4), registered or not."""
        while scope is not None and scope in index.defs:
            definition = index.defs[scope]
            names = [param.name for param in definition.params]
            if "step" in names:
                return "ctx" in names or self.function_named(index, scope) is not None
            scope = definition.parent
        return False

    def events_of(
        self, value: f.Val | None, index: Index, scope: str | None, depth: int
    ) -> tuple[EventsShape, int | None, list[EventSite]]:
        if value is None or depth > _MAX_NESTING:
            return "unknown", None, []
        target, target_index, _ = self.values.follow(value, index)
        if isinstance(target, f.Call):
            return self.events_of_call(target, target_index, scope, depth)
        if isinstance(target, f.Dict):
            return "dict", None, [self.dict_event(target, target_index, scope)]
        if isinstance(target, f.Seq):
            return self.events_of_seq(target, target_index, scope, depth)
        return "unknown", None, []

    def events_of_call(
        self, call: f.Call, index: Index, scope: str | None, depth: int
    ) -> tuple[EventsShape, int | None, list[EventSite]]:
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

    def events_of_seq(
        self, seq: f.Seq, index: Index, scope: str | None, depth: int
    ) -> tuple[EventsShape, int | None, list[EventSite]]:
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
        key = (index.path, call.pos)
        if key in self.events:
            return self.events[key]
        found = self.symbols.sym(call.func, index)
        event: EventSite | None = None
        if isinstance(found, SdkSym) and found.dotted == "inngest.Event":
            event = self.sdk_event(call, index, scope)
        elif isinstance(found, ClassSym) and _is_generated(found.cls):
            event = self.generated_event(call, index, scope, found)
        self.events[key] = event
        return event

    def event_fields(
        self, call: f.Call, index: Index
    ) -> tuple[dict[str, tuple[f.Val, Index]], list[tuple[str, Located]]]:
        fields: dict[str, tuple[f.Val, Index]] = {}
        others: list[tuple[str, Located]] = []
        for kwarg in call.kwargs:
            if kwarg.name is None:  # Event(**payload) with a visible dict
                mapping, mapping_index, _ = self.values.follow(kwarg.value, index)
                if isinstance(mapping, f.Dict):
                    for item in mapping.items:
                        key = self.text_of(item.key, mapping_index)
                        if key is not None and key.value is not None and item.key is not None:
                            _add_field(
                                fields,
                                others,
                                key.value,
                                item.value,
                                mapping_index,
                                mapping_index.where(item.key.pos),
                            )
                continue
            _add_field(fields, others, kwarg.name, kwarg.value, index, index.where(kwarg.name_pos))
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
        use = index.where(call.pos)  # the class's name and v are written in its module
        return replace(event, name=used_at(event.name, use), v=used_at(event.v, use))

    def dict_event(self, mapping: f.Dict, index: Index, scope: str | None) -> EventSite:
        key = (index.path, mapping.pos)
        existing = self.events.get(key)
        if existing is not None:
            return existing
        fields: dict[str, tuple[f.Val, Index]] = {}
        for item in mapping.items:
            name = self.text_of(item.key, index)
            if name is not None and name.value in _EVENT_FIELDS:
                fields[name.value] = (item.value, index)
        event = replace(
            self.make_event(mapping, index, scope, "dict", fields, [], None, None),
            dict_literal=self.values.payload(mapping, index),
            event_class=_event_class(index),
        )
        self.events[key] = event
        return event

    def make_event(
        self,
        node: f.Call | f.Dict,
        index: Index,
        scope: str | None,
        api: EventApi,
        fields: dict[str, tuple[f.Val, Index]],
        dropped: list[tuple[str, Located]],
        version: Text | None,
        generated_class: str | None,
    ) -> EventSite:
        context = self.context(index, scope, False)
        in_step = context.in_step_run

        def text(field: str) -> Text | None:
            value = fields.get(field)
            return self.values.text(*value) if value else None

        def expr(field: str) -> Expr | None:
            value = fields.get(field)
            return self.values.expr(value[0], value[1], in_step) if value else None

        data = fields.get("data")
        return EventSite(
            where=index.where(node.pos),
            api=api,
            name=text("name"),
            data=self.values.payload(data[0], data[1], in_step) if data else None,
            id=expr("id"),
            ts=expr("ts"),
            v=version,
            dropped_fields=tuple(dropped),
            generated_class=generated_class,
            inside_function=context.qualname,
        )

    # -- waits and invokes -------------------------------------------------------------

    def wait(self, site: f.CallSite, index: Index) -> Wait:
        kwargs = _kwargs(site.call)
        context = self.context(index, site.scope, site.in_step_lambda)
        event = self.text_of(kwargs.get("event"), index)
        trigger_names = tuple(
            t.event for t in (context.function.triggers if context.function else ()) if t.event
        )
        if_exp = self.expression(
            kwargs.get("if_exp"), index, "wait_for_event.if_exp", trigger_names, event
        )
        return Wait(index.where(site.call.pos), event, if_exp, context.qualname)

    def invoked(self, target: f.Val, index: Index) -> InngestFunction | None:
        """The function ``step.invoke(function=...)`` names: a decorated handler, or a
        name bound to ``client.create_function(...)(handler)``."""
        found = self.symbols.sym(target, index)
        if isinstance(found, DefSym):
            return self.function_named(found.index, found.definition.qualname)
        value, value_index, _ = self.values.follow(target, index)
        if isinstance(value, f.Call) and isinstance(value.func, f.Call) and value.args:
            handler = self.def_named(value.args[0], value_index, None)
            if handler is not None:
                return self.function_named(value_index, handler.qualname)
        return None

    def invoke(self, site: f.CallSite, index: Index) -> Invoke:
        kwargs = _kwargs(site.call)
        target = kwargs.get("function")
        invoked = self.invoked(target, index) if target is not None else None
        target_events = tuple(t.event for t in invoked.triggers if t.event) if invoked else ()
        data = kwargs.get("data")
        return Invoke(
            where=index.where(site.call.pos),
            function_ref=(written_name(target) or "") if target is not None else "",
            data=self.values.payload(data, index) if data is not None else None,
            v=self.text_of(kwargs.get("v"), index),
            target_events=target_events,
        )


def internal_error(path: str, exc: Exception) -> FileProblem:
    """The one diagnostic of a file the resolver failed on."""
    message = f"internal error resolving this file: {type(exc).__name__}: {exc}; please report it"
    return FileProblem(Located(path, NO_SPAN), INTERNAL_ERROR, message)


def _add_field(
    fields: dict[str, tuple[f.Val, Index]],
    others: list[tuple[str, Located]],
    name: str,
    value: f.Val,
    index: Index,
    where: Located,
) -> None:
    if name in _EVENT_FIELDS:
        fields[name] = (value, index)
    else:
        others.append((name, where))


def _args_source(call: str, receiver: str) -> str | None:
    """The text between a call's parentheses, from the call's and its receiver's source."""
    opening = call.find("(", len(receiver)) if receiver and call.startswith(receiver) else -1
    return call[opening + 1 : -1] if opening >= 0 and call.endswith(")") else None


def _event_class(index: Index) -> str | None:
    """How a module spells ``inngest.Event``, for fixes: ``inngest.Event``, ``Event``, ..."""
    imports = index.imports.items()
    module = next((n for n, imp in imports if imp.module == "inngest" and imp.name is None), None)
    if module is not None:
        return f"{module}.Event"
    return next((n for n, imp in imports if imp.module == "inngest" and imp.name == "Event"), None)


def _kwargs(call: f.Call) -> dict[str, f.Val]:
    return {kwarg.name: kwarg.value for kwarg in call.kwargs if kwarg.name is not None}


def _argument(call: f.Call, position: int, keyword: str) -> f.Val | None:
    positional = [arg for arg in call.args if not isinstance(arg, f.Star)]
    if len(positional) > position:
        return positional[position]
    return _kwargs(call).get(keyword)


def _count(seq: f.Seq) -> int | None:
    if not seq.literal or any(isinstance(item, f.Star) for item in seq.items):
        return None
    return len(seq.items)


def _is_generated(cls: f.ClassDef) -> bool:
    names = {name for name, _ in cls.attrs}
    return "name" in names and "v" in names


def _within(qualname: str, outer: str) -> bool:
    return qualname == outer or qualname.startswith(f"{outer}.<locals>.")


def _step_object(handler: f.Def) -> str | None:
    names = [param.name for param in handler.params]
    if "step" in names:
        return "step"
    if handler.step_alias is not None:
        return handler.step_alias
    return f"{names[0]}.step" if names else None


def _names(
    events: list[EventSite], functions: list[InngestFunction], waits: list[Wait]
) -> tuple[Text, ...]:
    found: list[Text | None] = [event.name for event in events]
    for function in functions:
        found += [trigger.event for trigger in function.triggers]
        found += [cancel.event for cancel in function.cancels]
    found += [wait.event for wait in waits]
    return by_place(t for t in found if t is not None)
