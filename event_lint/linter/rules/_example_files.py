"""The rules' examples, read from ``examples/<rule module>.toml`` beside the rules.

Each file holds one rule's ``[[flagged]]`` and ``[[passing]]`` examples (the fields of
``Flagged`` and ``Passing`` in ``base.py``). They are test fixtures kept as data, as ruff
keeps its fixtures apart from the rule code: only the tests and the docs read them, never
a lint run, so this module is imported on demand and TOML is parsed only here.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from event_lint.config import EventSettings
from event_lint.diagnostics import Severity
from event_lint.linter.rules.base import Flagged, Passing, Rule

EXAMPLES = Path(__file__).parent / "examples"


def examples_file(rule: type[Rule]) -> Path:
    """``examples/send_in_function.toml`` for the rule of ``rules/send_in_function.py``."""
    return EXAMPLES / f"{rule.__module__.rpartition('.')[2]}.toml"


def examples_of(rule: type[Rule]) -> tuple[tuple[Flagged, ...], tuple[Passing, ...]]:
    """The rule's examples that must be flagged, and those that must not."""
    path = examples_file(rule)
    document = _loads(path.read_text(encoding="utf-8"))
    unknown = set(document) - {"flagged", "passing"}
    if unknown:
        raise ValueError(f"{path}: unknown table {sorted(unknown)[0]!r}")
    try:
        flagged = tuple(Flagged(**_flagged_fields(t)) for t in document.get("flagged", []))
        passing = tuple(Passing(**_example_fields(t)) for t in document.get("passing", []))
    except TypeError as exc:  # a misspelt or missing field
        raise ValueError(f"{path}: {exc}") from None
    return flagged, passing


def _loads(text: str) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on 3.10 only
        import tomli as tomllib
    return tomllib.loads(text)


def _flagged_fields(table: dict[str, Any]) -> dict[str, Any]:
    fields = _example_fields(table)
    if "expected" in fields:
        fields["expected"] = tuple(fields["expected"])
    if "severity" in fields:
        fields["severity"] = Severity(fields["severity"])
    return fields


def _example_fields(table: dict[str, Any]) -> dict[str, Any]:
    """The table as keyword arguments; ``config`` as ``Config`` takes its fields."""
    fields = dict(table)
    if "config" in fields:
        fields["config"] = {
            key: _events(value) if key == "events" else _tuples(value)
            for key, value in fields["config"].items()
        }
    return fields


def _tuples(value: Any) -> Any:
    """TOML arrays as the tuples ``Config`` holds (``per_file_ignores`` nests them)."""
    return tuple(_tuples(item) for item in value) if isinstance(value, list) else value


def _events(table: dict[str, dict[str, Any]]) -> dict[str, EventSettings]:
    return {name: EventSettings(**settings) for name, settings in table.items()}
