"""Property test: whenever a payload is valid under one version and invalid under the other,
the checker reports a change that breaks that direction (it never silently passes a break),
and every example payload it shows really is valid under one version only."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from event_lint.registry.compat import Direction, compare
from event_lint.registry.dialects import FORMAT_CHECKER

KEYS = st.sampled_from(["a", "b", "c"])
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.sampled_from([0.5, -1.5]),
    st.sampled_from(["", "a", "ab", "abc", "a@b.co", "2024-01-15"]),
)


def leaf_schemas() -> st.SearchStrategy[dict[str, Any]]:
    return st.one_of(
        st.just({}),
        st.builds(lambda t: {"type": t}, st.sampled_from(["string", "integer", "number", "null"])),
        st.builds(
            lambda t: {"type": t},
            st.lists(
                st.sampled_from(["string", "integer", "null"]), min_size=1, max_size=2, unique=True
            ),
        ),
        st.builds(lambda v: {"enum": v}, st.lists(SCALARS, min_size=1, max_size=3)),
        st.builds(lambda v: {"const": v}, SCALARS),
        st.builds(
            lambda k, n: {k: n},
            st.sampled_from(["minimum", "maximum", "exclusiveMaximum"]),
            st.integers(-2, 2),
        ),
        st.builds(
            lambda k, n: {"type": "string", k: n},
            st.sampled_from(["minLength", "maxLength"]),
            st.integers(0, 3),
        ),
        st.builds(
            lambda p: {"type": "string", "pattern": p}, st.sampled_from(["^a", "b$", "^a+$"])
        ),
        st.builds(lambda f: {"type": "string", "format": f}, st.sampled_from(["email", "date"])),
    )


def schemas() -> st.SearchStrategy[dict[str, Any]]:
    def extend(children: st.SearchStrategy[dict[str, Any]]) -> st.SearchStrategy[dict[str, Any]]:
        return st.one_of(
            st.builds(
                _object,
                st.dictionaries(KEYS, children, max_size=3),
                st.lists(KEYS, max_size=2),
                st.sampled_from([None, True, False]),
            ),
            st.builds(
                lambda i, u: {"type": "array", "items": i, **({"uniqueItems": True} if u else {})},
                children,
                st.booleans(),
            ),
            st.builds(lambda bs: {"anyOf": bs}, st.lists(children, min_size=1, max_size=3)),
            st.builds(lambda bs: {"oneOf": bs}, st.lists(children, min_size=1, max_size=2)),
            st.builds(lambda bs: {"allOf": bs}, st.lists(children, min_size=1, max_size=2)),
            st.builds(lambda c, t: {"if": c, "then": t}, children, children),
            st.builds(lambda c, e: {"if": c, "else": e}, children, children),
            st.builds(lambda c: {"not": c}, children),
            st.builds(
                lambda ps: {"type": "array", "prefixItems": ps}, st.lists(children, max_size=2)
            ),
            st.builds(lambda c: {"type": "object", "patternProperties": {"^a": c}}, children),
            st.builds(lambda c: {"type": "object", "additionalProperties": c}, children),
            st.just({"$ref": "#/$defs/d"}),
            st.builds(
                lambda k, d: {"type": "object", "dependentRequired": {k: d}},
                KEYS,
                st.lists(KEYS, max_size=2, unique=True),
            ),
        )

    # Every document defines "d", which "$ref"s inside it may point to.
    return st.builds(
        lambda body, d: {**body, "$defs": {"d": d}},
        st.recursive(leaf_schemas(), extend, max_leaves=6),
        leaf_schemas(),
    )


def _object(props: dict[str, Any], required: list[str], additional: bool | None) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": props}
    if required:
        schema["required"] = sorted(set(required))
    if additional is not None:
        schema["additionalProperties"] = additional
    return schema


PAYLOADS = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=3), st.dictionaries(KEYS, children, max_size=3)
    ),
    max_leaves=8,
)


def valid(schema: dict[str, Any], payload: Any) -> bool:
    return bool(Draft202012Validator(schema, format_checker=FORMAT_CHECKER).is_valid(payload))


@settings(
    max_examples=400, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(old=schemas(), new=schemas(), payloads=st.lists(PAYLOADS, min_size=1, max_size=8))
def test_no_break_passes_silently(
    old: dict[str, Any], new: dict[str, Any], payloads: list[Any]
) -> None:
    changes = compare(old, new)
    reported = {d for c in changes for d in c.breaks}
    for payload in payloads:
        in_old, in_new = valid(old, payload), valid(new, payload)
        if in_old and not in_new:
            assert Direction.BACKWARD in reported, (payload, [c.code for c in changes])
        if in_new and not in_old:
            assert Direction.FORWARD in reported, (payload, [c.code for c in changes])
    for change in changes:
        for witness in change.witnesses:
            accepting, rejecting = (old, new) if witness.valid_under == "old" else (new, old)
            assert valid(accepting, witness.payload) and not valid(rejecting, witness.payload)
