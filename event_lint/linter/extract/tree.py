"""Moving around a libcst tree: the children a walk enters, and small shape helpers.

A walk visits each node type's child fields directly (no ``CSTVisitor``: its
dispatch costs more than the parse) and skips the fields that never hold code.
"""

from __future__ import annotations

import dataclasses

import libcst as cst

# Child fields that never hold code: whitespace, punctuation, comments.
_SKIPPED_FIELD_WORDS = ("whitespace", "lpar", "rpar", "comma", "leading_lines", "lines_after")
_SKIPPED_FIELDS = {
    "semicolon",
    "colon",
    "header",
    "footer",
    "equal",
    "operator",
    "asynchronous",
    "dot",
    "lbracket",
    "rbracket",
    "lbrace",
    "rbrace",
    "arrow",
    "star_tok",
}
# Nodes that hold nothing any walk looks for (calls, bindings, definitions, ...).
_LEAVES = (
    cst.Name,
    cst.Integer,
    cst.Float,
    cst.Imaginary,
    cst.SimpleString,
    cst.FormattedStringText,
    cst.Ellipsis,
    cst.Pass,
    cst.Break,
    cst.Continue,
    cst.ImportStar,
    cst.BaseParenthesizableWhitespace,
    cst.EmptyLine,
    cst.Newline,
    cst.TrailingWhitespace,
    cst.Comment,
    cst.Dot,
)

_field_cache: dict[type, tuple[str, ...]] = {}


def _child_fields(node_type: type) -> tuple[str, ...]:
    cached = _field_cache.get(node_type)
    if cached is None:
        all_names = [field.name for field in dataclasses.fields(node_type)]
        names = [
            name
            for name in all_names
            if name not in _SKIPPED_FIELDS and not any(w in name for w in _SKIPPED_FIELD_WORDS)
        ]
        cached = _field_cache[node_type] = tuple(names)
    return cached


class _WalkedTypes(dict[type, bool]):
    """Whether a value of each type is a node that may hold something of interest;
    isinstance against libcst's abstract base classes is slow, so the answer is
    worked out once per type."""

    def __missing__(self, kind: type) -> bool:
        known = self[kind] = issubclass(kind, cst.CSTNode) and not issubclass(kind, _LEAVES)
        return known


_WALKED = _WalkedTypes()


def children(node: cst.CSTNode) -> list[cst.CSTNode]:
    """The child nodes a walk must enter, in source order."""
    found: list[cst.CSTNode] = []
    walked = _WALKED
    for name in _field_cache.get(type(node)) or _child_fields(type(node)):
        value = getattr(node, name)
        kind = type(value)
        if kind is tuple or kind is list:
            found += [item for item in value if walked[type(item)]]
        elif walked[kind]:
            found.append(value)
    return found


def calls_inside(node: cst.CSTNode) -> list[cst.Call]:
    """The outermost calls inside ``node`` (not inside lambdas)."""
    found: list[cst.Call] = []
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, cst.Call) and current is not node:
            found.append(current)
        elif not isinstance(current, cst.Lambda):
            stack.extend(children(current))
    return found


def all_params(params: cst.Parameters) -> list[cst.Param]:
    found = [*params.posonly_params, *params.params, *params.kwonly_params]
    for star in (params.star_arg, params.star_kwarg):
        if isinstance(star, cst.Param):
            found.append(star)
    return found


def dotted(node: cst.CSTNode) -> str:
    """``a.b.c`` of a dotted name; empty for anything else."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return f"{dotted(node.value)}.{node.attr.value}"
    return ""


def root_name(node: cst.Name | cst.Attribute) -> str | None:
    """``a`` of ``a``, ``a.b`` or ``a.b.c``: the name a dotted call starts with."""
    current: cst.BaseExpression = node
    while isinstance(current, cst.Attribute):
        current = current.value
    return current.value if isinstance(current, cst.Name) else None


def target_names(target: cst.CSTNode) -> list[str]:
    """The names an assignment target binds (``a``, ``a, *b``, ``[a, b]``)."""
    if isinstance(target, cst.Name):
        return [target.value]
    if isinstance(target, (cst.Tuple, cst.List)):
        return [name for element in target.elements for name in target_names(element.value)]
    if isinstance(target, cst.StarredElement):
        return target_names(target.value)
    return []
