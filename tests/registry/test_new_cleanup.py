"""``event-registry new`` removes every folder and file it created when a write fails."""

from __future__ import annotations

from pathlib import Path

import pytest

import event_lint.cli.registry_files as cli
from event_lint.errors import UserError


def test_a_failed_write_removes_the_folders_and_files_created(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    written: list[Path] = []

    def write_or_fail(path: Path, data: bytes) -> None:
        if written:
            raise OSError(28, "No space left on device", str(path))
        path.write_bytes(data)
        written.append(path)

    monkeypatch.setattr(cli, "write_atomic", write_or_fail)
    root = tmp_path / "schemas"
    root.mkdir()
    event = root / "shop" / "order.placed"
    documents = {event / "1.json": b"{}\n", event / "examples" / "1" / "a.json": b"{}\n"}
    with pytest.raises(UserError) as raised:
        cli.create_files(root, documents)
    assert str(raised.value) == (
        f"{event}/examples/1/a.json: cannot create: No space left on device"
    )
    assert written == [event / "1.json"]
    assert list(root.iterdir()) == []
