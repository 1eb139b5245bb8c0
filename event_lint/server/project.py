"""What a document is linted with: its project's config and registry.

The config is read for each lint (a ``pyproject.toml`` edit applies at once). The registry
is loaded once per folder and again when one of its files changes (their names, sizes
and modification times are its signature). A config or registry that does not load is a
``Problem`` placed on the file at fault; the document is still linted, without the
registry (or with the default config).
"""

from __future__ import annotations

import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from event_lint.config import Config, find_pyproject, load_config
from event_lint.diagnostics import Severity
from event_lint.errors import UserError
from event_lint.files import read_regular
from event_lint.server.jsonlines import pointer_line

if TYPE_CHECKING:
    from event_lint.registry import Registry

# "<file>[:line[:col]]: message", as the registry's loader and the config name the file
# at fault; TOML errors end with "(at line N, column M)".
_AT_FILE = re.compile(
    r"^(?P<file>.+?\.(?:json|toml))(?::(?P<line>\d+)(?::(?P<col>\d+))?)?: (?P<text>.+)$"
)
_TOML_AT = re.compile(r"\(at line (?P<line>\d+), column (?P<col>\d+)\)$")

Signature = tuple[tuple[str, int, int], ...]


@dataclass(frozen=True)
class Problem:
    """A config or registry problem: ``path`` is the file it is about (None: no file to
    put it on), ``line`` and ``col`` 1-based (1 when the message names none). A schema
    lint finding has its ``code``; a problem without one kept the registry from loading."""

    path: Path | None
    message: str
    line: int = 1
    col: int = 1
    code: str | None = None
    severity: Severity = Severity.ERROR


@dataclass(frozen=True)
class Context:
    config: Config
    registry: Registry | None
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class _Loaded:
    signature: Signature
    registry: Registry | None
    problems: tuple[Problem, ...]


class Projects:
    """The context of each document; safe to call from the lint thread and the event loop."""

    def __init__(self) -> None:
        self._registries: dict[Path, _Loaded] = {}
        self._lints: dict[Path, tuple[_Loaded, Config, tuple[Problem, ...]]] = {}
        self._lock = threading.Lock()

    def context(self, path: Path) -> Context:
        folder = _existing_folder(path)
        try:
            config = load_config(folder)
        except UserError as error:
            pyproject = find_pyproject(folder)
            root = pyproject.parent if pyproject is not None else folder
            return Context(Config(root=root), None, (_placed(str(error), folder, pyproject),))
        if config.registry is None:
            return Context(config, None)
        if not config.registry.is_dir():
            if not config.registry_configured:  # a default schemas/ that is not there: none
                return Context(config, None)
            message = f"registry folder {config.registry} does not exist (set in {config.source})"
            return Context(config, None, (Problem(config.source, message),))
        loaded = self._registry(config.registry, config.source)
        return Context(config, loaded.registry, loaded.problems + self._lint(loaded, config))

    def _registry(self, root: Path, pyproject: Path | None) -> _Loaded:
        signature = _signature(root)
        with self._lock:
            loaded = self._registries.get(root)
            if loaded is None or loaded.signature != signature:
                loaded = _load(root, pyproject, signature)
                self._registries[root] = loaded
            return loaded

    def _lint(self, loaded: _Loaded, config: Config) -> tuple[Problem, ...]:
        """Schema lint findings of a loaded registry, again when it or the config changes."""
        if loaded.registry is None:
            return ()
        root = loaded.registry.root
        with self._lock:
            cached = self._lints.get(root) if root is not None else None
            if cached is not None and cached[0] is loaded and cached[1] == config:
                return cached[2]
        problems = schema_findings(loaded.registry, config)
        if root is not None:
            with self._lock:
                self._lints[root] = (loaded, config, problems)
        return problems


def schema_findings(registry: Registry, config: Config) -> tuple[Problem, ...]:
    """The findings of ``event-registry lint`` and of ``check``'s compatibility and
    example checks, each on its file at its JSON path's line."""
    from event_lint.registry.compat.registry_check import compatibility_findings
    from event_lint.registry.examples import check_examples
    from event_lint.registry.schema_lint import lint_registry

    texts: dict[Path, str] = {}
    problems = []
    found = (
        lint_registry(registry, config)
        + compatibility_findings(registry, config)
        + check_examples(registry)
    )
    for finding in found:
        path = _finding_file(registry, finding.file, finding.event)
        if path is None:
            continue
        if path not in texts:
            try:
                texts[path] = read_regular(path).decode("utf-8", "replace")
            except OSError:
                texts[path] = ""
        line = finding.line or pointer_line(texts[path], finding.json_path or "")
        problems.append(Problem(path, finding.message, line, 1, finding.code, finding.severity))
    return tuple(problems)


def _finding_file(registry: Registry, file: str | None, event: str | None) -> Path | None:
    """The schema file a finding is about (a finding on a name: its latest version's)."""
    if file is not None and registry.root is not None:
        return registry.root / file
    if event is not None and registry.has(event):
        return registry.schema_path(event)
    return None


def _load(root: Path, pyproject: Path | None, signature: Signature) -> _Loaded:
    from event_lint.registry import Registry, RegistryError

    try:
        return _Loaded(signature, Registry.load(root), ())
    except RegistryError as error:
        problems = tuple(_placed(message, root, pyproject) for message in error.messages)
        return _Loaded(signature, None, problems)
    except UserError as error:
        return _Loaded(signature, None, (Problem(pyproject, str(error)),))


def _placed(message: str, root: Path, pyproject: Path | None) -> Problem:
    """On the file the message names (at its line), else on the config."""
    match = _AT_FILE.match(message)
    if match is None:
        return Problem(pyproject, message)
    file = Path(match["file"])
    if not file.is_absolute():
        file = root / file
    at = match if match["line"] else _TOML_AT.search(match["text"])
    line, col = (int(at["line"]), int(at["col"] or 1)) if at else (1, 1)
    return Problem(file, match["text"], line, col)


def _signature(root: Path) -> Signature:
    """Every file under the registry with its size and modification time."""
    found: list[tuple[str, int, int]] = []
    for folder, _, files in os.walk(root):
        for name in files:
            try:
                stat = os.stat(os.path.join(folder, name))
            except OSError:
                continue
            found.append((os.path.join(folder, name), stat.st_mtime_ns, stat.st_size))
    return tuple(sorted(found))


def _existing_folder(path: Path) -> Path:
    """The folder of the document, or its nearest existing one (a new, unsaved file)."""
    return next((p for p in path.parents if p.is_dir()), Path.cwd())
