"""A problem the registry commands report (``check``, ``lint``, compatibility, immutability)."""

from __future__ import annotations

from dataclasses import dataclass

from event_lint.diagnostics import Severity


@dataclass(frozen=True)
class Finding:
    """One registry finding. ``file`` is relative to the registry root when it is inside it;
    ``line`` is 1-based when known; ``json_path`` is a JSON pointer into the schema or payload.
    ``details`` holds extra lines printed under the message (an explanation, a fix hint,
    an example payload)."""

    code: str
    message: str
    severity: Severity = Severity.ERROR
    file: str | None = None
    line: int | None = None
    json_path: str | None = None
    event: str | None = None
    version: str | None = None
    details: tuple[str, ...] = ()

    def location(self) -> str:
        where = self.file or (f"{self.event}" if self.event else "registry")
        if self.line is not None:
            where += f":{self.line}"
        if self.json_path:
            where += f" at {self.json_path}"
        return where

    def render(self) -> str:
        return f"{self.location()}: {self.code} {self.message}"
