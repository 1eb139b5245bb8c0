"""Commands that read their default from [tool.event-lint]: codegen-out, and a check on a
project without a registry (what the pre-commit hooks rely on)."""

from __future__ import annotations

import shutil
from pathlib import Path

from commands import event_registry

REPO = Path(__file__).resolve().parents[2]


def _project(tmp_path: Path, table: str) -> Path:
    (tmp_path / "pyproject.toml").write_text(f"[tool.event-lint]\n{table}")
    return tmp_path


def test_codegen_writes_and_checks_codegen_out(tmp_path: Path) -> None:
    root = _project(tmp_path, 'registry = "registry"\ncodegen-out = "app/events.py"\n')
    shutil.copytree(REPO / "schemas" / "email", root / "registry" / "email")
    (root / "app").mkdir()
    written = event_registry(root, "codegen")
    assert (written.returncode, written.stdout) == (0, "app/events.py: written\n"), written.stderr
    assert (root / "app" / "events.py").is_file()
    checked = event_registry(root, "codegen", "--check")
    assert (checked.returncode, checked.stdout) == (0, "app/events.py: up to date\n")


def test_codegen_without_an_output_path(tmp_path: Path) -> None:
    root = _project(tmp_path, "")
    shutil.copytree(REPO / "schemas" / "email", root / "schemas" / "email")
    plain = event_registry(root, "codegen")
    assert plain.returncode == 2
    assert plain.stderr == (
        "event-registry: error: codegen needs --out PATH, or codegen-out in [tool.event-lint]\n"
    )
    check = event_registry(root, "codegen", "--check")
    assert (check.returncode, check.stdout) == (
        0,
        "codegen --check: no codegen-out in [tool.event-lint]: nothing to check\n",
    )


def test_check_without_a_registry_has_nothing_to_check(tmp_path: Path) -> None:
    root = _project(tmp_path, "")
    result = event_registry(root, "check")
    assert (result.returncode, result.stdout) == (
        0,
        "no registry (schemas does not exist): nothing to check\n",
    )


def test_check_of_a_configured_registry_that_is_missing_is_still_an_error(tmp_path: Path) -> None:
    root = _project(tmp_path, 'registry = "registry"\n')
    result = event_registry(root, "check")
    assert (result.returncode, result.stderr) == (
        2,
        "event-registry: error: registry: registry not found\n",
    )


def test_codegen_out_must_be_a_string(tmp_path: Path) -> None:
    root = _project(tmp_path, "codegen-out = 3\n")
    result = event_registry(root, "codegen")
    assert result.returncode == 2
    assert result.stderr.endswith("[tool.event-lint]: codegen-out must be a path string\n")
