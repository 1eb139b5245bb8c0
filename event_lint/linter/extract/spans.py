"""Positions: the nodes facts point at, numbered as they are first asked for, and
turned into ``FileFacts``' span table and snippets once the walk is done."""

from __future__ import annotations

from array import array

import libcst as cst

from event_lint.linter.positions import node_offsets, places

SpanTables = tuple["array[int]", tuple[str, ...], "array[int]", "array[int]"]


class Positions:
    """Hands out the ``pos`` of a node (its index in the span table); a node asked
    for with ``snippet=True`` also keeps its source text."""

    def __init__(self) -> None:
        self.nodes: list[cst.CSTNode] = []
        self.index: dict[int, int] = {}  # id(node) -> pos
        self.snippets: set[int] = set()

    def pos(self, node: cst.CSTNode, snippet: bool = False) -> int:
        key = id(node)
        index = self.index.get(key)
        if index is None:
            index = self.index[key] = len(self.nodes)
            self.nodes.append(node)
        if snippet:
            self.snippets.add(index)
        return index

    def tables(self, tree: cst.Module) -> SpanTables:
        """``FileFacts``' span_table, snippet_roots, snippet_at and snippet_slices."""
        if not self.nodes:
            return array("H"), (), array("I"), array("I")
        code, offsets = node_offsets(tree, self.nodes)
        place = places(code, {offset for pair in offsets for offset in pair})
        flat = [n for start, end in offsets for n in (*place[start], *place[end])]
        table = array("H" if max(flat) < 1 << 16 else "I", flat)
        return (table, *_snippets(code, offsets, self.snippets))


def _snippets(
    code: str, offsets: list[tuple[int, int]], positions: set[int]
) -> tuple[tuple[str, ...], array[int], array[int]]:
    """The snippets of ``positions`` as ``FileFacts`` stores them: root texts, then
    each position as a slice of the first root that contains it."""
    ranges = sorted((start, -end, pos) for pos in positions for start, end in (offsets[pos],))
    roots: list[str] = []
    slices: dict[int, tuple[int, int, int]] = {}
    root_start = root_end = -1
    for start, negative_end, pos in ranges:
        end = -negative_end
        if not root_start <= start <= end <= root_end:
            roots.append(code[start:end])
            root_start, root_end = start, end
        slices[pos] = (len(roots) - 1, start - root_start, end - root_start)
    at = sorted(slices)
    flat = [n for pos in at for n in slices[pos]]
    return tuple(roots), array("I", at), array("I", flat)
