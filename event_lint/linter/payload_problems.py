"""What the payload check reports: how written data fails its event's schema. Kept apart
from ``payload.py`` (which imports jsonschema) so that the rules reporting these kinds load
without it: a run whose files need no registry never imports jsonschema."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from event_lint.linter.model import Located

PathPart = str | int
JsonPath = tuple[PathPart, ...]  # inside ``data``: ("items", 0, "quantity")


class Mismatch(enum.Enum):
    """How the written data fails its schema; one rule reports each (EL611 to EL614)."""

    MISSING_KEY = 1  # ``required``
    UNKNOWN_KEY = 2  # a closed object's extra key, or a key whose schema is ``false``
    WRONG_TYPE = 3  # ``type``
    CONSTRAINT = 4  # any other value keyword: ``enum``, ``pattern``, ``minimum``, ...


@dataclass(frozen=True)
class PayloadProblem:
    """One way the written data cannot match the schema."""

    kind: Mismatch
    where: Located
    path: JsonPath
    keyword: str  # the schema keyword that fails
    detail: str  # what is wrong, for the user

    @property
    def json_path(self) -> str:
        """``data/items/0/quantity``: the path as messages show it."""
        return "/".join(["data", *(str(part) for part in self.path)])
