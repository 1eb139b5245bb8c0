"""The walk's rules for object keywords: properties and required, additionalProperties,
patternProperties, dependentRequired/dependentSchemas (and draft-07 dependencies) and
propertyNames."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from event_lint.registry.compat.keywords import (
    required,
    same_keyword,
    shared_types,
    validator_at,
    where,
)
from event_lint.registry.compat.model import Breaks, Direction, InstancePath
from event_lint.registry.compat.nodes import (
    Node,
    UnresolvableRef,
    canonical,
    deref,
    is_trivially_true,
    validations,
)

if TYPE_CHECKING:
    from event_lint.registry.compat.detect import Walker

UNDECLARED_KEY = "undeclared_key"  # the payload key used for additionalProperties examples
_TRUE = True


def compare_object(walk: Walker, old: Node, new: Node, at: InstancePath) -> None:
    if "object" not in shared_types(old, new):
        return
    for name in _declared_names(old.schema, new.schema):
        _property(walk, old, new, name, at)
    _additional_properties(walk, old, new, at)
    _pattern_properties(walk, old, new, at)
    _dependent_required(walk, old, new, at)
    _dependent_schemas(walk, old, new, at)


def property_names(walk: Walker, old: Node, new: Node, at: InstancePath) -> None:
    if same_keyword(old, new, "propertyNames") or "object" not in shared_types(old, new):
        return
    before = old.child("propertyNames") if "propertyNames" in old.schema else old.with_schema({})
    after = new.child("propertyNames") if "propertyNames" in new.schema else new.with_schema({})
    walk.judged(
        "PROPERTY_NAMES_CHANGED",
        old,
        new,
        at,
        backward_safe=walk.covers(after, before) or _names_allowed(old, after),
        forward_safe=walk.covers(before, after) or _names_allowed(new, before),
        message=f"propertyNames of {where(at)} changed",
        keyword="propertyNames",
    )


# -- one declared property -------------------------------------------------------------------


def _property(walk: Walker, old: Node, new: Node, name: str, at: InstancePath) -> None:
    here = (*at, name)
    in_old, in_new = _declares(old.schema, name), _declares(new.schema, name)
    old_required, new_required = required(old.schema, name), required(new.schema, name)
    if in_old and in_new:
        walk.compare(_property_node(old, name), _property_node(new, name), here)
        if old_required != new_required:
            code, breaks, now = (
                ("PROPERTY_MADE_REQUIRED", Breaks.BACKWARD, "is now required")
                if new_required
                else ("PROPERTY_MADE_OPTIONAL", Breaks.FORWARD, "is no longer required")
            )
            # A default on the side that requires it: readers fill the key in.
            has_default = _has_default(_property_node(new if new_required else old, name))
            walk.add(
                code,
                Breaks.NONE if has_default else breaks,
                old,
                new,
                here,
                f"{where(here)} {now}",
                keyword="required",
                depth=len(at),
            )
    elif in_new:
        _property_declared_once(walk, old, new, name, here, _ADDED, new_required)
    else:
        _property_declared_once(walk, old, new, name, here, _REMOVED, old_required)


@dataclass(frozen=True)
class _Edit:
    """A property only one version declares: added (only the new one) or removed."""

    added: bool
    required_code: str
    required_message: str
    default_code: str  # required, with a default readers fill in
    optional_codes: dict[str, str]  # by how the other version treats the key
    optional_message: str

    def oriented(self, breaks: frozenset[Direction]) -> frozenset[Direction]:
        """``breaks`` as said of an addition, for this edit: a removal breaks the mirror
        direction (the writer of one is the reader of the other)."""
        if self.added:
            return breaks
        return frozenset(
            Direction.FORWARD if d is Direction.BACKWARD else Direction.BACKWARD for d in breaks
        )


_ADDED = _Edit(
    added=True,
    required_code="REQUIRED_PROPERTY_ADDED",
    required_message="{at} was added as a required property",
    default_code="REQUIRED_PROPERTY_WITH_DEFAULT_ADDED",
    optional_codes={
        "open": "OPTIONAL_PROPERTY_ADDED_TO_OPEN_MODEL",
        "closed": "OPTIONAL_PROPERTY_ADDED_TO_CLOSED_MODEL",
        "partial": "OPTIONAL_PROPERTY_ADDED_TO_PARTIAL_MODEL",
    },
    optional_message="{at} was added to a {model} object",
)
_REMOVED = _Edit(
    added=False,
    required_code="REQUIRED_PROPERTY_REMOVED",
    required_message="{at} was removed (it was required)",
    default_code="REQUIRED_PROPERTY_WITH_DEFAULT_REMOVED",
    optional_codes={
        "open": "OPTIONAL_PROPERTY_REMOVED_FROM_OPEN_MODEL",
        "closed": "OPTIONAL_PROPERTY_REMOVED_FROM_CLOSED_MODEL",
        "partial": "OPTIONAL_PROPERTY_REMOVED_FROM_PARTIAL_MODEL",
    },
    optional_message="{at} was removed from a {model} object",
)


def _property_declared_once(
    walk: Walker,
    old: Node,
    new: Node,
    name: str,
    here: InstancePath,
    edit: _Edit,
    is_required: bool,
) -> None:
    """A property one version declares and the other treats as an undeclared key. Judged
    as an addition (the comments below speak of one); a removal breaks the mirror
    directions."""
    declaring, other = (new, old) if edit.added else (old, new)
    model, fallback = _undeclared_model(other, name)
    declared = _property_node(declaring, name)
    if model == "closed" and _accepts_nothing(declared):
        return  # a property that accepts no value changes nothing in a closed object
    paths = (None, declared.path) if edit.added else (declared.path, None)
    # (the old side's schema for the key, the new side's)
    pair = (fallback, declared) if edit.added else (declared, fallback)
    if is_required and not _has_default(declared):
        walk.add(
            edit.required_code,
            edit.oriented(Breaks.BOTH if model == "closed" else Breaks.BACKWARD),
            old,
            new,
            here,
            edit.required_message.format(at=where(here)),
            depth=len(here) - 1,
            paths=paths,
        )
        if model == "partial":  # the map's values against the declared ones, both ways
            walk.compare(*pair, here)
        return
    code = edit.default_code if is_required else edit.optional_codes[model]
    breaks = Breaks.NONE
    if not walk.lenient and model == "open" and not is_trivially_true(deref(declared).schema):
        breaks = Breaks.BACKWARD  # old events may hold the name with another value
    elif not walk.lenient and model == "closed":
        breaks = Breaks.FORWARD  # old readers reject the new key
    walk.add(
        code,
        edit.oriented(breaks),
        old,
        new,
        here,
        edit.optional_message.format(at=where(here), model=model),
        depth=len(here) - 1,
        paths=paths,
    )
    if model == "partial":  # a declared map holds data under both policies
        walk.compare(*pair, here)


# -- undeclared keys -------------------------------------------------------------------------


def _additional_properties(walk: Walker, old: Node, new: Node, at: InstancePath) -> None:
    before = old.get("additionalProperties", _TRUE)
    after = new.get("additionalProperties", _TRUE)
    same_text = canonical(validations(before)) == canonical(validations(after))
    if same_text and "$ref" not in canonical(before):
        return  # (equal $refs may still point to different definitions: compared below)
    here = (*at, UNDECLARED_KEY)
    if (before is False) != (after is False):
        code, breaks, now = (
            ("ADDITIONAL_PROPERTIES_ALLOWED", Breaks.FORWARD, "now accepts")
            if before is False
            else ("ADDITIONAL_PROPERTIES_FORBIDDEN", Breaks.BACKWARD, "no longer accepts")
        )
        walk.add(
            code,
            Breaks.NONE if walk.lenient else breaks,  # lenient: writers never send undeclared keys
            old,
            new,
            here,
            f"{where(at)} {now} undeclared keys",
            keyword="additionalProperties",
            depth=len(at),
        )
    elif not walk.lenient or (_is_map(before) and _is_map(after)):
        walk.compare(_additional_node(old), _additional_node(new), here)


def _pattern_properties(walk: Walker, old: Node, new: Node, at: InstancePath) -> None:
    before, after = old.get("patternProperties", {}), new.get("patternProperties", {})
    declared = set(_declared_names(old.schema, new.schema))
    for pattern in _ordered_union(before, after):
        # An undeclared key: additionalProperties applies only to those.
        here = (*at, _key_matching(pattern, declared))
        if pattern in before and pattern in after:
            walk.compare(
                old.child("patternProperties", pattern),
                new.child("patternProperties", pattern),
                here,
            )
        elif not walk.lenient and pattern in after:
            walk.compare(_additional_node(old), new.child("patternProperties", pattern), here)
        elif not walk.lenient:
            walk.compare(old.child("patternProperties", pattern), _additional_node(new), here)


# -- dependencies ----------------------------------------------------------------------------


def _dependent_required(walk: Walker, old: Node, new: Node, at: InstancePath) -> None:
    before, after = _dependent_names(old.schema), _dependent_names(new.schema)
    for key in _ordered_union(before, after):
        added = sorted(after.get(key, set()) - before.get(key, set()))
        removed = sorted(before.get(key, set()) - after.get(key, set()))
        for names, code, breaks, now in (
            (added, "DEPENDENT_REQUIRED_ADDED", Breaks.BACKWARD, "must now be too"),
            (removed, "DEPENDENT_REQUIRED_REMOVED", Breaks.FORWARD, "may now be missing"),
        ):
            if names:
                message = f"when {where((*at, key))} is present, {_names(names)} {now}"
                walk.add(code, breaks, old, new, at, message, keyword="dependentRequired")


def _dependent_schemas(walk: Walker, old: Node, new: Node, at: InstancePath) -> None:
    before, after = _dependent_schema_nodes(old), _dependent_schema_nodes(new)
    for key in _ordered_union(before, after):
        # A dependent schema applies only when the key is present: like then without if.
        walk.compare(before.get(key, old.with_schema({})), after.get(key, new.with_schema({})), at)


# -- helpers ---------------------------------------------------------------------------------


def _has_default(node: Node) -> bool:
    if isinstance(node.schema, dict) and "default" in node.schema:
        return True
    try:
        target = deref(node).schema
    except UnresolvableRef:
        return False
    return isinstance(target, dict) and "default" in target


def _names_allowed(writer: Node, names: Node) -> bool:
    """The writer's object is closed and the ``names`` schema accepts each key it declares."""
    properties = writer.get("properties", {})
    closed = writer.get("additionalProperties") is False and not writer.get("patternProperties")
    if not closed or not isinstance(properties, dict):
        return False
    try:
        check = validator_at(names)
        return all(check.is_valid(name) for name in properties)
    except Exception:  # jsonschema's own errors: a bad regex, an unresolvable $ref
        return False


def _names(names: Iterable[str]) -> str:
    return ", ".join(repr(n) for n in names)


def _declared_names(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    names: dict[str, None] = {}
    for schema in (old, new):
        props = schema.get("properties", {})
        names.update(dict.fromkeys(props if isinstance(props, dict) else []))
        listed = schema.get("required", [])
        names.update(
            dict.fromkeys(r for r in listed if isinstance(r, str))
            if isinstance(listed, list)
            else {}
        )
    return list(names)


def _declares(schema: dict[str, Any], name: str) -> bool:
    return name in schema.get("properties", {}) or required(schema, name)


def _property_node(node: Node, name: str) -> Node:
    if name in node.get("properties", {}):
        return node.child("properties", name)
    return _undeclared_model(node, name)[1]


def _undeclared_model(node: Node, name: str) -> tuple[str, Node]:
    """How an object treats a key it does not declare: "open", "closed" or "partial", and
    the schema the key's value must match there."""
    for pattern in node.get("patternProperties", {}):
        if _search(pattern, name):
            return "partial", node.child("patternProperties", pattern)
    additional = node.get("additionalProperties", _TRUE)
    if additional is False or (
        is_trivially_true(additional) and node.get("unevaluatedProperties") is False
    ):
        return "closed", node.with_schema(False)
    if is_trivially_true(additional):
        return "open", node.with_schema({})
    return "partial", node.child("additionalProperties")


def _is_map(additional: Any) -> bool:
    """additionalProperties declares a map: undeclared keys are data of a given schema."""
    return isinstance(additional, dict) and not is_trivially_true(additional)


def _accepts_nothing(node: Node) -> bool:
    try:
        return deref(node).schema is False
    except UnresolvableRef:
        return False


def _additional_node(node: Node) -> Node:
    if "additionalProperties" in node.schema:
        return node.child("additionalProperties")
    return node.with_schema({})


def _search(pattern: str, text: str) -> bool:
    try:
        return re.search(pattern, text) is not None
    except re.error:
        return False


def _key_matching(pattern: str, declared: set[str]) -> str:
    """A payload key that matches ``pattern`` and is not ``declared`` (for examples), or
    the pattern itself."""
    literal = re.sub(r"[^A-Za-z0-9_]", "", pattern)
    keys = (literal, f"{literal}1", f"{literal}_x", "a", "x_1", "key", "A", "1", "_", "a-b")
    for key in keys:
        if key and key not in declared and _search(pattern, key):
            return key
    return pattern


def _ordered_union(first: Iterable[str], second: Iterable[str]) -> list[str]:
    return list(dict.fromkeys([*first, *second]))


def _dependent_names(schema: dict[str, Any]) -> dict[str, set[str]]:
    result: dict[str, set[str]] = {}
    for keyword in ("dependencies", "dependentRequired"):
        for key, value in schema.get(keyword, {}).items():
            if isinstance(value, list):
                result.setdefault(key, set()).update(value)
    return result


def _dependent_schema_nodes(node: Node) -> dict[str, Node]:
    result: dict[str, Node] = {}
    for keyword in ("dependencies", "dependentSchemas"):
        for key, value in node.get(keyword, {}).items():
            if not isinstance(value, list):
                result[key] = node.child(keyword, key)
    return result
