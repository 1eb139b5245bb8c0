"""Example payloads: ``<event>/examples/<v>/*.json`` must validate against version ``v``,
``<event>/examples/<v>/invalid/*.json`` must not."""

from __future__ import annotations

from pathlib import Path

from event_lint.registry.errors import RegistryError
from event_lint.registry.findings import Finding
from event_lint.registry.jsonfile import read_json
from event_lint.registry.loader import EXAMPLES_DIR
from event_lint.registry.registry import Registry

INVALID_DIR = "invalid"


def check_examples(registry: Registry) -> list[Finding]:
    """Findings for every example of every event on disk (built-ins have none)."""
    findings: list[Finding] = []
    for name in registry.names():
        folder = _event_folder(registry, name)
        if folder is not None and (folder / EXAMPLES_DIR).is_dir():
            findings += _check_event(registry, name, folder / EXAMPLES_DIR)
    return findings


def count_examples(registry: Registry) -> int:
    return sum(
        len(list((folder / EXAMPLES_DIR).rglob("*.json")))
        for name in registry.names()
        if (folder := _event_folder(registry, name)) is not None
    )


def _event_folder(registry: Registry, name: str) -> Path | None:
    path = registry.schema_path(name, registry.latest(name))
    return None if path is None else path.parent


def _check_event(registry: Registry, name: str, examples: Path) -> list[Finding]:
    findings: list[Finding] = []
    for folder in sorted(p for p in examples.iterdir() if p.is_dir()):
        version = folder.name
        if not registry.has(name, version):
            findings.append(
                Finding(
                    "EXAMPLE_UNKNOWN_VERSION",
                    f"examples for version {version!r}, which {name} does not have "
                    f"(versions: {', '.join(registry.versions(name))})",
                    file=_relative(registry, folder),
                    event=name,
                )
            )
            continue
        for path in sorted(folder.glob("*.json")):
            findings += _check_one(registry, name, version, path, should_pass=True)
        for path in sorted((folder / INVALID_DIR).glob("*.json")):
            findings += _check_one(registry, name, version, path, should_pass=False)
    return findings


def _check_one(
    registry: Registry, name: str, version: str, path: Path, *, should_pass: bool
) -> list[Finding]:
    where = _relative(registry, path)
    try:
        payload = read_json(path, where)
    except RegistryError as exc:
        return [
            Finding(
                "EXAMPLE_UNREADABLE",
                _without_prefix(str(exc), where),
                file=where,
                event=name,
                version=version,
            )
        ]
    issues = registry.validate(name, payload, version)
    if should_pass:
        return [
            Finding(
                "EXAMPLE_INVALID",
                f"example does not validate against {name} v{version}: "
                f"{issue.message} ({issue.keyword})",
                file=where,
                json_path=issue.path or None,
                event=name,
                version=version,
            )
            for issue in issues
        ]
    if issues:
        return []
    return [
        Finding(
            "INVALID_EXAMPLE_PASSES",
            f"example under invalid/ validates against {name} v{version}; "
            "the schema is looser than intended, or the example is in the wrong folder",
            file=where,
            event=name,
            version=version,
        )
    ]


def _relative(registry: Registry, path: Path) -> str:
    root = registry.root
    if root is not None and path.is_relative_to(root):
        return path.relative_to(root).as_posix()
    return str(path)


def _without_prefix(message: str, where: str) -> str:
    # Findings print their own location; keep a line number that follows the file name.
    return message[len(where) :].lstrip(":") if message.startswith(where) else message
