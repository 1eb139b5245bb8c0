"""Reads of the triggering event's data in an Inngest function's handler, with literal
keys: ``ctx.event.data["a"]["b"]``, ``ctx.event.data.get("a")`` (the catalog lists them
on the pages of the events the function is triggered by).

Only the handlers the walk knows before reading their bodies are looked at: decorated
with ``client.create_function(...)``, or passed to ``client.create_function(...)(handler)``
in a scope walked before (the module body, an enclosing def). That keeps the rest of the
walk, the hot path, as it was.
"""

from __future__ import annotations

import libcst as cst

from event_lint.linter.extract.tree import all_params
from event_lint.linter.extract.values import string_value


class EventNames:
    """How a handler's code names the triggering event: ``<first parameter>.event``, a
    parameter named ``event`` (0.3/0.4 handlers), a local bound to ``<first>.event``."""

    def __init__(self, context: str | None, names: frozenset[str]) -> None:
        self.context = context  # the handler's first parameter (``ctx``), if any
        self.names = names

    @staticmethod
    def of_handler(
        node: cst.FunctionDef, assigned: dict[str, list[cst.BaseExpression | None]]
    ) -> EventNames:
        """From the handler's parameters and its locals (``event = ctx.event``)."""
        params = all_params(node.params)
        context = params[0].name.value if params else None
        names = {p.name.value for p in params if p.name.value == "event"}
        for name, values in assigned.items():
            if len(values) == 1 and _is_event_of(values[0], context):
                names.add(name)
        return EventNames(context, frozenset(names))

    def is_event_data(self, node: cst.BaseExpression) -> bool:
        """``<event>.data``."""
        if not (isinstance(node, cst.Attribute) and node.attr.value == "data"):
            return False
        event = node.value
        if isinstance(event, cst.Name):
            return event.value in self.names
        return _is_event_of(event, self.context)

    def read(self, node: cst.BaseExpression) -> tuple[tuple[str, ...], list[int]] | None:
        """The keys ``node`` reads when it is ``<event>.data["a"]["b"]`` or ``....get("a")``,
        and the id() of the reads inside it (``<event>.data["a"]``: not read twice)."""
        keys: list[str] = []
        inner: list[int] = []
        current = node
        while True:
            step = _key_step(current)
            if step is None:
                return None
            key, current = step
            keys.append(key)
            if self.is_event_data(current):
                return tuple(reversed(keys)), inner
            inner.append(id(current))


def _key_step(node: cst.BaseExpression) -> tuple[str, cst.BaseExpression] | None:
    """(key, what it is read from) of ``x["key"]`` or ``x.get("key", ...)``."""
    if isinstance(node, cst.Subscript):
        if len(node.slice) != 1 or not isinstance(node.slice[0].slice, cst.Index):
            return None
        key_node, base = node.slice[0].slice.value, node.value
    elif (
        isinstance(node, cst.Call)
        and isinstance(node.func, cst.Attribute)
        and node.func.attr.value == "get"
        and node.args
        and node.args[0].keyword is None
        and not node.args[0].star
    ):
        key_node, base = node.args[0].value, node.func.value
    else:
        return None
    if not isinstance(key_node, cst.SimpleString):
        return None
    key = string_value(key_node)
    return (key, base) if isinstance(key, str) else None


def _is_event_of(node: cst.BaseExpression | None, context: str | None) -> bool:
    """``<context>.event``."""
    return (
        isinstance(node, cst.Attribute)
        and node.attr.value == "event"
        and isinstance(node.value, cst.Name)
        and node.value.value == context
    )


def registers_function(decorators: list[cst.BaseExpression]) -> bool:
    """Whether one of a def's decorators is ``<client>.create_function(...)``."""
    return any(
        isinstance(d, cst.Call)
        and isinstance(d.func, cst.Attribute)
        and d.func.attr.value == "create_function"
        for d in decorators
    )
