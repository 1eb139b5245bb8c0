"""``client.create_function(...)`` calls -> the model's ``InngestFunction``s: the handler,
triggers, cancels and the CEL expressions of the function's configuration."""

from __future__ import annotations

from collections.abc import Iterator

from event_lint.linter import facts as f
from event_lint.linter.model import (
    Cancel,
    CelExpression,
    EventDataRead,
    InngestFunction,
    Text,
    Trigger,
)
from event_lint.linter.resolve.symbols import Index, Symbols, written_name
from event_lint.linter.resolve.values import Evaluator, keywords

MAX_NESTING = 10  # lists of events or triggers nested (or holding each other) deeper
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


class FunctionReader:
    """Reads the Inngest functions a file registers."""

    def __init__(self, symbols: Symbols, values: Evaluator) -> None:
        self.symbols = symbols
        self.values = values

    def registered(self, index: Index) -> Iterator[tuple[str, InngestFunction]]:
        """Each function ``index``'s file registers on a client, with its handler's
        qualname (``<call at N>`` when the handler is not found)."""
        for site in index.facts.calls:
            if site.kind != "create_function" or not isinstance(site.call.func, f.Attr):
                continue
            if not self.symbols.is_client(site.call.func.value, index):
                continue
            handler = self.handler_of(site, index)
            key = handler.qualname if handler else f"<call at {site.call.pos}>"
            yield key, self.function(site.call, index, handler)

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
        kwargs = keywords(call)
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
            fn_id=self.values.text(kwargs.get("fn_id"), index),
            triggers=triggers,
            cancels=cancels,
            expressions=tuple(expressions),
            on_failure=written_name(on_failure) if on_failure is not None else None,
            is_async=handler.is_async if handler else False,
            step_object=_step_object(handler) if handler else None,
            data_reads=_data_reads(handler, index) if handler else (),
        )

    def triggers(self, value: f.Val | None, index: Index) -> tuple[Trigger, ...]:
        found: list[Trigger] = []
        for call, call_index in self.calls_in(value, index):
            sdk = self.symbols.sdk_name(call.func, call_index)
            kwargs = keywords(call)
            if sdk == "inngest.TriggerEvent":
                event = self.values.text(kwargs.get("event"), call_index)
                expression = self.expression(
                    kwargs.get("expression"),
                    call_index,
                    "TriggerEvent.expression",
                    (event,) if event else (),
                    None,
                )
                found.append(Trigger(call_index.where(call.pos), event, None, expression))
            elif sdk == "inngest.TriggerCron":
                cron = self.values.text(kwargs.get("cron"), call_index)
                found.append(Trigger(call_index.where(call.pos), None, cron, None))
        return tuple(found)

    def cancels(
        self, value: f.Val | None, index: Index, trigger_names: tuple[Text, ...]
    ) -> tuple[Cancel, ...]:
        found: list[Cancel] = []
        for call, call_index in self.calls_in(value, index):
            if self.symbols.sdk_name(call.func, call_index) != "inngest.Cancel":
                continue
            kwargs = keywords(call)
            event = self.values.text(kwargs.get("event"), call_index)
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
                config = keywords(call)
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
        """The CEL expression ``value`` holds, read with the events it is about."""
        text = self.values.text(value, index)
        if text is None:
            return None
        return CelExpression(text.where, text, argument, event_names, async_name)

    def calls_in(
        self, value: f.Val | None, index: Index, depth: int = 0
    ) -> list[tuple[f.Call, Index]]:
        """The calls a config argument holds: one call, or a list of them (lists that
        hold each other end at a depth limit)."""
        if value is None or depth > MAX_NESTING:
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


def _data_reads(handler: f.Def, index: Index) -> tuple[EventDataRead, ...]:
    """The reads of the event's data in ``handler`` and the defs nested in it."""
    nested = handler.qualname + ".<locals>."
    reads = [
        EventDataRead(index.where(read.pos), read.keys)
        for definition in index.facts.defs
        if definition is handler or definition.qualname.startswith(nested)
        for read in definition.data_reads
    ]
    return tuple(sorted(reads, key=lambda read: read.where.span))


def _step_object(handler: f.Def) -> str | None:
    names = [param.name for param in handler.params]
    if "step" in names:
        return "step"
    if handler.step_alias is not None:
        return handler.step_alias
    return f"{names[0]}.step" if names else None
