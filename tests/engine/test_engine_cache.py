"""The cache: nothing changed, nothing parsed; one file changed, one parsed; always safe."""

from __future__ import annotations

import multiprocessing
import os
import pickle
from pathlib import Path

from event_lint.config import Config
from event_lint.linter.cache import Pickled
from event_lint.linter.engine import LintOptions, lint_paths

from .conftest import Lint, Write, sends

FILES = {
    "app/__init__.py": "",
    "app/client.py": 'import inngest\n\nclient = inngest.Inngest(app_id="shop")\n',
    "app/a.py": "from app.client import client\n\nclient.send_sync(a)\n",
    "app/b.py": "from app.client import client\n\nclient.send_sync(b)\n",
    "app/plain.py": "x = 1\n",
}


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


def test_no_cache_reads_and_writes_nothing(project: Write, lint: Lint) -> None:
    root = project(FILES)
    assert lint().files_parsed == 3
    assert lint().files_parsed == 3
    assert not (root / ".event_lint_cache").exists()


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
    index = root / ".event_lint_cache/index.pickle"
    salt, entries = pickle.loads(index.read_bytes())
    key = str(root / "app/a.py")
    entries[key] = entries[key]._replace(facts=Pickled(b"not facts", b"not an outline"))
    index.write_bytes(pickle.dumps((salt, entries)))
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
