"""Python source for JSON values: strings any byte can safely sit in, floats that import."""

from __future__ import annotations

import math
from typing import Any

from event_lint.codegen.layout import Group, Node

_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def encodable(text: str) -> bool:
    """False for strings holding a lone surrogate: valid in JSON, not in UTF-8 or pydantic."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def py_string(text: str) -> str:
    """A string literal as ``ruff format`` writes it: double quotes unless the text holds
    more of them than single quotes; control characters, NUL and lone surrogates escaped."""
    quote = "'" if text.count('"') > text.count("'") else '"'
    out = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif char == quote:
            out.append("\\" + char)
        elif char.isprintable() and encodable(char):
            out.append(char)
        else:
            code = ord(char)
            out.append(
                f"\\x{code:02x}"
                if code < 0x100
                else f"\\u{code:04x}"
                if code < 0x10000
                else f"\\U{code:08x}"
            )
    return quote + "".join(out) + quote


def py_literal(value: object) -> str:
    """Source text of a JSON scalar."""
    if isinstance(value, str):
        return py_string(value)
    if isinstance(value, float) and not math.isfinite(value):
        text = 'float("nan")' if math.isnan(value) else 'float("inf")'
        return "-" + text if value < 0 else text
    return repr(value).replace("e+", "e")  # 1e+308 -> 1e308, as ruff writes it


def py_node(value: Any) -> Node:
    """A JSON value as a literal that splits like ``ruff format`` splits collections."""
    if isinstance(value, dict):
        items = tuple(_entry(py_string(str(key)) + ": ", item) for key, item in value.items())
        return Group("{", items, "}", explode=True) if items else "{}"
    if isinstance(value, list):
        return (
            Group("[", tuple(py_node(item) for item in value), "]", explode=True) if value else "[]"
        )
    return py_literal(value)


def _entry(prefix: str, value: Any) -> Node:
    node = py_node(value)
    if isinstance(node, Group):
        return Group(prefix + node.open, node.items, node.close, explode=True)
    return prefix + node
