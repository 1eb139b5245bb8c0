"""Extraction: one file's bytes -> facts, including the files that cannot be linted."""

from __future__ import annotations

import gc
import pickle

import pytest

from event_lint.diagnostics import Span
from event_lint.linter.extract import extract_file
from event_lint.linter.facts import Call, FileFacts, Lit
from event_lint.linter.model import UNKNOWN, FileProblem, Located
from event_lint.linter.project import project_from_sources

SEND = (
    "import inngest\n"
    "client = inngest.Inngest(app_id='shop')\n"
    "client.send_sync(inngest.Event(name='shop/order.placed'))\n"
)


def problem_of(source: bytes, path: str = "app/bad.py") -> FileProblem | None:
    return extract_file(path, source, "app.bad").problem


def send_spans(facts: FileFacts) -> list[Span]:
    return [facts.span(site.call.pos) for site in facts.calls if site.kind == "send_sync"]


# -- files that cannot be linted ------------------------------------------------------


def test_syntax_error_is_el900_with_line_and_column() -> None:
    assert problem_of(b"import inngest\ndef broken(:\n    pass\n") == FileProblem(
        Located("app/bad.py", Span(2, 12, 2, 13)), "EL900", "syntax error: invalid syntax"
    )


def test_file_libcst_rejects_but_python_accepts_is_el901() -> None:
    source = b"import inngest\n(pars): bool = True\n"
    assert problem_of(source) == FileProblem(
        Located("app/bad.py", Span(2, 1, 2, 2)),
        "EL901",
        "libcst cannot parse this file, but Python can (libcst stops at line 2); it was not linted",
    )


def test_undecodable_file_is_el902() -> None:
    assert problem_of(b"x = 1\ny = '\xff'\n") == FileProblem(
        Located("app/bad.py", Span(2, 1, 2, 2)),
        "EL902",
        "cannot decode the file as utf-8: byte 0xff on line 2",
    )
    assert problem_of(b"# coding: klingon\nx = 1\n") == FileProblem(
        Located("app/bad.py", Span(1, 1, 1, 2)),
        "EL902",
        "cannot decode the file: unknown encoding: klingon",
    )


def test_unexpected_failure_is_el903_naming_the_file(monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(*args: object) -> None:
        raise KeyError("boom")

    monkeypatch.setattr("event_lint.linter.extract.walk.Extractor.finish", explode)
    problem = problem_of(SEND.encode())
    assert problem is not None and (problem.code, problem.message) == (
        "EL903",
        "internal error while reading app/bad.py: KeyError: 'boom'",
    )


# -- encodings and line ends ----------------------------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        b"\xef\xbb\xbf" + SEND.encode(),
        SEND.replace("\n", "\r\n").encode(),
        b"# -*- coding: latin-1 -*-\n" + SEND.replace("shop'", "sh\xf6p'").encode("latin-1"),
    ],
    ids=["bom", "crlf", "coding-cookie"],
)
def test_bom_crlf_and_coding_cookies(source: bytes) -> None:
    facts = extract_file("app/send.py", source, "app.send")
    assert facts.problem is None
    line = 4 if source.startswith(b"# -*-") else 3
    assert send_spans(facts) == [Span(line, 1, line, 58)]


def test_columns_count_characters_not_bytes() -> None:
    source = (
        "import inngest\n"
        "client = inngest.Inngest(app_id='shop')\n"
        "label = 'épicerie ☕'; client.send_sync(inngest.Event(name='a/b.c'))\n"
    )
    facts = extract_file("app/send.py", source.encode(), "app.send")
    assert send_spans(facts) == [Span(3, 23, 3, 68)]


def test_pep701_fstring_is_linted_when_libcst_parses_it() -> None:
    source = SEND + "client.send_sync(inngest.Event(name=f\"shop/{'order'}.paid\"))\n"
    result = project_from_sources({"app/send.py": source})
    assert [e.name.value for s in result.sends for e in s.events if e.name] == [
        "shop/order.placed",
        "shop/order.paid",
    ]


# -- the topics.py trap ---------------------------------------------------------------


def test_thousands_of_adjacent_literals_then_a_send() -> None:
    literals = "".join(f"    'topic {i} text '\n" for i in range(2500))
    source = f"TOPICS = (\n{literals})\n{SEND}"
    facts = extract_file("app/topics.py", source.encode(), "app.topics")
    assert facts.problem is None
    assert send_spans(facts) == [Span(2505, 1, 2505, 58)]
    binding = dict((b.name, b.value) for b in facts.bindings)["TOPICS"]
    assert isinstance(binding, Lit) and isinstance(binding.value, str)
    assert binding.value.startswith("topic 0 text topic 1 text")
    assert facts.span(binding.pos) == Span(2, 5, 2501, 23)


# -- positions -------------------------------------------------------------------------


def test_positions_are_one_based_and_exclude_parentheses() -> None:
    source = (
        "import inngest\n"
        "client = inngest.Inngest(app_id='shop')\n"
        "async def go():\n"
        "    await (client.send(\n"
        "        inngest.Event(name='a/b.c', id='x'),\n"
        "    ))\n"
    )
    facts = extract_file("app/send.py", source.encode(), "app.send")
    (send,) = [site for site in facts.calls if site.kind == "send"]
    assert facts.span(send.call.pos) == Span(4, 12, 6, 6)
    (event,) = send.call.args
    assert isinstance(event, Call)
    assert facts.span(event.pos) == Span(5, 9, 5, 44)
    name, event_id = event.kwargs
    assert facts.span(name.name_pos) == Span(5, 23, 5, 27)
    assert facts.span(name.value.pos) == Span(5, 28, 5, 35)
    assert facts.snippets[event_id.value.pos] == "'x'"
    assert send.awaited and send.statement


def test_files_without_facts_skip_the_positions_pass() -> None:
    facts = extract_file("app/plain.py", b"def add(a, b):\n    return a + b\n", "app.plain")
    assert (facts.spans, facts.calls, facts.problem) == ((), (), None)


def test_facts_pickle_round_trip() -> None:
    facts = extract_file("app/send.py", SEND.encode(), "app.send")
    assert pickle.loads(pickle.dumps(facts)) == facts


# -- literal values ---------------------------------------------------------------------

LITERALS = (
    "import inngest\n"
    "client = inngest.Inngest(app_id='shop')\n"
    "client.send_sync(inngest.Event(name='shop/a.b', data={\n"
    "    'hex': 0x1F, 'big': 1_000, 'float': 1.5e3, 'dot': .5,\n"
    "    'tab': 'a\\tb', 'bullet': '\\N{BULLET}', 'bytes': b'x\\n', 'raw': r'\\d',\n"
    "    'unknown_name': '\\N{NO SUCH NAME}', 'odd': '\\d',\n"
    "}))\n"
)


def test_literal_values_are_read_like_python_reads_them() -> None:
    project = project_from_sources({"app/send.py": LITERALS})
    payload = project.sends[0].events[0].data
    assert payload is not None
    values = {entry.key: entry.value.value for entry in payload.entries}
    assert values == {
        "hex": 31,
        "big": 1000,
        "float": 1500.0,
        "dot": 0.5,
        "tab": "a\tb",
        "bullet": "\u2022",
        "bytes": UNKNOWN,  # not a JSON value
        "raw": "\\d",
        "unknown_name": UNKNOWN,  # Python rejects the literal: nothing is known
        "odd": "\\d",
    }


def test_extraction_leaves_no_garbage_cycles() -> None:
    """The engine runs with the cycle collector off: what extraction builds and drops
    must be freed by reference counting alone."""
    extract_file("app/send.py", LITERALS.encode(), "app.send")  # warm up imports
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        pickle.dumps(extract_file("app/send.py", LITERALS.encode(), "app.send"))
        gc.collect()
        assert gc.garbage == []
    finally:
        gc.set_debug(0)
        gc.garbage.clear()


# -- libcst as other code in the process sees it ----------------------------------------


@pytest.mark.parametrize("source", [SEND.encode(), b"def broken(:\n"])
def test_libcst_is_itself_again_after_extraction(source: bytes) -> None:
    """Extraction parses without libcst's node validation and writes positions with
    its own ``_parenthesize``; both switches are undone, whether the parse succeeded
    or not."""
    import inspect

    import libcst as cst
    from libcst._nodes.expression import _BaseParenthesizedNode

    extract_file("app/client.py", source, "app.client")
    with pytest.raises(cst.CSTValidationError, match="identifier"):
        cst.Name("not an identifier")
    libcst_own = inspect.unwrap(_BaseParenthesizedNode._parenthesize)
    assert inspect.isgeneratorfunction(libcst_own)
