"""``event-lint --add-noqa``: a baseline on the example app, then only new mistakes fail."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from commands import event_lint

REPO = Path(__file__).resolve().parents[2]


def _example_app(tmp_path: Path) -> Path:
    """A copy of the example app and its registry, laid out as in the repository, in a git
    work tree as the repository is (the config's ``../schemas`` stays in the project)."""
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    shutil.copytree(REPO / "schemas", tmp_path / "schemas")
    shutil.copytree(REPO / "examples" / "app", tmp_path / "examples" / "app")
    shutil.copy(REPO / "examples" / "pyproject.toml", tmp_path / "examples" / "pyproject.toml")
    return tmp_path / "examples"


def test_add_noqa_makes_the_app_pass_and_a_new_mistake_still_fails(tmp_path: Path) -> None:
    app = _example_app(tmp_path)
    before = event_lint(app, "app")
    assert before.returncode == 1
    findings = [line for line in before.stdout.splitlines() if line.startswith("app/")]
    lines = {":".join(line.split(":")[:2]) for line in findings}  # path:line

    baseline = event_lint(app, "--add-noqa", "app")
    assert baseline.returncode == 0, baseline.stderr
    assert baseline.stdout == ""
    assert f"Added {len(lines)} noqa directives." in baseline.stderr

    after = event_lint(app, "app")
    assert (after.returncode, after.stdout) == (0, ""), after.stdout

    again = event_lint(app, "--add-noqa", "app")
    assert "Added 0 noqa directives." in again.stderr

    orders = app / "app" / "api" / "new_mistake.py"
    orders.write_text(
        "import inngest\n"
        "from app.inngest_client import inngest_client\n\n"
        "def notify() -> None:\n"
        "    inngest_client.send_sync(inngest.Event(name='order/shippedLate', data={}))\n"
    )
    new = event_lint(app, "app")
    assert new.returncode == 1
    found = [line.split(" ")[:2] for line in new.stdout.splitlines()]
    assert [code for _, code in found] == ["EL201", "EL101"]  # EL601 is silent: one finding
    assert all(place.startswith("app/api/new_mistake.py:5:") for place, _ in found)


def test_add_noqa_keeps_a_comment_and_merges_codes(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.event-lint]\n")
    source = tmp_path / "send.py"
    source.write_text(
        "import inngest\n"
        "client = inngest.Inngest(app_id='shop')\n"
        "client.send_sync(inngest.Event(name='Bad Name', id='x'))  # keep me\n"
    )
    result = event_lint(tmp_path, "--add-noqa", "send.py")
    assert result.returncode == 0, result.stderr
    assert source.read_text().splitlines()[2] == (
        "client.send_sync(inngest.Event(name='Bad Name', id='x'))  # keep me  # noqa: EL101, EL202"
    )


def test_add_noqa_is_refused_with_stdin_and_with_fix(tmp_path: Path) -> None:
    stdin = event_lint(tmp_path, "--add-noqa", "--stdin-filename", "a.py", "-", stdin="x = 1\n")
    assert stdin.returncode == 2
    assert "--add-noqa writes files: it cannot be used with --stdin-filename" in stdin.stderr
    fix = event_lint(tmp_path, "--add-noqa", "--fix", ".")
    assert fix.returncode == 2
    assert "--add-noqa cannot be used with --fix" in fix.stderr
