"""A registry stand-in built from plain dicts, for generator tests that need no files."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import referencing
import referencing.jsonschema

BASE = "https://registry.event-lint.invalid/"


class MappingSource:
    """``{name: {v: schema}}`` (versions in the order given) plus shared ``{path: schema}``."""

    def __init__(
        self, events: dict[str, dict[str, dict[str, Any]]], shared: dict[str, Any] | None = None
    ) -> None:
        self._events = events
        documents = {f"{name}/{v}.json": s for name, vs in events.items() for v, s in vs.items()}
        documents.update(shared or {})
        spec = referencing.jsonschema.DRAFT202012
        self._registry: referencing.Registry[Any] = referencing.Registry().with_resources(
            (BASE + path, referencing.Resource(contents=s, specification=spec))
            for path, s in documents.items()
        )
        self._blob = json.dumps(documents, sort_keys=True)

    def names(self) -> list[str]:
        return sorted(self._events)

    def versions(self, name: str) -> list[str]:
        return list(self._events[name])

    def schema(self, name: str, v: str | None = None) -> dict[str, Any]:
        return self._events[name][v or self.latest(name)]

    def latest(self, name: str) -> str:
        return self.versions(name)[-1]

    def schema_uri(self, name: str, v: str | None = None) -> str:
        return f"{BASE}{name}/{v or self.latest(name)}.json"

    def fingerprint(self) -> str:
        return hashlib.sha256(self._blob.encode()).hexdigest()[:16]

    @property
    def resolver_registry(self) -> referencing.Registry[Any]:
        return self._registry
