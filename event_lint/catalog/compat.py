"""An event's compatibility steps on its catalog page: each pair of versions its level
compares, with every change and its verdict under the level, as ``event-registry diff``
explains them."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from event_lint.errors import UserError
from event_lint.registry import Registry
from event_lint.registry.compat.levels import directions, pairs
from event_lint.registry.compat.registry_check import compare_versions, verdict_text


@dataclass(frozen=True)
class ChangeRow:
    code: str
    verdict: str
    message: str
    details: tuple[str, ...]


@dataclass(frozen=True)
class CompatStep:
    old: str
    new: str
    breaking: bool
    summary: str
    changes: tuple[ChangeRow, ...]


def compat_steps(registry: Registry, name: str, level: str, policy: str) -> tuple[CompatStep, ...]:
    """Each pair of versions the level compares (each with its predecessor at least), with
    every change and its verdict under the level, as ``event-registry diff`` explains it."""
    if registry.is_builtin(name):
        return ()
    versions = registry.versions(name)
    adjacent = list(itertools.pairwise(versions))
    order = {v: i for i, v in enumerate(versions)}
    wanted = directions(level)
    steps = []
    for old, new in sorted(
        {*adjacent, *pairs(versions, level)}, key=lambda p: (order[p[1]], order[p[0]])
    ):
        try:
            changes = compare_versions(registry, name, old, new, policy)
        except RecursionError:
            raise UserError(
                f"{name} v{old} -> v{new}: the schemas nest too deeply to compare"
            ) from None
        rows = tuple(
            ChangeRow(c.code, verdict_text(c, wanted), c.message, c.explanation(c.breaks & wanted))
            for c in changes
        )
        breaking = any(c.breaks & wanted for c in changes)
        summary = f"{'breaking' if breaking else 'compatible'} under {level} ({policy})"
        steps.append(CompatStep(old, new, breaking, summary, rows))
    return tuple(steps)
