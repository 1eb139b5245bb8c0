"""A run on a named module searches the project for its importers; the cache keeps which
files name it, so the next run on it reads none of them, and an edit is seen."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from event_lint.files import read_regular
from event_lint.linter import scanner

from .conftest import Lint, Write

RE_EXPORT = "from shop.names import PLACED\n"
FILES = {
    "shop/__init__.py": RE_EXPORT,
    "shop/names.py": 'PLACED = "shop/orderPlaced"\n',
    "shop/client.py": 'import inngest\n\nclient = inngest.Inngest(app_id="shop")\n',
    # names the package, not the module: found through the __init__.py that re-exports
    "shop/flows.py": (
        "import inngest\n\nfrom shop import PLACED\nfrom shop.client import client\n\n"
        "client.send_sync(inngest.Event(name=PLACED))\n"
    ),
}
FINDING = (
    'shop/names.py:1:10: EL101 Event name "shop/orderPlaced" is not domain/noun.verb;'
    ' use "shop/order.placed"'
)


@pytest.fixture(autouse=True)
def key_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path_factory.mktemp("xdg")
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    return home


def findings(lint: Lint, *paths: str) -> list[str]:
    result = lint(*paths, use_cache=True)
    return [
        f"{d.path}:{d.span.line}:{d.span.col}: {d.code} {d.message}" for d in result.diagnostics
    ]


def rewrite(root: Path, name: str, text: str, seconds_ago: int) -> None:
    """Write ``text`` with an mtime past the window in which a stat proves nothing."""
    path = root / name
    path.write_text(text)
    when = path.stat().st_mtime - seconds_ago
    os.utime(path, (when, when))


def test_the_cached_search_reads_nothing_and_sees_an_edited_reexport(
    project: Write, lint: Lint, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project(FILES)
    for name, text in FILES.items():
        rewrite(root, name, "" if name == "shop/__init__.py" else text, 3600)
    assert findings_in_full_run(lint) == []  # flows.py imports a name shop/ does not have
    assert findings(lint, "shop/names.py") == []  # the cache keeps what the search read

    rewrite(root, "shop/__init__.py", RE_EXPORT, 7200)  # flows.py now sends names.PLACED
    assert findings(lint, "shop/names.py") == findings_in_full_run(lint) == [FINDING]

    read: list[str] = []

    def recording(path: Path, limit: int | None = None) -> bytes:
        read.append(path.relative_to(root).as_posix())
        return read_regular(path) if limit is None else read_regular(path, limit)

    monkeypatch.setattr(scanner, "read_regular", recording)
    assert findings(lint, "shop/names.py") == [FINDING]
    assert set(read) == {"shop/names.py"}  # the named file only: the rest from the cache

    rewrite(root, "shop/__init__.py", "", 3600)
    assert findings(lint, "shop/names.py") == findings_in_full_run(lint) == []


def findings_in_full_run(lint: Lint) -> list[str]:
    return [line for line in findings(lint) if line.startswith("shop/names.py:")]
