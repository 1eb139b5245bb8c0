"""Checking outgoing events against the registry: shared by the async and sync middleware."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import inngest

from event_lint.registry import Registry, ValidationIssue

Mode = Literal["raise", "warn"]
UnknownPolicy = Literal["allow", "warn", "raise"]
_MODES = ("raise", "warn")
_UNKNOWN_POLICIES = ("allow", "warn", "raise")

logger = logging.getLogger("event_lint.runtime")


class EventValidationError(ValueError):
    """Raised before sending when an outgoing event does not match the registry.
    ``problems`` holds one line per problem; nothing of the batch was sent."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        super().__init__(f"not sending events, {count}:\n" + "\n".join(self.problems))


@dataclass(frozen=True)
class _Problem:
    text: str
    unknown: bool  # the event is not in the registry (governed by the unknown policy)


class EventChecker:
    """Validates each event's ``data`` against the registry; an event is valid when it
    matches at least one version of its schema (the SDK's ``Event`` carries no ``v``)."""

    def __init__(self, registry: Registry, mode: Mode = "raise", unknown: UnknownPolicy = "warn"):
        if mode not in _MODES:
            raise ValueError(f"mode must be one of {', '.join(_MODES)}, not {mode!r}")
        if unknown not in _UNKNOWN_POLICIES:
            raise ValueError(
                f"unknown must be one of {', '.join(_UNKNOWN_POLICIES)}, not {unknown!r}"
            )
        self.registry = registry
        self.mode = mode
        self.unknown = unknown

    def check(self, events: Sequence[inngest.Event]) -> None:
        """Raise ``EventValidationError`` or log a warning, as the mode and policy say."""
        problems = [p for index, event in enumerate(events) for p in self._problems(index, event)]
        raising = [p.text for p in problems if self._policy(p) == "raise"]
        for problem in problems:
            if self._policy(problem) == "warn":
                logger.warning("event-lint: %s", problem.text)
        if raising:
            raise EventValidationError(raising)

    def _policy(self, problem: _Problem) -> str:
        return self.unknown if problem.unknown else self.mode

    def _problems(self, index: int, event: inngest.Event) -> list[_Problem]:
        where = f"events[{index}] {event.name!r}"
        if not self.registry.has(event.name):
            if self.unknown == "allow":
                return []
            return [_Problem(f"{where}: unknown event (not in the registry)", unknown=True)]
        data = dict(event.data)
        versions = self.registry.versions(event.name)
        latest_issues: list[ValidationIssue] = []
        for v in reversed(versions):
            issues = self.registry.validate(event.name, data, v)
            if not issues:
                return []
            latest_issues = latest_issues or issues
        others = f" (matches none of its {len(versions)} versions)" if len(versions) > 1 else ""
        return [
            _Problem(f"{where} v{versions[-1]}: data{issue.path}: {issue.message}{others}", False)
            for issue in latest_issues
        ]
