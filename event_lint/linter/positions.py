"""Source spans of chosen libcst nodes, in one code-generation pass.

libcst's ``PositionProvider`` computes a range for every node of the tree and costs
about four times the parse. We only need the few nodes that facts point at, so a
``CodegenState`` subclass notes the token index where each wanted node starts and
ends; one scan over the token lengths turns those indices into 1-based lines and
columns (columns count characters, not bytes).
"""

from __future__ import annotations

import bisect
import itertools
import re
import sys
import threading
from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import Any

import libcst as cst
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
    marks: dict[int, tuple[int, int]] = field(default_factory=dict)
    _outer_starts: dict[int, int] = field(default_factory=dict)

    def before_codegen(self, node: cst.CSTNode) -> None:
        key = id(node)
        if key in self.wanted:
            self._outer_starts[key] = len(self.tokens)

    def after_codegen(self, node: cst.CSTNode) -> None:
        # Nodes without a syntactic range (Arg, Param, ...) get their outer range.
        key = id(node)
        if key in self.wanted and key not in self.marks:
            self.marks[key] = (self._outer_starts[key], len(self.tokens))

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


class _Mark:
    """Notes the tokens a wanted node's syntactic range covers."""

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


def node_spans(module: cst.Module, nodes: Sequence[cst.CSTNode]) -> list[Span]:
    """The span of each node (whitespace and parentheses excluded), in order."""
    if not nodes:
        return []
    state = _MarkingState(
        default_indent=module.default_indent,
        default_newline=module.default_newline,
        wanted={id(node) for node in nodes},
    )
    _run_codegen(module, state)
    return _to_spans(state, nodes)


def _run_codegen(module: cst.Module, state: _MarkingState) -> None:
    try:
        module._codegen(state)
    except RecursionError:
        state.tokens.clear()
        state.marks.clear()
        state.indent_tokens.clear()
        _in_deep_thread(lambda: module._codegen(state))


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


def _to_spans(state: _MarkingState, nodes: Sequence[cst.CSTNode]) -> list[Span]:
    tokens = state.tokens
    offsets = [0, *itertools.accumulate(map(len, tokens))]
    code = "".join(tokens)
    line_starts = [0, *(match.end() for match in _NEWLINE.finditer(code))]

    def place(token_index: int) -> tuple[int, int]:
        offset = offsets[token_index]
        line = bisect.bisect_right(line_starts, offset)
        return line, offset - line_starts[line - 1] + 1

    spans = []
    for node in nodes:
        start, end = state.marks[id(node)]
        spans.append(Span(*place(start), *place(end)))
    return spans


def source_of(module_code_lines: Sequence[str], span: Span) -> str:
    """The source text of ``span``, given the file's lines (with their line ends)."""
    if span.line == span.end_line:
        return module_code_lines[span.line - 1][span.col - 1 : span.end_col - 1]
    first = module_code_lines[span.line - 1][span.col - 1 :]
    middle = module_code_lines[span.line : span.end_line - 1]
    last = module_code_lines[span.end_line - 1][: span.end_col - 1]
    return "".join([first, *middle, last])


def split_lines(code: str) -> list[str]:
    """The lines of ``code`` with their line ends, split where Python splits lines."""
    lines: list[str] = []
    start = 0
    for match in _NEWLINE.finditer(code):
        lines.append(code[start : match.end()])
        start = match.end()
    lines.append(code[start:])
    return lines
