"""Paths in, Python files out: walk directories, honour ``.gitignore`` and ``exclude``.

- Explicit file arguments are always linted, whatever their name or ignore status.
- Directories are walked with ``os.scandir``; the usual tool and build folders are
  skipped, ``.gitignore`` files apply to their folder and below (matched with
  ``pathspec``, imported only when a ``.gitignore`` or ``exclude`` exists: it costs
  ~20 ms, a third of the one-file budget), and ``config.exclude`` globs use the same
  gitignore syntax, relative to the config root.
- Symlinked directories are followed once: each real directory (device, inode) is
  entered at most once, so a symlink loop ends the walk instead of hanging it.
- Module names come from the package structure: the chain of folders that hold an
  ``__init__.py``; a file outside any package is named from the config root (a
  leading ``src/`` dropped).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathspec import GitIgnoreSpec

SKIPPED_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".venv",
        "venv",
        ".tox",
        ".nox",
        ".eggs",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".event_lint_cache",
        "__pycache__",
        "__pypackages__",
        "node_modules",
        "site-packages",
        "build",
        "dist",
        "_build",
        "buck-out",
    }
)


@dataclass(frozen=True)
class SourceFile:
    """One file to lint: where it is, how diagnostics name it, its module name."""

    path: Path  # absolute
    rel: str  # as diagnostics print it: relative to the working directory, "/" separators
    module: str  # dotted module name ("app.client"; "app" for app/__init__.py)


def display_path(path: Path, base: Path) -> str:
    """``path`` relative to ``base`` when inside it, else absolute; always "/" separators."""
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return path.as_posix()


@lru_cache(maxsize=4096)
def _is_package(directory: Path) -> bool:
    return (directory / "__init__.py").is_file()


def module_name(path: Path, root: Path) -> str:
    """The dotted module name of ``path`` (absolute), from its packages or the root."""
    parts = [path.stem] if path.name != "__init__.py" else []
    directory = path.parent
    if _is_package(directory):
        while _is_package(directory):
            parts.insert(0, directory.name)
            directory = directory.parent
        return ".".join(parts)
    try:
        inside = list(directory.relative_to(root).parts)
    except ValueError:
        inside = []
    if inside[:1] == ["src"]:
        inside = inside[1:]
    return ".".join([*inside, *parts]) or path.stem


def module_candidates(module: str, root: Path) -> Iterator[Path]:
    """Files that could hold ``module`` in a project rooted at ``root``."""
    relative = Path(*module.split("."))
    for base in (root, root / "src"):
        yield base / relative.with_suffix(".py")
        yield base / relative / "__init__.py"


def _compile(lines: Sequence[str]) -> GitIgnoreSpec | None:
    if not lines:
        return None
    from pathspec import GitIgnoreSpec

    return GitIgnoreSpec.from_lines(lines)


def _read_gitignore(directory: Path) -> GitIgnoreSpec | None:
    try:
        text = (directory / ".gitignore").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    return _compile(text.splitlines())


class _Walker:
    """One walk over the directory arguments, with the ignore rules in force."""

    def __init__(self, root: Path, exclude: Sequence[str]) -> None:
        self.root = root
        self.exclude = _compile(exclude)
        self.seen_dirs: set[tuple[int, int]] = set()

    def walk(self, top: Path) -> Iterator[Path]:
        ignores = [(d, spec) for d in _ancestors(top, self.root) if (spec := _read_gitignore(d))]
        yield from self._walk(top, ignores)

    def _ignored(self, path: Path, is_dir: bool, ignores: list[tuple[Path, GitIgnoreSpec]]) -> bool:
        suffix = "/" if is_dir else ""
        if self.exclude is not None:
            try:
                relative = path.relative_to(self.root).as_posix()
            except ValueError:
                relative = None
            if relative and self.exclude.match_file(relative + suffix):
                return True
        for base, spec in ignores:
            if spec.match_file(path.relative_to(base).as_posix() + suffix):
                return True
        return False

    def _walk(self, directory: Path, ignores: list[tuple[Path, GitIgnoreSpec]]) -> Iterator[Path]:
        try:
            identity = os.stat(directory)
        except OSError:
            return
        key = (identity.st_dev, identity.st_ino)
        if key in self.seen_dirs:
            return
        self.seen_dirs.add(key)
        local = _read_gitignore(directory)
        if local is not None:
            ignores = [*ignores, (directory, local)]
        try:
            with os.scandir(directory) as scan:
                entries = sorted(scan, key=lambda e: e.name)
        except OSError:
            return
        for entry in entries:
            yield from self._entry(entry, directory, ignores)

    def _entry(
        self, entry: os.DirEntry[str], directory: Path, ignores: list[tuple[Path, GitIgnoreSpec]]
    ) -> Iterator[Path]:
        path = directory / entry.name
        try:
            is_dir = entry.is_dir()
        except OSError:
            return
        if is_dir:
            if entry.name in SKIPPED_DIRS or entry.name.endswith(".egg-info"):
                return
            if not self._ignored(path, True, ignores):
                yield from self._walk(path, ignores)
        elif entry.name.endswith(".py") and not self._ignored(path, False, ignores):
            yield path


def _ancestors(top: Path, root: Path) -> list[Path]:
    """The folders from ``root`` down to the parent of ``top`` (their .gitignore apply)."""
    try:
        relative = top.relative_to(root)
    except ValueError:
        return []
    folders = [root]
    for part in relative.parts[:-1]:
        folders.append(folders[-1] / part)
    return folders


def discover(
    paths: Sequence[Path], root: Path, exclude: Sequence[str], cwd: Path
) -> list[SourceFile]:
    """Every Python file to lint under ``paths``, once each, in a stable order.

    A path that does not exist is returned as-is (reading it reports EL902).
    """
    walker = _Walker(root.resolve(), exclude)
    found: dict[Path, None] = {}
    for given in paths:
        absolute = Path(os.path.abspath(cwd / given))
        if absolute.is_dir():
            for path in walker.walk(absolute):
                found.setdefault(path)
        else:
            found.setdefault(absolute)
    return [
        SourceFile(path=path, rel=display_path(path, cwd), module=module_name(path, walker.root))
        for path in found
    ]
