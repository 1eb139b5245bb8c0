"""Positions: the nodes facts point at, numbered as they are first asked for, and
turned into ``FileFacts``' span table and snippets once the walk is done."""

from __future__ import annotations

import itertools
from array import array

import libcst as cst

from event_lint.diagnostics import Span
from event_lint.linter.positions import node_spans, split_lines

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

    def tables(self, tree: cst.Module, text: str) -> SpanTables:
        """``FileFacts``' span_table, snippet_roots, snippet_at and snippet_slices."""
        spans = node_spans(tree, self.nodes)
        roots, snippet_at, snippet_slices = _snippets(text, spans, self.snippets)
        return _span_table(spans), roots, snippet_at, snippet_slices


def _span_table(spans: list[Span]) -> array[int]:
    flat = [n for span in spans for n in (span.line, span.col, span.end_line, span.end_col)]
    return array("H" if max(flat, default=0) < 1 << 16 else "I", flat)


def _snippets(
    text: str, spans: list[Span], positions: set[int]
) -> tuple[tuple[str, ...], array[int], array[int]]:
    """The snippets of ``positions`` as ``FileFacts`` stores them: root texts, then
    each position as a slice of the first root that contains it."""
    line_starts = [0, *itertools.accumulate(map(len, split_lines(text)))]

    def offset(line: int, col: int) -> int:
        return line_starts[line - 1] + col - 1

    ranges = sorted(
        (offset(span.line, span.col), -offset(span.end_line, span.end_col), pos)
        for pos in positions
        for span in (spans[pos],)
    )
    roots: list[str] = []
    slices: dict[int, tuple[int, int, int]] = {}
    root_start = root_end = -1
    for start, negative_end, pos in ranges:
        end = -negative_end
        if not root_start <= start <= end <= root_end:
            roots.append(text[start:end])
            root_start, root_end = start, end
        slices[pos] = (len(roots) - 1, start - root_start, end - root_start)
    at = sorted(slices)
    flat = [n for pos in at for n in slices[pos]]
    return tuple(roots), array("I", at), array("I", flat)
