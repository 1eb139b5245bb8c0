"""The one JSON reader: standard JSON only, each problem named with its JSON path."""

from __future__ import annotations

import pytest

from event_lint.registry import RegistryError
from event_lint.registry.jsonfile import MAX_JSON_DEPTH, parse_json

REFUSED = {
    b'{"a": {"x": 1, "y": 2, "x": 3}}': "duplicate key 'x' at /a/x: only the last one would "
    "count; keep one",
    b'{"a": [1, {"k": NaN}]}': "invalid JSON at /a/1/k: NaN is not standard JSON",
    b"[Infinity]": "invalid JSON at /0: Infinity is not standard JSON",
    b'{"m": -1E+400}': "invalid JSON at /m: -1E+400 is out of range (it would be infinity)",
    b'{"m": -' + b"1" * 4301 + b"}": "invalid JSON at /m: an integer of 4,301 digits is too long",
    b'{"d": "\\udfff"}': "invalid JSON at /d: a lone surrogate is not Unicode",
    b'{"\\ud800x": 1}': "invalid JSON at /\\ud800x: a lone surrogate is not Unicode",
    b'{"a~/b": {"c": 1, "c": 2}}': "duplicate key 'c' at /a~0~1b/c: only the last one would "
    "count; keep one",
    b"[" * (MAX_JSON_DEPTH + 1) + b"]" * (MAX_JSON_DEPTH + 1): "nested more than 64 levels "
    "deep at " + "/0" * MAX_JSON_DEPTH + "; refused",
}


@pytest.mark.parametrize("data,message", REFUSED.items(), ids=[str(k[:24]) for k in REFUSED])
def test_non_standard_json_is_refused_with_its_path(data: bytes, message: str) -> None:
    with pytest.raises(RegistryError) as raised:
        parse_json(data, "f.json")
    assert str(raised.value) == f"f.json: {message}"


def test_the_first_problem_in_document_order_is_reported() -> None:
    with pytest.raises(RegistryError, match=r"^f\.json: invalid JSON at /a: NaN"):
        parse_json(b'{"a": NaN, "b": {"x": 1, "x": 2}, "c": Infinity}', "f.json")


def test_standard_json_at_the_limits_is_accepted() -> None:
    deepest = b"[" * MAX_JSON_DEPTH + b"]" * MAX_JSON_DEPTH
    assert parse_json(deepest, "f.json") is not None
    assert parse_json(b'{"e": "\\ud83d\\ude00", "n": 1e308}', "f.json") == {
        "e": "\U0001f600",
        "n": 1e308,
    }
    assert parse_json(b'{"i": ' + b"9" * 4300 + b"}", "f.json") == {"i": int("9" * 4300)}
