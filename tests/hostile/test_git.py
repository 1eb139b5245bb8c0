"""`event-registry check --against REF` on a pull request that a stranger wrote: git runs
on the repository that holds the config root, never on a git directory the pull request
commits, and what it reads at the ref is bounded."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from hostile.repo import assert_clean_failure, build, event_registry, snapshot

NAME = "shop/order.placed"
V1 = {
    "type": "object",
    "description": "An order.",
    "properties": {"orderId": {"type": "string", "description": "Its id.", "maxLength": 32}},
    "required": ["orderId"],
    "additionalProperties": False,
}
EDITED_V1 = {**V1, "properties": {"orderId": {"type": "string", "description": "Its id."}}}
PYPROJECT = '[tool.event-lint]\nregistry = "schemas"\n'
MISSING = "0123456789abcdef0123456789abcdef01234567"  # a commit nobody has


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def schema_text(schema: Any) -> str:
    return json.dumps(schema, indent=2) + "\n"


def attackers_git_dir(marker: Path, worktree: str = "..") -> dict[str, str]:
    """A folder shaped like a git directory whose lazy fetch runs a command (touch
    ``marker``), and whose ``main`` and ``origin/main`` are a commit it lacks."""
    config = (
        "[core]\n\trepositoryformatversion = 1\n\tbare = false\n"
        f"\tworktree = {worktree}\n"
        "[extensions]\n\tpartialClone = origin\n"
        '[remote "origin"]\n\turl = /nonexistent\n\tpromisor = true\n'
        f'\tuploadpack = "touch {marker}; git-upload-pack"\n'
    )
    return {
        "HEAD": "ref: refs/heads/main\n",
        "config": config,
        "objects/info/.keep": "",
        "refs/heads/main": MISSING + "\n",
        "refs/remotes/origin/main": MISSING + "\n",
    }


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """A CI checkout of a pull request: ``main`` publishes v1 on a local ``origin``."""
    upstream = build(
        tmp_path / "upstream",
        {"pyproject.toml": PYPROJECT, f"schemas/{NAME}/1.json": schema_text(V1)},
    )
    git(upstream, "init", "-q", "-b", "main")
    git(upstream, "add", "-A")
    git(upstream, "commit", "-q", "-m", "publish v1")
    work = tmp_path / "work"
    git(tmp_path, "clone", "-q", str(upstream), str(work))
    git(work, "checkout", "-q", "-b", "pr")
    return work


def commit_pr(checkout: Path, files: dict[str, str]) -> None:
    build(checkout, files)
    git(checkout, "add", "-A")
    git(checkout, "commit", "-q", "-m", "pr")


def check_against_a_file_only_at_head(
    checkout: Path, relative: str, content: str
) -> subprocess.CompletedProcess[str]:
    """Commit ``content`` as ``relative``, delete it from the work tree (so that what is
    checked now loads), and run ``check --against HEAD``."""
    commit_pr(checkout, {relative: content})
    (checkout / relative).unlink()
    return event_registry(checkout, "check", "--against", "HEAD")


@pytest.mark.parametrize("ref", ["origin/main", "main"])
def test_a_git_directory_committed_as_the_registry_runs_nothing(
    checkout: Path, tmp_path: Path, ref: str
) -> None:
    marker = tmp_path / "marker"
    embedded = {f"schemas/{path}": text for path, text in attackers_git_dir(marker).items()}
    commit_pr(checkout, {**embedded, f"schemas/{NAME}/1.json": schema_text(EDITED_V1)})
    trap = git(checkout / "schemas", "rev-parse", "--git-dir").strip()
    assert trap == str(checkout / "schemas")  # what plain git takes for the repository
    before = snapshot(tmp_path)

    done = event_registry(checkout, "check", "--against", ref)

    assert not marker.exists()
    assert snapshot(tmp_path) == before
    # The verdict compares against the true main: the edit of v1 is still reported.
    assert done.returncode == 1, done.stdout + done.stderr
    assert done.stdout.splitlines()[:2] == [
        f"{NAME}/1.json at /properties/orderId/maxLength: PUBLISHED_VERSION_EDITED {NAME} v1 "
        f"differs from {ref}; published versions are immutable",
        "    changed at: /properties/orderId/maxLength",
    ]


def test_a_config_root_shaped_like_a_bare_repository_is_refused(
    checkout: Path, tmp_path: Path
) -> None:
    # The project lives in svc/, which the pull request makes look like a git directory:
    # found from svc/, git would take svc/ itself as the repository.
    marker = tmp_path / "marker"
    commit_pr(
        checkout,
        {
            "svc/pyproject.toml": PYPROJECT,
            f"svc/schemas/{NAME}/1.json": schema_text(V1),
            **{f"svc/{path}": text for path, text in attackers_git_dir(marker, ".").items()},
        },
    )
    done = event_registry(checkout / "svc", "check", "--against", "origin/main")
    assert not marker.exists()
    assert_clean_failure(done, "git rev-parse", "cannot use bare repository")
    assert len(done.stderr.splitlines()) == 1


def test_git_dir_in_the_environment_does_not_move_the_repository(
    checkout: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other"
    other.mkdir()
    git(other, "init", "-q", "-b", "main")
    commit_pr(checkout, {f"schemas/{NAME}/1.json": schema_text(EDITED_V1)})
    done = event_registry(
        checkout, "check", "--against", "main", env={"GIT_DIR": str(other / ".git")}
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "PUBLISHED_VERSION_EDITED shop/order.placed v1 differs from main" in done.stdout


def test_a_schema_nested_too_deeply_at_the_ref_is_one_line(checkout: Path) -> None:
    levels = 3000  # far past Python's recursion limit
    deep = '{"type": "object", "properties": {"a": ' * levels + "{}" + "}}" * levels
    done = check_against_a_file_only_at_head(checkout, f"schemas/{NAME}/2.json", deep)
    assert_clean_failure(done)
    # The loader's own limit and message, with the JSON path of the first object too deep.
    assert done.stderr == (
        f"event-registry: error: HEAD:schemas/{NAME}/2.json: nested more than 64 levels deep "
        f"at {'/properties/a' * 32}; refused\n"
    )


def test_a_huge_file_at_the_ref_is_refused_before_it_is_read(checkout: Path) -> None:
    big = json.dumps({"description": "x" * (6 * 1024 * 1024)})
    done = check_against_a_file_only_at_head(checkout, "schemas/_defs/big.json", big)
    assert_clean_failure(done)
    assert done.stderr == (
        "event-registry: error: HEAD:schemas/_defs/big.json: 6,291,475 bytes is over the 5 MB "
        "limit for a JSON file\n"
    )


def test_outside_a_git_repository_is_one_line(tmp_path: Path) -> None:
    project = build(
        tmp_path / "plain",
        {"pyproject.toml": PYPROJECT, f"schemas/{NAME}/1.json": schema_text(V1)},
    )
    done = event_registry(project, "check", "--against", "main")
    assert_clean_failure(done)
    assert done.stderr == (
        f"event-registry: error: {project}: git rev-parse: fatal: not a git repository (or "
        "any of the parent directories): .git\n"
    )


def test_without_git_installed_is_one_line(checkout: Path, tmp_path: Path) -> None:
    empty = tmp_path / "no-git-here"
    empty.mkdir()
    done = event_registry(checkout, "check", "--against", "main", env={"PATH": str(empty)})
    assert_clean_failure(done)
    assert done.stderr == (
        "event-registry: error: git is not installed; reading the registry at a git ref needs it\n"
    )


def test_a_ref_that_looks_like_an_option_is_not_passed_to_git(checkout: Path) -> None:
    done = event_registry(checkout, "check", "--against=--output=x")
    assert_clean_failure(done)
    assert done.stderr == (
        "event-registry: error: git ref '--output=x' not found (a ref never starts with '-')\n"
    )
    assert not (checkout / "x").exists()


def test_an_object_missing_from_a_partial_clone_is_never_fetched(
    checkout: Path, tmp_path: Path
) -> None:
    # Even the repository's own promisor remote (not the stranger's to set, but a
    # partial clone's) is never asked: no program runs while the ref is read.
    commit_pr(checkout, {f"schemas/{NAME}/1.json": schema_text(EDITED_V1)})
    blob = git(checkout, "rev-parse", f"HEAD:schemas/{NAME}/1.json").strip()
    (checkout / ".git" / "objects" / blob[:2] / blob[2:]).unlink()
    git(checkout, "checkout", "-q", "main")  # the edited blob is now only at "pr"
    marker = tmp_path / "marker"
    for key, value in [
        ("core.repositoryformatversion", "1"),
        ("extensions.partialClone", "origin"),
        ("remote.origin.promisor", "true"),
        ("remote.origin.uploadpack", f"touch {marker}; git-upload-pack"),
    ]:
        git(checkout, "config", key, value)

    done = event_registry(checkout, "check", "--against", "pr")

    assert not marker.exists()
    assert_clean_failure(done)
    assert done.stderr == (
        f"event-registry: error: pr:schemas/{NAME}/1.json: git cat-file: {blob} missing\n"
    )


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to give the checkout away"
)
def test_a_checkout_git_distrusts_is_one_line_with_gits_reason(checkout: Path) -> None:
    for path in [checkout, *checkout.rglob("*")]:
        os.chown(path, 65534, 65534, follow_symlinks=False)  # nobody's, not ours
    done = event_registry(checkout, "check", "--against", "main", env={"HOME": str(checkout)})
    assert_clean_failure(done)
    assert done.stderr == (
        f"event-registry: error: {checkout}: git rev-parse: fatal: detected dubious ownership "
        f"in repository at '{checkout}'\n"
    )


def test_a_file_at_the_ref_is_read_by_the_rules_of_every_registry_file(checkout: Path) -> None:
    twice = '{"type": "object", "type": "string"}'  # a reviewer sees one type
    done = check_against_a_file_only_at_head(checkout, f"schemas/{NAME}/2.json", twice)
    assert_clean_failure(done)
    assert done.stderr == (
        f"event-registry: error: HEAD:schemas/{NAME}/2.json: duplicate key 'type' at /type: "
        "only the last one would count; keep one\n"
    )
