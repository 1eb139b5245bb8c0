"""The cache: nothing changed, nothing parsed; one file changed, one parsed; always safe."""

from __future__ import annotations

import multiprocessing
import os
import pickle
from collections.abc import Callable
from pathlib import Path

import pytest

from event_lint.config import Config
from event_lint.linter import cache
from event_lint.linter.cache import FORMAT, Entry, Pickled, seal, unseal, user_key
from event_lint.linter.engine import LintOptions, lint_paths

from .conftest import Lint, Write, sends

FILES = {
    "app/__init__.py": "",
    "app/client.py": 'import inngest\n\nclient = inngest.Inngest(app_id="shop")\n',
    "app/a.py": "from app.client import client\n\nclient.send_sync(a)\n",
    "app/b.py": "from app.client import client\n\nclient.send_sync(b)\n",
    "app/plain.py": "x = 1\n",
}


@pytest.fixture(autouse=True)
def key_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache home of the test's own, outside the project: never the real one."""
    home = tmp_path_factory.mktemp("xdg")
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    return home


def read_index(root: Path) -> tuple[str, dict[str, Entry]]:
    payload = unseal(user_key(root), (root / ".event_lint_cache/index.pickle").read_bytes())
    assert payload is not None
    salt, entries = pickle.loads(payload)
    return salt, entries


def write_index(root: Path, salt: str, entries: dict[str, Entry]) -> None:
    """An index as this user's event-lint writes it (authentic), with whatever entries."""
    payload = pickle.dumps((salt, entries))
    (root / ".event_lint_cache/index.pickle").write_bytes(seal(user_key(root), payload))


def counters(lint: Lint, **settings: object) -> tuple[int, int, int]:
    result = lint(use_cache=True, **settings)
    return result.files_checked, result.files_parsed, result.files_cached


def test_counters_cold_warm_and_one_change(project: Write, lint: Lint) -> None:
    root = project(FILES)
    assert counters(lint) == (5, 3, 0)
    assert counters(lint) == (5, 0, 3)
    (root / "app/b.py").write_text("from app.client import client\n\n\nclient.send_sync(b)\n")
    assert counters(lint) == (5, 1, 2)
    assert (root / ".event_lint_cache/.gitignore").read_text().splitlines()[-1] == "*"


def test_a_config_change_reruns_the_rules_without_parsing(project: Write, lint: Lint) -> None:
    project(FILES)
    lint(use_cache=True)
    result = lint(use_cache=True, ignore=("EL5",))
    assert (result.files_parsed, result.files_cached) == (0, 3)
    assert sends(result) == [("app/a.py", 3), ("app/b.py", 3)]


def test_no_cache_reads_and_writes_nothing(project: Write, lint: Lint, key_home: Path) -> None:
    root = project(FILES)
    assert lint().files_parsed == 3
    assert lint().files_parsed == 3
    assert not (root / ".event_lint_cache").exists()
    assert not (key_home / "event-lint").exists()  # not even a key


def test_a_corrupt_or_truncated_index_is_rebuilt(project: Write, lint: Lint) -> None:
    root = project(FILES)
    lint(use_cache=True)
    index = root / ".event_lint_cache/index.pickle"
    index.write_bytes(index.read_bytes()[:50])
    assert counters(lint) == (5, 3, 0)
    index.write_bytes(b"not a pickle at all")
    assert counters(lint) == (5, 3, 0)
    assert counters(lint) == (5, 0, 3)


def test_a_damaged_entry_is_extracted_again(project: Write, lint: Lint) -> None:
    root = project(FILES)
    lint(use_cache=True)
    salt, entries = read_index(root)
    key = str(root / "app/a.py")
    entries[key] = entries[key]._replace(facts=Pickled(b"not facts", b"not an outline"))
    write_index(root, salt, entries)
    result = lint(use_cache=True)
    assert (result.files_parsed, result.files_cached) == (1, 2)
    assert sends(result) == [("app/a.py", 3), ("app/b.py", 3)]


def _run(root: str) -> int:
    os.chdir(root)
    return lint_paths([Path(".")], Config(root=Path(root)), None, LintOptions(jobs=1)).files_parsed


def test_two_runs_at_once_leave_a_usable_cache(project: Write, lint: Lint) -> None:
    root = project(FILES)
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        assert pool.map(_run, [str(root), str(root)]) == [3, 3]
    assert counters(lint) == (5, 0, 3)
    assert [p.name for p in (root / ".event_lint_cache").iterdir() if p.name.endswith(".tmp")] == []


def test_named_files_that_cannot_send_never_open_the_cache(project: Write, lint: Lint) -> None:
    """pre-commit names a few changed files: ones with nothing Inngest in them are read and
    skipped without loading (or creating) the index."""
    root = project(FILES)
    result = lint("app/plain.py", use_cache=True)
    assert (result.files_checked, result.files_parsed) == (1, 0)
    assert not (root / ".event_lint_cache").exists()
    lint("app/a.py", use_cache=True)
    assert (root / ".event_lint_cache/index.pickle").is_file()
    index = (root / ".event_lint_cache/index.pickle").read_bytes()
    lint("app/plain.py", use_cache=True)
    assert (root / ".event_lint_cache/index.pickle").read_bytes() == index


def test_named_files_still_reuse_cached_facts(project: Write, lint: Lint) -> None:
    """Read first, but a named file that needs parsing takes its facts from the cache, as
    does the client module it imports."""
    root = project(FILES)
    assert counters(lint) == (5, 3, 0)
    result = lint("app/a.py", "app/plain.py", use_cache=True)
    assert (result.files_parsed, result.files_cached) == (0, 2)
    assert sends(result) == [("app/a.py", 3)]
    assert (root / ".event_lint_cache").is_dir()


def test_a_warm_run_on_named_files_leaves_the_index_as_it_is(project: Write, lint: Lint) -> None:
    """Rewriting the index costs as much as the rest of a pre-commit run on a big project:
    named files that have not changed since they were cached do not make it dirty. The
    first run on them keeps what the search for their importers read (which files name
    them); the next ones read it back."""
    root = project(FILES)
    an_hour_ago = os.stat(root / "app/a.py").st_mtime - 3600  # past the racy window
    for path in (root / "app").iterdir():
        os.utime(path, (an_hour_ago, an_hour_ago))
    counters(lint)
    lint("app/a.py", "app/b.py", use_cache=True)
    index = root / ".event_lint_cache/index.pickle"
    written = os.stat(index)
    result = lint("app/a.py", "app/b.py", use_cache=True)
    assert (result.files_parsed, result.files_cached) == (0, 3)
    assert (os.stat(index).st_ino, os.stat(index).st_mtime_ns) == (
        written.st_ino,
        written.st_mtime_ns,
    )


# -- the index format: only this user's event-lint is ever unpickled ---------------------

KEY = bytes(range(32))


class Boom:
    """A pickle that, once loaded, creates the file named ``marker``."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (open, (str(self.marker), "w"))


def test_seal_and_unseal() -> None:
    blob = seal(KEY, b"payload")
    assert blob.startswith(FORMAT) and len(blob) == len(FORMAT) + 32 + len(b"payload")
    assert unseal(KEY, blob) == b"payload"
    assert unseal(KEY, seal(KEY, b"")) == b""


@pytest.mark.parametrize(
    "blob",
    [
        pytest.param(seal(bytes(32), b"payload"), id="another key"),
        pytest.param(seal(KEY, b"payload")[:-1], id="truncated"),
        pytest.param(seal(KEY, b"payload") + b"x", id="extended"),
        pytest.param(seal(KEY, b"payload")[:-1] + b"X", id="payload edited"),
        pytest.param(FORMAT + bytes(32) + b"payload", id="made-up tag"),
        pytest.param(seal(KEY, b"payload")[: len(FORMAT) + 31], id="tag cut short"),
        pytest.param(
            b"event-lint cache 1\n" + seal(KEY, b"payload")[len(FORMAT) :], id="another format"
        ),
        pytest.param(pickle.dumps(("salt", {})), id="bare pickle (the old format)"),
        pytest.param(b"", id="empty"),
    ],
)
def test_unseal_refuses_what_this_key_did_not_seal(blob: bytes) -> None:
    assert unseal(KEY, blob) is None


def test_the_index_is_authenticated_with_a_private_key(
    project: Write, lint: Lint, key_home: Path
) -> None:
    root = project(FILES)
    lint(use_cache=True)
    key = key_home / "event-lint/key"
    assert (key.stat().st_mode & 0o777, key.parent.stat().st_mode & 0o777) == (0o600, 0o700)
    assert len(key.read_bytes()) == 32
    index = (root / ".event_lint_cache/index.pickle").read_bytes()
    assert unseal(key.read_bytes(), index) is not None
    assert (root / ".event_lint_cache/index.pickle").stat().st_mode & 0o777 == 0o600


FORGED: dict[str, Callable[[bytes], bytes]] = {
    "bare": lambda payload: payload,
    "made-up tag": lambda payload: FORMAT + bytes(32) + payload,
    "another key": lambda payload: seal(bytes(32), payload),
}


@pytest.mark.parametrize("forge", FORGED.values(), ids=FORGED.keys())
def test_a_committed_pickle_is_never_loaded(
    project: Write,
    lint: Lint,
    tmp_path_factory: pytest.TempPathFactory,
    forge: Callable[[bytes], bytes],
) -> None:
    """A bare pickle, one with a made-up tag, one sealed with another user's key: each is
    ignored (and replaced), and the code its ``__reduce__`` names never runs."""
    marker = tmp_path_factory.mktemp("outside") / "marker"
    root = project(FILES)
    blob = forge(pickle.dumps(("salt", {"x": Boom(marker)})))
    (root / ".event_lint_cache").mkdir()
    (root / ".event_lint_cache/index.pickle").write_bytes(blob)
    assert counters(lint) == (5, 3, 0)
    assert not marker.exists()
    assert counters(lint) == (5, 0, 3)  # replaced by an index of this user's own


def test_an_index_over_the_size_limit_is_not_read(
    project: Write, lint: Lint, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project(FILES)
    lint(use_cache=True)
    size = (root / ".event_lint_cache/index.pickle").stat().st_size
    monkeypatch.setattr(cache, "INDEX_LIMIT", size - 1)
    assert counters(lint) == (5, 3, 0)
    assert (root / ".event_lint_cache/index.pickle").stat().st_size == size  # nor written


def test_an_index_that_is_a_fifo_is_ignored(project: Write, lint: Lint) -> None:
    root = project(FILES)
    (root / ".event_lint_cache").mkdir()
    os.mkfifo(root / ".event_lint_cache/index.pickle")
    assert counters(lint) == (5, 3, 0)  # no hang: then replaced by a regular file
    assert counters(lint) == (5, 0, 3)


# -- the cache folder: links are never followed ------------------------------------------


def test_a_symlinked_cache_folder_is_not_used(
    project: Write,
    lint: Lint,
    tmp_path_factory: pytest.TempPathFactory,
    capsys: pytest.CaptureFixture[str],
) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    root = project(FILES)
    (root / ".event_lint_cache").symlink_to(elsewhere)
    assert counters(lint) == (5, 3, 0)
    assert counters(lint) == (5, 3, 0)
    assert list(elsewhere.iterdir()) == []
    warning = (
        f"event-lint: warning: running without the cache: {root}/.event_lint_cache"
        " is a symlink or a file, not a folder\n"
    )
    assert capsys.readouterr().err == warning * 2


def test_a_cache_folder_that_is_a_file_is_not_used(
    project: Write, lint: Lint, capsys: pytest.CaptureFixture[str]
) -> None:
    root = project({**FILES, ".event_lint_cache": "mine\n"})
    assert counters(lint) == (5, 3, 0)
    assert (root / ".event_lint_cache").read_text() == "mine\n"
    assert "is a symlink or a file, not a folder" in capsys.readouterr().err


def test_links_inside_the_cache_folder_are_never_followed(
    project: Write,
    lint: Lint,
    tmp_path_factory: pytest.TempPathFactory,
    capsys: pytest.CaptureFixture[str],
) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (elsewhere / "target").write_bytes(b"theirs")
    root = project(FILES)
    (root / ".event_lint_cache").mkdir()
    (root / ".event_lint_cache/.gitignore").symlink_to(elsewhere / "ignore")  # dangling
    (root / ".event_lint_cache/index.pickle").symlink_to(elsewhere / "target")
    assert counters(lint) == (5, 3, 0)
    assert sorted(p.name for p in elsewhere.iterdir()) == ["target"]
    assert (elsewhere / "target").read_bytes() == b"theirs"
    assert (root / ".event_lint_cache/.gitignore").is_symlink()  # left alone
    assert not (root / ".event_lint_cache/index.pickle").is_symlink()  # the link replaced
    assert counters(lint) == (5, 0, 3)
    assert capsys.readouterr().err == ""


# -- the key ---------------------------------------------------------------------------


def refused(capsys: pytest.CaptureFixture[str], lint: Lint, root: Path) -> str:
    """Two runs that each parse every file, write no index, and say why."""
    assert counters(lint) == (5, 3, 0)
    assert counters(lint) == (5, 3, 0)
    assert not (root / ".event_lint_cache").exists()
    err = capsys.readouterr().err
    lines = err.splitlines()
    assert len(lines) == 2 and lines[0] == lines[1], err
    prefix = "event-lint: warning: running without the cache: "
    assert lines[0].startswith(prefix), err
    return lines[0].removeprefix(prefix)


def test_a_key_that_is_a_symlink_is_refused(
    project: Write,
    lint: Lint,
    key_home: Path,
    capsys: pytest.CaptureFixture[str],
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    theirs = tmp_path_factory.mktemp("theirs") / "key"
    theirs.write_bytes(KEY)
    theirs.chmod(0o600)
    (key_home / "event-lint").mkdir(mode=0o700)
    (key_home / "event-lint/key").symlink_to(theirs)
    root = project(FILES)
    assert refused(capsys, lint, root) == f"{key_home}/event-lint/key is a symlink"


@pytest.mark.parametrize("mode", [0o644, 0o604, 0o620, 0o666])
def test_a_key_others_can_read_or_write_is_refused(
    project: Write, lint: Lint, key_home: Path, capsys: pytest.CaptureFixture[str], mode: int
) -> None:
    (key_home / "event-lint").mkdir(mode=0o700)
    (key_home / "event-lint/key").write_bytes(KEY)
    (key_home / "event-lint/key").chmod(mode)
    root = project(FILES)
    assert refused(capsys, lint, root) == (
        f"{key_home}/event-lint/key can be read or written by other users (chmod 600)"
    )


def test_a_key_folder_others_can_write_is_refused(
    project: Write, lint: Lint, key_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (key_home / "event-lint").mkdir()
    (key_home / "event-lint").chmod(0o777)
    root = project(FILES)
    message = f"{key_home}/event-lint is writable by other users"
    assert refused(capsys, lint, root) == message


def test_a_key_folder_that_is_a_symlink_is_refused(
    project: Write,
    lint: Lint,
    key_home: Path,
    capsys: pytest.CaptureFixture[str],
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    (key_home / "event-lint").symlink_to(tmp_path_factory.mktemp("theirs"))
    root = project(FILES)
    message = f"{key_home}/event-lint is a symlink or a file, not a folder"
    assert refused(capsys, lint, root) == message


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to another user")
@pytest.mark.parametrize("what", ["event-lint", "event-lint/key"])
def test_a_key_of_another_user_is_refused(
    project: Write, lint: Lint, key_home: Path, capsys: pytest.CaptureFixture[str], what: str
) -> None:
    (key_home / "event-lint").mkdir(mode=0o700)
    (key_home / "event-lint/key").write_bytes(KEY)
    (key_home / "event-lint/key").chmod(0o600)
    os.chown(key_home / what, 4242, 4242)
    root = project(FILES)
    assert refused(capsys, lint, root) == f"{key_home}/{what} belongs to another user"


def test_a_damaged_key_is_refused(
    project: Write, lint: Lint, key_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (key_home / "event-lint").mkdir(mode=0o700)
    (key_home / "event-lint/key").write_bytes(b"")
    (key_home / "event-lint/key").chmod(0o600)
    root = project(FILES)
    assert refused(capsys, lint, root) == (
        f"{key_home}/event-lint/key is not an event-lint key (delete it to make a new one)"
    )


def test_a_key_inside_the_linted_tree_is_refused(
    project: Write, lint: Lint, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """With XDG_CACHE_HOME in the checkout, a pull request could commit the key too."""
    root = project(FILES)
    monkeypatch.setenv("XDG_CACHE_HOME", str(root / ".cache"))
    assert refused(capsys, lint, root) == (
        f"the key folder {root}/.cache/event-lint is inside the linted tree {root}"
    )
    assert not (root / ".cache").exists()


def test_no_key_to_be_had_means_no_cache_and_no_warning(
    project: Write,
    lint: Lint,
    key_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A read-only or missing home (some CI sandboxes) is not the user's mistake."""
    (key_home / "file").write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(key_home / "file"))
    root = project(FILES)
    assert counters(lint) == (5, 3, 0)
    assert counters(lint) == (5, 3, 0)
    assert not (root / ".event_lint_cache").exists()
    assert capsys.readouterr().err == ""


def test_without_an_absolute_home_there_is_no_cache(
    project: Write, lint: Lint, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("HOME", "relative")
    monkeypatch.delenv("XDG_CACHE_HOME")
    root = project(FILES)
    assert counters(lint) == (5, 3, 0)
    assert counters(lint) == (5, 3, 0)
    assert sorted(p.name for p in root.iterdir()) == ["app"]
    assert capsys.readouterr().err == ""


def test_a_relative_xdg_cache_home_is_ignored(
    project: Write,
    lint: Lint,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CACHE_HOME", "relative")
    root = project(FILES)
    assert counters(lint) == (5, 3, 0)
    assert counters(lint) == (5, 0, 3)
    assert (home / ".cache/event-lint/key").is_file()
    assert not (root / "relative").exists()


def _key(_: int) -> bytes:
    return user_key(Path("/nonexistent-root"))


def test_runs_at_once_agree_on_one_key(key_home: Path) -> None:
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        keys = pool.map(_key, range(16))
    assert len(set(keys)) == 1 and len(keys[0]) == 32
    assert sorted(p.name for p in (key_home / "event-lint").iterdir()) == ["key"]
