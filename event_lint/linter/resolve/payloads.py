"""The model's ``Expr`` (what is known of an id, a timestamp, a payload value) and
``Payload`` (the keys of an event's data), read from fact values with an ``Evaluator``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from event_lint.linter import facts as f
from event_lint.linter.model import DictEntry, Expr, ExprKind, Payload, Text
from event_lint.linter.resolve.symbols import Index
from event_lint.linter.resolve.values import MAX_DEPTH, Evaluator, known_text

_FLOAT_CALLS = {"time.time", "time.monotonic", "time.perf_counter", "random.random", "float"}
_INT_CALLS = {"int", "time.time_ns", "round", "len", "math.floor", "math.ceil", "random.randint"}
_STR_CALLS = {"str", "uuid.uuid4.hex", "repr", "format"}
_DATETIME_CALLS = {
    "datetime.datetime",
    "datetime.datetime.now",
    "datetime.datetime.utcnow",
    "datetime.datetime.fromtimestamp",
    "datetime.datetime.fromisoformat",
    "datetime.date.today",
}
_SEQ_TYPES = {"list": "list", "tuple": "tuple", "set": "set"}


class PayloadReader:
    """Reads ``Expr``s and ``Payload``s."""

    def __init__(self, values: Evaluator) -> None:
        self.values = values

    def expr(
        self,
        value: f.Val,
        index: Index,
        in_step: bool = False,
        followed: tuple[f.Val, Index, str | None] | None = None,
    ) -> Expr:
        """What is known of ``value``; ``followed`` is ``follow(value, index)`` if known."""
        target, target_index, via = followed or self.values.follow(value, index)
        text = self.values.followed_text(target, target_index, via)
        if type(value) is f.Lit:  # no calls, no product, nothing from a step inside
            calls: tuple[str, ...] = ()
            multiplied = from_step = False
        else:
            found: list[str] = []
            self.collect_calls(value, index, found, 0)
            calls = tuple(dict.fromkeys(found))
            multiplied = self.multiplies(value, index, 0)
            from_step = _from_step(value, 0)
        return Expr(
            kind=_kind(value, target, text),
            value=self.values.followed_value(target, target_index, 0, text),
            where=index.where(value.pos),
            source=index.snippet(value.pos),
            calls=calls,
            multiplied=multiplied,
            text=text,
            python_type=self.followed_type(target, target_index, 0),
            in_step=in_step or from_step,
        )

    def collect_calls(self, value: f.Val, index: Index, found: list[str], depth: int) -> None:
        if depth > MAX_DEPTH:
            return
        depth += 1
        kind = type(value)
        if kind is f.Call:
            assert isinstance(value, f.Call)
            name = self.values.symbols.dotted(value.func, index)
            if name:
                found.append(name)
            for arg in value.args:
                self.collect_calls(arg, index, found, depth)
            for kwarg in value.kwargs:
                self.collect_calls(kwarg.value, index, found, depth)
            if type(value.func) is f.Attr:  # uuid.uuid4().hex: the receiver call
                self.collect_calls(value.func.value, index, found, depth)
            return
        if kind is f.Attr or kind is f.Local:
            assert isinstance(value, (f.Attr, f.Local))
            inner = value.value
            if inner is not None:
                self.collect_calls(inner, index, found, depth)
            return
        for child in _children(value):
            self.collect_calls(child, index, found, depth)

    def multiplies(self, value: f.Val, index: Index, depth: int) -> bool:
        if depth > MAX_DEPTH:
            return False
        kind = type(value)
        if kind is f.Local:
            assert isinstance(value, f.Local)
            inner = value.value
            return inner is not None and self.multiplies(inner, index, depth + 1)
        if kind is f.BinOp:
            assert isinstance(value, f.BinOp)
            return value.op == "*" or any(
                self.multiplies(side, index, depth + 1) for side in (value.left, value.right)
            )
        if kind is f.Call:
            assert isinstance(value, f.Call)
            return any(self.multiplies(arg, index, depth + 1) for arg in value.args)
        return False

    def python_type(self, value: f.Val, index: Index, depth: int) -> str | None:
        target, target_index, _ = self.values.follow(value, index)
        return self.followed_type(target, target_index, depth)

    def followed_type(self, target: f.Val, index: Index, depth: int) -> str | None:
        """``python_type`` of what ``follow`` returned."""
        if depth > MAX_DEPTH:
            return None
        kind = type(target)
        if kind is f.Lit:
            literal = target.value  # type: ignore[union-attr]
            return None if literal is None else type(literal).__name__
        if kind is f.FStr:
            return "str"
        if kind is f.Dict:
            return "dict"
        if kind is f.Seq:
            return _SEQ_TYPES.get(target.kind, "list")  # type: ignore[union-attr]
        if kind is f.Call:
            return _call_type(self.values.symbols.dotted(target.func, index))  # type: ignore[union-attr]
        if kind is f.BinOp:
            assert isinstance(target, f.BinOp)
            return self.binop_type(target, index, depth)
        return None

    def binop_type(self, value: f.BinOp, index: Index, depth: int) -> str | None:
        left = self.python_type(value.left, index, depth + 1)
        right = self.python_type(value.right, index, depth + 1)
        if value.op == "/" or "float" in (left, right):
            return "float"
        if value.op in ("+", "*", "-", "//", "%") and left == right == "int":
            return "int"
        if value.op == "+" and "str" in (left, right):
            return "str"
        return None

    # -- Payload ----------------------------------------------------------------

    def payload(self, value: f.Val, index: Index, in_step: bool = False) -> Payload:
        target, target_index, _ = self.values.follow(value, index)
        if type(target) is not f.Dict:
            return Payload(index.where(value.pos), (), spread=False, known=False)
        assert isinstance(target, f.Dict)
        entries, spread = self.entries(target, target_index, in_step)
        return Payload(target_index.where(target.pos), entries, spread=spread, known=True)

    def entries(
        self, mapping: f.Dict, index: Index, in_step: bool, depth: int = 0
    ) -> tuple[tuple[DictEntry, ...], bool]:
        """The keys of a dict; dicts nested deeper (or holding each other) are cut."""
        if depth > MAX_DEPTH:
            return (), True
        entries: list[DictEntry] = []
        spread = False
        for item in mapping.items:
            key = self.values.known(item.key, index)
            if key is None:
                spread = True
                continue
            entries.append(self.entry(key, item, index, in_step, depth + 1))
        return tuple(entries), spread

    def entry(
        self, key: str, item: f.DictItem, index: Index, in_step: bool, depth: int
    ) -> DictEntry:
        assert item.key is not None
        followed = self.values.follow(item.value, index)
        target, target_index, _ = followed
        children: tuple[DictEntry, ...] = ()
        items: list[tuple[DictEntry, ...] | Expr] = []
        kind = type(target)
        if kind is f.Dict:
            assert isinstance(target, f.Dict)
            children = self.entries(target, target_index, in_step, depth)[0]
        elif kind is f.Seq and target.kind in ("list", "tuple"):  # type: ignore[union-attr]
            assert isinstance(target, f.Seq)
            for element in target.items:
                element_followed = self.values.follow(element, target_index)
                inner, inner_index, _ = element_followed
                if type(inner) is f.Dict:
                    assert isinstance(inner, f.Dict)
                    items.append(self.entries(inner, inner_index, in_step, depth)[0])
                else:
                    items.append(self.expr(element, target_index, in_step, element_followed))
        return DictEntry(
            key=key,
            key_where=index.where(item.key.pos),
            value=self.expr(item.value, index, in_step, followed),
            children=children,
            items=tuple(items),
        )


def _kind(value: f.Val, target: f.Val, text: Text | None) -> ExprKind:
    """How an expression was formed; ``target`` is what ``value`` follows to."""
    if text is not None:
        return "literal" if known_text(text) is not None else "fstring"
    if isinstance(target, f.Lit):
        return "literal"
    if isinstance(value, (f.Local, f.Ref, f.ImportedName)):
        return "name"
    if isinstance(value, f.Attr):
        return "attribute"
    if isinstance(target, (f.Call, f.Await)):
        return "call"
    if isinstance(target, (f.Dict, f.Seq)):
        return "literal"
    return "other"


def _fstring_values(value: f.FStr) -> tuple[f.Val, ...]:
    return tuple(part for part in value.parts if not isinstance(part, str))


def _dict_values(value: f.Dict) -> tuple[f.Val, ...]:
    return tuple(item.value for item in value.items)


# The values inside a value, by its type (calls, attributes and locals excepted).
_CHILDREN: dict[type, Callable[[Any], tuple[f.Val, ...]]] = {
    f.FStr: _fstring_values,
    f.BinOp: lambda value: (value.left, value.right),
    f.Await: lambda value: (value.value,),
    f.Star: lambda value: (value.value,),
    f.Opaque: lambda value: value.inner,
    f.Subscript: lambda value: (value.value, value.index),
    f.Seq: lambda value: value.items,
    f.Dict: _dict_values,
}


def _children(value: f.Val) -> tuple[f.Val, ...]:
    children = _CHILDREN.get(type(value))
    return children(value) if children is not None else ()


def _call_type(name: str | None) -> str | None:
    if name in _FLOAT_CALLS:
        return "float"
    if name in _INT_CALLS:
        return "int"
    if name in _DATETIME_CALLS:
        return "datetime"
    if name in _STR_CALLS or (name or "").endswith(".isoformat"):
        return "str"
    return None


def _from_step(value: f.Val, depth: int) -> bool:
    """Built from a local assigned ``await step.run(...)``: memoized, so replay-safe."""
    if depth > MAX_DEPTH:
        return False
    if type(value) is f.Local:
        assert isinstance(value, f.Local)
        return value.in_step or (value.value is not None and _from_step(value.value, depth + 1))
    return any(_from_step(child, depth + 1) for child in _children(value))
