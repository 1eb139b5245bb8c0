"""How editors start the server, and that `event-lint server` still lints a folder so named."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from commands import BIN, EVENT_LINT, run
from server.client import Client
from server.conftest import APP


@pytest.mark.parametrize(
    ("command", "args"),
    [
        (BIN / "event-lint-server", ()),
        (BIN / "event-lint", ("server",)),
        (BIN / "event-lint", ("server", "--stdio")),
    ],
)
def test_each_spelling_serves_and_exits_cleanly(
    project: Path, command: Path, args: tuple[str, ...]
) -> None:
    client = Client(project, *args, command=command)
    result = client.initialize(project)
    assert result["serverInfo"]["name"] == "event-lint"
    assert result["capabilities"]["positionEncoding"] == "utf-16"
    uri = client.open(project / "app.py", APP)
    assert [d["code"] for d in client.diagnostics(uri)] == ["EL302"]
    assert client.close() == 0


def test_a_folder_named_server_is_still_linted(project: Path) -> None:
    (project / "server").mkdir()
    (project / "app.py").rename(project / "server" / "app.py")
    result = run(EVENT_LINT, project, "server")  # just the word, as an editor would start it
    assert result.returncode == 1
    assert "server/app.py:9:" in result.stdout
    assert "EL302" in result.stdout


def test_server_with_other_arguments_is_a_path(project: Path) -> None:
    result = run(EVENT_LINT, project, "server", "app.py")
    assert result.returncode == 1
    assert "server:1:1: EL902 cannot read file: No such file or directory" in result.stdout
    assert "app.py:9:" in result.stdout


def test_columns_in_utf8_when_the_client_asks_for_them(project: Path) -> None:
    client = Client(project, "server")
    try:
        general = {"general": {"positionEncodings": ["utf-8", "utf-16"]}}
        result = client.initialize(project, {"debounce_ms": 0}, general)
        assert result["capabilities"]["positionEncoding"] == "utf-8"
        uri = client.open(project / "app.py", APP)
        [found] = client.diagnostics(uri)
        line = APP.splitlines()[8]
        start = len(line[: line.index("int(time.time())")].encode())  # the emoji: 4 bytes
        assert found["range"]["start"] == {"line": 8, "character": start}
    finally:
        client.close()


def test_without_the_server_extra_one_line_and_exit_2(project: Path) -> None:
    hide = (
        "import sys; sys.modules['pygls'] = None; "  # as if pygls were not installed
        "from event_lint.cli.lint import main; main(['server', '--stdio'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", hide], cwd=project, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert result.stderr.startswith("event-lint: error: the language server needs pygls and ")
    assert result.stderr.endswith("pip install 'event-lint[server]'\n")
    assert result.stderr.count("\n") == 1
