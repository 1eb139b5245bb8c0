"""Helpers for registry tests: writing registries and running the installed console script."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

OBJECT_SCHEMA: dict[str, Any] = {
    "description": "An invoice was paid.",
    "type": "object",
    "properties": {"invoiceId": {"type": "string", "maxLength": 64}},
    "required": ["invoiceId"],
    "additionalProperties": False,
}


def write(root: Path, relative: str, content: Any) -> Path:
    """Write JSON (or raw str/bytes) at ``root/relative``."""
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_text(json.dumps(content, indent=2), encoding="utf-8")
    return path


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under root with its content: to assert that nothing was written."""
    files = sorted(p for p in root.rglob("*") if p.is_file())
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in files}
