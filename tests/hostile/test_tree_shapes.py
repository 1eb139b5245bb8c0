"""Trees a stranger can commit that no real project has: folders nested deeper than
Python's recursion limit are walked like any other, in a full run and a named-file run."""

from __future__ import annotations

from pathlib import Path

from commands import EVENT_LINT

from hostile.repo import build, run

DEPTH = 1200  # deeper than the default recursion limit (1000); 2,400 characters of path


def test_folders_nested_past_the_recursion_limit_are_walked(tmp_path: Path) -> None:
    root = build(tmp_path, {"top.py": "X = 'shop/order.placed'\n"})
    deepest = root
    for _ in range(DEPTH):  # not os.makedirs: it recurses once per level
        deepest /= "d"
        deepest.mkdir()  # no __init__.py: each folder is a namespace package
    try:
        _lint_the_deep_tree(root, deepest)
    finally:  # shutil.rmtree (pytest's clean-up) recurses once per level too
        _remove_upwards(deepest, root)


def _lint_the_deep_tree(root: Path, deepest: Path) -> None:
    (deepest / "bottom.py").write_text(
        "import inngest\n\nclient = inngest.Inngest(app_id='a')\n"
        "client.send_sync(inngest.Event(name='BadName'))\n"
    )
    full = run(EVENT_LINT, root, "--output-format", "concise", ".")
    assert "Traceback" not in full.stderr
    assert full.returncode == 1
    bottom = "/".join(["d"] * DEPTH) + "/bottom.py"
    assert full.stdout == f'{bottom}:4:37: EL101 Event name "BadName" is not domain/noun.verb\n'
    named = run(EVENT_LINT, root, "--output-format", "concise", "top.py")
    assert "Traceback" not in named.stderr
    assert (named.returncode, named.stdout) == (0, "")


def _remove_upwards(deepest: Path, root: Path) -> None:
    folder = deepest
    while folder != root:
        for child in folder.iterdir():
            child.unlink()
        folder.rmdir()
        folder = folder.parent
