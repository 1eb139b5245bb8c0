"""The oracle for schema evolution: jsonschema, with the registry's own validator and format
checker, judges candidate payloads generated from both schemas of a pair.

A pair disagrees with the engine when
- the engine reports a definite break without a whole-payload witness that the judge confirms
  ("unproven"), or shows a witness the judge refutes ("bad-witness");
- the judge finds a payload the old version accepts and the new one rejects, and the engine
  reports no BACKWARD break (or the mirror for FORWARD) ("missed").

Policy (COMPAT.md, Confluent's strict default): a reader fills in the ``default`` of a
declared property the payload lacks before validating, so a required property with a default
is no break.
"""

from __future__ import annotations

import copy
import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import HypothesisException
from hypothesis.internal.conjecture import utils as conjecture_utils
from jsonschema.protocols import Validator

from event_lint.registry.compat import Change, Direction, compare
from event_lint.registry.compat.witness import validator

_HJ_AVAILABLE = True
try:
    import hypothesis_jsonschema._from_schema as _hj
    from hypothesis_jsonschema import from_schema
except ImportError:  # pragma: no cover - a dev dependency
    _HJ_AVAILABLE = False


class _Many:
    """hypothesis-jsonschema 0.23 drives ``many.more()``, which Hypothesis 6.1xx replaced by
    a context manager and an iterator: the old interface on top of the new one."""

    def __init__(self, data: Any, **sizes: Any) -> None:
        self._many = conjecture_utils.many(data, **sizes)
        self._many.__enter__()
        self._steps = iter(self._many)

    def more(self) -> bool:
        if next(self._steps, StopIteration) is StopIteration:
            self._many.__exit__(None)
            return False
        return True

    def reject(self, why: str | None = None) -> None:
        self._many.reject(why)


class _Utils:
    many = _Many


if _HJ_AVAILABLE and not hasattr(conjecture_utils.many, "more"):
    _hj.cu = _Utils  # type: ignore[attr-defined]


# -- the judge -------------------------------------------------------------------------------


class Judge:
    """Validates payloads against one schema as a reader does (defaults filled in)."""

    def __init__(self, schema: Any) -> None:
        self.schema = schema
        self._validator: Validator = validator(schema, None)

    def accepts(self, payload: Any) -> bool:
        try:
            return bool(self._validator.is_valid(with_defaults(self.schema, self.schema, payload)))
        except Exception:  # a schema jsonschema cannot apply (bad regex): no verdict
            return False

    def accepts_as_written(self, payload: Any) -> bool:
        try:
            return bool(self._validator.is_valid(payload))
        except Exception:
            return False


def with_defaults(document: Any, schema: Any, payload: Any, depth: int = 0) -> Any:
    """``payload`` with the ``default`` of every declared property it lacks filled in."""
    schema = _local_ref(document, schema)
    if depth > 20 or not isinstance(schema, dict) or not isinstance(payload, dict):
        return payload
    properties = schema.get("properties")
    if not isinstance(properties, dict):
        return payload
    result = dict(payload)
    for name, sub in properties.items():
        sub = _local_ref(document, sub)
        if name not in result and isinstance(sub, dict) and "default" in sub:
            result[name] = copy.deepcopy(sub["default"])
        elif name in result:
            result[name] = with_defaults(document, sub, result[name], depth + 1)
    return result


def _local_ref(document: Any, schema: Any) -> Any:
    for _ in range(8):
        if not isinstance(schema, dict) or not isinstance(schema.get("$ref"), str):
            return schema
        ref = schema["$ref"]
        if not ref.startswith("#/") or len(schema) > 1:
            return schema
        target = document
        for step in ref[2:].split("/"):
            step = step.replace("~1", "/").replace("~0", "~")
            if not isinstance(target, dict) or step not in target:
                return schema
            target = target[step]
        schema = target
    return schema


# -- candidates ------------------------------------------------------------------------------

_PROBES: tuple[Any, ...] = (
    None,
    True,
    False,
    0,
    1,
    -1,
    2.5,
    "",
    "a",
    "ab",
    "abcdefghi",
    [],
    [1],
    ["a", "a"],
    {},
    {"a": 1},
)


def edge_values(schema: Any, depth: int = 0) -> Iterator[Any]:
    """Values at the edges of each keyword of ``schema`` and of its sub-schemas."""
    if depth > 6 or not isinstance(schema, dict):
        return
    yield from schema.get("enum", []) if isinstance(schema.get("enum"), list) else ()
    if "const" in schema:
        yield schema["const"]
    for keyword in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"):
        bound = schema.get(keyword)
        if isinstance(bound, (int, float)) and not isinstance(bound, bool):
            yield from (bound, bound - 1, bound + 1, bound + 0.5, bound - 0.5, bound * 2)
    for keyword in ("minLength", "maxLength"):
        bound = schema.get(keyword)
        if isinstance(bound, int) and 0 <= bound < 100:
            yield from ("a" * max(bound - 1, 0), "a" * bound, "a" * (bound + 1))
    for keyword in ("minItems", "maxItems", "minContains", "maxContains"):
        bound = schema.get(keyword)
        if isinstance(bound, int) and 0 <= bound < 20:
            for count in (bound - 1, bound, bound + 1):
                yield [1] * max(count, 0)
                yield ["a"] * max(count, 0)
    for keyword in ("minProperties", "maxProperties"):
        bound = schema.get(keyword)
        if isinstance(bound, int) and 0 <= bound < 20:
            for count in (bound - 1, bound, bound + 1):
                yield {f"k{i}": 1 for i in range(max(count, 0))}
    for sub in _subschemas(schema):
        yield from edge_values(sub, depth + 1)


def _subschemas(schema: dict[str, Any]) -> Iterator[Any]:
    for keyword, value in schema.items():
        if keyword in ("enum", "const", "default", "examples"):
            continue
        if isinstance(value, dict):
            if keyword in ("properties", "patternProperties", "$defs", "dependentSchemas"):
                yield from value.values()
            else:
                yield value
        elif isinstance(value, list):
            yield from (v for v in value if isinstance(v, dict))


_TYPE_VALUES: dict[str, tuple[Any, ...]] = {
    "null": (None,),
    "boolean": (True, False),
    "integer": (0, 1, -1, 7),
    "number": (0, 2.5, -1),
    "string": ("", "a", "ab", "abcd", "2024-01-15", "a@b.co"),
    "array": ([],),
    "object": ({},),
}
_WIDTH = 24  # instances kept per sub-schema


def instances(schema: Any, document: Any = None, depth: int = 0) -> list[Any]:
    """Candidate values for ``schema``, independent of the engine's own sampler: values of
    each type it may take, its edge values, and objects/arrays built from the candidates of
    their sub-schemas (each key set, removed, or added undeclared)."""
    document = schema if document is None else document
    schema = _local_ref(document, schema)
    if depth > 4 or not isinstance(schema, dict):
        return list(_PROBES[:8]) if depth <= 4 else [None, "a", 1]
    found: list[Any] = list(edge_values(schema, depth=5))
    for kind in _types(schema):
        found.extend(_TYPE_VALUES[kind])
    for keyword in ("anyOf", "oneOf", "allOf"):
        for branch in schema.get(keyword, []) if isinstance(schema.get(keyword), list) else ():
            found.extend(instances(branch, document, depth + 1)[:6])
    kinds = _types(schema)
    if "object" in kinds:
        found.extend(_objects(schema, document, depth))
    if "array" in kinds:
        found.extend(_arrays(schema, document, depth))
    return list(_unique(iter(found)))[: _WIDTH * 2]


def _types(schema: dict[str, Any]) -> list[str]:
    declared = schema.get("type")
    if isinstance(declared, str):
        return [declared]
    if isinstance(declared, list):
        return [t for t in declared if t in _TYPE_VALUES]
    return list(_TYPE_VALUES)


def _objects(schema: dict[str, Any], document: Any, depth: int) -> Iterator[dict[str, Any]]:
    properties = schema.get("properties") if isinstance(schema.get("properties"), dict) else {}
    values = {name: instances(sub, document, depth + 1) for name, sub in properties.items()}
    extra = schema.get("additionalProperties")
    extra_values = instances(extra, document, depth + 1)[:6] if isinstance(extra, dict) else []
    base = {name: options[0] for name, options in values.items() if options}
    yield base
    for name, options in values.items():
        yield {k: v for k, v in base.items() if k != name}
        for option in options[:_WIDTH]:
            yield {**base, name: option}
    for key in ("a", "b", "c", "x", "ab"):
        for value in (1, "a", None, *extra_values):
            yield {**base, key: value}
    yield {}


def _arrays(schema: dict[str, Any], document: Any, depth: int) -> Iterator[list[Any]]:
    prefix = schema.get("prefixItems") if isinstance(schema.get("prefixItems"), list) else []
    heads = [instances(sub, document, depth + 1)[:4] for sub in prefix]
    items = instances(schema.get("items", {}), document, depth + 1)[:8]
    head = [options[0] for options in heads if options]
    yield head
    for index, options in enumerate(heads):
        for option in options:
            yield [*head[:index], option, *head[index + 1 :]]
    for item in items:
        yield [*head, item]
        yield [*head, item, item]
        yield [*head, item, item, item]


# -- the verdict -----------------------------------------------------------------------------


@dataclass
class Tally:
    pairs: int = 0
    payloads: int = 0
    breaking_pairs: int = 0
    possibly: int = 0
    possibly_codes: dict[str, int] = field(default_factory=dict)
    hj_failures: int = 0
    disagreements: list[tuple[str, Any, Any, str]] = field(default_factory=list)

    def report(self) -> str:
        kinds: dict[str, int] = {}
        for kind, *_ in self.disagreements:
            kinds[kind] = kinds.get(kind, 0) + 1
        pairs = len({(repr(old), repr(new)) for _, old, new, _ in self.disagreements})
        return (
            f"oracle: {self.pairs} pairs ({pairs} disagree), {self.payloads} payloads judged, "
            f"{self.breaking_pairs} pairs with a break, {self.possibly} 'possibly' verdicts, "
            f"{self.hj_failures} schemas hypothesis-jsonschema could not generate from; "
            f"disagreements: {len(self.disagreements)} {kinds}"
        )


_DIRECTIONS = ((Direction.BACKWARD, "old", "new"), (Direction.FORWARD, "new", "old"))


def judge_pair(old: Any, new: Any, payloads: list[Any], tally: Tally) -> None:
    """Compare the engine's verdict on (old, new) with the judge's over ``payloads``."""
    tally.pairs += 1
    judges = {"old": Judge(old), "new": Judge(new)}
    try:
        changes = compare(old, new)
    except Exception as exc:  # the engine must never crash on a valid schema
        tally.disagreements.append(("crash", old, new, repr(exc)))
        return
    reported = {d for c in changes for d in c.breaks}
    for change in changes:
        if change.possibly and change.breaks:
            tally.possibly += 1
            tally.possibly_codes[change.code] = tally.possibly_codes.get(change.code, 0) + 1
    for change in changes:
        _check_witnesses(change, old, new, judges, tally)
    seen: set[str] = set()
    found: set[Direction] = set()
    generated = itertools.chain(payloads, instances(old), instances(new), _PROBES)
    for candidate in generated:
        text = repr(candidate)
        if text in seen:
            continue
        seen.add(text)
        tally.payloads += 1
        # The writer's version accepts the payload as written; the reader's fills defaults.
        for direction, writer, reader in _DIRECTIONS:
            if direction in found or not judges[writer].accepts_as_written(candidate):
                continue
            if not judges[reader].accepts(candidate):
                found.add(direction)
                if direction not in reported:
                    detail = f"{direction.value} {candidate!r}; engine: {_codes(changes)}"
                    tally.disagreements.append(("missed", old, new, detail))
        if len(found) == 2:
            break
    if found:
        tally.breaking_pairs += 1


def _check_witnesses(
    change: Change, old: Any, new: Any, judges: dict[str, Judge], tally: Tally
) -> None:
    for witness in change.witnesses:
        other = "new" if witness.valid_under == "old" else "old"
        good = judges[witness.valid_under].accepts_as_written(witness.payload) and not judges[
            other
        ].accepts(witness.payload)
        if not good:
            tally.disagreements.append(("bad-witness", old, new, f"{change.code} {witness}"))
    if change.possibly:
        return
    for direction in change.breaks:
        witness = change.witness_for(direction)
        if witness is None:
            detail = f"{change.code} {direction.value} {change.message}"
            tally.disagreements.append(("unproven", old, new, detail))


def _codes(changes: list[Change]) -> str:
    return ", ".join(f"{c.code}:{c.verdict()}" for c in changes) or "no change"


def _unique(values: Iterator[Any]) -> Iterator[Any]:
    seen: set[str] = set()
    for value in values:
        text = repr(value)
        if text not in seen:
            seen.add(text)
            yield value


# -- running it over a corpus ----------------------------------------------------------------


def generated_payloads(schema: Any, count: int) -> list[Any] | None:
    """``count`` payloads hypothesis-jsonschema draws from ``schema`` (derandomized), or None
    when it cannot generate from it (unsatisfiable, or a keyword it does not support)."""
    if not _HJ_AVAILABLE:
        return None
    found: list[Any] = []

    @settings(
        max_examples=count,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(from_schema(schema))
    def collect(payload: Any) -> None:
        found.append(payload)

    try:
        collect()
    except (HypothesisException, Exception):
        return None
    return found


def run_corpus(pairs: list[tuple[Any, Any]], generate: int = 0, per_schema: int = 3) -> Tally:
    """Judge every pair; the schemas of the first ``generate`` pairs also get payloads from
    hypothesis-jsonschema (about 80 ms a schema: too slow for the whole corpus)."""
    tally = Tally()
    cache: dict[str, list[Any]] = {}
    for index, (old, new) in enumerate(pairs):
        payloads: list[Any] = []
        for schema in (old, new) if index < generate else ():
            key = repr(schema)
            if key not in cache:
                drawn = generated_payloads(schema, per_schema)
                tally.hj_failures += drawn is None
                cache[key] = drawn or []
            payloads += cache[key]
        judge_pair(old, new, payloads, tally)
    return tally
