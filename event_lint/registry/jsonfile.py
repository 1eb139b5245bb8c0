"""Reading one JSON file (schema, example or payload) with one-line errors that name the file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO, Any

from event_lint.registry.errors import RegistryError

# Far above any sane schema or event (Inngest caps one event at 3 MiB), far below a memory problem.
MAX_JSON_BYTES = 5 * 1024 * 1024


def read_json(path: Path, label: str | None = None) -> Any:
    """Parse ``path``; ``label`` is how the file is named in messages (default: the path)."""
    where = label or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_JSON_BYTES:
            raise RegistryError(_too_large(where, size))
        data = path.read_bytes()
    except FileNotFoundError:
        raise RegistryError(f"{where}: no such file") from None
    except IsADirectoryError:
        raise RegistryError(f"{where}: is a directory, not a JSON file") from None
    except OSError as exc:
        raise RegistryError(f"{where}: cannot read: {exc.strerror or exc}") from None
    return parse_json(data, where)


def read_json_stream(stream: IO[bytes], where: str) -> Any:
    """Parse a stream (stdin), refusing it once it grows past the size cap."""
    data = stream.read(MAX_JSON_BYTES + 1)
    if len(data) > MAX_JSON_BYTES:
        raise RegistryError(_too_large(where, None))
    return parse_json(data, where)


def parse_json(data: bytes, where: str) -> Any:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise RegistryError(
            f"{where}:{line}: not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})"
        ) from None
    if not text.strip():
        raise RegistryError(f"{where}: empty file (expected JSON)")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise RegistryError(f"{where}:{exc.lineno}:{exc.colno}: invalid JSON: {exc.msg}") from None
    except RecursionError:
        raise RegistryError(f"{where}: invalid JSON: nested too deeply") from None


def _too_large(where: str, size: int | None) -> str:
    limit = MAX_JSON_BYTES // (1024 * 1024)
    if size is None:
        return f"{where}: larger than the {limit} MB limit for a JSON file; refused"
    megabytes = size / (1024 * 1024)
    return f"{where}: {megabytes:.1f} MB is over the {limit} MB limit for a JSON file; refused"
