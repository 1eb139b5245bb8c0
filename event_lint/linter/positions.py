"""Source spans of chosen libcst nodes, in one code-generation pass.

libcst's ``PositionProvider`` computes a range for every node of the tree and costs
about four times the parse. We only need the few nodes that facts point at, so a
``CodegenState`` subclass notes how many tokens were generated when each wanted
node's syntactic range (libcst's ``record_syntactic_position``) starts and ends; the
counts become character offsets, then 1-based lines and columns (columns count
characters, not bytes). The state
has no per-node hooks (``before_codegen``/``after_codegen`` run for every node of
the tree: a fifth of the pass); a node without a syntactic range, which extraction
never asks for today, sends the file through a second pass that has them. During the
pass, expressions open their parentheses without a generator (``_plain_parentheses``).
"""

from __future__ import annotations

import bisect
import itertools
import re
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import libcst as cst
from libcst._nodes.expression import _BaseParenthesizedNode
from libcst._nodes.internal import CodegenState

from event_lint.diagnostics import Span

_NEWLINE = re.compile(r"\r\n?|\n")
# Deeply nested trees (thousands of adjacent string literals) overflow the default
# recursion limit during code generation; retry in a thread with a big stack.
_DEEP_RECURSION_LIMIT = 200_000
_DEEP_STACK_BYTES = 512 * 1024 * 1024


@dataclass
class _MarkingState(CodegenState):
    wanted: set[int] = field(default_factory=set)
    marks: dict[int, tuple[int, int]] = field(default_factory=dict)  # id -> token indices

    def restart(self) -> None:
        self.tokens.clear()
        self.indent_tokens.clear()
        self.marks.clear()

    def record_syntactic_position(  # type: ignore[override]
        self,
        node: cst.CSTNode,
        *,
        start_node: cst.CSTNode | None = None,
        end_node: cst.CSTNode | None = None,
    ) -> AbstractContextManager[None]:
        # Called for most nodes: a shared no-op for the unwanted ones, no generator.
        key = id(node)
        return _Mark(self, key) if key in self.wanted else _NO_MARK


@dataclass
class _OuterMarkingState(_MarkingState):
    """Also marks the outer range (whitespace and commas included) of wanted nodes
    that have no syntactic range."""

    _outer_starts: dict[int, int] = field(default_factory=dict)

    def before_codegen(self, node: cst.CSTNode) -> None:
        key = id(node)
        if key in self.wanted:
            self._outer_starts[key] = len(self.tokens)

    def after_codegen(self, node: cst.CSTNode) -> None:
        key = id(node)
        if key in self.wanted and key not in self.marks:
            self.marks[key] = (self._outer_starts[key], len(self.tokens))


class _Mark:
    """Notes the tokens a wanted node's syntactic range covers (tokens are only
    appended, so their count is where the code generated so far ends; the counts
    become character offsets once, at the end)."""

    __slots__ = ("key", "start", "state")

    def __init__(self, state: _MarkingState, key: int) -> None:
        self.state = state
        self.key = key
        self.start = 0

    def __enter__(self) -> None:
        self.start = len(self.state.tokens)

    def __exit__(self, kind: type[BaseException] | None, *rest: object) -> None:
        if kind is None:
            self.state.marks[self.key] = (self.start, len(self.state.tokens))


_NO_MARK = nullcontext()


class Marked(NamedTuple):
    """The module's code and, for each node asked for, the character offsets its
    syntactic range starts and ends at."""

    code: str
    offsets: list[tuple[int, int]]


def node_offsets(module: cst.Module, nodes: Sequence[cst.CSTNode]) -> Marked:
    """Where each node is in the code (whitespace and parentheses excluded), in order."""
    wanted = {id(node) for node in nodes}
    state = _MarkingState(module.default_indent, module.default_newline, wanted=wanted)
    _run_codegen(module, state)
    if len(state.marks) < len(wanted):  # a node without a syntactic range
        state = _OuterMarkingState(module.default_indent, module.default_newline, wanted=wanted)
        _run_codegen(module, state)
    tokens = state.tokens
    ends = [0, *itertools.accumulate(map(len, tokens))]  # token index -> character offset
    marks = state.marks
    offsets = [(ends[start], ends[end]) for start, end in map(marks.__getitem__, map(id, nodes))]
    return Marked("".join(tokens), offsets)


def node_spans(module: cst.Module, nodes: Sequence[cst.CSTNode]) -> list[Span]:
    """The span of each node (whitespace and parentheses excluded), in order."""
    if not nodes:
        return []
    code, offsets = node_offsets(module, nodes)
    place = places(code, {offset for pair in offsets for offset in pair})
    return [Span(*place[start], *place[end]) for start, end in offsets]


def _run_codegen(module: cst.Module, state: _MarkingState) -> None:
    with _plain_parentheses():
        try:
            module._codegen(state)
        except RecursionError:
            state.restart()
            _in_deep_thread(lambda: module._codegen(state))


class _Parentheses:
    """An expression's parentheses around its syntactic range, as libcst's
    ``_parenthesize`` writes them."""

    __slots__ = ("node", "range", "state")

    def __init__(self, node: _BaseParenthesizedNode, state: CodegenState) -> None:
        self.node = node
        self.state = state
        self.range = state.record_syntactic_position(node)

    def __enter__(self) -> None:
        for lpar in self.node.lpar:
            lpar._codegen(self.state)
        self.range.__enter__()

    def __exit__(self, kind: type[BaseException] | None, *rest: Any) -> None:
        self.range.__exit__(kind, *rest)
        if kind is None:
            for rpar in self.node.rpar:
                rpar._codegen(self.state)


def _parenthesize(
    self: _BaseParenthesizedNode, state: CodegenState
) -> AbstractContextManager[None]:
    if self.lpar or self.rpar:
        return _Parentheses(self, state)
    return state.record_syntactic_position(self)  # most expressions: nothing around them


@contextmanager
def _plain_parentheses() -> Iterator[None]:
    """libcst's ``_BaseParenthesizedNode._parenthesize`` as a plain context manager:
    the same tokens and the same ``record_syntactic_position`` calls, in the same
    order, for any state (so other threads lose nothing), without a generator per
    expression (a quarter of the pass)."""
    generator_based = _BaseParenthesizedNode._parenthesize
    _BaseParenthesizedNode._parenthesize = _parenthesize  # type: ignore[assignment]
    try:
        yield
    finally:
        _BaseParenthesizedNode._parenthesize = generator_based  # type: ignore[method-assign]


def _in_deep_thread(work: Any) -> None:
    """Run ``work()`` in a thread with a large stack and a raised recursion limit."""
    failure: list[BaseException] = []

    def target() -> None:
        old_limit = sys.getrecursionlimit()
        sys.setrecursionlimit(max(old_limit, _DEEP_RECURSION_LIMIT))
        try:
            work()
        except BaseException as error:  # re-raised in the caller's thread
            failure.append(error)
        finally:
            sys.setrecursionlimit(old_limit)

    old_size = threading.stack_size(_DEEP_STACK_BYTES)
    try:
        thread = threading.Thread(target=target, name="event-lint-deep-codegen")
        thread.start()
        thread.join()
    finally:
        threading.stack_size(old_size)
    if failure:
        raise failure[0]


def places(code: str, offsets: set[int]) -> dict[int, tuple[int, int]]:
    """The 1-based line and column of each character offset in ``code``."""
    if "\r" in code:  # line ends as Python splits them: \r\n, \r or \n
        line_starts = [0, *(match.end() for match in _NEWLINE.finditer(code))]
        found = {}
        for offset in offsets:
            line = bisect.bisect_right(line_starts, offset)
            found[offset] = (line, offset - line_starts[line - 1] + 1)
        return found
    found = {}
    line, line_start, previous = 1, 0, 0
    for offset in sorted(offsets):  # count the line ends between one offset and the next
        breaks = code.count("\n", previous, offset)
        if breaks:
            line += breaks
            line_start = code.rfind("\n", previous, offset) + 1
        found[offset] = (line, offset - line_start + 1)
        previous = offset
    return found
