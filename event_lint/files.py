"""Reading and writing the files of a repository that a stranger may have written.

Every file the tool reads goes through ``read_regular``: only a regular file, never more
than a size limit, so a symlink to ``/dev/zero``, a FIFO or ``/dev/stdin`` is an error
instead of a hang or an exhausted memory. Every file it rewrites goes through
``write_atomic``: a temp file beside the target, then ``os.replace``, so an interrupted
write never leaves a user's file half-written.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

# Default for what the tool reads as one file (a source file, a schema, a payload, a
# config): far above any hand-written one, far below what would exhaust memory.
DEFAULT_READ_LIMIT = 16 * 1024 * 1024


class NotRegularFile(OSError):
    """The path is a device, a FIFO, a socket or a folder, not a regular file."""


class FileTooLarge(OSError):
    """The file is larger than the limit the caller reads."""


def read_regular(path: Path | str, limit: int = DEFAULT_READ_LIMIT) -> bytes:
    """The bytes of ``path`` (symlinks followed) when it is a regular file of at most
    ``limit`` bytes. Raises ``OSError`` (``NotRegularFile``, ``FileTooLarge`` or the
    system's own) with a ``strerror`` fit for a one-line message."""
    # O_NONBLOCK: opening a FIFO with no writer would otherwise wait forever.
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFile(0, "not a regular file", str(path))
        if info.st_size > limit:
            raise FileTooLarge(0, _too_large(info.st_size, limit), str(path))
        chunks = []
        remaining = limit + 1  # the file may grow while we read it
        while remaining > 0:
            chunk = os.read(fd, min(remaining, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
        data = b"".join(chunks)
    finally:
        os.close(fd)
    if len(data) > limit:
        raise FileTooLarge(0, _too_large(len(data), limit), str(path))
    return data


def write_atomic(path: Path, data: bytes, through_links: bool = True) -> None:
    """Replace the content of ``path`` whole or not at all; the mode of an existing file
    is kept. A symlink is written through (its target gets the content, the link stays a
    link), unless ``through_links`` is false: then the link itself is replaced, for a file
    whose content comes from elsewhere (a generated module must never land wherever a
    committed link points)."""
    target = Path(os.path.realpath(path)) if through_links else Path(path)
    try:
        mode = stat.S_IMODE(os.stat(target, follow_symlinks=through_links).st_mode)
    except FileNotFoundError:
        mode = _default_mode()
    import tempfile  # with its imports (shutil, random, lzma) ~4 ms, a run that writes

    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(temp, mode)
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def _default_mode() -> int:
    """What ``open()`` would give a new file: 0o666 less the umask (mkstemp uses 0o600)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _too_large(size: int, limit: int) -> str:
    return f"{size:,} bytes, over the {_size(limit)} limit"


def _size(count: int) -> str:
    if count >= 1024 * 1024:
        return f"{count / (1024 * 1024):.1f} MiB"
    if count >= 1024:
        return f"{count / 1024:.1f} KiB"
    return f"{count} bytes"
