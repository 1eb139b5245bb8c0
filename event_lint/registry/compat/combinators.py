"""The walk's rules for the keywords that combine schemas: anyOf/oneOf (branches matched by
their text, oneOf overlaps), allOf, if/then/else and not."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any

from event_lint.registry.compat.keywords import disjoint, same_keyword, where
from event_lint.registry.compat.model import Breaks, InstancePath
from event_lint.registry.compat.nodes import Node, resolved_text, validations

if TYPE_CHECKING:
    from event_lint.registry.compat.detect import Walker


def aligned(old: Node, new: Node) -> tuple[Node, Node]:
    """Both sides as combinators of the same kind where one is a plain schema and the other
    only a union or only an allOf: "string" -> anyOf [string, null] is one branch added,
    not a type change."""
    old, new = _align_unions(old, new)
    return _align(old, new, "allOf")


# -- anyOf / oneOf ---------------------------------------------------------------------------


def unions(walk: Walker, old: Node, new: Node, at: InstancePath) -> None:
    old_kind, new_kind = _union_kind(old.schema), _union_kind(new.schema)
    if old_kind is None and new_kind is None:
        return
    old_branches = _branches(old, old_kind)
    new_branches = _branches(new, new_kind)
    if old_kind and new_kind and old_kind != new_kind:
        _union_kind_changed(walk, old, new, at, old_branches, new_branches)
    kind = new_kind or old_kind or "anyOf"
    removed, added = _unmatched(old_branches, new_branches)
    # A branch is lost only if some value it accepts no new branch accepts.
    lost = [b for b in removed if not any(walk.covers(n, b) for n in new_branches)]
    gained = [b for b in added if not any(walk.covers(o, b) for o in old_branches)]
    if len(removed) == len(added) == 1:  # one branch edited: say what changed inside
        keep = (Breaks.BACKWARD if lost else Breaks.NONE) | (
            Breaks.FORWARD if gained else Breaks.NONE
        )
        walk.compare_only(removed[0], added[0], at, keep)
    else:
        # The branch itself stands for its side: examples are built from it first.
        for branch in lost:
            walk.add(
                "UNION_BRANCH_REMOVED",
                Breaks.BACKWARD,
                branch,
                new,
                at,
                f"a {kind} branch of {where(at)} was removed",
                paths=(branch.path, None),
            )
        for branch in gained:
            walk.add(
                "UNION_BRANCH_ADDED",
                Breaks.FORWARD,
                old,
                branch,
                at,
                f"a {kind} branch of {where(at)} was added",
                paths=(None, branch.path),
            )
    _one_of_overlaps(
        walk, old, new, at, (old_kind, new_kind), (old_branches, new_branches, removed, added)
    )


def _union_kind_changed(
    walk: Walker, old: Node, new: Node, at: InstancePath, before: list[Node], after: list[Node]
) -> None:
    # anyOf and oneOf agree when no value matches two branches.
    one_of = after if _union_kind(new.schema) == "oneOf" else before
    if all(not _overlaps(b, one_of) for b in one_of):
        return
    new_kind = _union_kind(new.schema)
    walk.add(
        "UNION_KIND_CHANGED",
        Breaks.BACKWARD if new_kind == "oneOf" else Breaks.FORWARD,
        old,
        new,
        at,
        f"{where(at)} changed from {_union_kind(old.schema)} to {new_kind}: a value may "
        "match two branches (overlap is not decided exactly)",
        possibly=True,
    )


def _one_of_overlaps(
    walk: Walker,
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
        walk.add(
            "ONE_OF_OVERLAP_ADDED",
            Breaks.BACKWARD,
            old,
            new,
            at,
            f"a oneOf branch of {where(at)} may now overlap another: a value matching both "
            "is rejected (overlap is not decided exactly)",
            possibly=True,
        )
    if old_pairs - new_pairs:
        walk.add(
            "ONE_OF_OVERLAP_REMOVED",
            Breaks.FORWARD,
            old,
            new,
            at,
            f"a oneOf branch of {where(at)} that may overlap another was removed: a value "
            "matching both was rejected before (overlap is not decided exactly)",
            possibly=True,
        )


# -- allOf -----------------------------------------------------------------------------------


def all_of(walk: Walker, old: Node, new: Node, at: InstancePath) -> None:
    old_branches, new_branches = _branches(old, "allOf"), _branches(new, "allOf")
    removed, added = _unmatched(old_branches, new_branches)
    if len(removed) == len(added):
        for before, after in zip(removed, added, strict=True):
            walk.compare(before, after, at)
        return
    # allOf is a conjunction: a removed schema is compared with "anything", an added
    # schema is compared against "anything", unless a schema on the other side implies it.
    for branch in removed:
        if not any(walk.covers(branch, n) for n in new_branches):
            keep = Breaks.NONE if walk.covers(branch, _without(new, "allOf")) else Breaks.FORWARD
            walk.compare_only(branch, new.with_schema({}), at, keep)
    for branch in added:
        if not any(walk.covers(branch, o) for o in old_branches):
            keep = Breaks.NONE if walk.covers(branch, _without(old, "allOf")) else Breaks.BACKWARD
            walk.compare_only(old.with_schema({}), branch, at, keep)


# -- if / then / else, not -------------------------------------------------------------------


def conditional(walk: Walker, old: Node, new: Node, at: InstancePath) -> None:
    if "if" not in old.schema and "if" not in new.schema:
        return
    both = "if" in old.schema and "if" in new.schema
    if both and not same_keyword(old, new, "if"):
        walk.add(
            "CONDITION_CHANGED",
            Breaks.BOTH,
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
        keep = (Breaks.NONE if _unreached(walk, old, new, after, branch) else Breaks.BACKWARD) | (
            Breaks.NONE if _unreached(walk, new, old, before, branch) else Breaks.FORWARD
        )
        walk.compare_only(before or old.with_schema({}), after or new.with_schema({}), at, keep)


def _unreached(walk: Walker, writer: Node, reader: Node, branch: Node | None, name: str) -> bool:
    """No value the writer accepts can fail the reader's ``branch`` (then/else): none
    takes it (by the reader's if), or every one satisfies it."""
    if branch is None:
        return True  # the reader has no such branch: nothing to fail
    condition = reader.child("if")
    if name == "then" and disjoint(writer.schema, condition.schema):
        return True
    if name == "else" and walk.covers(condition, writer):
        return True
    return walk.covers(branch, writer)


def negation(walk: Walker, old: Node, new: Node, at: InstancePath) -> None:
    """old accepts what ``not A`` allows, new what ``not B`` allows: BACKWARD holds when
    B lies inside A, FORWARD when A lies inside B (no ``not`` is ``not: false``)."""
    if same_keyword(old, new, "not"):
        return
    before = old.child("not") if "not" in old.schema else old.with_schema(False)
    after = new.child("not") if "not" in new.schema else new.with_schema(False)
    walk.judged(
        "NOT_CHANGED",
        old,
        new,
        at,
        # ... or no value the writer accepts is one the reader's not excludes
        backward_safe=walk.covers(before, after) or disjoint(old.schema, after.schema),
        forward_safe=walk.covers(after, before) or disjoint(new.schema, before.schema),
        message=f"the not schema of {where(at)} changed",
        keyword="not",
    )


# -- helpers ---------------------------------------------------------------------------------


def _without(node: Node, keyword: str) -> Node:
    """The node without ``keyword``: it accepts at least what the node accepts."""
    if not isinstance(node.schema, dict) or keyword not in node.schema:
        return node
    return node.with_schema({k: v for k, v in node.schema.items() if k != keyword})


def _union_kind(schema: dict[str, Any]) -> str | None:
    return next((k for k in ("anyOf", "oneOf") if isinstance(schema.get(k), list)), None)


def _align_unions(old: Node, new: Node) -> tuple[Node, Node]:
    """A plain schema compared with a pure union is a one-branch union."""
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
        disjoint(branch.schema, other.schema) for other in branches if other is not branch
    )


def _branch_name(branch: Node) -> str:
    return resolved_text(branch) or f"unresolved {id(branch.schema)}"


def _overlap_pairs(branches: list[Node], renamed: dict[str, str]) -> set[frozenset[str]]:
    names = [renamed.get(n, n) for n in (_branch_name(b) for b in branches)]
    return {
        frozenset({names[i], names[j]})
        for i, j in itertools.combinations(range(len(branches)), 2)
        if not disjoint(branches[i].schema, branches[j].schema)
    }
