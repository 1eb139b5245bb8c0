"""What a document is linted with: its project's config and registry.

The config is read for each lint (a ``pyproject.toml`` edit applies at once). The registry
is loaded once per folder and again when one of its files changes (their names, sizes
and modification times are its signature) or the config's ``schema-dialect`` does. A
config or registry that does not load is a ``Problem`` placed on the file at fault; the
document is still linted, without the registry (or with the default config).

Python documents are linted with the registry as saved. The problems shown on the
registry's files come from the registry as the editor shows it: the open schema files'
unsaved text read in place of the files (``texts``), nothing written to disk.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from event_lint.config import Config, find_pyproject, load_config
from event_lint.diagnostics import Severity
from event_lint.errors import UserError
from event_lint.files import read_regular
from event_lint.server.jsonlines import pointer_span

if TYPE_CHECKING:
    from event_lint.registry import Registry

# "<file>[:line[:col]]: message", as the registry's loader and the config name the file
# at fault; TOML errors end with "(at line N, column M)".
_AT_FILE = re.compile(
    r"^(?P<file>.+?\.(?:json|toml))(?::(?P<line>\d+)(?::(?P<col>\d+))?)?: (?P<text>.+)$"
)
_TOML_AT = re.compile(r"\(at line (?P<line>\d+), column (?P<col>\d+)\)$")

# The files' (path, mtime, size), the dialect, and the unsaved texts read instead.
Signature = tuple[tuple[tuple[str, int, int], ...], str, tuple[tuple[Path, bytes], ...]]
Texts = Mapping[Path, bytes]  # an open document's text by its absolute path


@dataclass(frozen=True)
class Problem:
    """A config or registry problem: ``path`` is the file it is about (None: no file to
    put it on), ``line`` and ``col`` 1-based code points (1 when the message names none).
    A schema lint finding has its ``code``; a problem without one kept the registry from
    loading."""

    path: Path | None
    message: str
    line: int = 1
    col: int = 1
    code: str | None = None
    severity: Severity = Severity.ERROR
    end_col: int | None = None  # the column after its end on ``line`` (None: one character)


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
        # By (registry folder, read with unsaved texts): the two are kept side by side.
        self._registries: dict[tuple[Path, bool], _Loaded] = {}
        self._lints: dict[tuple[Path, bool], tuple[_Loaded, Config, tuple[Problem, ...]]] = {}
        self._lock = threading.Lock()

    def context(self, path: Path, texts: Texts | None = None) -> Context:
        """The document's config and registry (as saved), and the problems of both, the
        registry's as read with ``texts`` (the unsaved schema files) when given."""
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
        saved = self._registry(config, {})
        shown = self._registry(config, texts) if texts else saved
        problems = shown.problems + self._lint(shown, config, bool(texts))
        return Context(config, saved.registry, problems)

    def _registry(self, config: Config, texts: Texts) -> _Loaded:
        from event_lint.registry.dialects import DIALECT_URIS

        assert config.registry is not None
        root = config.registry
        signature = _signature(root, DIALECT_URIS[config.schema_dialect], texts)
        with self._lock:
            loaded = self._registries.get((root, bool(texts)))
            if loaded is None or loaded.signature != signature:
                loaded = _load(root, config.source, signature)
                self._registries[root, bool(texts)] = loaded
            return loaded

    def _lint(self, loaded: _Loaded, config: Config, edited: bool) -> tuple[Problem, ...]:
        """Schema lint findings of a loaded registry, again when it or the config changes."""
        if loaded.registry is None or loaded.registry.root is None:
            return ()
        key = (loaded.registry.root, edited)
        with self._lock:
            cached = self._lints.get(key)
            if cached is not None and cached[0] is loaded and cached[1] == config:
                return cached[2]
        problems = schema_findings(loaded.registry, config, dict(loaded.signature[2]))
        with self._lock:
            self._lints[key] = (loaded, config, problems)
        return problems


def schema_findings(
    registry: Registry, config: Config, texts: Texts | None = None
) -> tuple[Problem, ...]:
    """The findings of ``event-registry lint`` and of ``check``'s compatibility and
    example checks, each on its file at its JSON path's line (in ``texts``, the
    unsaved text the registry was read with, if the file is there)."""
    from event_lint.registry.compat.registry_check import compatibility_findings
    from event_lint.registry.examples import check_examples
    from event_lint.registry.schema_lint import lint_registry

    shown: dict[Path, str] = {}
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
        if path not in shown:
            shown[path] = _text(path, texts or {})
        line, col, end = pointer_span(shown[path], finding.json_path or "")
        if finding.line:  # the finding names its line: the line's start
            line, col, end = finding.line, 1, 2
        problems.append(
            Problem(path, finding.message, line, col, finding.code, finding.severity, end)
        )
    return tuple(problems)


def _text(path: Path, texts: Texts) -> str:
    unsaved = texts.get(Path(os.path.abspath(path)))
    if unsaved is not None:
        return unsaved.decode("utf-8", "replace")
    try:
        return read_regular(path).decode("utf-8", "replace")
    except OSError:
        return ""


def _finding_file(registry: Registry, file: str | None, event: str | None) -> Path | None:
    """The schema file a finding is about (a finding on a name: its latest version's)."""
    if file is not None and registry.root is not None:
        return registry.root / file
    if event is not None and registry.has(event):
        return registry.schema_path(event)
    return None


def _load(root: Path, pyproject: Path | None, signature: Signature) -> _Loaded:
    from event_lint.registry import Registry, RegistryError
    from event_lint.registry.loader import Reading

    _, dialect, texts = signature
    try:
        return _Loaded(signature, Registry.load(root, reading=Reading(dialect, dict(texts))), ())
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


def _signature(root: Path, dialect: str, texts: Texts) -> Signature:
    """Every file under the registry with its size and modification time, the dialect
    and the unsaved texts of the files under it."""
    found: list[tuple[str, int, int]] = []
    for folder, _, files in os.walk(root):
        for name in files:
            try:
                stat = os.stat(os.path.join(folder, name))
            except OSError:
                continue
            found.append((os.path.join(folder, name), stat.st_mtime_ns, stat.st_size))
    inside = [(path, text) for path, text in texts.items() if path.is_relative_to(root)]
    return tuple(sorted(found)), dialect, tuple(sorted(inside))


def _existing_folder(path: Path) -> Path:
    """The folder of the document, or its nearest existing one (a new, unsaved file)."""
    return next((p for p in path.parents if p.is_dir()), Path.cwd())
