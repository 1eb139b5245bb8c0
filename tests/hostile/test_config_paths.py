"""A config a stranger wrote points the tool out of the project: the registry read and the
generated module written must stay in the repository (the git work tree around the config),
unless the path comes from the command line."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from hostile.repo import assert_clean_failure, build, event_lint, event_registry, snapshot

SCHEMA = json.dumps(
    {
        "description": "An invoice was paid.",
        "type": "object",
        "properties": {"invoiceId": {"type": "string", "description": "Its id."}},
        "required": ["invoiceId"],
    }
)
SEND = (
    "import inngest\n"
    'client = inngest.Inngest(app_id="a")\n'
    'client.send_sync(inngest.Event(name="billing/invoice.paid", data={}))\n'
)


def _outside(tmp_path: Path) -> Path:
    """A registry elsewhere on the runner, beside the checkout."""
    elsewhere = build(tmp_path / "elsewhere", {"billing/invoice.paid/1.json": SCHEMA})
    (elsewhere / "pyproject.toml").unlink()
    return elsewhere


def _checkout(tmp_path: Path, config: str) -> Path:
    repo = build(
        tmp_path / "repo",
        {"pyproject.toml": f"[tool.event-lint]\n{config}", "app/send.py": SEND},
    )
    (repo / ".git").mkdir()
    return repo


def _line(prog: str, repo: Path, key: str, value: str) -> str:
    top = os.path.realpath(repo)
    return (
        f"{prog}: error: {repo / 'pyproject.toml'}: [tool.event-lint]: {key} {value!r} "
        f"leads outside the project ({top}); pass the path on the command line to use one elsewhere"
    )


@pytest.mark.parametrize("value", ["../elsewhere", "ABSOLUTE"])
def test_registry_outside_the_checkout_is_refused(tmp_path: Path, value: str) -> None:
    elsewhere = _outside(tmp_path)
    value = str(elsewhere) if value == "ABSOLUTE" else value
    repo = _checkout(tmp_path, f"registry = {json.dumps(value)}\n")
    for prog, result in [
        ("event-lint", event_lint(repo, "app")),
        ("event-registry", event_registry(repo, "check")),
    ]:
        assert_clean_failure(result)
        assert result.stderr.strip().splitlines() == [_line(prog, repo, "registry", value)]


def test_default_schemas_folder_linked_out_of_the_checkout_is_refused(tmp_path: Path) -> None:
    elsewhere = _outside(tmp_path)
    repo = _checkout(tmp_path, "")
    (repo / "schemas").symlink_to(elsewhere)
    result = event_lint(repo, "app")
    assert_clean_failure(result)
    assert result.stderr.strip().splitlines() == [
        _line("event-lint", repo, "registry (default)", "schemas")
    ]


def test_registry_outside_is_used_when_named_on_the_command_line(tmp_path: Path) -> None:
    elsewhere = _outside(tmp_path)
    repo = _checkout(tmp_path, "")
    result = event_lint(repo, "--registry", str(elsewhere), "app")
    assert "EL611" in result.stdout, result.stdout + result.stderr  # read, and checked
    assert result.returncode == 1


def test_registry_elsewhere_in_the_same_checkout_is_allowed(tmp_path: Path) -> None:
    """A monorepo: the app's config in services/api reads the registry at the repository top."""
    repo = build(
        tmp_path / "repo",
        {
            "schemas/billing/invoice.paid/1.json": SCHEMA,
            "services/api/pyproject.toml": '[tool.event-lint]\nregistry = "../../schemas"\n',
            "services/api/app/send.py": SEND,
        },
    )
    (repo / ".git").mkdir()
    result = event_lint(repo / "services" / "api", "app")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "EL611" in result.stdout


def test_codegen_out_outside_the_checkout_is_refused_and_nothing_written(
    tmp_path: Path,
) -> None:
    target = tmp_path / "elsewhere"
    target.mkdir()
    config = 'codegen-out = "../elsewhere/events.py"\n'
    repo = _checkout(tmp_path, config)
    build(
        repo,
        {
            "schemas/billing/invoice.paid/1.json": SCHEMA,
            "pyproject.toml": f"[tool.event-lint]\n{config}",
        },
    )
    before = snapshot(tmp_path)
    result = event_registry(repo, "codegen")
    assert_clean_failure(result)
    assert result.stderr.strip().splitlines() == [
        _line("event-registry", repo, "codegen-out", "../elsewhere/events.py")
    ]
    assert snapshot(tmp_path) == before
