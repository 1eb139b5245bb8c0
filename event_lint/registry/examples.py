"""Example payloads: ``<event>/examples/<v>/*.json`` must validate against version ``v``,
``<event>/examples/<v>/invalid/*.json`` must not."""

from __future__ import annotations

from pathlib import Path

from event_lint.registry.errors import RegistryError
from event_lint.registry.findings import Finding
from event_lint.registry.jsonfile import read_json
from event_lint.registry.loader import EXAMPLES_DIR, check_inside
from event_lint.registry.registry import Registry

INVALID_DIR = "invalid"


def check_examples(registry: Registry) -> list[Finding]:
    """Findings for every example of every event on disk (built-ins have none)."""
    findings: list[Finding] = []
    for name in registry.names():
        examples = _examples_folder(registry, name)
        if examples is not None:
            findings += _check_event(registry, name, examples)
    return findings


def count_examples(registry: Registry) -> int:
    return sum(
        1
        for name in registry.names()
        if (examples := _examples_folder(registry, name)) is not None
        for folder in _version_folders(registry, examples)
        for _ in _payloads(registry, folder)
    )


def _examples_folder(registry: Registry, name: str) -> Path | None:
    path = registry.schema_path(name, registry.latest(name))
    if path is None or not (path.parent / EXAMPLES_DIR).is_dir():
        return None
    return path.parent / EXAMPLES_DIR


def _version_folders(registry: Registry, examples: Path) -> list[Path]:
    return sorted(p for p in examples.iterdir() if p.is_dir() and _inside(registry, p))


def _payloads(registry: Registry, folder: Path) -> list[tuple[Path, bool]]:
    """(file, should it pass) for the examples of one version folder."""
    valid = [(path, True) for path in sorted(folder.glob("*.json"))]
    invalid = folder / INVALID_DIR
    if _inside(registry, invalid):
        valid += [(path, False) for path in sorted(invalid.glob("*.json"))]
    return valid


def _inside(registry: Registry, path: Path) -> bool:
    """Whether ``path``, symlinks followed, stays inside the registry."""
    assert registry.root is not None  # only events on disk have examples
    try:
        check_inside(path, registry.root, str(path))
    except RegistryError:
        return False
    return True


def _check_event(registry: Registry, name: str, examples: Path) -> list[Finding]:
    if not _inside(registry, examples):
        return [_outside(registry, name, examples)]
    findings: list[Finding] = []
    for entry in sorted(examples.iterdir()):
        if entry.is_dir() and not _inside(registry, entry):
            findings.append(_outside(registry, name, entry))
    for folder in _version_folders(registry, examples):
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
        for path, should_pass in _payloads(registry, folder):
            findings += _check_one(registry, name, version, path, should_pass=should_pass)
    return findings


def _outside(registry: Registry, name: str, path: Path) -> Finding:
    return Finding(
        "EXAMPLE_UNREADABLE",
        "a symlink that leads outside the registry; refused",
        file=_relative(registry, path),
        event=name,
    )


def _check_one(
    registry: Registry, name: str, version: str, path: Path, *, should_pass: bool
) -> list[Finding]:
    where = _relative(registry, path)
    try:
        assert registry.root is not None  # only events on disk have examples
        check_inside(path, registry.root, where)
        payload = read_json(path, where)
        issues = registry.validate(name, payload, version)  # may nest too deeply
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
    if not message.startswith(where):
        return message
    rest = message[len(where) :]
    return rest[2:] if rest.startswith(": ") else rest.lstrip(":")
