"""The CEL parser: what parses, where it fails, which event paths it reads."""

from __future__ import annotations

import pytest

from event_lint.diagnostics import Span
from event_lint.linter.cel import analyze, source_position
from event_lint.linter.model import Located, Text

# Typical Inngest expressions, with the paths each one reads.
VALID = [
    ("event.data.userId == async.data.userId", ["event.data.userId", "async.data.userId"]),
    (
        "event.data.invoiceId + '-' + string(event.data.amount)",
        ["event.data.invoiceId", "event.data.amount"],
    ),
    ("event.data.amount > 100", ["event.data.amount"]),
    ("event.data.plan == 'pro' && event.data.seats >= 5", ["event.data.plan", "event.data.seats"]),
    ("event.data.account.id", ["event.data.account.id"]),
    (
        "event.data[\"user-id\"] == async.data['user-id']",
        ["event.data.user-id", "async.data.user-id"],
    ),
    ("has(event.data.coupon)", ["event.data.coupon"]),
    ("event.data.items.exists(i, i.sku == 'abc')", ["event.data.items"]),
    ("event.data.items.all(event, event.quantity > 0)", ["event.data.items"]),
    ("size(event.data.items) > 3", ["event.data.items"]),
    ("event.data.tags.filter(t, t.startsWith('x')).size() > 0", ["event.data.tags"]),
    (
        "event.data.priority == 'high' ? 120 : event.data.age * -1",
        ["event.data.priority", "event.data.age"],
    ),
    ("event.data.customer.email.endsWith('@example.com')", ["event.data.customer.email"]),
    (
        "event.name == 'user/signup.completed' || event.ts > 1700000000000",
        ["event.name", "event.ts"],
    ),
    ("event.data.items[0].sku", ["event.data.items[0].sku"]),
    ("event.data[key].sku == async.data.sku", ["event.data", "async.data.sku"]),
    ("event.data.count-1 > 0", ["event.data.count"]),
    ("event.data.region in ['eu', 'us']", ["event.data.region"]),
    ("!event.data.trial", ["event.data.trial"]),
    ("int(event.data.amount) * 2 > 10u && 0x1F == 31", ["event.data.amount"]),
    ("{'a': event.data.x}['a'] == 1.5e3 // a comment", ["event.data.x"]),
    ('r"raw\\d" == event.id', ["event.id"]),
    ("google.protobuf.Int64Value{value: 1} == event.v", ["event.v"]),
]

INVALID = [
    ("`bad`", 1, "unexpected character '`'"),
    ("event.data.userId ==", 21, "expected a value, found the end of the expression"),
    ("event.data.userId = async.data.userId", 19, "unexpected '=' (use '==' to compare)"),
    ("event.data.durationMinutes => 60", 28, "unexpected '=>' (use '>=' to compare)"),
    ("event.data.durationMinutes =< 60", 28, "unexpected '=<' (use '<=' to compare)"),
    ("event.data.(x)", 12, "expected a field name, found '('"),
    ("event.data.userId == 'unterminated", 22, "unterminated string"),
    ("event.data.a event.data.b", 14, "expected an operator, found 'event'"),
    ("(event.data.a", 14, "expected ')', found the end of the expression"),
    ("event.data.if", 12, "'if' is a reserved word"),
    ("  ", 1, "empty expression"),
]


@pytest.mark.parametrize(("text", "expected"), VALID)
def test_valid_expressions_and_their_paths(text: str, expected: list[str]) -> None:
    analysis = analyze(text)
    assert analysis.error is None
    assert [str(path) for path in analysis.paths] == expected


@pytest.mark.parametrize(("text", "column", "message"), INVALID)
def test_syntax_errors_and_their_columns(text: str, column: int, message: str) -> None:
    error = analyze(text).error
    assert error is not None
    assert (error.offset + 1, error.message) == (column, message)


def test_path_offsets_cover_the_path_text() -> None:
    text = "1 == async.data['a b'] && event.data[k].x"
    found = [(str(p), text[p.offset : p.end]) for p in analyze(text).paths]
    assert found == [("async.data.a b", "async.data['a b']"), ("event.data", "event.data")]


@pytest.mark.parametrize(("text", "_"), VALID)
def test_cel_python_agrees_on_valid_expressions(text: str, _: list[str]) -> None:
    celparser = pytest.importorskip("celpy.celparser")
    celparser.CELParser().parse(text)


@pytest.mark.parametrize(("text", "_column", "_message"), INVALID[:-2])
def test_cel_python_agrees_on_invalid_expressions(text: str, _column: int, _message: str) -> None:
    celparser = pytest.importorskip("celpy.celparser")
    with pytest.raises(celparser.CELParseError):
        celparser.CELParser().parse(text)


def _text(value: str, span: Span, parts: tuple[str | None, ...] | None = None) -> Text:
    return Text(parts if parts is not None else (value,), Located("app.py", span))


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ('"event.data.x == 1"', (3, 17)),
        ('r"event.data.x == 1"', (3, 18)),
        ('"""event.data.x == 1"""', (3, 19)),
    ],
)
def test_source_position_inside_a_plain_literal(written: str, expected: tuple[int, int]) -> None:
    value = "event.data.x == 1"
    text = _text(value, Span(3, 5, 3, 5 + len(written)))
    assert source_position(text, value.index("x")) == expected


def test_source_position_falls_back_to_the_string_start() -> None:
    escaped = _text("a == 'b'", Span(2, 9, 2, 21))
    assert source_position(escaped, 3) == (2, 9)
    two_lines = _text("event.data.x", Span(2, 9, 3, 4))
    assert source_position(two_lines, 6) == (2, 9)
