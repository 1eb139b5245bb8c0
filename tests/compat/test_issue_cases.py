"""The cases issue 15 names, each with its exact verdict: definite (never "possibly"), and
every broken direction shown by a whole payload both versions' validators agree on."""

from __future__ import annotations

from typing import Any

import pytest

from compat.corpus import ISSUE_CASES
from event_lint.registry.compat import Direction, compare
from event_lint.registry.compat.witness import validator

# (strict, lenient) broken directions, in ISSUE_CASES order
EXPECTED = [
    ("F", "F"),  # string <= 50 -> anyOf [string, null]: nullable
    ("F", "F"),  # string -> oneOf [number, string]
    ("F", "F"),  # allOf [X] -> anyOf [X, Y]
    ("F", "F"),  # oneOf [string <= 5] -> oneOf [boolean, number, string <= 8]
    ("", ""),  # allOf [string] -> allOf [string, string]
    ("", ""),  # a closed object's false property removed
    ("F", "F"),  # not: number -> not: integer
    ("F", "F"),  # minContains lowered
    ("F", "F"),  # minContains removed
    ("BF", "BF"),  # prefixItems shortened under unevaluatedItems
    ("BF", "BF"),  # a declared property the map's value schema rejects, added
    ("BF", "BF"),  # ... removed
    ("BF", "BF"),  # the map's value type changed
    ("BF", "BF"),  # oneOf: a true branch overlaps the others
    ("BF", "BF"),  # oneOf: the discriminator of one branch widened
    ("F", ""),  # unevaluatedProperties: false, a property added
    ("BF", "BF"),  # unevaluatedProperties: number -> string
]


def letters(directions: set[Direction]) -> str:
    return "".join(d.value[0] for d in (Direction.BACKWARD, Direction.FORWARD) if d in directions)


@pytest.mark.parametrize("policy", ["strict", "lenient"])
@pytest.mark.parametrize(("case", "expected"), list(zip(ISSUE_CASES, EXPECTED, strict=True)))
def test_issue_case(case: tuple[Any, Any], expected: tuple[str, str], policy: str) -> None:
    old, new = case
    changes = compare(old, new, policy=policy)
    broken = {d for c in changes for d in c.breaks}
    assert letters(broken) == expected[policy == "lenient"], [c.message for c in changes]
    judges = {"old": validator(old, None), "new": validator(new, None)}
    for change in changes:
        assert not (change.possibly and change.breaks), change.message
        for direction in change.breaks:
            witness = change.witness_for(direction)
            assert witness is not None
            other = "new" if witness.valid_under == "old" else "old"
            assert judges[witness.valid_under].is_valid(witness.payload)
            assert not judges[other].is_valid(witness.payload)
