"""Levels pick directions and version pairs; explanations render the same every time."""

from __future__ import annotations

import pytest

from event_lint.registry.compat import NO_EXAMPLE, Direction, compare
from event_lint.registry.compat.levels import check_versions, pairs

V1 = {"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": False}
V2 = {
    "type": "object",
    "properties": {"a": {"type": "string"}, "b": {"type": "integer"}},
    "additionalProperties": False,
}
V3 = {"type": "object", "properties": {"b": {"type": "integer"}}, "additionalProperties": False}


@pytest.mark.parametrize(
    ("level", "expected"),
    [
        ("BACKWARD", [("1", "2"), ("2", "3")]),
        ("FULL", [("1", "2"), ("2", "3")]),
        ("BACKWARD_TRANSITIVE", [("1", "2"), ("1", "3"), ("2", "3")]),
        ("FULL_TRANSITIVE", [("1", "2"), ("1", "3"), ("2", "3")]),
        ("NONE", []),
    ],
)
def test_pairs(level: str, expected: list[tuple[str, str]]) -> None:
    assert pairs(["1", "2", "3"], level) == expected


def test_check_versions_reports_only_the_directions_the_level_checks() -> None:
    versions = [("1", V1, ""), ("2", V2, ""), ("3", V3, "")]
    backward = check_versions(versions, "BACKWARD_TRANSITIVE", "strict")
    assert [(b.old_version, b.new_version, b.change.code) for b in backward] == [
        ("1", "3", "OPTIONAL_PROPERTY_REMOVED_FROM_CLOSED_MODEL"),
        ("2", "3", "OPTIONAL_PROPERTY_REMOVED_FROM_CLOSED_MODEL"),
    ]
    forward = check_versions(versions, "FORWARD", "strict")
    assert [(b.old_version, b.new_version, b.change.code) for b in forward] == [
        ("1", "2", "OPTIONAL_PROPERTY_ADDED_TO_CLOSED_MODEL"),
    ]
    assert all(b.directions == frozenset({Direction.FORWARD}) for b in forward)
    assert check_versions(versions, "FULL", "lenient") == []


def test_explanation_lines() -> None:
    [change] = compare(V2, V3)
    assert change.verdict() == "breaks BACKWARD"
    assert change.message == "data.a was removed from a closed object"
    assert change.explanation() == (
        "old: #/properties/a  new: (absent)",
        "fix: keep the property declared (mark it deprecated): old events still hold it",
        'BACKWARD: example: {"a": "x"} is valid under the old version, invalid under the new',
    )


def test_no_example_is_said_when_none_can_be_built() -> None:
    # Neither version accepts any string, so no payload can show the (possible) break.
    old = {"type": "string", "pattern": "^a", "maxLength": 0}
    new = {"type": "string", "pattern": "^b", "maxLength": 0}
    [change] = compare(old, new)
    assert change.code == "PATTERN_CHANGED"
    assert change.witnesses == ()
    assert change.explanation()[-2:] == (f"BACKWARD: {NO_EXAMPLE}", f"FORWARD: {NO_EXAMPLE}")
