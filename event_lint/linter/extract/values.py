"""libcst expressions -> ``Val`` trees, with names bound as far as one file can tell.

Literal values are read without ``ast.literal_eval`` (and libcst's ``evaluated_value``,
which calls it): its nested closures are reference cycles, garbage that only the
cycle collector frees, and the engine runs with the collector off.
"""

from __future__ import annotations

import ast
import warnings
from collections.abc import Callable
from sys import intern
from typing import Any

import libcst as cst

from event_lint.linter.extract.scopes import FunctionScope, ModuleScope, Scope, binding_scope
from event_lint.linter.extract.shapes import is_step_result
from event_lint.linter.extract.spans import Positions
from event_lint.linter.extract.tree import calls_inside, target_names
from event_lint.linter.facts import (
    Attr,
    Await,
    BinOp,
    Call,
    Dict,
    DictItem,
    FStr,
    ImportedName,
    Kwarg,
    Lit,
    Local,
    Opaque,
    Ref,
    Seq,
    SeqKind,
    Star,
    Subscript,
    Val,
)

_BINARY_OPS = {
    cst.Add: "+",
    cst.Subtract: "-",
    cst.Multiply: "*",
    cst.Divide: "/",
    cst.FloorDivide: "//",
    cst.Modulo: "%",
    cst.Power: "**",
    cst.MatrixMultiply: "@",
    cst.BitOr: "|",
    cst.BitAnd: "&",
    cst.BitXor: "^",
    cst.LeftShift: "<<",
    cst.RightShift: ">>",
}
_QUOTES = ("'", '"')
_CONSTANTS = {"True": True, "False": False, "None": None}
_MAX_CONSTANT_NODES = 5000  # a bigger module constant (a docs table) is kept opaque


class _TooBig(Exception):
    """A module constant too large to be worth evaluating."""


class ValueConverter:
    """Converts expressions once each (a node's value is memoized by identity)."""

    def __init__(self, positions: Positions, module: ModuleScope) -> None:
        self.pos = positions.pos
        self.module = module
        self.memo: dict[int, Val] = {}
        self.budget: int | None = None  # nodes left, while converting a module constant
        self.comprehension_names: set[str] = set()

    def module_constant(self, node: cst.BaseExpression) -> Val:
        """The value of a module-level assignment; opaque when it is too big."""
        self.budget = _MAX_CONSTANT_NODES
        try:
            return self.val(node, None)
        except _TooBig:
            return Opaque(self.pos(node))
        finally:
            self.budget = None

    def val(self, node: cst.CSTNode, scope: Scope) -> Val:
        cached = self.memo.get(id(node))
        if cached is not None:
            return cached
        if self.budget is not None:
            self.budget -= 1
            if self.budget < 0:
                raise _TooBig
        try:
            value = self.convert(node, scope)
        except RecursionError:
            value = Opaque(self.pos(node))
        self.memo[id(node)] = value
        return value

    def convert(self, node: cst.CSTNode, scope: Scope) -> Val:
        pos = self.pos(node)
        # By exact type: isinstance against libcst's classes goes through ABCMeta.
        convert = _CONVERTERS.get(type(node))
        value = convert(self, node, pos, scope) if convert is not None else None
        if value is None:
            return Opaque(pos, tuple(self.val(call, scope) for call in calls_inside(node)))
        return value

    def simple_string_val(self, node: cst.SimpleString, pos: int, scope: Scope) -> Val:
        literal = string_value(node)
        return Lit(pos, intern(literal)) if isinstance(literal, str) else Opaque(pos)

    def number_val(self, node: cst.Integer | cst.Float, pos: int, scope: Scope) -> Val:
        return Lit(pos, _number(node))

    def attribute_val(self, node: cst.Attribute, pos: int, scope: Scope) -> Val:
        return Attr(pos, self.val(node.value, scope), intern(node.attr.value))

    def binary_val(self, node: cst.BinaryOperation, pos: int, scope: Scope) -> Val:
        op = _BINARY_OPS.get(type(node.operator), "?")
        return BinOp(pos, op, self.val(node.left, scope), self.val(node.right, scope))

    def dict_val(self, node: cst.Dict, pos: int, scope: Scope) -> Val:
        return Dict(pos, tuple(self.dict_item(element, scope) for element in node.elements))

    def seq_val(self, node: cst.List | cst.Tuple | cst.Set, pos: int, scope: Scope) -> Val:
        kind = _SEQ_KINDS[type(node)]
        return Seq(pos, kind, tuple(self.element_val(e, scope) for e in node.elements))

    def subscript_val(self, node: cst.Subscript, pos: int, scope: Scope) -> Val | None:
        if len(node.slice) == 1:
            index = node.slice[0].slice
            if isinstance(index, cst.Index):
                return Subscript(pos, self.val(node.value, scope), self.val(index.value, scope))
        return None

    def await_val(self, node: cst.Await, pos: int, scope: Scope) -> Val:
        return Await(pos, self.val(node.expression, scope))

    def unary_val(self, node: cst.UnaryOperation, pos: int, scope: Scope) -> Val | None:
        if isinstance(node.operator, cst.Minus):
            inner = self.val(node.expression, scope)
            if isinstance(inner, Lit) and isinstance(inner.value, (int, float)):
                return Lit(pos, -inner.value)
        return None

    def lambda_val(self, node: cst.Lambda, pos: int, scope: Scope) -> Val:
        return Opaque(pos)

    def name_val(self, node: cst.Name, pos: int, scope: Scope) -> Val:
        name = intern(node.value)
        if name in _CONSTANTS:
            return Lit(pos, _CONSTANTS[name])
        if name in self.comprehension_names:
            return Local(pos, name)
        owner = binding_scope(name, scope)
        if owner is not None:
            return self.local_val(name, pos, owner)
        if self.module.kinds.get(name) == "import":
            imported = self.module.imports[name]
            return ImportedName(pos, imported.module, imported.name)
        return Ref(pos, name)

    def local_val(self, name: str, pos: int, scope: FunctionScope) -> Val:
        if name in scope.imports:
            imported = scope.imports[name]
            return ImportedName(pos, imported.module, imported.name)
        if name in scope.params:
            return Local(pos, name, annotation=scope.params[name], is_param=True)
        assigned = scope.assigned.get(name, [])
        if len(assigned) != 1 or assigned[0] is None or name in scope.converting:
            return Local(pos, name)
        source = assigned[0]
        scope.converting.add(name)
        try:
            value = self.val(source, scope)
        finally:
            scope.converting.discard(name)
        if name in scope.appended and isinstance(value, Seq) and value.kind == "list":
            value = self.appended_list(value, scope.appended[name], scope)
        return Local(pos, name, value=value, in_step=is_step_result(source))

    def appended_list(
        self, initial: Seq, appended: list[tuple[cst.BaseExpression, bool]], scope: FunctionScope
    ) -> Seq:
        items = list(initial.items)
        for item, is_extend in appended:
            value = self.val(item, scope)
            items.append(Star(value.pos, value) if is_extend else value)
        return Seq(initial.pos, "list", tuple(items), literal=False)

    def call_val(self, node: cst.Call, pos: int, scope: Scope) -> Call:
        args: list[Val] = []
        kwargs: list[Kwarg] = []
        for arg in node.args:
            value = self.val(arg.value, scope)
            if arg.keyword is not None:
                kwargs.append(Kwarg(intern(arg.keyword.value), self.pos(arg.keyword), value))
            elif arg.star == "**":
                kwargs.append(Kwarg(None, self.pos(arg), value))
            elif arg.star == "*":
                args.append(Star(self.pos(arg), value))
            else:
                args.append(value)
        return Call(pos, self.val(node.func, scope), tuple(args), tuple(kwargs))

    def dict_item(self, element: cst.BaseDictElement, scope: Scope) -> DictItem:
        if isinstance(element, cst.DictElement):
            return DictItem(self.val(element.key, scope), self.val(element.value, scope))
        assert isinstance(element, cst.StarredDictElement)
        return DictItem(None, self.val(element.value, scope))

    def element_val(self, element: cst.BaseElement, scope: Scope) -> Val:
        value = self.val(element.value, scope)
        if isinstance(element, cst.StarredElement):
            return Star(self.pos(element), value)
        return value

    def comprehension_val(
        self, node: cst.ListComp | cst.GeneratorExp, pos: int, scope: Scope
    ) -> Val:
        names: set[str] = set()
        clause: cst.CompFor | None = node.for_in
        while clause is not None:
            names.update(target_names(clause.target))
            clause = clause.inner_for_in
        added = names - self.comprehension_names
        self.comprehension_names |= added
        try:
            element = self.val(node.elt, scope)
        finally:
            self.comprehension_names -= added
        kind: SeqKind = "comprehension" if isinstance(node, cst.ListComp) else "generator"
        return Seq(pos, kind, (element,), literal=False)

    def string_val(self, node: cst.BaseExpression, pos: int, scope: Scope) -> Val:
        parts: list[str | Val] = []
        stack: list[cst.CSTNode] = [node]
        while stack:  # iterative: thousands of adjacent literals must not recurse
            current = stack.pop()
            if isinstance(current, cst.ConcatenatedString):
                stack.append(current.right)
                stack.append(current.left)
            elif isinstance(current, cst.SimpleString):
                literal = string_value(current)
                if not isinstance(literal, str):
                    return Opaque(pos)
                parts.append(literal)
            elif isinstance(current, cst.FormattedString):
                parts.extend(self.fstring_parts(current, scope))
            else:
                return Opaque(pos)
        merged = _merge_text(parts)
        if len(merged) == 1 and isinstance(merged[0], str):
            return Lit(pos, intern(merged[0]))
        return FStr(pos, tuple(intern(p) if isinstance(p, str) else p for p in merged))

    def fstring_parts(self, node: cst.FormattedString, scope: Scope) -> list[str | Val]:
        prefix = node.prefix.lower().replace("f", "")
        quote = node.quote
        parts: list[str | Val] = []
        for part in node.parts:
            if isinstance(part, cst.FormattedStringText):
                parts.append(_unescape(part.value, prefix, quote))
            elif isinstance(part, cst.FormattedStringExpression):
                parts.append(self.val(part.expression, scope))
        return parts


def _number(node: cst.Integer | cst.Float) -> int | float:
    text = node.value.replace("_", "")
    return int(text, 0) if isinstance(node, cst.Integer) else float(text)


def _literal(code: str) -> object:
    """The value of one string literal token (prefix and quotes included), or None
    when Python rejects it (``"\\N{NO SUCH NAME}"``)."""
    with warnings.catch_warnings():  # "invalid escape sequence" is not ours to print
        warnings.simplefilter("ignore")
        try:
            expression = ast.parse(code, mode="eval").body
        except (SyntaxError, ValueError):
            return None
    return expression.value if isinstance(expression, ast.Constant) else None


def string_value(node: cst.SimpleString) -> str | bytes | None:
    """The string's value; the common case (no escapes, no bytes) without parsing."""
    code = node.value
    if "\\" not in code:
        # A prefix has at most two letters; libcst's prefix, quote and raw_value
        # properties loop over the characters in Python.
        start = 0 if code[0] in _QUOTES else 1 if code[1] in _QUOTES else 2
        if "b" not in code[:start].lower():
            quote = code[start]
            triple = len(code) - start >= 6 and code[start + 1] == code[start + 2] == quote
            width = 3 if triple else 1
            return code[start + width : -width]
    value = _literal(code)
    return value if isinstance(value, (str, bytes)) else None


def _unescape(raw: str, prefix: str, quote: str) -> str:
    text = raw.replace("{{", "{").replace("}}", "}")
    if "\\" not in text:
        return text
    value = _literal(f"{prefix}{quote}{text}{quote}")
    return value if isinstance(value, str) else text


def _merge_text(parts: list[str | Val]) -> list[str | Val]:
    merged: list[str | Val] = []
    for part in parts:
        if isinstance(part, str) and merged and isinstance(merged[-1], str):
            merged[-1] += part
        else:
            merged.append(part)
    return merged or [""]


_SEQ_KINDS: dict[type, SeqKind] = {cst.List: "list", cst.Tuple: "tuple", cst.Set: "set"}
# The conversion of each node type; None (or no entry) makes it opaque.
_CONVERTERS: dict[type, Callable[[ValueConverter, Any, int, Scope], Val | None]] = {
    cst.SimpleString: ValueConverter.simple_string_val,
    cst.Integer: ValueConverter.number_val,
    cst.Float: ValueConverter.number_val,
    cst.Name: ValueConverter.name_val,
    cst.Attribute: ValueConverter.attribute_val,
    cst.Call: ValueConverter.call_val,
    cst.FormattedString: ValueConverter.string_val,
    cst.ConcatenatedString: ValueConverter.string_val,
    cst.BinaryOperation: ValueConverter.binary_val,
    cst.Dict: ValueConverter.dict_val,
    cst.List: ValueConverter.seq_val,
    cst.Tuple: ValueConverter.seq_val,
    cst.Set: ValueConverter.seq_val,
    cst.ListComp: ValueConverter.comprehension_val,
    cst.GeneratorExp: ValueConverter.comprehension_val,
    cst.Subscript: ValueConverter.subscript_val,
    cst.Await: ValueConverter.await_val,
    cst.UnaryOperation: ValueConverter.unary_val,
    cst.Lambda: ValueConverter.lambda_val,
}
