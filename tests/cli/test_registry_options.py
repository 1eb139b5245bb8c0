"""One spelling across both CLIs: ``event-registry`` takes ``--output-format`` (as
``event-lint`` does) and ``--version``; the old ``--format`` and ``--v`` still work, but
neither ``--help`` nor an error message shows them."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from commands import event_registry

SCHEMA = {
    "type": "object",
    "description": "An invoice was paid.",
    "properties": {"invoiceId": {"type": "string"}},
}
V2 = {**SCHEMA, "required": ["invoiceId"]}
# Every command with an output format, and the arguments it needs.
FORMATTED = [
    ("list",),
    ("show", "billing/invoice.paid"),
    ("validate", "billing/invoice.paid", "payload.json"),
    ("check",),
    ("diff", "billing/invoice.paid", "1", "2"),
    ("bump", "billing/invoice.paid"),
    ("lint",),
    ("init", "--from-code", "app", "--dry-run"),
]


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text('[tool.event-lint]\nregistry = "schemas"\n')
    event = tmp_path / "schemas" / "billing" / "invoice.paid"
    event.mkdir(parents=True)
    (event / "1.json").write_text(json.dumps(SCHEMA))
    (event / "2.json").write_text(json.dumps(V2))
    (tmp_path / "payload.json").write_text('{"invoiceId": "in_1"}')
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "send.py").write_text(
        "import inngest\n\nclient = inngest.Inngest(app_id='shop')\n"
        "client.send_sync(inngest.Event(name='billing/invoice.paid', data={'invoiceId': 'x'}))\n"
    )
    for git in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "registry"]):  # for bump
        subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@t", *git], cwd=tmp_path, check=True
        )
    return tmp_path


def _options(help_text: str) -> set[str]:
    return set(re.findall(r"(?<![\w-])--[a-z][a-z-]*", help_text))


@pytest.mark.parametrize("command", FORMATTED, ids=lambda command: command[0])
def test_output_format_is_the_spelling_and_format_its_hidden_alias(
    project: Path, command: tuple[str, ...]
) -> None:
    shown = _options(event_registry(project, command[0], "--help").stdout)
    assert "--output-format" in shown
    assert "--format" not in shown
    new = event_registry(project, *command, "--output-format", "json")
    old = event_registry(project, *command, "--format", "json")
    assert new.stderr == old.stderr == ""
    assert (old.returncode, old.stdout) == (new.returncode, new.stdout)
    json.loads(new.stdout)  # both spellings chose JSON


def test_new_takes_both_spellings(project: Path) -> None:
    assert "--format" not in _options(event_registry(project, "new", "--help").stdout)
    for spelling, name in (("--output-format", "billing/refund.issued"), ("--format", "x/y.z")):
        result = event_registry(project, "new", name, spelling, "json")
        assert (result.returncode, result.stderr) == (0, "")
        assert json.loads(result.stdout) == {
            "name": name,
            "version": "1",
            "created": [f"schemas/{name}/1.json"],
        }


@pytest.mark.parametrize("command", ["show", "validate"])
def test_version_is_the_spelling_and_v_its_hidden_alias(project: Path, command: str) -> None:
    args = (
        ("billing/invoice.paid", "payload.json")
        if command == "validate"
        else ("billing/invoice.paid",)
    )
    shown = _options(event_registry(project, command, "--help").stdout)
    assert "--version" in shown
    assert "--v" not in shown
    new = event_registry(project, command, *args, "--version", "1", "--output-format", "json")
    old = event_registry(project, command, *args, "--v", "1", "--output-format", "json")
    assert (old.returncode, old.stdout, old.stderr) == (new.returncode, new.stdout, new.stderr)
    document = json.loads(new.stdout)
    assert (document if command == "show" else document[0])["version"] == "1"


def test_an_error_names_the_current_spelling_even_for_the_old_one(project: Path) -> None:
    for spelling in ("--output-format", "--format"):
        result = event_registry(project, "list", spelling, "xml")
        assert result.returncode == 2
        assert result.stderr.splitlines()[-1] == (
            "Error: Invalid value for '--output-format': 'xml' is not one of 'text', 'json'."
        )


def test_catalog_takes_both_spellings(project: Path) -> None:
    new = event_registry(project, "catalog", "--output-format", "mermaid", "--no-cache")
    old = event_registry(project, "catalog", "--format", "mermaid", "--no-cache")
    assert (new.returncode, new.stderr) == (0, "")
    assert new.stdout.startswith("flowchart LR\n")
    assert (old.returncode, old.stdout, old.stderr) == (new.returncode, new.stdout, new.stderr)
    html = event_registry(project, "catalog", "--no-cache")
    assert html.stderr == (
        "event-registry: error: catalog needs --out FOLDER (or --output-format mermaid)\n"
    )


def test_json_output_escapes_what_a_terminal_would_act_on(project: Path) -> None:
    """A schema's text is a stranger's: an escape sequence or a right-to-left override
    reaches the terminal as its JSON escape, and the JSON still means the same."""
    description = "paid \x1b[2J\u202e\x9b café"
    schema = {**SCHEMA, "description": description}
    (project / "schemas" / "billing" / "invoice.paid" / "3.json").write_text(json.dumps(schema))
    result = event_registry(project, "show", "billing/invoice.paid", "--output-format", "json")
    assert result.returncode == 0, result.stderr
    assert '"description": "paid \\u001b[2J\\u202e\\u009b café"' in result.stdout
    assert json.loads(result.stdout)["schema"]["description"] == description


@pytest.mark.parametrize(
    "args",
    [
        ("show", "billing/invoice.payed"),
        ("validate", "billing/invoice.payed", "payload.json"),
        ("diff", "billing/invoice.payed", "1", "2"),
    ],
    ids=lambda args: args[0],
)
def test_every_command_names_an_unknown_event_alike(project: Path, args: tuple[str, ...]) -> None:
    result = event_registry(project, *args)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        "event-registry: error: unknown event 'billing/invoice.payed' "
        "(did you mean billing/invoice.paid?)\n"
    )
