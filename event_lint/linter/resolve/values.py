"""Partial evaluation of fact values: texts, JSON-like values, ``Expr`` and ``Payload``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from event_lint.linter import facts as f
from event_lint.linter.model import UNKNOWN, DictEntry, Expr, ExprKind, Located, Payload, Text
from event_lint.linter.resolve.symbols import Index, Symbols, ValueSym, written_name

_MAX_DEPTH = 40
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


class Evaluator:
    def __init__(self, symbols: Symbols) -> None:
        self.symbols = symbols

    # -- following names to the value they hold ----------------------------------

    def follow(self, value: f.Val, index: Index, depth: int = 0) -> tuple[f.Val, Index, str | None]:
        """The value behind locals and constants: (value, its file, the constant's name)."""
        if type(value) in _ENDS:
            return value, index, None
        via: str | None = None
        while depth < _MAX_DEPTH:
            depth += 1
            kind = type(value)
            if kind is f.Local:
                assert isinstance(value, f.Local)
                inner = value.value
                if inner is None:
                    break
                value = inner
            elif kind is f.Ref or kind is f.ImportedName or kind is f.Attr:
                found = self.symbols.sym(value, index)
                if type(found) is not ValueSym or found.value is value:
                    break
                via = via or written_name(value)
                value, index = found.value, found.index
            elif kind is f.Subscript:
                assert isinstance(value, f.Subscript)
                item = self.lookup(value, index)
                if item is None:
                    break
                via = via or _subscript_name(value, item[2])
                value, index = item[0], item[1]
            else:
                break
        return value, index, via

    def lookup(self, value: f.Subscript, index: Index) -> tuple[f.Val, Index, str] | None:
        """``MAPPING["key"]`` of a dict the linter can see."""
        mapping, mapping_index, _ = self.follow(value.value, index)
        key = self.text(value.index, index)
        if not isinstance(mapping, f.Dict) or key is None or key.value is None:
            return None
        for item in mapping.items:
            if item.key is not None:
                item_key = self.text(item.key, mapping_index)
                if item_key is not None and item_key.value == key.value:
                    return item.value, mapping_index, key.value
        return None

    # -- text ----------------------------------------------------------------------

    def text(self, value: f.Val | None, index: Index) -> Text | None:
        """The string a value holds, known in parts; None when nothing of it is known
        (or there is no value: an argument not passed)."""
        if value is None:
            return None
        target, target_index, via = self.follow(value, index)
        found = self.followed_text(target, target_index, via)
        return used_at(found, index.where(value.pos))

    def followed_text(self, target: f.Val, index: Index, via: str | None) -> Text | None:
        """``text`` of a value ``follow`` returned."""
        kind = type(target)
        if kind is f.Lit:  # the common case, without building parts
            literal = target.value  # type: ignore[union-attr]
            return Text((literal,), index.where(target.pos), via) if type(literal) is str else None
        if kind is not f.FStr and kind is not f.BinOp:
            return None
        parts = self.text_parts(target, index, 0)
        if parts is None or all(part is None for part in parts):
            return None
        return Text(tuple(_merge(parts)), index.where(target.pos), via)

    def text_parts(self, value: f.Val, index: Index, depth: int) -> list[str | None] | None:
        if depth > _MAX_DEPTH:
            return None
        if isinstance(value, f.Lit):
            return [value.value] if isinstance(value.value, str) else None
        if isinstance(value, f.FStr):
            parts: list[str | None] = []
            for part in value.parts:
                parts.extend([part] if isinstance(part, str) else self.piece(part, index, depth))
            return parts
        if isinstance(value, f.BinOp) and value.op == "+":
            left = self.text_parts(*self.follow(value.left, index)[:2], depth + 1)
            right = self.text_parts(*self.follow(value.right, index)[:2], depth + 1)
            if left is None and right is None:
                return None
            return (left or [None]) + (right or [None])
        return None

    def piece(self, value: f.Val, index: Index, depth: int) -> list[str | None]:
        """A formatted value inside an f-string: its text if known."""
        target, target_index, _ = self.follow(value, index)
        if isinstance(target, f.Lit) and target.value is not None:
            return [str(target.value)]
        return self.text_parts(target, target_index, depth + 1) or [None]

    # -- JSON-like values ------------------------------------------------------------

    def value(self, value: f.Val, index: Index, depth: int = 0) -> object:
        target, target_index, _ = self.follow(value, index)
        return self.followed_value(target, target_index, depth, _UNSET)

    def followed_value(
        self, target: f.Val, index: Index, depth: int, text: Text | _Unset | None
    ) -> object:
        """``value`` of what ``follow`` returned; ``text`` is its ``followed_text``, when
        the caller has it."""
        if depth > _MAX_DEPTH:
            return UNKNOWN
        kind = type(target)
        if kind is f.Lit:
            return target.value  # type: ignore[union-attr]
        if kind is f.Dict:
            assert isinstance(target, f.Dict)
            result: dict[str, object] = {}
            for item in target.items:
                key = _known(self.text(item.key, index)) if item.key is not None else None
                if key is not None:
                    result[key] = self.value(item.value, index, depth + 1)
            return result
        if kind is f.Seq:
            assert isinstance(target, f.Seq)
            if target.kind in ("list", "tuple") and target.literal:
                return [self.value(item, index, depth + 1) for item in target.items]
        if isinstance(text, _Unset) or kind in _NAMING:  # a cut-short chain may go on
            text = self.text(target, index)
        known = _known(text)
        return UNKNOWN if known is None else known

    # -- Expr ----------------------------------------------------------------------

    def expr(
        self,
        value: f.Val,
        index: Index,
        in_step: bool = False,
        followed: tuple[f.Val, Index, str | None] | None = None,
    ) -> Expr:
        """What is known of ``value``; ``followed`` is ``follow(value, index)`` if known."""
        target, target_index, via = followed or self.follow(value, index)
        text = self.followed_text(target, target_index, via)
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
            value=self.followed_value(target, target_index, 0, text),
            where=index.where(value.pos),
            source=index.snippet(value.pos),
            calls=calls,
            multiplied=multiplied,
            text=text,
            python_type=self.followed_type(target, target_index, 0),
            in_step=in_step or from_step,
        )

    def collect_calls(self, value: f.Val, index: Index, found: list[str], depth: int) -> None:
        if depth > _MAX_DEPTH:
            return
        depth += 1
        kind = type(value)
        if kind is f.Call:
            assert isinstance(value, f.Call)
            name = self.symbols.dotted(value.func, index)
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
        if depth > _MAX_DEPTH:
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
        target, target_index, _ = self.follow(value, index)
        return self.followed_type(target, target_index, depth)

    def followed_type(self, target: f.Val, index: Index, depth: int) -> str | None:
        """``python_type`` of what ``follow`` returned."""
        if depth > _MAX_DEPTH:
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
            return _call_type(self.symbols.dotted(target.func, index))  # type: ignore[union-attr]
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
        target, target_index, _ = self.follow(value, index)
        if type(target) is not f.Dict:
            return Payload(index.where(value.pos), (), spread=False, known=False)
        assert isinstance(target, f.Dict)
        entries, spread = self.entries(target, target_index, in_step)
        return Payload(target_index.where(target.pos), entries, spread=spread, known=True)

    def entries(
        self, mapping: f.Dict, index: Index, in_step: bool, depth: int = 0
    ) -> tuple[tuple[DictEntry, ...], bool]:
        """The keys of a dict; dicts nested deeper (or holding each other) are cut."""
        if depth > _MAX_DEPTH:
            return (), True
        entries: list[DictEntry] = []
        spread = False
        for item in mapping.items:
            key = _known(self.text(item.key, index)) if item.key is not None else None
            if key is None:
                spread = True
                continue
            entries.append(self.entry(key, item, index, in_step, depth + 1))
        return tuple(entries), spread

    def entry(
        self, key: str, item: f.DictItem, index: Index, in_step: bool, depth: int
    ) -> DictEntry:
        assert item.key is not None
        followed = self.follow(item.value, index)
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
                element_followed = self.follow(element, target_index)
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


def keywords(call: f.Call) -> dict[str, f.Val]:
    """A call's keyword arguments by name (not ``**mapping``)."""
    return {kwarg.name: kwarg.value for kwarg in call.kwargs if kwarg.name is not None}


def argument(call: f.Call, position: int, keyword: str) -> f.Val | None:
    """The argument passed at ``position`` (not counting ``*args``) or as ``keyword``."""
    positional = [arg for arg in call.args if not isinstance(arg, f.Star)]
    if len(positional) > position:
        return positional[position]
    return keywords(call).get(keyword)


def used_at(text: Text | None, where: Located) -> Text | None:
    """``text`` marked as used at ``where``, when that is in another file."""
    if text is None or text.where.path == where.path:
        return text
    return replace(text, used=where)


class _Unset:
    """``followed_value``'s caller has not computed the text."""


_UNSET = _Unset()
# Values that name nothing: ``follow`` returns them as they are.
_ENDS = {f.Lit, f.Dict, f.Seq, f.FStr, f.Call, f.BinOp, f.Await, f.Opaque, f.Star}
# Values ``follow`` may stop at before the end of a chain (its depth limit).
_NAMING = {f.Local, f.Ref, f.ImportedName, f.Attr, f.Subscript}
_SEQ_TYPES = {"list": "list", "tuple": "tuple", "set": "set"}


def _kind(value: f.Val, target: f.Val, text: Text | None) -> ExprKind:
    """How an expression was formed; ``target`` is what ``value`` follows to."""
    if text is not None:
        return "literal" if _known(text) is not None else "fstring"
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


def _known(text: Text | None) -> str | None:
    """``text.value``, quick for the common one-part text."""
    if text is None:
        return None
    parts = text.parts
    if len(parts) == 1:
        return parts[0]
    return text.value


def _subscript_name(value: f.Subscript, key: str) -> str | None:
    base = written_name(value.value)
    return f'{base}["{key}"]' if base else None


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
    if depth > _MAX_DEPTH:
        return False
    if type(value) is f.Local:
        assert isinstance(value, f.Local)
        return value.in_step or (value.value is not None and _from_step(value.value, depth + 1))
    return any(_from_step(child, depth + 1) for child in _children(value))


def _merge(parts: list[str | None]) -> list[str | None]:
    merged: list[str | None] = []
    for part in parts:
        if part is not None and merged and merged[-1] is not None:
            merged[-1] = f"{merged[-1]}{part}"
        elif part is None and merged and merged[-1] is None:
            continue
        else:
            merged.append(part)
    return merged
