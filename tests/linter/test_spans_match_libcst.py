"""Positions: the spans facts point at are libcst's own syntactic positions, counted in
characters, whatever the line ends."""

from __future__ import annotations

import ast
import sysconfig
from collections.abc import Iterator
from pathlib import Path

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, PositionProvider

from event_lint.diagnostics import Span
from event_lint.linter.extract.walk import Extractor
from event_lint.linter.positions import node_spans
from event_lint.linter.rules import all_rules
from event_lint.linter.rules._example_files import examples_of

REPO = Path(__file__).resolve().parents[2]
# A few standard-library modules: long files, every kind of statement and literal.
STDLIB = ("textwrap.py", "argparse.py", "dataclasses.py", "string.py", "tokenize.py")


def _sources_in(path: Path) -> Iterator[str]:
    """A test module, and the multi-line string literals in it that are Python (the
    sources the tests write to files and lint)."""
    text = path.read_text(encoding="utf-8")
    yield text
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and "\n" in node.value:
            try:
                ast.parse(node.value)
            except (SyntaxError, ValueError):
                continue
            yield node.value


def _corpus() -> list[tuple[str, str]]:
    """Every Python source the tests lint: the tests' fixtures, examples/, the rules'
    examples, and a few standard-library modules."""
    found: list[tuple[str, str]] = []
    for path in sorted([*(REPO / "tests").rglob("*.py"), *(REPO / "examples").rglob("*.py")]):
        name = str(path.relative_to(REPO))
        found += [(f"{name}#{i}", source) for i, source in enumerate(_sources_in(path))]
    for rule in all_rules():
        flagged, passing = examples_of(rule)
        for i, example in enumerate([*flagged, *passing]):
            sources = [example.source, *example.files.values()]
            found += [(f"{rule.code}-example-{i}-{j}", s) for j, s in enumerate(sources)]
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    found += [(name, (stdlib / name).read_text(encoding="utf-8")) for name in STDLIB]
    return found


def _wanted_nodes(tree: cst.Module, text: str) -> list[cst.CSTNode]:
    """The nodes extraction asks positions for."""
    extractor = Extractor(tree, text, "example.py", "example", False)
    extractor.run()
    return extractor.positions.nodes


def _libcst_span(positions: object, node: cst.CSTNode) -> Span:
    where = positions[node]  # type: ignore[index]
    return Span(where.start.line, where.start.column + 1, where.end.line, where.end.column + 1)


def test_every_span_facts_use_is_libcsts_syntactic_position_on_the_whole_corpus() -> None:
    corpus = _corpus()
    assert len(corpus) > 500  # the fixtures were found
    compared = 0
    for name, source in corpus:
        try:
            tree = cst.parse_module(source)
        except cst.ParserSyntaxError:
            continue
        nodes = _wanted_nodes(tree, source)
        positions = MetadataWrapper(tree, unsafe_skip_copy=True).resolve(PositionProvider)
        expected = [_libcst_span(positions, node) for node in nodes]
        assert node_spans(tree, nodes) == expected, name
        compared += len(nodes)
    assert compared > 10_000


def _calls(source: str) -> tuple[cst.Module, list[cst.CSTNode]]:
    tree = cst.parse_module(source)
    calls: list[cst.CSTNode] = []

    class Calls(cst.CSTVisitor):
        def visit_Call(self, node: cst.Call) -> None:
            calls.append(node)

    tree.visit(Calls())
    return tree, calls


@pytest.mark.parametrize(
    "source",
    ["é = 1\nclient.send(x)\n", "é = 1\r\nclient.send(x)\r\n", "é = 1\rclient.send(x)\r"],
    ids=["lf", "crlf", "cr"],
)
def test_lines_split_at_every_python_line_end(source: str) -> None:
    tree, calls = _calls(source)
    assert node_spans(tree, calls) == [Span(2, 1, 2, 15)]


def test_columns_count_characters_not_bytes() -> None:
    tree, calls = _calls("x = '😀é'; send(ev)\nif x: ok(\n  1)\n")
    assert node_spans(tree, calls) == [Span(1, 11, 1, 19), Span(2, 7, 3, 5)]


def test_a_node_without_a_syntactic_range_gets_its_outer_range() -> None:
    tree = cst.parse_module("a[ b ]\nc = d\n")
    statement = tree.body[0].body[0]
    assert isinstance(statement, cst.Expr) and isinstance(statement.value, cst.Subscript)
    index = statement.value.slice[0].slice  # cst.Index: libcst records no syntactic range
    name = tree.body[1].body[0].value  # type: ignore[attr-defined]
    assert node_spans(tree, [index, name]) == [Span(1, 4, 1, 5), Span(2, 5, 2, 6)]
