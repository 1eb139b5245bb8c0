"""event_lint.files: only regular files are read, within a limit; writes are atomic and
go through symlinks."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from event_lint.files import FileTooLarge, NotRegularFile, read_regular, write_atomic


def test_reads_a_regular_file(tmp_path: Path) -> None:
    path = tmp_path / "a.py"
    path.write_bytes(b"x = 1\n")
    assert read_regular(path) == b"x = 1\n"


def test_follows_a_symlink_to_a_regular_file(tmp_path: Path) -> None:
    (tmp_path / "real.py").write_bytes(b"y = 2\n")
    (tmp_path / "link.py").symlink_to(tmp_path / "real.py")
    assert read_regular(tmp_path / "link.py") == b"y = 2\n"


def test_refuses_dev_zero_through_a_symlink(tmp_path: Path) -> None:
    (tmp_path / "zero.py").symlink_to("/dev/zero")
    with pytest.raises(NotRegularFile) as raised:
        read_regular(tmp_path / "zero.py")
    assert raised.value.strerror == "not a regular file"


def test_refuses_a_fifo_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.py"
    os.mkfifo(fifo)
    outcome: list[BaseException] = []

    def attempt() -> None:
        try:
            read_regular(fifo)
        except OSError as exc:
            outcome.append(exc)

    reader = threading.Thread(target=attempt, daemon=True)
    reader.start()
    reader.join(timeout=5)
    assert not reader.is_alive(), "read_regular blocked on a FIFO"
    assert isinstance(outcome[0], NotRegularFile)


def test_refuses_a_folder(tmp_path: Path) -> None:
    with pytest.raises(NotRegularFile):
        read_regular(tmp_path)


def test_refuses_a_file_over_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    path.write_bytes(b"x" * 2049)
    with pytest.raises(FileTooLarge) as raised:
        read_regular(path, limit=2048)
    assert raised.value.strerror == "2,049 bytes, over the 2.0 KiB limit"
    assert read_regular(path, limit=2049) == b"x" * 2049


def test_write_atomic_writes_through_a_symlink(tmp_path: Path) -> None:
    target = tmp_path / "real.py"
    target.write_bytes(b"old\n")
    os.chmod(target, 0o640)
    link = tmp_path / "link.py"
    link.symlink_to(target)
    write_atomic(link, b"new\n")
    assert link.is_symlink()
    assert target.read_bytes() == b"new\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.py", "real.py"]


def test_write_atomic_gives_a_new_file_the_umask_mode(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        write_atomic(tmp_path / "new.py", b"x\n")
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "new.py").stat().st_mode) == 0o644


def test_write_atomic_can_replace_a_symlink_instead(tmp_path: Path) -> None:
    target = tmp_path / "bashrc"
    target.write_bytes(b"keep\n")
    link = tmp_path / "events.py"
    link.symlink_to(target)
    write_atomic(link, b"generated\n", through_links=False)
    assert not link.is_symlink()
    assert link.read_bytes() == b"generated\n"
    assert target.read_bytes() == b"keep\n"
