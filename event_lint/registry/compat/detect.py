"""Walk two JSON Schemas side by side and list every change with the readers it breaks.

The walk follows both schemas at the same payload location; ``$ref``s are resolved first, so
moving a definition into ``$defs`` is no change. BACKWARD breaks when the new schema rejects
something the old one accepted (a tightening); FORWARD when the new one accepts something
the old one rejected (a loosening).
"""

from __future__ import annotations

import itertools
import json
import math
import re
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from jsonschema.protocols import Validator
from jsonschema.validators import validator_for

from event_lint.registry.compat.codes import CODES
from event_lint.registry.compat.model import (
    BACKWARD_ONLY,
    BOTH,
    FORWARD_ONLY,
    NEITHER,
    Change,
    Direction,
    InstancePath,
)
from event_lint.registry.compat.nodes import (
    ANNOTATIONS,
    Node,
    UnresolvableRef,
    canonical,
    deref,
    escape,
    is_trivially_true,
    resolved_text,
    validations,
)
from event_lint.registry.dialects import FORMAT_CHECKER, default_validator_class

POLICIES = ("strict", "lenient")
UNDECLARED_KEY = "undeclared_key"  # the payload key used for additionalProperties examples

_UPPER = ("maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties")
_LOWER = ("minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties")
_UNDECIDED = (
    "unevaluatedProperties",
    "unevaluatedItems",
    "$dynamicRef",
    "$recursiveRef",
)
_HANDLED = frozenset(
    {
        "$ref",
        "type",
        "enum",
        "const",
        *_UPPER,
        *_LOWER,
        "multipleOf",
        "pattern",
        "format",
        "uniqueItems",
        "properties",
        "required",
        "additionalProperties",
        "patternProperties",
        "dependentRequired",
        "dependentSchemas",
        "dependencies",
        "items",
        "prefixItems",
        "additionalItems",
        "allOf",
        "anyOf",
        "oneOf",
        "if",
        "then",
        "else",
        "not",
        "contains",
        "minContains",
        "maxContains",
        "propertyNames",
        *_UNDECIDED,
    }
)
# In-place applicators: with one of them, unevaluated* also sees what they evaluate.
_APPLICATORS = frozenset(
    {
        "allOf",
        "anyOf",
        "oneOf",
        "not",
        "if",
        "then",
        "else",
        "dependentSchemas",
        "dependencies",
        "$ref",
        "$dynamicRef",
        "$recursiveRef",
        "contains",
    }
)
# The type a keyword constrains ("integer" stands for both numeric types).
_TYPE_OF_KEYWORD = {
    **dict.fromkeys(("minLength", "maxLength", "pattern", "format"), "string"),
    **dict.fromkeys(
        ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"), "integer"
    ),
    **dict.fromkeys(("minItems", "maxItems", "uniqueItems"), "array"),
    **dict.fromkeys(("minProperties", "maxProperties"), "object"),
}
_MAX_QUESTIONS = 6  # nested covers() questions before answering "not known to cover"
_ALL_TYPES = frozenset({"null", "boolean", "object", "array", "string", "integer", "number"})
_TRUE = True


class Walker:
    """Collects the changes between two schemas under one policy."""

    def __init__(self, policy: str, depth: int = 0) -> None:
        if policy not in POLICIES:
            raise ValueError(f"unknown compatibility policy {policy!r}")
        self.policy = policy
        self.lenient = policy == "lenient"
        self.changes: list[Change] = []
        self._active: set[tuple[int, int]] = set()
        self._depth = depth  # how many covers() questions this walk answers inside

    def covers(self, wide: Node, narrow: Node) -> bool:
        """Every value ``narrow`` accepts is accepted by ``wide``, as far as the rules tell
        (no change from ``narrow`` to ``wide`` breaks BACKWARD, not even possibly)."""
        if self._depth >= _MAX_QUESTIONS:
            return False
        probe = Walker("strict", self._depth + 1)
        probe.compare(narrow, wide, ())
        return not any(Direction.BACKWARD in c.breaks for c in probe.changes)

    def _compare_only(
        self, old: Node, new: Node, at: InstancePath, keep: frozenset[Direction]
    ) -> None:
        """Compare, keeping only the breaks of ``keep`` (the others are known not to happen)."""
        probe = Walker(self.policy, self._depth)
        probe._active = self._active
        probe.compare(old, new, at)
        self.changes += [_keeping(c, keep) for c in probe.changes]

    # -- recording -------------------------------------------------------------------------

    def _add(
        self,
        code: str,
        breaks: frozenset[Direction],
        old: Node,
        new: Node,
        at: InstancePath,
        message: str,
        *,
        keyword: str | None = None,
        possibly: bool = False,
        depth: int | None = None,
        paths: tuple[str | None, str | None] | None = None,
    ) -> None:
        """Record a change found in ``old``/``new`` (the schemas of the payload at
        ``at[:depth]``, default all of ``at``); paths default to the keyword in each."""
        if keyword in _TYPE_OF_KEYWORD and _TYPE_OF_KEYWORD[keyword] not in _shared_types(old, new):
            return  # the keyword constrains a type one version rejects: the type change says it
        if paths is None:
            paths = (_keyword_path(old, keyword), _keyword_path(new, keyword))
        self.changes.append(
            Change(
                code=code,
                message=message,
                breaks=breaks,
                old_path=paths[0],
                new_path=paths[1],
                hint=CODES[code][1] if breaks else "",
                possibly=possibly,
                instance_path=at,
                old_schema=old,
                new_schema=new,
                schema_depth=len(at) if depth is None else depth,
                keyword=keyword,
            )
        )

    # -- the walk --------------------------------------------------------------------------

    def compare(self, old: Node, new: Node, at: InstancePath) -> None:
        try:
            old, new = deref(old), deref(new)
        except UnresolvableRef as exc:
            self._add(
                "REF_UNRESOLVABLE",
                BOTH,
                old,
                new,
                at,
                f"$ref {exc.ref!r} at {where(at)} does not resolve",
                possibly=True,
            )
            return
        # The same two schema objects again below themselves: a recursive $ref. (The nodes on
        # the stack keep both objects alive, so their ids stay unique meanwhile.)
        key = (id(old.schema), id(new.schema))
        if key in self._active:
            return
        self._active.add(key)
        try:
            self._compare_resolved(old, new, at)
        finally:
            self._active.discard(key)

    def _compare_resolved(self, old: Node, new: Node, at: InstancePath) -> None:
        if old.schema is False or new.schema is False:
            self._false_schemas(old, new, at)
            return
        old, new = _fold_unevaluated(_as_dict(old)), _fold_unevaluated(_as_dict(new))
        self._annotations(old, new, at)
        if _same_constraints(old.schema, new.schema):
            return
        old_values, new_values = _allowed_values(old.schema), _allowed_values(new.schema)
        if old_values is None and new_values is None:
            self._keywords(old, new, at)
            return
        # A side limited to listed values decides its direction exactly: try each value.
        probe = Walker(self.policy, self._depth)
        probe._active = self._active
        probe._keywords(old, new, at)
        keep = BOTH
        for direction, values, (writer, reader) in (
            (Direction.BACKWARD, old_values, (old, new)),
            (Direction.FORWARD, new_values, (new, old)),
        ):
            if values is None:
                continue
            rejected = _rejected_values(values, writer, reader)
            if rejected is None:
                continue  # a value could not be judged: the keyword rules stand
            if not rejected:
                keep = keep - {direction}
            elif not any(direction in c.breaks for c in probe.changes):
                self._values_rejected(direction, rejected, old, new, at)
        self.changes += [_keeping(c, keep) for c in probe.changes]

    def _values_rejected(
        self,
        direction: Direction,
        rejected: list[Any],
        old: Node,
        new: Node,
        at: InstancePath,
    ) -> None:
        text = ", ".join(_json(v) for v in rejected)
        if direction is Direction.BACKWARD:
            message = f"{text} no longer valid at {where(at)}"
            self._add("ENUM_VALUE_REMOVED", BACKWARD_ONLY, old, new, at, message)
        else:
            message = f"{text} newly valid at {where(at)}"
            self._add("ENUM_VALUE_ADDED", FORWARD_ONLY, old, new, at, message)

    def _keywords(self, old: Node, new: Node, at: InstancePath) -> None:
        """Compare two schemas (neither false) keyword by keyword."""
        old, new = _align_unions(old, new)
        old, new = _align(old, new, "allOf")
        self._types(old, new, at)
        self._values(old, new, at)
        self._limits(old, new, at)
        self._multiple_of(old, new, at)
        self._strings(old, new, at)
        self._unique_items(old, new, at)
        self._object(old, new, at)
        self._array(old, new, at)
        self._unions(old, new, at)
        self._all_of(old, new, at)
        self._conditional(old, new, at)
        self._not(old, new, at)
        self._contains(old, new, at)
        self._property_names(old, new, at)
        self._undecided(old, new, at)

    def _false_schemas(self, old: Node, new: Node, at: InstancePath) -> None:
        if old.schema is False and new.schema is False:
            return
        if old.schema is False:
            self._add(
                "VALUES_ALLOWED",
                FORWARD_ONLY,
                old,
                new,
                at,
                f"{where(at)} accepted no value and now accepts some",
            )
        else:
            self._add(
                "VALUES_FORBIDDEN",
                BACKWARD_ONLY,
                old,
                new,
                at,
                f"{where(at)} accepted values and now accepts none",
            )

    def _annotations(self, old: Node, new: Node, at: InstancePath) -> None:
        for keyword in sorted(ANNOTATIONS - {"$defs", "definitions", "$schema"}):
            if canonical(old.get(keyword)) != canonical(new.get(keyword)):
                self._add(
                    "ANNOTATION_CHANGED",
                    NEITHER,
                    old,
                    new,
                    at,
                    f"{keyword} of {where(at)} changed",
                    keyword=keyword,
                )

    def _types(self, old: Node, new: Node, at: InstancePath) -> None:
        before, after = _types_of(old.get("type")), _types_of(new.get("type"))
        if before == after:
            return
        added, removed = after - before, before - after
        old_text, new_text = _type_text(old.get("type")), _type_text(new.get("type"))
        change = f"the type of {where(at)} changed from {old_text} to {new_text}"
        if added and removed:
            self._add("TYPE_CHANGED", BOTH, old, new, at, change, keyword="type")
        elif added:
            self._add("TYPE_WIDENED", FORWARD_ONLY, old, new, at, change, keyword="type")
        else:
            self._add("TYPE_NARROWED", BACKWARD_ONLY, old, new, at, change, keyword="type")

    def _values(self, old: Node, new: Node, at: InstancePath) -> None:
        if (
            "const" in old.schema
            and "const" in new.schema
            and "enum" not in old.schema | new.schema
        ):
            if canonical(old.get("const")) != canonical(new.get("const")):
                self._add(
                    "CONST_CHANGED",
                    BOTH,
                    old,
                    new,
                    at,
                    f"the const of {where(at)} changed from {_json(old.get('const'))} "
                    f"to {_json(new.get('const'))}",
                    keyword="const",
                )
            return
        before, after = _allowed_values(old.schema), _allowed_values(new.schema)
        keyword = "enum" if "enum" in old.schema or "enum" in new.schema else "const"
        if before is None and after is None:
            return
        if before is None:
            code = "CONST_ADDED" if keyword == "const" else "ENUM_ADDED"
            self._add(
                code,
                BACKWARD_ONLY,
                old,
                new,
                at,
                f"{where(at)} is now limited to {_values_text(after or {})}",
                keyword=keyword,
            )
            return
        if after is None:
            code = "CONST_REMOVED" if keyword == "const" else "ENUM_REMOVED"
            self._add(
                code,
                FORWARD_ONLY,
                old,
                new,
                at,
                f"{where(at)} is no longer limited to {_values_text(before)}",
                keyword=keyword,
            )
            return
        added = {k: v for k, v in after.items() if k not in before}
        removed = {k: v for k, v in before.items() if k not in after}
        if added:
            self._add(
                "ENUM_VALUE_ADDED",
                FORWARD_ONLY,
                old,
                new,
                at,
                f"{_values_text(added)} added to the values of {where(at)}",
                keyword=keyword,
            )
        if removed:
            self._add(
                "ENUM_VALUE_REMOVED",
                BACKWARD_ONLY,
                old,
                new,
                at,
                f"{_values_text(removed)} removed from the values of {where(at)}",
                keyword=keyword,
            )

    def _limits(self, old: Node, new: Node, at: InstancePath) -> None:
        for keyword in (*_UPPER, *_LOWER):
            before, after = old.get(keyword), new.get(keyword)
            if canonical(before) == canonical(after):
                continue
            if (not _is_number(before) and before is not None) or (
                not _is_number(after) and after is not None
            ):
                self._add(
                    "UNDECIDED_KEYWORD_CHANGED",
                    BOTH,
                    old,
                    new,
                    at,
                    f"{keyword} of {where(at)} changed to a non-number",
                    keyword=keyword,
                    possibly=True,
                )
                continue
            tighter = _is_tighter(keyword in _UPPER, before, after)
            text = f"{keyword} of {where(at)} changed from {_opt(before)} to {_opt(after)}"
            if tighter:
                self._add("LIMIT_TIGHTENED", BACKWARD_ONLY, old, new, at, text, keyword=keyword)
            else:
                self._add("LIMIT_RELAXED", FORWARD_ONLY, old, new, at, text, keyword=keyword)

    def _multiple_of(self, old: Node, new: Node, at: InstancePath) -> None:
        before, after = old.get("multipleOf"), new.get("multipleOf")
        if canonical(before) == canonical(after):
            return
        breaks: set[Direction] = set()
        if after is not None and (before is None or not _divides(after, before)):
            breaks.add(Direction.BACKWARD)  # some old multiple is no longer allowed
        if before is not None and (after is None or not _divides(before, after)):
            breaks.add(Direction.FORWARD)  # some new multiple was not allowed before
        self._add(
            "MULTIPLE_OF_CHANGED",
            frozenset(breaks),
            old,
            new,
            at,
            f"multipleOf of {where(at)} changed from {_opt(before)} to {_opt(after)}",
            keyword="multipleOf",
        )

    def _strings(self, old: Node, new: Node, at: InstancePath) -> None:
        for keyword in ("pattern", "format"):
            before, after = old.get(keyword), new.get(keyword)
            if before == after:
                continue
            upper = keyword.upper()
            text = f"{keyword} of {where(at)} changed from {_opt(before)} to {_opt(after)}"
            if before is None:
                self._add(f"{upper}_ADDED", BACKWARD_ONLY, old, new, at, text, keyword=keyword)
            elif after is None:
                self._add(f"{upper}_REMOVED", FORWARD_ONLY, old, new, at, text, keyword=keyword)
            else:
                self._add(
                    f"{upper}_CHANGED", BOTH, old, new, at, text, keyword=keyword, possibly=True
                )

    def _unique_items(self, old: Node, new: Node, at: InstancePath) -> None:
        before, after = bool(old.get("uniqueItems")), bool(new.get("uniqueItems"))
        if before == after:
            return
        if after:
            self._add(
                "UNIQUE_ITEMS_ADDED",
                BACKWARD_ONLY,
                old,
                new,
                at,
                f"the items of {where(at)} must now be unique",
                keyword="uniqueItems",
            )
        else:
            self._add(
                "UNIQUE_ITEMS_REMOVED",
                FORWARD_ONLY,
                old,
                new,
                at,
                f"the items of {where(at)} may now repeat",
                keyword="uniqueItems",
            )

    # -- objects ---------------------------------------------------------------------------

    def _object(self, old: Node, new: Node, at: InstancePath) -> None:
        if "object" not in _shared_types(old, new):
            return
        for name in _declared_names(old.schema, new.schema):
            self._property(old, new, name, at)
        self._additional_properties(old, new, at)
        self._pattern_properties(old, new, at)
        self._dependent_required(old, new, at)
        self._dependent_schemas(old, new, at)

    def _property(self, old: Node, new: Node, name: str, at: InstancePath) -> None:
        here = (*at, name)
        in_old, in_new = _declares(old.schema, name), _declares(new.schema, name)
        old_required, new_required = _required(old.schema, name), _required(new.schema, name)
        if in_old and in_new:
            self.compare(_property_node(old, name), _property_node(new, name), here)
            if old_required and not new_required:
                had_default = _has_default(_property_node(old, name))  # old readers fill it in
                self._add(
                    "PROPERTY_MADE_OPTIONAL",
                    NEITHER if had_default else FORWARD_ONLY,
                    old,
                    new,
                    here,
                    f"{where(here)} is no longer required",
                    keyword="required",
                    depth=len(at),
                )
            elif new_required and not old_required:
                has_default = _has_default(_property_node(new, name))
                self._add(
                    "PROPERTY_MADE_REQUIRED",
                    NEITHER if has_default else BACKWARD_ONLY,
                    old,
                    new,
                    here,
                    f"{where(here)} is now required",
                    keyword="required",
                    depth=len(at),
                )
        elif in_new:
            self._property_added(old, new, name, here, new_required)
        else:
            self._property_removed(old, new, name, here, old_required)

    def _property_added(
        self, old: Node, new: Node, name: str, here: InstancePath, required: bool
    ) -> None:
        model, fallback = _undeclared_model(old, name)
        added = _property_node(new, name)
        if model == "closed" and _accepts_nothing(added):
            return  # a property that accepts no value adds nothing to a closed object
        has_default = _has_default(added)
        what = f"{where(here)} was added"
        if required and not has_default:
            breaks = BOTH if model == "closed" else BACKWARD_ONLY
            self._add(
                "REQUIRED_PROPERTY_ADDED",
                breaks,
                old,
                new,
                here,
                f"{what} as a required property",
                depth=len(here) - 1,
                paths=(None, added.path),
            )
            return
        code = {
            "open": "OPTIONAL_PROPERTY_ADDED_TO_OPEN_MODEL",
            "closed": "OPTIONAL_PROPERTY_ADDED_TO_CLOSED_MODEL",
            "partial": "OPTIONAL_PROPERTY_ADDED_TO_PARTIAL_MODEL",
        }[model]
        if required:
            code = "REQUIRED_PROPERTY_WITH_DEFAULT_ADDED"
        breaks = NEITHER
        if not self.lenient and model == "open" and not is_trivially_true(deref(added).schema):
            breaks = BACKWARD_ONLY  # old events may hold the name with another value
        elif not self.lenient and model == "closed":
            breaks = FORWARD_ONLY  # old readers reject the new key
        self._add(
            code,
            breaks,
            old,
            new,
            here,
            f"{what} to a {model} object",
            depth=len(here) - 1,
            paths=(None, added.path),
        )
        if model == "partial":  # a declared map holds data under both policies
            self.compare(fallback, added, here)

    def _property_removed(
        self, old: Node, new: Node, name: str, here: InstancePath, required: bool
    ) -> None:
        model, fallback = _undeclared_model(new, name)
        removed = _property_node(old, name)
        if model == "closed" and _accepts_nothing(removed):
            return
        has_default = _has_default(removed)
        what = f"{where(here)} was removed"
        if required and not has_default:
            breaks = BOTH if model == "closed" else FORWARD_ONLY
            self._add(
                "REQUIRED_PROPERTY_REMOVED",
                breaks,
                old,
                new,
                here,
                f"{what} (it was required)",
                depth=len(here) - 1,
                paths=(removed.path, None),
            )
            if model == "partial":
                self.compare(removed, fallback, here)
            return
        code = {
            "open": "OPTIONAL_PROPERTY_REMOVED_FROM_OPEN_MODEL",
            "closed": "OPTIONAL_PROPERTY_REMOVED_FROM_CLOSED_MODEL",
            "partial": "OPTIONAL_PROPERTY_REMOVED_FROM_PARTIAL_MODEL",
        }[model]
        if required:
            code = "REQUIRED_PROPERTY_WITH_DEFAULT_REMOVED"
        breaks = NEITHER
        if not self.lenient and model == "open" and not is_trivially_true(deref(removed).schema):
            breaks = FORWARD_ONLY  # new writers may send the name with another value
        elif not self.lenient and model == "closed":
            breaks = BACKWARD_ONLY  # old events hold the key the new schema rejects
        self._add(
            code,
            breaks,
            old,
            new,
            here,
            f"{what} from a {model} object",
            depth=len(here) - 1,
            paths=(removed.path, None),
        )
        if model == "partial":  # a declared map holds data under both policies
            self.compare(removed, fallback, here)

    def _additional_properties(self, old: Node, new: Node, at: InstancePath) -> None:
        before = old.get("additionalProperties", _TRUE)
        after = new.get("additionalProperties", _TRUE)
        same_text = canonical(validations(before)) == canonical(validations(after))
        if same_text and "$ref" not in canonical(before):
            return  # (equal $refs may still point to different definitions: compared below)
        here = (*at, UNDECLARED_KEY)
        # Under the lenient policy writers never send undeclared keys: nothing breaks.
        if before is False and after is not False:
            self._add(
                "ADDITIONAL_PROPERTIES_ALLOWED",
                NEITHER if self.lenient else FORWARD_ONLY,
                old,
                new,
                here,
                f"{where(at)} now accepts undeclared keys",
                keyword="additionalProperties",
                depth=len(at),
            )
        elif after is False and before is not False:
            self._add(
                "ADDITIONAL_PROPERTIES_FORBIDDEN",
                NEITHER if self.lenient else BACKWARD_ONLY,
                old,
                new,
                here,
                f"{where(at)} no longer accepts undeclared keys",
                keyword="additionalProperties",
                depth=len(at),
            )
        elif not self.lenient or (_is_map(before) and _is_map(after)):
            self.compare(_additional_node(old), _additional_node(new), here)

    def _pattern_properties(self, old: Node, new: Node, at: InstancePath) -> None:
        before, after = old.get("patternProperties", {}), new.get("patternProperties", {})
        declared = set(_declared_names(old.schema, new.schema))
        for pattern in _ordered_union(before, after):
            # An undeclared key: additionalProperties applies only to those.
            here = (*at, _key_matching(pattern, declared))
            if pattern in before and pattern in after:
                self.compare(
                    old.child("patternProperties", pattern),
                    new.child("patternProperties", pattern),
                    here,
                )
            elif not self.lenient and pattern in after:
                self.compare(_additional_node(old), new.child("patternProperties", pattern), here)
            elif not self.lenient:
                self.compare(old.child("patternProperties", pattern), _additional_node(new), here)

    def _dependent_required(self, old: Node, new: Node, at: InstancePath) -> None:
        before, after = _dependent_names(old.schema), _dependent_names(new.schema)
        for key in _ordered_union(before, after):
            added = sorted(after.get(key, set()) - before.get(key, set()))
            removed = sorted(before.get(key, set()) - after.get(key, set()))
            if added:
                self._add(
                    "DEPENDENT_REQUIRED_ADDED",
                    BACKWARD_ONLY,
                    old,
                    new,
                    at,
                    f"when {where((*at, key))} is present, {_names(added)} must now be too",
                    keyword="dependentRequired",
                )
            if removed:
                self._add(
                    "DEPENDENT_REQUIRED_REMOVED",
                    FORWARD_ONLY,
                    old,
                    new,
                    at,
                    f"when {where((*at, key))} is present, {_names(removed)} may now be missing",
                    keyword="dependentRequired",
                )

    def _dependent_schemas(self, old: Node, new: Node, at: InstancePath) -> None:
        before, after = _dependent_schema_nodes(old), _dependent_schema_nodes(new)
        for key in _ordered_union(before, after):
            # A dependent schema applies only when the key is present: like then without if.
            self.compare(
                before.get(key, old.with_schema({})), after.get(key, new.with_schema({})), at
            )

    # -- arrays ----------------------------------------------------------------------------

    def _array(self, old: Node, new: Node, at: InstancePath) -> None:
        if "array" not in _shared_types(old, new):
            return
        old_prefix, old_rest = _tuple_items(old)
        new_prefix, new_rest = _tuple_items(new)
        length = max(len(old_prefix), len(new_prefix))
        for index in range(length):
            self.compare(
                old_prefix[index] if index < len(old_prefix) else old_rest,
                new_prefix[index] if index < len(new_prefix) else new_rest,
                (*at, index),
            )
        self.compare(old_rest, new_rest, (*at, length))

    # -- combinators -----------------------------------------------------------------------

    def _unions(self, old: Node, new: Node, at: InstancePath) -> None:
        old_kind, new_kind = _union_kind(old.schema), _union_kind(new.schema)
        if old_kind is None and new_kind is None:
            return
        old_branches = _branches(old, old_kind)
        new_branches = _branches(new, new_kind)
        if old_kind and new_kind and old_kind != new_kind:
            self._union_kind_changed(old, new, at, old_branches, new_branches)
        kind = new_kind or old_kind or "anyOf"
        removed, added = _unmatched(old_branches, new_branches)
        # A branch is lost only if some value it accepts no new branch accepts.
        lost = [b for b in removed if not any(self.covers(n, b) for n in new_branches)]
        gained = [b for b in added if not any(self.covers(o, b) for o in old_branches)]
        if len(removed) == len(added) == 1:  # one branch edited: say what changed inside
            keep = (BACKWARD_ONLY if lost else NEITHER) | (FORWARD_ONLY if gained else NEITHER)
            self._compare_only(removed[0], added[0], at, keep)
        else:
            # The branch itself stands for its side: examples are built from it first.
            for branch in lost:
                self._add(
                    "UNION_BRANCH_REMOVED",
                    BACKWARD_ONLY,
                    branch,
                    new,
                    at,
                    f"a {kind} branch of {where(at)} was removed",
                    paths=(branch.path, None),
                )
            for branch in gained:
                self._add(
                    "UNION_BRANCH_ADDED",
                    FORWARD_ONLY,
                    old,
                    branch,
                    at,
                    f"a {kind} branch of {where(at)} was added",
                    paths=(None, branch.path),
                )
        self._one_of_overlaps(
            old, new, at, (old_kind, new_kind), (old_branches, new_branches, removed, added)
        )

    def _union_kind_changed(
        self, old: Node, new: Node, at: InstancePath, before: list[Node], after: list[Node]
    ) -> None:
        # anyOf and oneOf agree when no value matches two branches.
        one_of = after if _union_kind(new.schema) == "oneOf" else before
        if all(not _overlaps(b, one_of) for b in one_of):
            return
        new_kind = _union_kind(new.schema)
        self._add(
            "UNION_KIND_CHANGED",
            BACKWARD_ONLY if new_kind == "oneOf" else FORWARD_ONLY,
            old,
            new,
            at,
            f"{where(at)} changed from {_union_kind(old.schema)} to {new_kind}: a value may "
            "match two branches (overlap is not decided exactly)",
            possibly=True,
        )

    def _one_of_overlaps(
        self,
        old: Node,
        new: Node,
        at: InstancePath,
        kinds: tuple[str | None, str | None],
        branches: tuple[list[Node], list[Node], list[Node], list[Node]],
    ) -> None:
        """oneOf rejects a value that matches two branches: an added branch that may overlap
        another rejects values that matched one before (and a removed one the reverse)."""
        (old_kind, new_kind), (before, after, removed, added) = kinds, branches
        if old_kind != "oneOf" or new_kind != "oneOf":
            return  # anyOf <-> oneOf: UNION_KIND_CHANGED says it
        # Pairs of branches that may overlap, by their text (an edited branch keeps its
        # name): only a pair that may overlap on one side and not the other changes anything.
        edited = {}
        if len(removed) == len(added) == 1:
            edited = {_branch_name(removed[0]): _branch_name(added[0])}
        old_pairs, new_pairs = _overlap_pairs(before, edited), _overlap_pairs(after, {})
        if new_pairs - old_pairs:
            self._add(
                "ONE_OF_OVERLAP_ADDED",
                BACKWARD_ONLY,
                old,
                new,
                at,
                f"a oneOf branch of {where(at)} may now overlap another: a value matching both "
                "is rejected (overlap is not decided exactly)",
                possibly=True,
            )
        if old_pairs - new_pairs:
            self._add(
                "ONE_OF_OVERLAP_REMOVED",
                FORWARD_ONLY,
                old,
                new,
                at,
                f"a oneOf branch of {where(at)} that may overlap another was removed: a value "
                "matching both was rejected before (overlap is not decided exactly)",
                possibly=True,
            )

    def _all_of(self, old: Node, new: Node, at: InstancePath) -> None:
        old_branches, new_branches = _branches(old, "allOf"), _branches(new, "allOf")
        removed, added = _unmatched(old_branches, new_branches)
        if len(removed) == len(added):
            for before, after in zip(removed, added, strict=True):
                self.compare(before, after, at)
            return
        # allOf is a conjunction: a removed schema is compared with "anything", an added
        # schema is compared against "anything", unless a schema on the other side implies it.
        for branch in removed:
            if not any(self.covers(branch, n) for n in new_branches):
                keep = NEITHER if self.covers(branch, _without(new, "allOf")) else FORWARD_ONLY
                self._compare_only(branch, new.with_schema({}), at, keep)
        for branch in added:
            if not any(self.covers(branch, o) for o in old_branches):
                keep = NEITHER if self.covers(branch, _without(old, "allOf")) else BACKWARD_ONLY
                self._compare_only(old.with_schema({}), branch, at, keep)

    def _conditional(self, old: Node, new: Node, at: InstancePath) -> None:
        if "if" not in old.schema and "if" not in new.schema:
            return
        both = "if" in old.schema and "if" in new.schema
        if both and not _same_keyword(old, new, "if"):
            self._add(
                "CONDITION_CHANGED",
                BOTH,
                old,
                new,
                at,
                f"the if condition of {where(at)} changed",
                keyword="if",
                possibly=True,
            )
            return
        # Without an "if", then/else never apply: compare them as empty schemas.
        for branch in ("then", "else"):
            before = old.child(branch) if branch in old.schema and "if" in old.schema else None
            after = new.child(branch) if branch in new.schema and "if" in new.schema else None
            if before is None and after is None:
                continue
            # A direction breaks only through values that reach the branch and fail it.
            keep = (NEITHER if self._unreached(old, new, after, branch) else BACKWARD_ONLY) | (
                NEITHER if self._unreached(new, old, before, branch) else FORWARD_ONLY
            )
            self._compare_only(
                before or old.with_schema({}), after or new.with_schema({}), at, keep
            )

    def _unreached(self, writer: Node, reader: Node, branch: Node | None, name: str) -> bool:
        """No value the writer accepts can fail the reader's ``branch`` (then/else): none
        takes it (by the reader's if), or every one satisfies it."""
        if branch is None:
            return True  # the reader has no such branch: nothing to fail
        condition = reader.child("if")
        if name == "then" and _disjoint(writer.schema, condition.schema):
            return True
        if name == "else" and self.covers(condition, writer):
            return True
        return self.covers(branch, writer)

    def _not(self, old: Node, new: Node, at: InstancePath) -> None:
        """old accepts what ``not A`` allows, new what ``not B`` allows: BACKWARD holds when
        B lies inside A, FORWARD when A lies inside B (no ``not`` is ``not: false``)."""
        if _same_keyword(old, new, "not"):
            return
        before = old.child("not") if "not" in old.schema else old.with_schema(False)
        after = new.child("not") if "not" in new.schema else new.with_schema(False)
        self._judged(
            "NOT_CHANGED",
            old,
            new,
            at,
            # ... or no value the writer accepts is one the reader's not excludes
            backward_safe=self.covers(before, after) or _disjoint(old.schema, after.schema),
            forward_safe=self.covers(after, before) or _disjoint(new.schema, before.schema),
            message=f"the not schema of {where(at)} changed",
            keyword="not",
        )

    def _contains(self, old: Node, new: Node, at: InstancePath) -> None:
        """How many items must match ``contains``: [minContains (1), maxContains]."""
        keywords = ("contains", "minContains", "maxContains")
        if all(_same_keyword(old, new, k) for k in keywords):
            return
        if "array" not in _shared_types(old, new):
            return
        (low_old, high_old), (low_new, high_new) = _contains_range(old), _contains_range(new)
        if "contains" in old.schema and "contains" in new.schema:
            same = _same_keyword(old, new, "contains")
            if not same and (high_old != math.inf or high_new != math.inf):
                wide = narrow = False  # a wider match may count too many: not decided
            else:
                wide = same or self.covers(new.child("contains"), old.child("contains"))
                narrow = same or self.covers(old.child("contains"), new.child("contains"))
        else:
            wide = narrow = True  # only the count matters: an absent contains counts nothing
        self._judged(
            "CONTAINS_CHANGED",
            old,
            new,
            at,
            backward_safe=wide and low_new <= low_old and high_new >= high_old,
            forward_safe=narrow and low_old <= low_new and high_old >= high_new,
            message=f"contains of {where(at)} changed",
            keyword="contains",
        )

    def _property_names(self, old: Node, new: Node, at: InstancePath) -> None:
        if _same_keyword(old, new, "propertyNames") or "object" not in _shared_types(old, new):
            return
        before = (
            old.child("propertyNames") if "propertyNames" in old.schema else old.with_schema({})
        )
        after = new.child("propertyNames") if "propertyNames" in new.schema else new.with_schema({})
        self._judged(
            "PROPERTY_NAMES_CHANGED",
            old,
            new,
            at,
            backward_safe=self.covers(after, before) or _names_allowed(old, after),
            forward_safe=self.covers(before, after) or _names_allowed(new, before),
            message=f"propertyNames of {where(at)} changed",
            keyword="propertyNames",
        )

    def _judged(
        self,
        code: str,
        old: Node,
        new: Node,
        at: InstancePath,
        *,
        backward_safe: bool,
        forward_safe: bool,
        message: str,
        keyword: str,
    ) -> None:
        """Record a change whose unsafe directions come from covers(): "not known to cover"
        is possibly breaking (an example payload makes it definite)."""
        breaks = (NEITHER if backward_safe else BACKWARD_ONLY) | (
            NEITHER if forward_safe else FORWARD_ONLY
        )
        self._add(code, breaks, old, new, at, message, keyword=keyword, possibly=bool(breaks))

    def _undecided(self, old: Node, new: Node, at: InstancePath) -> None:
        for keyword in _UNDECIDED:
            if _same_keyword(old, new, keyword):
                continue
            # Keywords are a conjunction: one only added can only reject more, one only
            # removed can only accept more.
            breaks = (BACKWARD_ONLY if keyword in new.schema else NEITHER) | (
                FORWARD_ONLY if keyword in old.schema else NEITHER
            )
            self._add(
                "UNDECIDED_KEYWORD_CHANGED",
                breaks,
                old,
                new,
                at,
                f"{keyword} of {where(at)} changed ({_UNDECIDED_WHY[keyword]})",
                keyword=keyword,
                possibly=True,
            )
        unknown = (set(old.schema) | set(new.schema)) - _HANDLED - ANNOTATIONS
        for keyword in sorted(k for k in unknown if not k.startswith("x-")):
            if not _same_keyword(old, new, keyword):
                self._add(
                    "ANNOTATION_CHANGED",
                    NEITHER,
                    old,
                    new,
                    at,
                    f"{keyword} of {where(at)} changed (not a JSON Schema keyword: validators "
                    "ignore it)",
                    keyword=keyword,
                )


_BESIDE_APPLICATORS = "beside in-place applicators it sees what the branches a payload matches"
_UNDECIDED_WHY = {
    "unevaluatedProperties": _BESIDE_APPLICATORS + " evaluate",
    "unevaluatedItems": _BESIDE_APPLICATORS + " evaluate",
    "$dynamicRef": "dynamic references resolve at validation time; the registry refuses them",
    "$recursiveRef": "dynamic references resolve at validation time; the registry refuses them",
}


# -- helpers ---------------------------------------------------------------------------------


def _keyword_path(node: Node, keyword: str | None) -> str | None:
    if keyword is None:
        return node.path
    if node.get(keyword) is None:
        return None
    return f"{node.path}/{escape(keyword)}"


def _same_keyword(old: Node, new: Node, keyword: str) -> bool:
    """Both schemas hold the same constraint under ``keyword`` (``$ref``s followed)."""
    if keyword not in old.schema or keyword not in new.schema:
        return keyword not in old.schema and keyword not in new.schema
    before = resolved_text(old.child(keyword))
    return before is not None and before == resolved_text(new.child(keyword))


def _same_constraints(old: dict[str, Any], new: dict[str, Any]) -> bool:
    """Textually equal without annotations and without $refs (which may resolve to
    different definitions in the two documents)."""
    old_text, new_text = canonical(validations(old)), canonical(validations(new))
    return old_text == new_text and '"$ref"' not in old_text and '"$dynamicRef"' not in old_text


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
        check = _validator_at(names)
        return all(check.is_valid(name) for name in properties)
    except Exception:  # jsonschema's own errors: a bad regex, an unresolvable $ref
        return False


def _without(node: Node, keyword: str) -> Node:
    """The node without ``keyword``: it accepts at least what the node accepts."""
    if not isinstance(node.schema, dict) or keyword not in node.schema:
        return node
    return node.with_schema({k: v for k, v in node.schema.items() if k != keyword})


def _keeping(change: Change, keep: frozenset[Direction]) -> Change:
    """The change with only the breaks of ``keep`` (the others are known not to happen)."""
    if change.breaks <= keep:
        return change
    breaks = change.breaks & keep
    return replace(change, breaks=breaks, hint=change.hint if breaks else "")


def _rejected_values(values: dict[str, Any], writer: Node, reader: Node) -> list[Any] | None:
    """The listed values the writer's schema accepts and the reader's rejects (None when
    a schema cannot be applied, e.g. a $ref that does not resolve)."""
    try:
        accepts_writer, accepts_reader = _validator_at(writer), _validator_at(reader)
        return [
            v
            for v in values.values()
            if accepts_writer.is_valid(v) and not accepts_reader.is_valid(v)
        ]
    except Exception:  # jsonschema raises its own errors for unresolvable refs, bad regexes
        return None


def _validator_at(node: Node) -> Validator:
    cls = validator_for(node.schema, default=default_validator_class())
    # evolve(_resolver=...) is how jsonschema descends into a sub-schema: its $refs
    # resolve from where it sits in its document.
    validator = cls(node.schema, format_checker=FORMAT_CHECKER)
    return validator.evolve(schema=node.schema, _resolver=node.resolver)


def _contains_range(node: Node) -> tuple[float, float]:
    """How many items must match ``contains`` (0..inf without it)."""
    if "contains" not in node.schema:
        return 0, math.inf
    low, high = node.get("minContains", 1), node.get("maxContains")
    return (low if _is_number(low) else 1), (high if _is_number(high) else math.inf)


def _fold_unevaluated(node: Node) -> Node:
    """Without in-place applicators, unevaluatedProperties/unevaluatedItems see exactly what
    additionalProperties/items would: read them as those (a schema with both keeps its
    additionalProperties/items, which evaluate everything)."""
    schema = node.schema
    if _APPLICATORS & set(schema) or not {"unevaluatedProperties", "unevaluatedItems"} & set(
        schema
    ):
        return node
    folded = {k: v for k, v in schema.items() if not k.startswith("unevaluated")}
    if "unevaluatedProperties" in schema:
        folded.setdefault("additionalProperties", schema["unevaluatedProperties"])
    if "unevaluatedItems" in schema and not isinstance(schema.get("items"), list):
        folded.setdefault("items", schema["unevaluatedItems"])
    return node.with_schema(folded)


def _as_dict(node: Node) -> Node:
    return node.with_schema({}) if node.schema is True else node


def where(at: InstancePath) -> str:
    """A payload location as users write it: data, data.items[0].price."""
    text = "data"
    for step in at:
        text += f"[{step}]" if isinstance(step, int) else f".{step}"
    return text


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _opt(value: Any) -> str:
    return "(none)" if value is None else _json(value)


def _names(names: Iterable[str]) -> str:
    return ", ".join(repr(n) for n in names)


def _types_of(value: Any) -> frozenset[str]:
    if value is None:
        return _ALL_TYPES
    types = {value} if isinstance(value, str) else set(value)
    if "number" in types:
        types.add("integer")
    return frozenset(types)


def _shared_types(old: Node, new: Node) -> frozenset[str]:
    return _types_of(old.get("type")) & _types_of(new.get("type"))


def _type_text(value: Any) -> str:
    return "any type" if value is None else _json(value)


def _allowed_values(schema: dict[str, Any]) -> dict[str, Any] | None:
    """canonical text -> value for const/enum; None when the values are not limited."""
    values: dict[str, Any] | None = None
    if "enum" in schema and isinstance(schema["enum"], list):
        values = {canonical(v): v for v in schema["enum"]}
    if "const" in schema:
        const = {canonical(schema["const"]): schema["const"]}
        values = const if values is None else {k: v for k, v in values.items() if k in const}
    return values


def _values_text(values: dict[str, Any]) -> str:
    return ", ".join(_json(v) for v in values.values())


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_tighter(upper: bool, before: Any, after: Any) -> bool:
    if after is None:
        return False
    if before is None:
        return True
    return bool(after < before) if upper else bool(after > before)


def _divides(divisor: float, value: float) -> bool:
    quotient = value / divisor
    return math.isclose(quotient, round(quotient))


def _declared_names(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    names: dict[str, None] = {}
    for schema in (old, new):
        props = schema.get("properties", {})
        names.update(dict.fromkeys(props if isinstance(props, dict) else []))
        required = schema.get("required", [])
        names.update(
            dict.fromkeys(r for r in required if isinstance(r, str))
            if isinstance(required, list)
            else {}
        )
    return list(names)


def _declares(schema: dict[str, Any], name: str) -> bool:
    return name in schema.get("properties", {}) or _required(schema, name)


def _required(schema: dict[str, Any], name: str) -> bool:
    required = schema.get("required", [])
    return isinstance(required, list) and name in required


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


def _tuple_items(node: Node) -> tuple[list[Node], Node]:
    """The per-position schemas and the schema of every further item (2020-12 and draft 7)."""
    schema = node.schema
    if "prefixItems" in schema:
        prefix = [node.child("prefixItems", i) for i in range(len(schema["prefixItems"]))]
        rest = node.child("items") if "items" in schema else node.with_schema({})
    elif isinstance(schema.get("items"), list):
        prefix = [node.child("items", i) for i in range(len(schema["items"]))]
        rest = (
            node.child("additionalItems") if "additionalItems" in schema else node.with_schema({})
        )
    else:
        prefix = []
        rest = node.child("items") if "items" in schema else node.with_schema({})
    return prefix, rest


def _union_kind(schema: dict[str, Any]) -> str | None:
    return next((k for k in ("anyOf", "oneOf") if isinstance(schema.get(k), list)), None)


def _align_unions(old: Node, new: Node) -> tuple[Node, Node]:
    """A plain schema compared with a pure union is a one-branch union: "string" -> anyOf
    [string, null] is one branch added, not a type change."""
    old_kind, new_kind = _union_kind(old.schema), _union_kind(new.schema)
    if old_kind is None and new_kind is not None:
        return _align(old, new, new_kind)
    if new_kind is None and old_kind is not None:
        return _align(old, new, old_kind)
    return old, new


def _align(old: Node, new: Node, kind: str) -> tuple[Node, Node]:
    """When one side is only ``kind`` (anyOf/oneOf/allOf) and the other has no ``kind``,
    wrap the other side as a one-schema ``kind``."""
    if kind not in old.schema and _is_only(new.schema, kind):
        return old.with_schema({kind: [validations(old.schema)]}, synthetic=True), new
    if kind not in new.schema and _is_only(old.schema, kind):
        return old, new.with_schema({kind: [validations(new.schema)]}, synthetic=True)
    return old, new


def _is_only(schema: dict[str, Any], kind: str) -> bool:
    return set(validations(schema)) == {kind}


def _branches(node: Node, kind: str | None) -> list[Node]:
    if kind is None or not isinstance(node.get(kind), list):
        return []
    return [node.child(kind, i) for i in range(len(node.schema[kind]))]


def _unmatched(old: list[Node], new: list[Node]) -> tuple[list[Node], list[Node]]:
    """The branches of each side without an identical branch on the other side."""
    remaining = [resolved_text(b) or "" for b in new]
    removed = []
    for branch in old:
        text = resolved_text(branch)
        if text is not None and text in remaining:
            remaining[remaining.index(text)] = ""
        else:
            removed.append(branch)
    added = [b for b, text in zip(new, remaining, strict=True) if text]
    return removed, added


def _overlaps(branch: Node, branches: list[Node]) -> bool:
    return not all(
        _disjoint(branch.schema, other.schema) for other in branches if other is not branch
    )


def _branch_name(branch: Node) -> str:
    return resolved_text(branch) or f"unresolved {id(branch.schema)}"


def _overlap_pairs(branches: list[Node], renamed: dict[str, str]) -> set[frozenset[str]]:
    names = [renamed.get(n, n) for n in (_branch_name(b) for b in branches)]
    return {
        frozenset({names[i], names[j]})
        for i, j in itertools.combinations(range(len(branches)), 2)
        if not _disjoint(branches[i].schema, branches[j].schema)
    }


def _disjoint(first: Any, second: Any) -> bool:
    """True when no value can match both schemas (by type, by values, or by a required
    discriminator property whose values differ)."""
    if not isinstance(first, dict) or not isinstance(second, dict):
        return False
    if not _types_of(first.get("type")) & _types_of(second.get("type")):
        return True
    one, two = _allowed_values(first), _allowed_values(second)
    if one is not None and two is not None and not set(one) & set(two):
        return True
    for name, schema in first.get("properties", {}).items():
        other = second.get("properties", {}).get(name)
        both_required = _required(first, name) and _required(second, name)
        if other is not None and both_required and _disjoint(schema, other):
            return True
    return False
