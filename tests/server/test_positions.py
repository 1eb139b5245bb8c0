"""Columns between event-lint (1-based code points) and LSP (0-based, UTF-16 by default),
and the string under the cursor in a line being typed."""

from __future__ import annotations

from lsprotocol import types

from event_lint.diagnostics import Span
from event_lint.server.convert import Lines, newline_of
from event_lint.server.jsonlines import pointer_span
from event_lint.server.payload import payload_event
from event_lint.server.strings import string_at

TEXT = 'x = "😋é"  # a\r\ny = 1\n'


def test_utf16_counts_an_astral_character_twice() -> None:
    lines = Lines(TEXT)
    assert lines.range(Span(1, 5, 1, 9)) == types.Range(types.Position(0, 4), types.Position(0, 9))
    assert lines.position(2, 5) == types.Position(1, 4)


def test_other_encodings_the_client_may_choose() -> None:
    assert Lines(TEXT, types.PositionEncodingKind.Utf8).position(1, 8) == types.Position(0, 11)
    assert Lines(TEXT, types.PositionEncodingKind.Utf32).position(1, 8) == types.Position(0, 7)


def test_positions_past_the_end_are_clamped() -> None:
    lines = Lines(TEXT)
    assert lines.position(1, 99) == types.Position(0, 14)
    assert lines.position(9, 1) == types.Position(1, 5)  # past the last line: its end


def test_lsp_positions_back_to_code_points() -> None:
    lines = Lines(TEXT)
    assert lines.column(types.Position(0, 4)) == (1, 5)
    assert lines.column(types.Position(0, 5)) == (1, 6)  # before the emoji
    assert lines.column(types.Position(0, 7)) == (1, 7)  # after its two units
    assert lines.column(types.Position(0, 6)) == (1, 7)  # between them: after it
    assert lines.column(types.Position(1, 99)) == (2, 6)
    assert lines.column(types.Position(7, 0)) == (2, 6)


def test_where_the_text_ends() -> None:
    assert Lines(TEXT).end == types.Position(2, 0)
    assert Lines("a\nbé😋").end == types.Position(1, 4)
    assert Lines("").end == types.Position(0, 0)


def test_the_documents_own_line_break() -> None:
    assert newline_of(TEXT) == "\r\n"
    assert newline_of("a\nb\r\n") == "\n"
    assert newline_of("one line") == "\n"


def test_a_string_being_typed_has_no_closing_quote() -> None:
    found = string_at('Event(name="shop/', 17)
    assert found is not None
    assert (found.start, found.end, found.value, found.closed, found.names_event) == (
        12,
        17,
        "shop/",
        False,
        True,
    )


def test_where_event_names_go() -> None:
    for line in ['TriggerEvent(event="a")', 'wait_for_event("w", event = "a")', '{"name": "a"}']:
        found = string_at(line, line.index('"a"') + 1)
        assert found is not None and found.names_event, line
    for line in ['print("a")', 'rename="a"', 'f(name=f"a")']:
        found = string_at(line, line.index('"a"') + 1)
        assert found is not None and not found.names_event, line


def test_quotes_escapes_and_comments() -> None:
    line = r"""x = 'it\'s' + "b"  # "c" """
    assert string_at(line, 6) is not None and string_at(line, 6).value == r"it\'s"  # type: ignore[union-attr]
    assert string_at(line, 2) is None  # not in a string
    assert string_at(line, line.index("c")) is None  # in a comment
    assert string_at('"""doc', 4) is None  # a triple-quoted string is no event name


def test_the_event_of_a_payload_key_being_typed() -> None:
    def event_of(text: str) -> tuple[str, str | None] | None:
        return payload_event(text, text.rindex('"'))

    assert event_of('Event(name="a/b.c", data={"') == ("a/b.c", None)
    assert event_of('Event(name="a/b.c", data={"x": 1,\n    "') == ("a/b.c", None)
    assert event_of('Event(\n    data={"x": 1, "') is None  # no literal name in the call
    assert event_of('Event(name="a/b.c", data={"x": "') is None  # a value, not a key
    assert event_of('Event(name="a/b.c", data={"x": {"') is None  # a nested dict's key
    assert event_of('Event(name="a/b.c", data={}, id="') is None  # after the dict
    text = 'send_event("s", Event(data={"", v="2", name="a/b.c"))'
    assert payload_event(text, text.index('{"') + 1) == ("a/b.c", "2")


def test_where_a_json_pointer_is_written() -> None:
    text = '{\n  "a/b": {\n    "c\\"": [1,\n      {"d": null}]\n  },\n  "e~": true\n}\n'
    assert pointer_span(text, "") == (1, 1, 2)  # the document: its first character
    assert pointer_span(text, "/a~1b") == (2, 3, 8)  # a member: its key, quotes included
    assert pointer_span(text, '/a~1b/c"') == (3, 5, 10)
    assert pointer_span(text, '/a~1b/c"/0') == (3, 13, 14)  # an item: its first character
    assert pointer_span(text, '/a~1b/c"/1/d') == (4, 8, 11)
    assert pointer_span(text, "/e~0") == (6, 3, 7)
    assert pointer_span(text, "/a~1b/missing/deeper") == (2, 3, 8)  # the nearest that exists
    assert pointer_span("{\n  [", "/x") == (1, 1, 2)  # not JSON: the top
