"""Partial evaluation of fact values: the value behind a name, texts and JSON-like
values (``payloads.py`` builds the model's ``Expr`` and ``Payload`` from them)."""

from __future__ import annotations

from dataclasses import replace

from event_lint.linter import facts as f
from event_lint.linter.model import UNKNOWN, Text
from event_lint.linter.resolve.symbols import Index, Symbols, ValueSym, written_name

MAX_DEPTH = 40  # chains of names and nested values longer than this are cut


class Evaluator:
    """What a value is, following locals, constants and imports."""

    def __init__(self, symbols: Symbols) -> None:
        self.symbols = symbols

    # -- following names to the value they hold ----------------------------------

    def follow(self, value: f.Val, index: Index, depth: int = 0) -> tuple[f.Val, Index, str | None]:
        """The value behind locals and constants: (value, its file, the constant's name)."""
        if type(value) in _ENDS:
            return value, index, None
        via: str | None = None
        while depth < MAX_DEPTH:
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
        key = self.known(value.index, index)
        if not isinstance(mapping, f.Dict) or key is None:
            return None
        for item in mapping.items:
            if item.key is not None and self.known(item.key, mapping_index) == key:
                return item.value, mapping_index, key
        return None

    # -- text ----------------------------------------------------------------------

    def text(self, value: f.Val | None, index: Index) -> Text | None:
        """The string a value holds, known in parts; None when nothing of it is known
        (or there is no value: an argument not passed)."""
        if value is None:
            return None
        target, target_index, via = self.follow(value, index)
        return used_at(self.followed_text(target, target_index, via), index, value.pos)

    def known(self, value: f.Val | None, index: Index) -> str | None:
        """``text(value).value``: a dict key, say. Most are literals: read without
        building a ``Text`` only to drop it."""
        if type(value) is f.Lit:
            literal = value.value
            return literal if type(literal) is str else None
        return known_text(self.text(value, index))

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
        if depth > MAX_DEPTH:
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
        if depth > MAX_DEPTH:
            return UNKNOWN
        kind = type(target)
        if kind is f.Lit:
            return target.value  # type: ignore[union-attr]
        if kind is f.Dict:
            assert isinstance(target, f.Dict)
            result: dict[str, object] = {}
            for item in target.items:
                key = self.known(item.key, index)
                if key is not None:
                    result[key] = self.value(item.value, index, depth + 1)
            return result
        if kind is f.Seq:
            assert isinstance(target, f.Seq)
            if target.kind in ("list", "tuple") and target.literal:
                return [self.value(item, index, depth + 1) for item in target.items]
        if isinstance(text, _Unset) or kind in _NAMING:  # a cut-short chain may go on
            text = self.text(target, index)
        known = known_text(text)
        return UNKNOWN if known is None else known


def keywords(call: f.Call) -> dict[str, f.Val]:
    """A call's keyword arguments by name (not ``**mapping``)."""
    return {kwarg.name: kwarg.value for kwarg in call.kwargs if kwarg.name is not None}


def argument(call: f.Call, position: int, keyword: str) -> f.Val | None:
    """The argument passed at ``position`` (not counting ``*args``) or as ``keyword``."""
    positional = [arg for arg in call.args if not isinstance(arg, f.Star)]
    if len(positional) > position:
        return positional[position]
    return keywords(call).get(keyword)


def used_at(text: Text | None, index: Index, pos: int) -> Text | None:
    """``text`` marked as used at ``pos`` of ``index``'s file, when that is another file."""
    if text is None or text.where.path == index.path:
        return text
    return replace(text, used=index.where(pos))


class _Unset:
    """``followed_value``'s caller has not computed the text."""


_UNSET = _Unset()
# Values that name nothing: ``follow`` returns them as they are.
_ENDS = {f.Lit, f.Dict, f.Seq, f.FStr, f.Call, f.BinOp, f.Await, f.Opaque, f.Star}
# Values ``follow`` may stop at before the end of a chain (its depth limit).
_NAMING = {f.Local, f.Ref, f.ImportedName, f.Attr, f.Subscript}


def known_text(text: Text | None) -> str | None:
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
