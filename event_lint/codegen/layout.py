"""A tiny pretty printer that splits long lines the way ``ruff format`` does.

Expressions are atoms or bracketed groups. A line that is too long is split at its last
group: first with the group's contents on one indented line, then one item per line with a
trailing comma, recursively.
"""

from __future__ import annotations

from dataclasses import dataclass

LINE_LENGTH = 88  # ruff's default, so the output is clean in most projects
INDENT = "    "


@dataclass(frozen=True)
class Group:
    """``open`` items ``close``: ``Field(`` ... ``)`` or ``Annotated[`` ... ``]``."""

    open: str
    items: tuple[Node, ...]
    close: str


Node = str | Group


def flat(node: Node) -> str:
    if isinstance(node, str):
        return node
    return node.open + ", ".join(flat(item) for item in node.items) + node.close


def lines(node: Node, indent: str, prefix: str = "", suffix: str = "") -> list[str]:
    """``prefix`` + ``node`` + ``suffix`` at ``indent``, split over lines when too long."""
    one_line = indent + prefix + flat(node) + suffix
    if len(one_line) <= LINE_LENGTH or isinstance(node, str) or not node.items:
        return [one_line]
    inner = indent + INDENT
    hugged = inner + ", ".join(flat(item) for item in node.items)
    if len(hugged) <= LINE_LENGTH:
        return [indent + prefix + node.open, hugged, indent + node.close + suffix]
    split = [indent + prefix + node.open]
    if len(node.items) == 1:
        # No comma to split at: split the one item itself (a trailing comma would also
        # turn a one-item subscript into a tuple).
        split.extend(lines(node.items[0], inner))
    else:
        for item in node.items:
            split.extend(lines(item, inner, suffix=","))
    split.append(indent + node.close + suffix)
    return split
