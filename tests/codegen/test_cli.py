"""``event-registry codegen`` run as users run it: the installed script, in a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent
REPO = Path(__file__).resolve().parents[2]

PARTY = {
    "type": "object",
    "required": ["name"],
    "properties": {"name": {"type": "string"}},
}
PAID = {
    "type": "object",
    "additionalProperties": False,
    "required": ["invoiceId"],
    "properties": {
        "invoiceId": {"type": "string"},
        "payer": {"$ref": "../../_defs/party.json"},
    },
}
PLACED = {
    "type": "object",
    "required": ["orderId"],
    "properties": {"orderId": {"type": "string"}, "buyer": {"$ref": "../../_defs/party.json"}},
}


def write(path: Path, document: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text('[tool.event-lint]\nregistry = "schemas"\n')
    write(tmp_path / "schemas/_defs/party.json", PARTY)
    write(tmp_path / "schemas/billing/invoice.paid/1.json", PAID)
    write(tmp_path / "schemas/shop/order.placed/1.json", PLACED)
    (tmp_path / "app").mkdir()
    return tmp_path


def codegen(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [BIN / "event-registry", "codegen", "--out", "app/events.py", *args],
        cwd=project,
        capture_output=True,
        text=True,
    )


def test_writes_the_module_then_check_passes(project: Path) -> None:
    written = codegen(project)
    assert (written.returncode, written.stdout, written.stderr) == (
        0,
        "app/events.py: written\n",
        "",
    )
    text = (project / "app/events.py").read_text()
    assert text.count("class Party(DataModel):") == 1  # one class for the shared definition
    assert "    payer: Party | None = None\n" in text
    assert "    buyer: Party | None = None\n" in text
    checked = codegen(project, "--check")
    assert (checked.returncode, checked.stdout) == (0, "app/events.py: up to date\n")


def test_check_exits_1_on_a_stale_file_and_writes_nothing(project: Path) -> None:
    assert codegen(project).returncode == 0
    before = (project / "app/events.py").read_text()
    write(
        project / "schemas/billing/invoice.paid/2.json",
        {**PAID, "required": ["invoiceId", "payer"]},
    )
    checked = codegen(project, "--check")
    assert checked.returncode == 1
    assert checked.stderr == (
        "app/events.py: is stale: run `event-registry codegen --out app/events.py`\n"
    )
    assert (project / "app/events.py").read_text() == before
    assert sorted(p.name for p in (project / "app").iterdir()) == ["events.py"]  # no temp file


def test_check_exits_1_when_the_file_is_missing_and_creates_nothing(project: Path) -> None:
    checked = codegen(project, "--check")
    assert checked.returncode == 1
    assert checked.stderr.startswith("app/events.py: does not exist:")
    assert not (project / "app/events.py").exists()


def test_regenerating_is_byte_identical(project: Path) -> None:
    assert codegen(project).returncode == 0
    first = (project / "app/events.py").read_bytes()
    again = codegen(project)
    assert again.stdout == "app/events.py: up to date\n"
    assert (project / "app/events.py").read_bytes() == first


def test_a_schema_without_a_python_type_still_generates(project: Path) -> None:
    """``not`` (like ``if``, ``uniqueItems``, any format) has no Python type: the class checks
    it with the embedded schema instead of refusing the registry."""
    write(
        project / "schemas/shop/order.placed/2.json",
        {
            **PLACED,
            "properties": {
                **PLACED["properties"],
                "note": {"type": "string", "not": {"const": ""}},
            },
        },
    )
    result = codegen(project)
    assert (result.returncode, result.stderr) == (0, "")
    assert (
        '"note": {"type": "string", "not": {"const": ""}},'
        in (project / "app/events.py").read_text()
    )


def test_line_length_follows_the_projects_ruff_config(project: Path) -> None:
    long_name = {"type": "object", "properties": {"x" * 70: {"type": "string"}}}
    write(project / "schemas/shop/order.placed/2.json", long_name)
    assert codegen(project).returncode == 0
    narrow = (project / "app/events.py").read_text()
    pyproject = project / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + "[tool.ruff]\nline-length = 120\n")
    assert codegen(project).stdout == "app/events.py: written\n"
    wide = (project / "app/events.py").read_text()
    assert f'"{"x" * 70}": {{"type": "string"}}' in wide
    assert narrow != wide
    fmt = subprocess.run(
        [BIN / "ruff", "format", "--check", "app/events.py"], cwd=project, capture_output=True
    )
    assert fmt.returncode == 0
    assert codegen(project, "--line-length", "88").stdout == "app/events.py: written\n"
    assert (project / "app/events.py").read_text() == narrow


def test_line_length_follows_ruffs_extend_chain(project: Path) -> None:
    """app/ruff.toml extends ../base.toml, which extends a pyproject.toml: the first
    line-length on the chain wins, as ruff reads it (ruff format --check agrees)."""
    write(
        project / "schemas/shop/order.placed/2.json",
        {"type": "object", "properties": {"x" * 70: {"type": "string"}}},
    )
    (project / "tools").mkdir()
    (project / "tools/pyproject.toml").write_text("[tool.ruff]\nline-length = 120\n")
    (project / "base.toml").write_text('extend = "tools/pyproject.toml"\n')
    (project / "app/ruff.toml").write_text('extend = "../base.toml"\n')
    assert codegen(project).returncode == 0
    assert f'"{"x" * 70}": {{"type": "string"}}' in (project / "app/events.py").read_text()
    fmt = subprocess.run(
        [BIN / "ruff", "format", "--check", "app/events.py"], cwd=project, capture_output=True
    )
    assert fmt.returncode == 0


def test_a_ruff_extend_cycle_is_one_line_and_exit_2(project: Path) -> None:
    (project / "base.toml").write_text('extend = "app/ruff.toml"\n')
    (project / "app/ruff.toml").write_text('extend = "../base.toml"\n')
    result = codegen(project)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        f"event-registry: error: {project / 'base.toml'}: extend 'app/ruff.toml' makes a cycle\n"
    )


def test_the_example_apps_generated_module_is_current() -> None:
    result = subprocess.run(
        [BIN / "event-registry", "codegen", "--out", "examples/app/events.py", "--check"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert (result.returncode, result.stderr) == (0, "")


def test_the_example_apps_generated_module_passes_mypy_strict_and_ruff() -> None:
    events = REPO / "examples/app/events.py"
    mypy = subprocess.run(
        [BIN / "mypy", "--strict", "--no-incremental", str(events)],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert mypy.returncode == 0, mypy.stdout
    ruff = subprocess.run([BIN / "ruff", "check", str(events)], capture_output=True, text=True)
    assert ruff.returncode == 0, ruff.stdout
    fmt = subprocess.run(
        [BIN / "ruff", "format", "--check", "--diff", str(events)], capture_output=True, text=True
    )
    assert fmt.returncode == 0, fmt.stdout


def test_codegen_runs_without_the_inngest_sdk(project: Path) -> None:
    """event-lint does not depend on the SDK (a pre-commit environment lacks it)."""
    script = (
        "import sys; sys.modules['inngest'] = None\n"
        "from event_lint.cli.registry import main\n"
        "sys.argv = ['event-registry', 'codegen', '--out', 'app/events.py']\n"
        "main()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=project, capture_output=True, text=True
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, "app/events.py: written\n", "")
