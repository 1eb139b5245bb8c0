"""The evolution engine against the oracle (jsonschema judging payloads generated from both
schemas) over more than 2,000 schema pairs: every definite break comes with a witness the
validator confirms, and every break the validator finds is reported."""

from __future__ import annotations

from compat.corpus import generated_pairs, hand_cases
from compat.oracle import Tally, run_corpus

GENERATED = 800
# Schemas whose pairs also get hypothesis-jsonschema payloads (about 80 ms a schema).
WITH_HYPOTHESIS_JSONSCHEMA = 40


def _show(tally: Tally) -> str:
    lines = [tally.report()]
    for kind, old, new, detail in tally.disagreements[:15]:
        lines.append(f"{kind}: {old!r} -> {new!r}: {detail}")
    return "\n".join(lines)


def test_engine_agrees_with_the_validator() -> None:
    pairs = [*hand_cases(), *generated_pairs(GENERATED)]
    assert len(pairs) >= 2000
    tally = run_corpus(pairs, generate=WITH_HYPOTHESIS_JSONSCHEMA)
    print(tally.report())
    assert tally.hj_failures == 0, _show(tally)
    assert not tally.disagreements, _show(tally)
