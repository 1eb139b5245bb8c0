"""Example payloads that show a break: valid under one version, invalid under the other.

Candidates are built from both schemas (samples, boundary values, enum values, a missing or
an extra key) and placed at the change's payload location inside a sample payload. A
candidate is shown only after the real validators of both schemas agree it is a witness.
"""

from __future__ import annotations

import copy
import itertools
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import Any

import referencing
from jsonschema import ValidationError
from jsonschema.protocols import Validator
from jsonschema.validators import validator_for

from event_lint.registry.compat.codes import CODES
from event_lint.registry.compat.model import Change, Direction, InstancePath, Witness
from event_lint.registry.compat.nodes import (
    Node,
    UnresolvableRef,
    canonical,
    deref,
    root,
    validations,
)
from event_lint.registry.compat.sample import sample
from event_lint.registry.compat.variants import schema_values, variants
from event_lint.registry.dialects import DEFAULT_DIALECT, FORMAT_CHECKER, validator_class

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


def validator(
    schema: Any,
    refs: referencing.Registry[Any] | None,
    uri: str = "",
    dialect: str = DEFAULT_DIALECT,
) -> Validator:
    """The validator the schema's dialect (else ``dialect``) asks for, with the registry's
    format assertions, resolving ``$ref``s from ``uri`` only inside ``refs`` (never over
    the network)."""
    cls = validator_for(schema, default=validator_class(dialect))
    registry = refs or referencing.Registry()
    if uri and isinstance(schema, dict) and "$id" not in schema:
        schema = {**schema, "$id": uri}
    return cls(schema, registry=registry, format_checker=FORMAT_CHECKER)


class WitnessFinder:
    """Finds example payloads for the breaking changes between two schemas.

    A payload shows a break when the writer's version accepts it as written and the
    reader's version rejects it after filling in the ``default`` of every declared property
    it lacks (readers fill defaults in: COMPAT.md).
    """

    def __init__(
        self,
        old: Any,
        new: Any,
        refs: referencing.Registry[Any] | None,
        uris: tuple[str, str],
        dialect: str = DEFAULT_DIALECT,
    ) -> None:
        self.roots = {
            "old": root(old, refs, uris[0], dialect),
            "new": root(new, refs, uris[1], dialect),
        }
        self.judges = {
            version: _Judge(validator(schema, refs, uri, dialect), self.roots[version])
            for version, schema, uri in (("old", old, uris[0]), ("new", new, uris[1]))
        }
        self._root_bases: dict[str, list[Any]] = {}
        self._pool: list[Any] | None = None
        self._accepted: dict[str, dict[int, bool]] = {}  # version -> pool index -> verdict

    def attach(self, change: Change) -> list[Change]:
        """The change with an example per broken direction. A direction no example shows
        becomes "possibly" (said in the message); a "possibly" the examples show in every
        direction becomes definite."""
        found = {d: self.find(change, d) for d in Direction if d in change.breaks}
        shown = frozenset(d for d, w in found.items() if w is not None)
        witnesses = tuple(w for w in found.values() if w is not None)
        if shown == change.breaks:
            return [replace(change, witnesses=witnesses, possibly=False)]
        unshown = change.breaks - shown
        doubt = replace(
            change,
            breaks=unshown,
            possibly=True,
            message=change.message if change.possibly else f"{change.message} ({UNCONFIRMED})",
            witnesses=(),
        )
        if not shown:
            return [doubt]
        return [replace(change, breaks=shown, witnesses=witnesses, possibly=False), doubt]

    def find(self, change: Change, direction: Direction) -> Witness | None:
        """Prefer a whole payload whose only errors are at the change, built at the change's
        location; else one from the generic payloads; else any whole payload valid under one
        version and invalid under the other."""
        accepting = "old" if direction is Direction.BACKWARD else "new"
        if accepting not in self._root_bases:  # the same for every change: built once
            self._root_bases[accepting] = _bases(self.judges, self.roots, accepting)
        search = _Search(
            self.judges,
            self._root_bases[accepting],
            accepting,
            change.instance_path,
            _validators_for(change),
        )
        candidates = _candidates(change, accepting)
        for strict in (True, False):
            payload = search.run(candidates, strict=strict)
            if payload is _NOTHING:
                payload = next(search.among(self.pool(accepting), strict=strict), _NOTHING)
            if payload is not _NOTHING:
                return Witness(direction, payload, accepting)
        return None

    def checked(
        self, changes: list[Change], wanted: frozenset[Direction], *, discover: bool
    ) -> list[Change]:
        """The changes in order, those that break a ``wanted`` direction with their examples;
        with ``discover``, plus the breaks of a wanted direction only an example shows."""
        result: list[Change] = []
        for change in changes:
            result += self.attach(change) if change.breaks & wanted else [change]
        return [*result, *self.unreported(result, wanted)] if discover else result

    def unreported(self, changes: list[Change], wanted: frozenset[Direction]) -> list[Change]:
        """A change for each wanted direction no change reports but a generic payload shows
        (a break no keyword rule names)."""
        reported = {d for c in changes for d in c.breaks}
        if _same_document(self.roots["old"], self.roots["new"]):
            return []
        found = []
        for direction in sorted(wanted - reported):
            accepting = "old" if direction is Direction.BACKWARD else "new"
            search = _Search(self.judges, [], accepting, (), None)
            payload = next(search.among(self.pool(accepting), strict=False), _NOTHING)
            if payload is not _NOTHING:
                found.append(_found_by_example(direction, payload, accepting, self.roots))
        return found

    def pool(self, accepting: str) -> Iterator[Any]:
        """Generic payloads from both schemas that the ``accepting`` version accepts, judged
        as they are asked for (a search usually stops at the first witness)."""
        if self._pool is None:
            candidates = [*variants(self.roots["old"]), *variants(self.roots["new"])]
            self._pool = list({canonical(c): c for c in candidates}.values())
        accepted = self._accepted.setdefault(accepting, {})
        for index, candidate in enumerate(self._pool):
            if index not in accepted:
                accepted[index] = self.judges[accepting].accepts(candidate)
            if accepted[index]:
                yield candidate


UNCONFIRMED = (
    "not confirmed: no payload could be built that one version accepts and the other rejects"
)


def _same_document(old: Node, new: Node) -> bool:
    """Textually the same constraints, with no $ref that could resolve differently."""
    text = canonical(validations(old.schema))
    return text == canonical(validations(new.schema)) and '"$ref"' not in text


def _found_by_example(
    direction: Direction, payload: Any, accepting: str, roots: dict[str, Node]
) -> Change:
    other = "new" if accepting == "old" else "old"
    return Change(
        code="BREAK_FOUND_BY_EXAMPLE",
        message=f"a payload the {accepting} version accepts is rejected by the {other} version",
        breaks=frozenset({direction}),
        old_path="",
        new_path="",
        hint=CODES["BREAK_FOUND_BY_EXAMPLE"][1],
        witnesses=(Witness(direction, payload, accepting),),
        old_schema=roots["old"],
        new_schema=roots["new"],
    )


_NOTHING = object()


class _Judge:
    """One version's validator: as the writer (the payload as written) and as the reader
    (defaults filled in)."""

    def __init__(self, validator: Validator, node: Node) -> None:
        self.validator = validator
        self.node = node

    def accepts(self, payload: Any) -> bool:
        return _is_valid(self.validator, payload)

    def reader_errors(self, payload: Any) -> list[ValidationError]:
        return list(self.validator.iter_errors(with_defaults(self.node, payload)))


def with_defaults(node: Node, payload: Any, depth: int = 0) -> Any:
    """``payload`` with the ``default`` of every declared property it lacks filled in."""
    try:
        node = deref(node)
    except UnresolvableRef:
        return payload
    properties = node.get("properties")
    if depth > 32 or not isinstance(payload, dict) or not isinstance(properties, dict):
        return payload
    result = dict(payload)
    for name in properties:
        try:
            child = deref(node.child("properties", name))
        except UnresolvableRef:
            continue
        if name in result:
            result[name] = with_defaults(child, result[name], depth + 1)
        elif isinstance(child.schema, dict) and "default" in child.schema:
            result[name] = copy.deepcopy(child.schema["default"])
    return result


def _bases(judges: dict[str, _Judge], nodes: dict[str, Node], accepting: str) -> list[Any]:
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
    valid = [s for s in unique if judges[accepting].accepts(s)]
    return sorted(valid, key=lambda s: not judges[rejecting].accepts(s))


def _is_valid(validator: Validator, payload: Any) -> bool:
    try:
        return bool(validator.is_valid(payload))
    except Exception:  # a broken schema (bad regex, bad $ref) proves nothing
        return False


class _Search:
    """Tries candidates at ``path`` inside sample payloads of the accepting version."""

    def __init__(
        self,
        judges: dict[str, _Judge],
        bases: list[Any],
        accepting: str,
        path: InstancePath,
        keywords: frozenset[str] | None,
    ) -> None:
        self.keywords = keywords
        self.judges = judges
        self.bases = bases
        self.accepting = accepting
        self.rejecting = "new" if accepting == "old" else "old"
        self.path = path

    def run(self, candidates: list[Any], *, strict: bool) -> Any:
        """The first payload valid under the accepting version and rejected by the other;
        ``strict``: rejected by the changed keyword (when known), with every error of the
        other version on the path to the change or below it."""
        for base in self.bases:
            for candidate in candidates:
                payload = _set_at(base, self.path, candidate)
                if payload is not _DELETE and self._witness(payload, strict):
                    return payload
        return _NOTHING

    def among(self, payloads: Iterable[Any], *, strict: bool) -> Iterator[Any]:
        """The payloads (each already accepted by the accepting version) that show a break."""
        return (p for p in payloads if self._rejected(p, strict))

    def _witness(self, payload: Any, strict: bool) -> bool:
        return self.judges[self.accepting].accepts(payload) and self._rejected(payload, strict)

    def _rejected(self, payload: Any, strict: bool) -> bool:
        try:
            errors = self.judges[self.rejecting].reader_errors(payload)
        except Exception:  # a broken schema (bad regex, bad $ref) proves nothing
            return False
        if not strict or not errors:
            return bool(errors)
        if self.keywords is not None and not any(e.validator in self.keywords for e in errors):
            return False  # rejected, but not by the keyword that changed
        return all(self._on_path(e) for e in errors)

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


def _candidates(change: Change, accepting: str) -> list[Any]:
    """Values to place at the change: the accepting version's first (a witness must pass
    it), then the other's, then probes."""
    nodes = (change.old_schema, change.new_schema)

    def generate() -> Iterator[Any]:
        yield _DELETE
        step = change.instance_path[change.schema_depth :][:1]
        for node in nodes if accepting == "old" else nodes[::-1]:
            if isinstance(node, Node):
                yield from schema_values(_value_node(node, step[0]) if step else node)
                yield from schema_values(node) if step else ()
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
