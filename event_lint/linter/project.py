"""Build a Project from in-memory sources: what rule tests and examples use."""

from __future__ import annotations

from collections.abc import Mapping

from event_lint.linter.extract import extract_file
from event_lint.linter.model import Project
from event_lint.linter.resolve import resolve


def module_name(path: str) -> str:
    """``app/client.py`` -> ``app.client``; ``app/__init__.py`` -> ``app``."""
    parts = path.replace("\\", "/").removesuffix(".py").split("/")
    if parts[-1] == "__init__" and len(parts) > 1:
        parts.pop()
    return ".".join(part for part in parts if part not in ("", "."))


def project_from_sources(sources: Mapping[str, str]) -> Project:
    """Extract and resolve ``{"app/client.py": "...", ...}`` as one project."""
    files = [
        extract_file(path, source.encode("utf-8"), module_name(path))
        for path, source in sources.items()
    ]
    return resolve(files)
