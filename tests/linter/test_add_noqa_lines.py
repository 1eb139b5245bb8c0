"""add_noqa: the baseline that ``event-lint --add-noqa`` writes, line by line."""

from __future__ import annotations

from event_lint.linter.add_noqa import add_noqa
from event_lint.linter.suppress import suppressions


def test_a_line_without_a_comment_gets_the_directive() -> None:
    result = add_noqa("x = 1\ny = 2   \n", {2: ["EL202"]})
    assert result.text == "x = 1\ny = 2  # noqa: EL202\n"
    assert (result.added, result.skipped) == (1, ())


def test_codes_are_sorted_and_listed_once() -> None:
    result = add_noqa("send(e)\n", {1: ["EL501", "EL101", "EL501"]})
    assert result.text == "send(e)  # noqa: EL101, EL501\n"


def test_an_existing_comment_is_kept() -> None:
    result = add_noqa("x = 1  # the answer\n", {1: ["EL101"]})
    assert result.text == "x = 1  # the answer  # noqa: EL101\n"


def test_an_existing_noqa_gains_the_new_codes() -> None:
    result = add_noqa("x = 1  # noqa:EL301 (seconds on purpose)\n", {1: ["EL101"]})
    assert result.text == "x = 1  # noqa: EL101, EL301 (seconds on purpose)\n"


def test_a_bare_noqa_or_a_listed_code_is_left_as_it_is() -> None:
    source = "x = 1  # noqa\ny = 2  # noqa: EL101\n"
    result = add_noqa(source, {1: ["EL101"], 2: ["EL101"]})
    assert (result.text, result.added) == (source, 0)


def test_lines_inside_brackets_take_a_comment() -> None:
    source = "send(\n    name='a',\n    id=x,\n)\n"
    result = add_noqa(source, {3: ["EL202"]})
    assert result.text == "send(\n    name='a',\n    id=x,  # noqa: EL202\n)\n"


def test_lines_inside_a_multiline_string_or_a_continuation_are_skipped() -> None:
    source = 'x = """a\nb\n"""\ny = 1 + \\\n    2\n'
    result = add_noqa(source, {2: ["EL101"], 4: ["EL101"]})
    assert (result.text, result.added, result.skipped) == (source, 0, (2, 4))


def test_crlf_line_ends_and_a_last_line_without_newline_are_kept() -> None:
    result = add_noqa("a = 1\r\nb = 2", {1: ["EL101"], 2: ["EL202"]})
    assert result.text == "a = 1  # noqa: EL101\r\nb = 2  # noqa: EL202"


def test_the_directives_written_suppress_the_codes() -> None:
    source = "send(\n    id=x,\n)  # why\n"
    text = add_noqa(source, {2: ["EL202"], 3: ["EL101", "EL501"]}).text
    found = suppressions(text.encode())
    assert found == {2: frozenset({"EL202"}), 3: frozenset({"EL101", "EL501"})}
