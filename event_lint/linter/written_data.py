"""The event data as the code writes it: a tree of objects, arrays and values, each
known or not, each with the place it is written; and how a value is shown in a message.

``payload.py`` walks a schema alongside this tree.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Literal

from event_lint.linter.model import UNKNOWN, DictEntry, Expr, Located, Payload

_PYTHON_TO_JSON_TYPE = {
    "str": "string",
    "bool": "boolean",
    "int": "integer",
    "dict": "object",
    "list": "array",
}


@dataclass
class DataNode:
    """A value in the written data: an object, an array, or any other value.

    ``complete`` says the key set (object) or the length (array) is known.
    """

    kind: Literal["object", "array", "value"]
    where: Located
    value: object  # the JSON-like evaluation, UNKNOWN where not known
    source: str
    python_type: str | None = None
    complete: bool = True
    keys: dict[str, tuple[Located, DataNode]] = field(default_factory=dict)
    items: list[DataNode] = field(default_factory=list)


def data_tree(payload: Payload) -> DataNode:
    node = DataNode("object", payload.where, UNKNOWN, "", complete=not payload.spread)
    node.keys = {entry.key: (entry.key_where, _node_from_entry(entry)) for entry in payload.entries}
    node.value = _value_of(node)
    return node


def _node_from_entry(entry: DictEntry) -> DataNode:
    expr = entry.value
    if entry.children or isinstance(expr.value, dict):
        return _object_node(expr, entry.children)
    if entry.items or isinstance(expr.value, list):
        return _array_node(expr, entry.items)
    return _node_from_expr(expr)


def _object_node(expr: Expr, children: tuple[DictEntry, ...]) -> DataNode:
    if not children and isinstance(expr.value, dict):
        return _node_from_value(expr.value, expr)
    node = DataNode("object", expr.where, expr.value, expr.source, "dict")
    node.keys = {child.key: (child.key_where, _node_from_entry(child)) for child in children}
    # A nested ``**spread`` leaves no mark on the entries: only a dict value whose keys
    # are exactly the entries, in a source without ``**``, has a known key set.
    node.complete = (
        isinstance(expr.value, dict)
        and set(expr.value) == set(node.keys)
        and "**" not in expr.source
    )
    return node


def _array_node(expr: Expr, items: tuple[tuple[DictEntry, ...] | Expr, ...]) -> DataNode:
    if not items and isinstance(expr.value, list):
        return _node_from_value(expr.value, expr)
    node = DataNode("array", expr.where, expr.value, expr.source, "list")
    # With a ``*starred`` element the indexes of the items seen are not their real ones.
    node.complete = isinstance(expr.value, list) and len(expr.value) == len(items)
    node.items = [_item_node(item, expr, index) for index, item in enumerate(items)]
    return node


def _item_node(item: tuple[DictEntry, ...] | Expr, array: Expr, index: int) -> DataNode:
    if isinstance(item, Expr):
        return _node_from_expr(item)
    # A dict literal in a list: the model keeps its entries, not its own position,
    # so it is shown at its first key.
    where = item[0].key_where if item else array.where
    written = (
        array.value[index] if isinstance(array.value, list) and index < len(array.value) else None
    )
    node = DataNode(
        "object", where, written if written is not None else UNKNOWN, array.source, "dict"
    )
    node.keys = {entry.key: (entry.key_where, _node_from_entry(entry)) for entry in item}
    node.complete = (
        isinstance(written, dict) and set(written) == set(node.keys) and "**" not in array.source
    )
    return node


def _node_from_expr(expr: Expr) -> DataNode:
    if isinstance(expr.value, (dict, list)):
        return _node_from_value(expr.value, expr)
    return DataNode("value", expr.where, expr.value, _written(expr), expr.python_type)


def _written(expr: Expr) -> str:
    """The expression as written, or its string with ``{...}`` for unknown parts."""
    if expr.source or expr.text is None:
        return expr.source
    return expr.text.quoted


def _node_from_value(value: object, expr: Expr) -> DataNode:
    """A dict or list known only as a value (a name bound to a literal): every part is
    shown where the expression is written."""
    if isinstance(value, dict):
        node = DataNode("object", expr.where, value, expr.source, "dict")
        node.keys = {str(k): (expr.where, _node_from_value(v, expr)) for k, v in value.items()}
        return node
    if isinstance(value, list):
        node = DataNode("array", expr.where, value, expr.source, "list")
        node.items = [_node_from_value(item, expr) for item in value]
        return node
    return DataNode(
        "value", expr.where, value, json.dumps(value) if is_known(value) else expr.source
    )


def _value_of(node: DataNode) -> object:
    if node.kind == "object":
        if not node.complete:
            return UNKNOWN
        return {key: _value_of(child) for key, (_, child) in node.keys.items()}
    return node.value


def is_known(value: object) -> bool:
    if isinstance(value, dict):
        return all(is_known(v) for v in value.values())
    if isinstance(value, list):
        return all(is_known(v) for v in value)
    return value is not UNKNOWN


def describe(node: DataNode) -> str:
    """``string "10.00"``: the JSON type and the value as written."""
    if node.kind in ("object", "array"):
        return node.kind
    if is_known(node.value):
        return f"{_json_type(node.value)} {shown_value(node)}"
    kind = _PYTHON_TO_JSON_TYPE.get(node.python_type or "", "value")
    return f"{kind} {shown_value(node)}" if node.source else f"a {kind}"


def shown_value(node: DataNode) -> str:
    """The value as JSON when it is known, else as written; shortened."""
    text = json_text(node.value) if is_known(node.value) else node.source
    return text if len(text) <= _SHOWN_LIMIT else text[: _SHOWN_LIMIT - 3] + "..."


_SHOWN_LIMIT = 40


def json_text(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def _json_type(value: object) -> str:
    if isinstance(value, bool):
        return "boolean"
    for python_type, name in (
        (str, "string"),
        (int, "integer"),
        (float, "number"),
        (list, "array"),
        (dict, "object"),
    ):
        if isinstance(value, python_type):
            return name
    return "null"
