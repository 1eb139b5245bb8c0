"""A temporary project with a registry, in a real git repository, run through the installed
``event-registry`` script."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from commands import EVENT_REGISTRY

PYPROJECT = '[tool.event-lint]\nregistry = "schemas"\n'


def closed(
    properties: dict[str, Any], required: list[str], description: str = "An order."
) -> dict[str, Any]:
    return {
        "type": "object",
        "description": description,
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


class Project:
    def __init__(self, root: Path, config: str = "") -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        (root / "pyproject.toml").write_text(PYPROJECT + config)

    def schema(self, name: str, version: str, schema: dict[str, Any]) -> Path:
        path = self.root / "schemas" / name / f"{version}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(schema, indent=2) + "\n")
        return path

    def git(self, *args: str) -> str:
        return subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
            cwd=self.root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout

    def commit(self, message: str = "publish") -> None:
        if not (self.root / ".git").exists():
            self.git("init", "-q", "-b", "main")
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(EVENT_REGISTRY), *args], cwd=self.root, capture_output=True, text=True, check=False
        )
