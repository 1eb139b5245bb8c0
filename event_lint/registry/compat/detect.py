"""Walk two JSON Schemas side by side and list every change with the readers it breaks.

The walk follows both schemas at the same payload location; ``$ref``s are resolved first, so
moving a definition into ``$defs`` is no change. BACKWARD breaks when the new schema rejects
something the old one accepted (a tightening); FORWARD when the new one accepts something
the old one rejected (a loosening).

The ``Walker`` holds the walk's state and records changes; the rules per keyword family live
in ``scalars`` (type, const/enum, limits, strings), ``objects``, ``arrays`` and
``combinators`` (anyOf/oneOf, allOf, if/then/else, not).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from event_lint.config import COMPATIBILITY_POLICIES
from event_lint.registry.annotations import ANNOTATIONS
from event_lint.registry.compat import arrays, combinators, objects, scalars
from event_lint.registry.compat.codes import CODES
from event_lint.registry.compat.keywords import same_keyword, shared_types, where
from event_lint.registry.compat.model import Breaks, Change, Direction, InstancePath
from event_lint.registry.compat.nodes import (
    Node,
    UnresolvableRef,
    canonical,
    deref,
    escape,
    validations,
)

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
        *scalars.UPPER_LIMITS,
        *scalars.LOWER_LIMITS,
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


class Walker:
    """Collects the changes between two schemas under one policy."""

    def __init__(self, policy: str, depth: int = 0) -> None:
        if policy not in COMPATIBILITY_POLICIES:
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

    def compare_only(
        self, old: Node, new: Node, at: InstancePath, keep: frozenset[Direction]
    ) -> None:
        """Compare, keeping only the breaks of ``keep`` (the others are known not to happen)."""
        probe = self.probe()
        probe.compare(old, new, at)
        self.changes += [c.keeping(keep) for c in probe.changes]

    def probe(self) -> Walker:
        """A walk of its own changes, under this policy, within this walk's recursion."""
        probe = Walker(self.policy, self._depth)
        probe._active = self._active
        return probe

    # -- recording -------------------------------------------------------------------------

    def add(
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
        if keyword in _TYPE_OF_KEYWORD and _TYPE_OF_KEYWORD[keyword] not in shared_types(old, new):
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

    def judged(
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
        breaks = (Breaks.NONE if backward_safe else Breaks.BACKWARD) | (
            Breaks.NONE if forward_safe else Breaks.FORWARD
        )
        self.add(code, breaks, old, new, at, message, keyword=keyword, possibly=bool(breaks))

    # -- the walk --------------------------------------------------------------------------

    def compare(self, old: Node, new: Node, at: InstancePath) -> None:
        try:
            old, new = deref(old), deref(new)
        except UnresolvableRef as exc:
            self.add(
                "REF_UNRESOLVABLE",
                Breaks.BOTH,
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
        if not scalars.decided_by_values(self, old, new, at):
            self.compare_keywords(old, new, at)

    def compare_keywords(self, old: Node, new: Node, at: InstancePath) -> None:
        """Compare two schemas (neither false) keyword by keyword."""
        old, new = combinators.aligned(old, new)
        for rule in _KEYWORD_RULES:
            rule(self, old, new, at)

    def _false_schemas(self, old: Node, new: Node, at: InstancePath) -> None:
        if old.schema is False and new.schema is False:
            return
        if old.schema is False:
            self.add(
                "VALUES_ALLOWED",
                Breaks.FORWARD,
                old,
                new,
                at,
                f"{where(at)} accepted no value and now accepts some",
            )
        else:
            self.add(
                "VALUES_FORBIDDEN",
                Breaks.BACKWARD,
                old,
                new,
                at,
                f"{where(at)} accepted values and now accepts none",
            )

    def _annotations(self, old: Node, new: Node, at: InstancePath) -> None:
        for keyword in sorted(ANNOTATIONS - {"$defs", "definitions", "$schema"}):
            if canonical(old.get(keyword)) != canonical(new.get(keyword)):
                self.add(
                    "ANNOTATION_CHANGED",
                    Breaks.NONE,
                    old,
                    new,
                    at,
                    f"{keyword} of {where(at)} changed",
                    keyword=keyword,
                )


_KeywordRule = Callable[[Walker, Node, Node, InstancePath], None]


def _undecided(walk: Walker, old: Node, new: Node, at: InstancePath) -> None:
    for keyword in _UNDECIDED:
        if same_keyword(old, new, keyword):
            continue
        # Keywords are a conjunction: one only added can only reject more, one only
        # removed can only accept more.
        breaks = (Breaks.BACKWARD if keyword in new.schema else Breaks.NONE) | (
            Breaks.FORWARD if keyword in old.schema else Breaks.NONE
        )
        walk.add(
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
        if not same_keyword(old, new, keyword):
            walk.add(
                "ANNOTATION_CHANGED",
                Breaks.NONE,
                old,
                new,
                at,
                f"{keyword} of {where(at)} changed (not a JSON Schema keyword: validators "
                "ignore it)",
                keyword=keyword,
            )


# The rules in the order their changes are listed.
_KEYWORD_RULES: tuple[_KeywordRule, ...] = (
    scalars.types,
    scalars.listed_values,
    scalars.limits,
    scalars.multiple_of,
    scalars.strings,
    arrays.unique_items,
    objects.compare_object,
    arrays.compare_array,
    combinators.unions,
    combinators.all_of,
    combinators.conditional,
    combinators.negation,
    arrays.contains,
    objects.property_names,
    _undecided,
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


def _same_constraints(old: dict[str, Any], new: dict[str, Any]) -> bool:
    """Textually equal without annotations and without $refs (which may resolve to
    different definitions in the two documents)."""
    old_text, new_text = canonical(validations(old)), canonical(validations(new))
    return old_text == new_text and '"$ref"' not in old_text and '"$dynamicRef"' not in old_text


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
