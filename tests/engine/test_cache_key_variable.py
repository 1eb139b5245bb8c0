"""$EVENT_LINT_CACHE_KEY: a CI job, whose home is new each time, keeps its cache warm
across jobs with a secret; an index sealed under another secret is never loaded."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from event_lint.config import Config
from event_lint.linter.cache import seal
from event_lint.linter.engine import LintOptions, lint_paths

from .conftest import Lint, Write
from .test_engine_cache import FILES, Boom, counters, refused

SECRET = "s3cret-from-the-ci-settings-0123456789"


@pytest.fixture(autouse=True)
def key_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path_factory.mktemp("xdg")
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    return home


def test_the_secret_keeps_the_cache_across_homes(
    project: Write,
    lint: Lint,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    monkeypatch.setenv("EVENT_LINT_CACHE_KEY", SECRET)
    project(FILES)
    assert counters(lint) == (5, 3, 0)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("next-job")))
    assert counters(lint) == (5, 0, 3)  # another home, same secret: warm
    monkeypatch.setenv("EVENT_LINT_CACHE_KEY", SECRET.upper())
    assert counters(lint) == (5, 3, 0)  # another secret: the index is not trusted


def test_no_key_file_is_made_when_the_secret_is_given(
    project: Write, lint: Lint, monkeypatch: pytest.MonkeyPatch, key_home: Path
) -> None:
    monkeypatch.setenv("EVENT_LINT_CACHE_KEY", SECRET)
    project(FILES)
    lint(use_cache=True)
    assert not (key_home / "event-lint").exists()


def test_an_index_sealed_under_a_guessable_secret_is_never_loaded(
    project: Write,
    lint: Lint,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """A pull request that knows how keys are derived but not the secret cannot plant an
    index: its code never runs."""
    import hashlib

    monkeypatch.setenv("EVENT_LINT_CACHE_KEY", SECRET)
    marker = tmp_path_factory.mktemp("outside") / "marker"
    root = project(FILES)
    guess = hashlib.sha256(b"event-lint cache key\0" + b"x" * 32).digest()
    (root / ".event_lint_cache").mkdir()
    blob = seal(guess, pickle.dumps(("salt", {"x": Boom(marker)})))
    (root / ".event_lint_cache/index.pickle").write_bytes(blob)
    assert counters(lint) == (5, 3, 0)
    assert not marker.exists()


def test_a_short_secret_is_refused_with_one_warning(
    project: Write, lint: Lint, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("EVENT_LINT_CACHE_KEY", "short")
    root = project(FILES)
    assert refused(capsys, lint, root) == "$EVENT_LINT_CACHE_KEY is shorter than 32 characters"


def test_quiet_runs_without_the_cache_without_saying_why(
    project: Write, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """--quiet prints diagnostics only: the refusal that a plain run warns about is silent."""
    monkeypatch.setenv("EVENT_LINT_CACHE_KEY", "short")
    root = project(FILES)
    options = LintOptions(use_cache=True, jobs=1, quiet=True)
    result = lint_paths([Path(".")], Config(root=root), None, options)
    assert (result.files_parsed, result.files_cached) == (3, 0)
    assert capsys.readouterr().err == ""
    assert not (root / ".event_lint_cache").exists()
