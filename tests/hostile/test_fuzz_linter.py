"""Random bytes, token soup and generated programs through extraction and the whole
engine, in-process: every input is facts or a file problem (EL900-EL906), never an
exception and never an internal error (EL903)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesmith import from_grammar, from_node

from event_lint.config import Config
from event_lint.linter.engine import lint_source
from event_lint.linter.extract import extract_file

FILE_PROBLEMS = {"EL900", "EL901", "EL902", "EL904", "EL905", "EL906"}
PRELUDE = 'import inngest\nclient = inngest.Inngest(app_id="x")\n'
# Pieces that reach the parser's corners and the extractor's calls.
TOKENS = [
    *("(", ")", "[", "]", "{", "}", ",", ":", "=", ".", "-", "**", "not ", "lambda ", "*"),
    *(" if ", " else ", "def f", "async ", "await ", "class C", "return ", "yield "),
    *("\n", "\n    ", " ", "\t", "\r", "\\\n", "#", "'", '"', "f'", "'''", "b'", "\x00"),
    *("inngest", "client", ".send(", ".send_sync(", "inngest.Event(", "name=", "data=", "id="),
    *("step.run(", "ctx.step.send_event(", "'a/b.c'", "1", "x", "{'k': 1}", "f'{x}'", "\xff"),
]


def fuzz(examples: int) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
    )


def assert_facts_or_problem(source: bytes) -> None:
    facts = extract_file("fuzz.py", source, "fuzz")
    if facts.problem is not None:
        assert facts.problem.code in FILE_PROBLEMS, facts.problem


@fuzz(400)
@given(st.binary(max_size=3000))
def test_random_bytes(source: bytes) -> None:
    assert_facts_or_problem(source)


@fuzz(300)
@given(st.lists(st.sampled_from(TOKENS), max_size=300))
def test_token_soup(tokens: list[str]) -> None:
    assert_facts_or_problem("".join(tokens).encode("utf-8", "surrogateescape"))


@fuzz(10)
@given(from_node())
def test_generated_programs(source: str) -> None:
    assert_facts_or_problem(source.encode("utf-8", "surrogatepass"))


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@fuzz(25)
@given(st.lists(st.sampled_from(TOKENS), max_size=200) | from_grammar().map(lambda s: [s]))
def test_the_engine_never_fails(
    root: Path, monkeypatch: pytest.MonkeyPatch, tokens: list[str]
) -> None:
    """Through the workers, resolution and every rule (``lint_source``: stdin)."""
    monkeypatch.chdir(root)
    source = (PRELUDE + "".join(tokens)).encode("utf-8", "surrogatepass")
    result = lint_source("fuzz.py", source, Config(root=root), None)
    assert not result.internal_errors
    assert [d for d in result.diagnostics if d.code == "EL903"] == []
