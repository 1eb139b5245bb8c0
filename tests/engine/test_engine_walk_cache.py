"""The cache keeps each folder's listing: an unchanged tree is walked without listing a
folder again, and a file added, removed or renamed, even behind a folder's mtime set
back or through a symlink, is seen at the next run."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from event_lint.linter import cache

from .conftest import Lint, Write

FILES = {"app/__init__.py": "", "app/a.py": "x = 1\n", "app/sub/b.py": "y = 2\n"}


@pytest.fixture(autouse=True)
def key_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path_factory.mktemp("xdg")
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    # the folders were made a moment ago: trust a stat at once (as two seconds later)
    monkeypatch.setattr(cache, "_RACY_NS", 0)
    return home


@pytest.fixture
def listed(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[str]:
    """The folders the walk lists (``os.scandir``), relative to the project."""
    folders: list[str] = []
    scandir = os.scandir

    def recording(path: str) -> Iterator[os.DirEntry[str]]:
        if Path(path).is_relative_to(tmp_path):  # not the tool's own code (the cache's salt)
            folders.append(Path(path).relative_to(tmp_path).as_posix())
        return scandir(path)

    monkeypatch.setattr(os, "scandir", recording)
    return folders


def files_checked(lint: Lint) -> int:
    return lint(use_cache=True).files_checked


def test_an_unchanged_tree_lists_no_folder(project: Write, lint: Lint, listed: list[str]) -> None:
    project(FILES)
    assert files_checked(lint) == 3
    assert sorted(listed) == [".", "app", "app/sub"]
    listed.clear()
    assert files_checked(lint) == 3
    assert listed == ["."]  # where the first run made .event_lint_cache
    listed.clear()
    assert files_checked(lint) == 3
    assert listed == []


def test_a_file_added_removed_or_renamed_is_seen(
    project: Write, lint: Lint, listed: list[str]
) -> None:
    root = project(FILES)
    assert files_checked(lint) == files_checked(lint) == 3  # the second lists the root again
    listed.clear()
    (root / "app/sub/c.py").write_text("z = 3\n")
    assert files_checked(lint) == 4
    assert listed == ["app/sub"]  # only the folder that changed
    (root / "app/sub/c.py").rename(root / "app/sub/c.txt")
    assert files_checked(lint) == 3
    (root / "app/sub/c.txt").unlink()
    (root / "app/sub/b.py").unlink()
    assert files_checked(lint) == 2


def test_a_folder_whose_mtime_is_set_back_is_listed_again(project: Write, lint: Lint) -> None:
    """tar and ``cp -a`` give a folder its old mtime after filling it; its ctime moves."""
    root = project(FILES)
    folder = root / "app/sub"
    before = os.stat(folder)
    assert files_checked(lint) == 3
    (folder / "c.py").write_text("z = 3\n")
    os.utime(folder, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert os.stat(folder).st_mtime_ns == before.st_mtime_ns
    assert files_checked(lint) == 4


def test_a_folder_holding_a_symlink_is_listed_every_run(
    project: Write, lint: Lint, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """A link's target can become a folder while the folder holding the link is unchanged."""
    root = project(FILES)
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (root / "app/linked").symlink_to(elsewhere / "pkg")  # dangling for now
    assert files_checked(lint) == 3
    (elsewhere / "pkg").mkdir()
    (elsewhere / "pkg/c.py").write_text("z = 3\n")
    assert files_checked(lint) == 4
