"""`event-lint` on a pull request that commits its own `.event_lint_cache/`: nothing in it
is ever unpickled unless this user's event-lint wrote it (a keyed BLAKE2b MAC under a
per-user key outside the repository), and no link in or as the folder makes the tool read or write
elsewhere. Every run still reports the findings, with no error."""

from __future__ import annotations

import pickle
import subprocess
from pathlib import Path

import pytest

from event_lint.linter.cache import FORMAT, seal, unseal
from hostile.repo import build, event_lint, snapshot

APP = (
    "import inngest\n\n"
    'client = inngest.Inngest(app_id="shop")\n'
    'client.send_sync(inngest.Event(name="Bad Name", data={}))\n'
)
FINDING = 'src/app.py:4:37: EL101 Event name "Bad Name" is not domain/noun.verb\n'
FORMS = [("src/",), ("src/app.py",)]  # a CI run, and pre-commit's form
WARNING = "event-lint: warning: running without the cache: "


class Boom:
    """A pickle that, once loaded, creates the file named ``marker``."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (open, (str(self.marker), "w"))


def home_env(home: Path) -> dict[str, str]:
    """A home of the test's own (fresh, as in CI): the real one is never touched."""
    return {"HOME": str(home), "XDG_CACHE_HOME": str(home / ".cache")}


def lint(repo: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return event_lint(repo, *args, env=home_env(home))


def assert_found(result: subprocess.CompletedProcess[str], warning: str = "") -> None:
    """The finding, exit 1, and on stderr only the summary (after ``warning``, if any)."""
    assert (result.stdout, result.returncode) == (FINDING, 1), result.stdout + result.stderr
    assert result.stderr == warning + "Found 1 error.\n"


def key_of(home: Path) -> bytes:
    return (home / ".cache/event-lint/key").read_bytes()


def another_users_key(tmp_path: Path) -> bytes:
    """The key event-lint made for another user (another home), on a repository of theirs."""
    other = build(tmp_path / "theirs", {"src/app.py": APP})
    assert_found(lint(other, tmp_path / "their-home", "src/"))
    return key_of(tmp_path / "their-home")


@pytest.mark.parametrize("args", FORMS)
@pytest.mark.parametrize("sealed", ["bare", "made-up tag", "another user's key"])
def test_a_committed_pickle_never_runs(tmp_path: Path, args: tuple[str], sealed: str) -> None:
    marker = tmp_path / "marker"
    payload = pickle.dumps(("salt", {"x": Boom(marker)}))
    if sealed == "bare":
        blob = payload
    elif sealed == "made-up tag":
        blob = FORMAT + bytes(32) + payload
    else:
        blob = seal(another_users_key(tmp_path), payload)
    repo = build(tmp_path / "repo", {"src/app.py": APP, ".event_lint_cache/index.pickle": blob})
    home = tmp_path / "home"
    assert_found(lint(repo, home, *args))  # ignored, no error, no warning
    assert not marker.exists()
    index = (repo / ".event_lint_cache/index.pickle").read_bytes()
    assert unseal(key_of(home), index) is not None  # replaced by this user's own
    assert_found(lint(repo, home, *args))
    assert not marker.exists()


@pytest.mark.parametrize("args", FORMS)
def test_a_symlinked_cache_folder_is_not_used(tmp_path: Path, args: tuple[str]) -> None:
    marker = tmp_path / "marker"
    elsewhere = build(tmp_path / "elsewhere", {"index.pickle": pickle.dumps(Boom(marker))})
    repo = build(tmp_path / "repo", {"src/app.py": APP})
    (repo / ".event_lint_cache").symlink_to(elsewhere)
    before = {p: p.read_bytes() for p in snapshot(elsewhere) if p.is_file()}
    warning = f"{WARNING}{repo}/.event_lint_cache is a symlink or a file, not a folder\n"
    for _ in range(2):
        assert_found(lint(repo, tmp_path / "home", *args), warning)
    assert {p: p.read_bytes() for p in snapshot(elsewhere) if p.is_file()} == before
    assert not marker.exists()


def test_a_cache_folder_that_is_a_file_is_left_alone(tmp_path: Path) -> None:
    repo = build(tmp_path / "repo", {"src/app.py": APP, ".event_lint_cache": "notes\n"})
    warning = f"{WARNING}{repo}/.event_lint_cache is a symlink or a file, not a folder\n"
    assert_found(lint(repo, tmp_path / "home", "src/"), warning)
    assert (repo / ".event_lint_cache").read_text() == "notes\n"


@pytest.mark.parametrize("args", FORMS)
def test_links_in_the_cache_folder_are_never_followed(tmp_path: Path, args: tuple[str]) -> None:
    marker = tmp_path / "marker"
    evil = pickle.dumps(("salt", {"x": Boom(marker)}))
    elsewhere = build(tmp_path / "elsewhere", {"index.pickle": evil})
    repo = build(tmp_path / "repo", {"src/app.py": APP})
    (repo / ".event_lint_cache").mkdir()
    (repo / ".event_lint_cache/.gitignore").symlink_to(elsewhere / "gitignore")  # dangling
    (repo / ".event_lint_cache/index.pickle").symlink_to(elsewhere / "index.pickle")
    before = snapshot(elsewhere)
    assert_found(lint(repo, tmp_path / "home", *args))
    assert_found(lint(repo, tmp_path / "home", *args))
    assert snapshot(elsewhere) == before
    assert (elsewhere / "index.pickle").read_bytes() == evil
    assert not marker.exists()
    assert not (repo / ".event_lint_cache/index.pickle").is_symlink()


def test_a_key_that_is_a_symlink_is_refused(tmp_path: Path) -> None:
    """Whoever can write the key's target could forge an index: no cache, and a warning."""
    theirs = build(tmp_path / "theirs", {"key": bytes(32)}) / "key"
    theirs.chmod(0o600)
    home = tmp_path / "home"
    (home / ".cache/event-lint").mkdir(parents=True, mode=0o700)
    (home / ".cache/event-lint/key").symlink_to(theirs)
    repo = build(tmp_path / "repo", {"src/app.py": APP})
    warning = f"{WARNING}{home}/.cache/event-lint/key is a symlink\n"
    assert_found(lint(repo, home, "src/"), warning)
    assert not (repo / ".event_lint_cache").exists()
