"""Example payloads that show a break: valid under one version, invalid under the other.

Candidates are built from both schemas (samples, boundary values, enum values, a missing or
an extra key) and placed at the change's payload location inside a sample payload. A
candidate is shown only after the real validators of both schemas agree it is a witness.
"""

from __future__ import annotations

import copy
import itertools
import re
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import referencing
from jsonschema import Draft202012Validator, ValidationError
from jsonschema.protocols import Validator
from jsonschema.validators import validator_for

from event_lint.registry.compat.detect import UNDECLARED_KEY
from event_lint.registry.compat.detect import where as _where
from event_lint.registry.compat.model import Change, Direction, InstancePath, Witness
from event_lint.registry.compat.nodes import Node, UnresolvableRef, canonical, deref, root
from event_lint.registry.compat.sample import sample
from event_lint.registry.dialects import FORMAT_CHECKER

_DELETE = object()  # a candidate that removes the key instead of setting it
_PROBES: tuple[Any, ...] = (
    None,
    True,
    False,
    0,
    1,
    -1,
    2,
    1.5,
    -1.5,
    10**9,
    -(10**9),
    "",
    "x",
    "A",
    "not a date",
    "2024-01-15",
    "2024-01-15T10:00:00Z",
    "user@example.com",
    "00000000-0000-0000-0000-000000000000",
    "https://example.com",
    [],
    [None],
    ["x", "x"],
    [1, 1],
    {},
    {"x": 1},
)
_MAX_CANDIDATES = 400


def validator(schema: Any, refs: referencing.Registry[Any] | None, uri: str = "") -> Validator:
    """The validator the schema's dialect asks for, with the registry's format assertions,
    resolving ``$ref``s from ``uri`` only inside ``refs`` (never over the network)."""
    cls = validator_for(schema, default=Draft202012Validator)
    registry = refs or referencing.Registry()
    if uri and isinstance(schema, dict) and "$id" not in schema:
        schema = {**schema, "$id": uri}
    return cls(schema, registry=registry, format_checker=FORMAT_CHECKER)


class WitnessFinder:
    """Finds example payloads for the breaking changes between two schemas."""

    def __init__(
        self, old: Any, new: Any, refs: referencing.Registry[Any] | None, uris: tuple[str, str]
    ) -> None:
        self.roots = {"old": root(old, refs, uris[0]), "new": root(new, refs, uris[1])}
        self.validators = {
            "old": validator(old, refs, uris[0]),
            "new": validator(new, refs, uris[1]),
        }
        self._root_bases: dict[str, list[Any]] = {}

    def attach(self, change: Change) -> Change:
        found = (self.find(change, d) for d in Direction if d in change.breaks)
        return replace(change, witnesses=tuple(w for w in found if w is not None))

    def find(self, change: Change, direction: Direction) -> Witness | None:
        """Prefer a whole payload whose only errors are at the change; else a value at the
        change's location (other changes in a whole payload would hide the cause); else any
        whole payload that is valid under one version and invalid under the other."""
        accepting = "old" if direction is Direction.BACKWARD else "new"
        if accepting not in self._root_bases:  # the same for every change: built once
            self._root_bases[accepting] = _bases(self.validators, self.roots, accepting)
        whole = _Search(
            self.validators,
            self._root_bases[accepting],
            accepting,
            change.instance_path,
            _validators_for(change),
        )
        candidates = _candidates(change)
        payload = whole.run(candidates, strict=True)
        if payload is not _NOTHING:
            return Witness(direction, payload, accepting)
        local_at = change.instance_path[: change.schema_depth]
        nodes = {"old": change.old_schema, "new": change.new_schema}
        if local_at and all(isinstance(n, Node) for n in nodes.values()):
            local_validators = {v: _validator_at(self.validators[v], nodes[v]) for v in nodes}
            path = change.instance_path[change.schema_depth :]
            bases = _bases(local_validators, nodes, accepting)
            payload = _Search(
                local_validators, bases, accepting, path, _validators_for(change)
            ).run(candidates, strict=True)
            if payload is not _NOTHING:
                return Witness(direction, payload, accepting, at=_where(local_at))
        payload = whole.run(candidates, strict=False)
        return None if payload is _NOTHING else Witness(direction, payload, accepting)


_NOTHING = object()


def _bases(validators: dict[str, Validator], nodes: dict[str, Node], accepting: str) -> list[Any]:
    """Sample payloads valid under the accepting version; those valid under both versions
    first, so an example built on them differs from a compatible payload only at the change."""
    rejecting = "new" if accepting == "old" else "old"
    modes = ((True, True), (True, False), (False, False))  # (full, conditional)
    samples = [
        sample(nodes[v], full=full, conditional=conditional)
        for v in (accepting, rejecting)
        for full, conditional in modes
    ]
    unique = list({canonical(s): s for s in samples}.values())
    valid = [s for s in unique if _is_valid(validators[accepting], s)]
    return sorted(valid, key=lambda s: not _is_valid(validators[rejecting], s))


def _is_valid(validator: Validator, payload: Any) -> bool:
    try:
        return bool(validator.is_valid(payload))
    except Exception:  # a broken schema (bad regex, bad $ref) proves nothing
        return False


class _Search:
    """Tries candidates at ``path`` inside sample payloads of the accepting version."""

    def __init__(
        self,
        validators: dict[str, Validator],
        bases: list[Any],
        accepting: str,
        path: InstancePath,
        keywords: frozenset[str] | None,
    ) -> None:
        self.keywords = keywords
        self.validators = validators
        self.bases = bases
        self.accepting = accepting
        self.rejecting = "new" if accepting == "old" else "old"
        self.path = path

    def run(self, candidates: list[Any], *, strict: bool) -> Any:
        """The first payload valid under the accepting version and rejected by the other
        (by the changed keyword, when known); ``strict``: every error of the other version
        lies on the path to the change or below it."""
        for base in self.bases:
            for candidate in candidates:
                payload = _set_at(base, self.path, candidate)
                if payload is not _DELETE and self._witness(payload, strict):
                    return payload
        return _NOTHING

    def _witness(self, payload: Any, strict: bool) -> bool:
        if not self._valid(self.accepting, payload):
            return False
        try:
            errors = list(self.validators[self.rejecting].iter_errors(payload))
        except Exception:  # a broken schema (bad regex, bad $ref) proves nothing
            return False
        if self.keywords is not None and not any(e.validator in self.keywords for e in errors):
            return False  # rejected, but not by the keyword that changed
        return bool(errors) and (not strict or all(self._on_path(e) for e in errors))

    def _on_path(self, error: ValidationError) -> bool:
        """The error is at the change, below it, or above it about the change's key."""
        error_at = tuple(error.absolute_path)
        shorter = min(len(error_at), len(self.path))
        if error_at[:shorter] != self.path[:shorter]:
            return False
        if len(error_at) >= len(self.path):
            return True
        keys = _keys_blamed(error)
        return keys is None or keys <= {self.path[len(error_at)]}

    def _valid(self, version: str, payload: Any) -> bool:
        return _is_valid(self.validators[version], payload)


# The validator keywords whose errors show a change of this keyword.
_SHOWN_BY = {
    "enum": frozenset({"enum", "const"}),
    "const": frozenset({"enum", "const"}),
    "exclusiveMaximum": frozenset({"exclusiveMaximum", "maximum"}),
    "exclusiveMinimum": frozenset({"exclusiveMinimum", "minimum"}),
}
_PRECISE = frozenset(
    {
        "type",
        "required",
        "dependentRequired",
        "additionalProperties",
        "multipleOf",
        "pattern",
        "format",
        "uniqueItems",
        "maximum",
        "minimum",
        "maxLength",
        "minLength",
        "maxItems",
        "minItems",
        "maxProperties",
        "minProperties",
    }
)


def _validators_for(change: Change) -> frozenset[str] | None:
    """The error keywords a good example for this change fails with (None: any)."""
    keyword = change.keyword
    if keyword in _SHOWN_BY:
        return _SHOWN_BY[keyword]
    if keyword in _PRECISE:
        return frozenset({keyword, "dependencies"} if keyword == "dependentRequired" else {keyword})
    return None


def _keys_blamed(error: ValidationError) -> set[str] | None:
    """The object keys a required/additionalProperties error is about (None: any)."""
    instance = error.instance
    if not isinstance(instance, dict) or not isinstance(error.schema, dict):
        return None
    if error.validator == "required" and isinstance(error.validator_value, list):
        return {n for n in error.validator_value if n not in instance}
    if error.validator == "additionalProperties":
        declared = error.schema.get("properties", {})
        return {k for k in instance if k not in declared}
    return None


def _validator_at(root_validator: Validator, node: Node) -> Validator:
    # evolve(_resolver=...) is how jsonschema itself descends into a sub-schema: the
    # sub-schema's $refs resolve from where it sits in its document.
    return root_validator.evolve(schema=node.schema, _resolver=node.resolver)


def _candidates(change: Change) -> list[Any]:
    def generate() -> Iterator[Any]:
        yield _DELETE
        step = change.instance_path[change.schema_depth :][:1]
        for node in (change.old_schema, change.new_schema):
            if isinstance(node, Node):
                yield from _schema_values(_value_node(node, step[0]) if step else node)
                yield from _schema_values(node) if step else ()
        yield from _PROBES

    return list(_limited(generate()))


def _value_node(node: Node, step: str | int) -> Node:
    """The schema of the value one step below ``node``."""
    try:
        node = deref(node)
    except UnresolvableRef:
        return node.with_schema({})
    if isinstance(step, str) and isinstance(node.schema, dict):
        if step in node.get("properties", {}):
            return node.child("properties", step)
        if isinstance(node.get("additionalProperties"), dict):
            return node.child("additionalProperties")
    if isinstance(step, int) and isinstance(node.get("items"), dict):
        return node.child("items")
    return node.with_schema({})


def _limited(candidates: Iterator[Any]) -> Iterator[Any]:
    seen: set[str] = set()
    for candidate in itertools.islice(candidates, _MAX_CANDIDATES):
        text = "<delete>" if candidate is _DELETE else canonical(candidate)
        if text not in seen:
            seen.add(text)
            yield candidate


def _schema_values(node: Node) -> Iterator[Any]:
    """Values near the edges of what one schema accepts."""
    try:
        node = deref(node)
    except UnresolvableRef:
        return
    schema = node.schema
    if not isinstance(schema, dict):
        return
    yield sample(node, full=True)
    yield sample(node, full=True, conditional=False)
    yield sample(node, full=False)
    yield from schema.get("enum", [])
    if "const" in schema:
        yield schema["const"]
    yield from _numbers_near(schema)
    yield from _strings_near(schema)
    yield from _arrays_near(node)
    yield from _objects_near(node)
    for keyword in ("anyOf", "oneOf", "allOf"):
        for index in range(len(schema.get(keyword, []))):
            yield sample(node.child(keyword, index), full=True)
    for keyword in ("not", "if", "then", "else"):
        if isinstance(schema.get(keyword), dict):
            yield sample(node.child(keyword), full=True)


def _numbers_near(schema: dict[str, Any]) -> Iterator[Any]:
    for keyword in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"):
        bound = schema.get(keyword)
        if isinstance(bound, (int, float)) and not isinstance(bound, bool):
            yield from (bound, bound - 1, bound + 1, bound + 0.5, bound - 0.5, bound * 2, bound * 3)


def _strings_near(schema: dict[str, Any]) -> Iterator[Any]:
    pattern = schema.get("pattern")
    if isinstance(pattern, str):
        literal = re.sub(r"[^A-Za-z0-9_@.-]", "", pattern)
        yield from (literal, f"{literal}1", f"x{literal}")
    for keyword in ("minLength", "maxLength"):
        bound = schema.get(keyword)
        if isinstance(bound, int) and 0 <= bound <= 10_000:
            yield from ("x" * max(bound - 1, 0), "x" * bound, "x" * (bound + 1))


def _arrays_near(node: Node) -> Iterator[Any]:
    item = sample(node.child("items"), full=True) if isinstance(node.get("items"), dict) else "x"
    yield [item, item]
    for keyword in ("minItems", "maxItems"):
        bound = node.get(keyword)
        if isinstance(bound, int) and 0 <= bound <= 1_000:
            yield from ([item] * max(bound - 1, 0), [item] * bound, [item] * (bound + 1))


def _objects_near(node: Node) -> Iterator[Any]:
    base = sample(node, full=True)
    if not isinstance(base, dict):
        return
    yield {**base, UNDECLARED_KEY: "x"}
    for keyword in ("minProperties", "maxProperties"):
        bound = node.get(keyword)
        if isinstance(bound, int) and 0 <= bound <= 1_000:
            for count in (bound - 1, bound, bound + 1):
                yield {f"k{i}": "x" for i in range(max(count, 0))}
    for key in base:
        yield {k: v for k, v in base.items() if k != key}
    minimal = sample(node, full=False)
    if isinstance(minimal, dict):
        for key in base:
            yield {**minimal, key: base[key]}


def _set_at(payload: Any, path: InstancePath, value: Any) -> Any:
    """A copy of ``payload`` with ``value`` at ``path`` (missing containers are created;
    ``_DELETE`` removes the key)."""
    if not path:
        return value
    result = copy.deepcopy(payload)
    container = result
    for step, following in itertools.pairwise(path):
        container = _step_into(container, step, following)
        if container is None:
            return _DELETE
    last = path[-1]
    if isinstance(container, dict) and isinstance(last, str):
        if value is _DELETE:
            container.pop(last, None)
        else:
            container[last] = copy.deepcopy(value)
    elif isinstance(container, list) and isinstance(last, int):
        _pad(container, last)
        if value is _DELETE:
            del container[last]
        else:
            container[last] = copy.deepcopy(value)
    else:
        return _DELETE
    return result


def _step_into(container: Any, step: str | int, following: str | int) -> Any:
    empty: Any = [] if isinstance(following, int) else {}
    if isinstance(container, dict) and isinstance(step, str):
        if not isinstance(container.get(step), (dict, list)):
            container[step] = empty
        return container[step]
    if isinstance(container, list) and isinstance(step, int):
        _pad(container, step)
        if not isinstance(container[step], (dict, list)):
            container[step] = empty
        return container[step]
    return None


def _pad(items: list[Any], index: int) -> None:
    filler = items[-1] if items else None
    while len(items) <= index:
        items.append(copy.deepcopy(filler))
