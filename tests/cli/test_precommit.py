"""The real pre-commit, in a temporary git repository, using this repository's hooks.

pre-commit clones the *committed* state of this checkout (HEAD) and pip-installs it into a
fresh virtualenv, so this test checks what users get. It takes a while the first time
(the virtualenv); the hook environment is shared by both runs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from commands import event_registry

REPO = Path(__file__).resolve().parents[2]
PRE_COMMIT = Path(sys.executable).parent / "pre-commit"

BAD = """import inngest

client = inngest.Inngest(app_id="shop")


async def pay(invoice_id: str) -> None:
    await client.send(inngest.Event(name="InvoicePaid", id=f"invoice-paid-{invoice_id}"))
"""
GOOD = BAD.replace("InvoicePaid", "billing/invoice.paid")


def _git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    return done.stdout.strip() if done.returncode == 0 else ""


def _head_with_hooks() -> str:
    head = _git(REPO, "rev-parse", "HEAD")
    if not head:
        pytest.skip("this checkout has no commits: pre-commit installs hooks from a commit")
    if not _git(REPO, "ls-tree", "--name-only", head, ".pre-commit-hooks.yaml"):
        pytest.skip("HEAD does not contain .pre-commit-hooks.yaml yet: commit it first")
    return head


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One PRE_COMMIT_HOME for the module: the hook virtualenv is built once."""
    return tmp_path_factory.mktemp("pre-commit-home")


def _new_project(root: Path, hooks: str) -> Path:
    project = root / "project"
    (project / "app").mkdir(parents=True)
    _git(project, "init", "-q")
    (project / "pyproject.toml").write_text('[project]\nname = "shop"\n\n[tool.event-lint]\n')
    (project / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {REPO}\n    rev: {_head_with_hooks()}\n    hooks:\n{hooks}"
    )
    return project


def _run_hooks(project: Path, home: Path) -> subprocess.CompletedProcess[str]:
    _git(project, "add", "-A")
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    return subprocess.run(
        [str(PRE_COMMIT), "run", "--all-files"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


@needs_git
def test_the_event_lint_hook_fails_on_a_bad_name_and_passes_a_good_one(
    tmp_path: Path, home: Path
) -> None:
    project = _new_project(tmp_path, "      - id: event-lint\n")
    (project / "app" / "billing.py").write_text(BAD)
    (project / "app" / "notes.py").write_text("def send(x):\n    return x\n")

    failed = _run_hooks(project, home)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "event-lint" in failed.stdout and "Failed" in failed.stdout
    assert "app/billing.py:7:42: EL101 " in failed.stdout
    assert "notes.py" not in failed.stdout

    (project / "app" / "billing.py").write_text(GOOD)
    passed = _run_hooks(project, home)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout


@needs_git
def test_the_registry_hooks_catch_a_broken_schema_and_stale_generated_code(
    tmp_path: Path, home: Path
) -> None:
    project = _new_project(
        tmp_path,
        "      - id: event-registry-check\n"
        "      - id: event-registry-codegen-check\n"
        "        args: [--out, app/events.py]\n",
    )
    event = project / "schemas" / "billing" / "invoice.paid"
    shutil.copytree(REPO / "schemas" / "billing" / "invoice.paid", event)
    assert event_registry(project, "codegen", "--out", "app/events.py").returncode == 0

    current = _run_hooks(project, home)
    assert current.returncode == 0, current.stdout + current.stderr
    assert current.stdout.count("Passed") == 2

    schema = event / "2.json"
    schema.write_text(schema.read_text().replace('"description": "', '"description": "Edited. ', 1))
    stale = _run_hooks(project, home)
    assert stale.returncode == 1
    assert "app/events.py: is stale" in stale.stdout

    schema.write_text('{"type": "object",\n')
    broken = _run_hooks(project, home)
    assert broken.returncode == 1
    assert "invoice.paid/2.json:2:1: invalid JSON" in broken.stdout


@needs_git
def test_the_registry_hooks_follow_the_config_on_a_non_default_layout(
    tmp_path: Path, home: Path
) -> None:
    """registry = "registry" and codegen-out in the config: the hooks need no args and run
    on a change anywhere, not only under schemas/."""
    project = _new_project(
        tmp_path,
        "      - id: event-registry-check\n      - id: event-registry-codegen-check\n",
    )
    (project / "pyproject.toml").write_text(
        '[project]\nname = "shop"\n\n[tool.event-lint]\n'
        'registry = "registry"\ncodegen-out = "app/events.py"\n'
    )
    event = project / "registry" / "billing" / "invoice.paid"
    shutil.copytree(REPO / "schemas" / "billing" / "invoice.paid", event)
    assert event_registry(project, "codegen").returncode == 0

    current = _run_hooks(project, home)
    assert current.returncode == 0, current.stdout + current.stderr
    assert current.stdout.count("Passed") == 2

    schema = event / "2.json"
    schema.write_text(schema.read_text().replace('"description": "', '"description": "Edited. ', 1))
    stale = _run_hooks(project, home)
    assert stale.returncode == 1
    assert "app/events.py: is stale: run `event-registry codegen --out app/events.py`" in (
        stale.stdout
    )

    schema.write_text('{"type": "object",\n')
    broken = _run_hooks(project, home)
    assert broken.returncode == 1
    assert "invoice.paid/2.json:2:1: invalid JSON" in broken.stdout


@needs_git
def test_the_registry_hooks_pass_on_a_project_without_a_registry(
    tmp_path: Path, home: Path
) -> None:
    project = _new_project(
        tmp_path,
        "      - id: event-registry-check\n      - id: event-registry-codegen-check\n",
    )
    (project / "app" / "settings.json").write_text("{}\n")
    result = _run_hooks(project, home)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("Passed") == 2
