"""A tiny pretty printer that splits long lines the way ``ruff format`` does.

Expressions are atoms or bracketed groups. A line that is too long is split at its last
group: first with the group's contents on one indented line (never for collection literals,
which ``ruff format`` explodes), then one item per line with a trailing comma, recursively.
A union (``A | B``, a group without brackets) splits before each ``|``.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass

# The project's ruff line length (88 is ruff's default), so the output is format-clean there.
LINE_LENGTH: ContextVar[int] = ContextVar("LINE_LENGTH", default=88)
INDENT = "    "
UNION = " | "


@dataclass(frozen=True)
class Group:
    """``open`` items ``close``: ``Field(`` ... ``)``, ``Annotated[`` ... ``]``, ``{`` ... ``}``,
    or a union ``A | B`` (no brackets, ``separator=" | "``)."""

    open: str
    items: tuple[Node, ...]
    close: str
    explode: bool = False  # a collection literal: split one item per line, never hugged
    separator: str = ", "


Node = str | Group


def union(items: tuple[Node, ...]) -> Group:
    return Group("", items, "", separator=UNION)


def is_union(node: Node) -> bool:
    return isinstance(node, Group) and node.separator == UNION


def flat(node: Node) -> str:
    if isinstance(node, str):
        return node
    return node.open + node.separator.join(flat(item) for item in node.items) + node.close


def lines(node: Node, indent: str, prefix: str = "", suffix: str = "") -> list[str]:
    """``prefix`` + ``node`` + ``suffix`` at ``indent``, split over lines when too long."""
    one_line = indent + prefix + flat(node) + suffix
    if len(one_line) <= LINE_LENGTH.get() or isinstance(node, str) or not node.items:
        return [one_line]
    if is_union(node):
        if prefix:  # an annotation: ruff puts the union in parentheses first
            return lines(Group("(", (node,), ")"), indent, prefix, suffix)
        split = []
        for i, item in enumerate(node.items):
            last = i == len(node.items) - 1
            lead = "| " if i else node.open  # a parameter's "data: " goes before the first
            split.extend(lines(item, indent, lead, suffix if last else ""))
        return split
    inner = indent + INDENT
    hugged = inner + node.separator.join(flat(item) for item in node.items)
    if len(hugged) <= LINE_LENGTH.get() and not node.explode:
        return [indent + prefix + node.open, hugged, indent + node.close + suffix]
    split = [indent + prefix + node.open]
    if len(node.items) == 1 and not node.explode:
        # No comma to split at: split the one item itself (a trailing comma would also
        # turn a one-item subscript into a tuple).
        split.extend(lines(node.items[0], inner))
    else:
        for item in node.items:
            split.extend(lines(item, inner, suffix=","))
    split.append(indent + node.close + suffix)
    return split
