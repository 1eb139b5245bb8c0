"""Discovery: which files a run lints, and the module names they get."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from event_lint.linter.discover import discover, module_name
from event_lint.linter.importers import importers


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def found(root: Path, *paths: str, exclude: tuple[str, ...] = ()) -> list[str]:
    given = [Path(p) for p in paths] or [Path(".")]
    return [f.rel for f in discover(given, root, exclude, root)]


def test_walks_python_files_in_sorted_order_skipping_tool_folders(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "b.py": "",
            "a/x.py": "",
            "a/notes.txt": "",
            ".venv/lib/site.py": "",
            "node_modules/n.py": "",
            "build/gen.py": "",
            "pkg/__pycache__/c.py": "",
            ".event_lint_cache/i.py": "",
        },
    )
    assert found(tmp_path) == ["a/x.py", "b.py"]


def test_gitignore_applies_to_its_folder_and_below(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            ".gitignore": "generated/\n*_pb2.py\n",
            "generated/g.py": "",
            "app/msg_pb2.py": "",
            "app/sub/.gitignore": "local.py\n",
            "app/sub/local.py": "",
            "app/local.py": "",
            "app/sub/kept.py": "",
        },
    )
    assert found(tmp_path) == ["app/local.py", "app/sub/kept.py"]


def test_gitignore_above_the_walked_folder_still_applies(tmp_path: Path) -> None:
    write(tmp_path, {".gitignore": "app/skip.py\n", "app/skip.py": "", "app/keep.py": ""})
    assert found(tmp_path, "app") == ["app/keep.py"]


def test_exclude_globs_are_relative_to_the_root(tmp_path: Path) -> None:
    write(tmp_path, {"tests/data/t.py": "", "tests/test_a.py": "", "migrations/0001.py": ""})
    assert found(tmp_path, exclude=("tests/data", "migrations/")) == ["tests/test_a.py"]


def test_explicit_files_are_linted_even_when_ignored(tmp_path: Path) -> None:
    write(tmp_path, {".gitignore": "gen.py\n", "gen.py": "", "script": ""})
    assert found(tmp_path, "gen.py", "script") == ["gen.py", "script"]


def test_a_file_given_twice_is_linted_once(tmp_path: Path) -> None:
    write(tmp_path, {"a.py": ""})
    assert found(tmp_path, "a.py", ".", "a.py") == ["a.py"]


def test_symlink_loop_ends_the_walk(tmp_path: Path) -> None:
    write(tmp_path, {"pkg/m.py": ""})
    os.symlink(tmp_path / "pkg", tmp_path / "pkg" / "loop")
    os.symlink(tmp_path, tmp_path / "pkg" / "up")
    assert found(tmp_path) == ["pkg/m.py"]


def test_module_names_follow_packages_or_the_root(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/api/__init__.py": "",
            "app/api/views.py": "",
            "src/tool/run.py": "",
        },
    )
    assert module_name(tmp_path / "app/api/views.py", tmp_path) == "app.api.views"
    assert module_name(tmp_path / "app/__init__.py", tmp_path) == "app"
    assert module_name(tmp_path / "src/tool/run.py", tmp_path) == "tool.run"
    assert module_name(tmp_path / "script.py", tmp_path) == "script"


@pytest.mark.parametrize("missing", ["nope.py", "dir/nope.py"])
def test_a_missing_path_is_kept_for_the_engine_to_report(tmp_path: Path, missing: str) -> None:
    assert found(tmp_path, missing) == [missing]


USES = "from app.named import X\n\nclient.send(inngest.Event(name=X))\n"


@pytest.mark.parametrize(
    "named",
    [
        'X = "shop/order.paid"\n',
        'X: str = f"shop/{1}"\n',
        "X = {\n    'name': 'shop/order.paid',\n}\n",
        'class Names:\n    PAID = "shop/order.paid"\n',
        'try:\n    import y\nexcept ImportError:\n    X = "shop/order.paid"\n',
        'if True:\n    X = ("shop/" "order.paid",)\n',
        # a helper that sends: an Inngest function elsewhere may call it (EL501 at the send)
        "async def notify(phone):\n    await client.send(inngest_event(phone))\n",
    ],
)
def test_a_named_module_that_exports_text_or_sends_is_linted_with_its_importers(
    tmp_path: Path, named: str
) -> None:
    write(tmp_path, {"app/__init__.py": "", "app/named.py": named, "app/billing.py": USES})
    assert importing(tmp_path) == ["app/billing.py"]


@pytest.mark.parametrize(
    "named",
    [
        'import logging\n\nlogging.basicConfig(\n    format="%(message)s",\n)\n',
        'def f():\n    name = "shop/order.paid"\n    return name\n',
        '__all__ = ["X"]\nX = 1\n',
        "X = 1\n",
    ],
)
def test_a_named_module_that_exports_no_text_and_sends_nothing_needs_no_importers(
    tmp_path: Path, named: str
) -> None:
    """Keyword arguments and local variables look like assignments to the quick test; no
    other module can import them, and nothing here sends, so the project is not searched
    for importers."""
    write(tmp_path, {"app/__init__.py": "", "app/named.py": named, "app/billing.py": USES})
    assert importing(tmp_path) == []


def importing(root: Path) -> list[str]:
    named = discover([root / "app" / "named.py"], root, (), root)
    return [f.rel for f in importers(named, root, (), root, ())]
