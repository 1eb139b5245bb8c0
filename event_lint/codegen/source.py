"""What the generator needs from a registry: a small protocol that ``Registry`` satisfies."""

from __future__ import annotations

from typing import Any, Protocol

import referencing


class SchemaSource(Protocol):
    """Events, their ordered versions and the JSON Schema of each version's ``data``."""

    def names(self) -> list[str]: ...

    def versions(self, name: str) -> list[str]: ...

    def schema(self, name: str, v: str | None = None) -> dict[str, Any]: ...

    def latest(self, name: str) -> str: ...

    def schema_uri(self, name: str, v: str | None = None) -> str:
        """The base URI that resolves the schema's ``$ref``s in ``resolver_registry``."""
        ...

    def fingerprint(self) -> str: ...

    @property
    def resolver_registry(self) -> referencing.Registry[Any]: ...
