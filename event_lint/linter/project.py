"""Build a Project from in-memory sources: what rule tests and examples use."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from event_lint.linter.discover import Layout
from event_lint.linter.extract import extract_file
from event_lint.linter.model import Project
from event_lint.linter.resolve import resolve

# Where an in-memory project stands: its files are never looked for on disk.
_ROOT = Path("/project")


def module_names(paths: Iterable[str], src: Sequence[str] = ()) -> dict[str, str]:
    """The module name of each ``paths`` (``app/client.py``, relative to the project's
    root) as the CLI names it (``discover.Layout``), the packages being the folders
    whose ``__init__.py`` is among ``paths``."""
    files = {path: _ROOT / path for path in paths}
    packages = {file.parent for file in files.values() if file.name == "__init__.py"}
    layout = Layout(_ROOT, src, is_package=packages.__contains__)
    return {path: layout.module_name(file) for path, file in files.items()}


def project_from_sources(sources: Mapping[str, str], src: Sequence[str] = ()) -> Project:
    """Extract and resolve ``{"app/client.py": "...", ...}`` as one project."""
    modules = module_names(sources, src)
    files = [
        extract_file(path, source.encode("utf-8"), modules[path])
        for path, source in sources.items()
    ]
    return resolve(files)
