"""Reading a registry folder: event folders, version files, shared definitions, built-ins.

Layout: ``<root>/<event name as folders>/<v>.json``; ``<root>/_defs/**/*.json`` holds shared
definitions; ``<event>/examples/`` holds example payloads; folders starting with ``.`` are
ignored. Every check here raises a RegistryError naming the file, on the first problem.

Symlinks are followed only while they stay inside the registry (or lead to the built-in
system events, which a registry may link to): a link out of it is refused, so a pull
request cannot make the tool read, print or write a file elsewhere on the machine.
"""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jsonschema.protocols import Validator

from event_lint.config import DEFAULT_NAME_PATTERN, Config
from event_lint.printable import printable
from event_lint.registry.dialects import DEFAULT_DIALECT, DIALECT_URIS, check_meta_schema
from event_lint.registry.errors import RegistryError
from event_lint.registry.jsonfile import MAX_JSON_BYTES, parse_json, read_json
from event_lint.registry.versions import Version, VersionError, parse_version

BUILTIN_ROOT = Path(__file__).parent / "builtin"
DEFS_DIR = "_defs"
EXAMPLES_DIR = "examples"
RESERVED_PREFIX = "inngest/"


@dataclass(frozen=True)
class Reading:
    """How a registry's files are read. ``dialect``: the ``$schema`` of a schema that
    names none (the config's ``schema-dialect``). ``texts``: documents read instead of
    the files at these absolute paths (an editor's unsaved buffers; nothing is written)."""

    dialect: str = DEFAULT_DIALECT
    texts: Mapping[Path, bytes] = field(default_factory=dict)

    @classmethod
    def of(cls, config: Config, texts: Mapping[Path, bytes] | None = None) -> Reading:
        """As ``config`` says: its ``schema-dialect``."""
        return cls(DIALECT_URIS[config.schema_dialect], texts or {})

    def json(self, path: Path, label: str) -> Any:
        text = self.texts.get(Path(os.path.abspath(path)))
        if text is None:
            return read_json(path, label)
        if len(text) > MAX_JSON_BYTES:
            raise RegistryError(f"{label}: larger than {MAX_JSON_BYTES:,} bytes; refused")
        return parse_json(text, label)


FROM_DISK = Reading()


@dataclass(frozen=True)
class SchemaFile:
    """One loaded, meta-schema-checked schema file."""

    relative: str  # posix path inside the registry: the base of its URI
    label: str  # how messages name the file
    path: Path
    schema: dict[str, Any]
    validator_class: type[Validator]


@dataclass(frozen=True)
class EventVersion:
    name: str
    version: Version
    file: SchemaFile


def load_schema_file(
    path: Path, relative: str, label: str, root: Path, reading: Reading = FROM_DISK
) -> SchemaFile:
    check_inside(path, root, label)
    schema = reading.json(path, label)
    if not isinstance(schema, dict):
        raise RegistryError(f"{label}: a schema must be a JSON object, not {_json_type(schema)}")
    validator_class = check_meta_schema(schema, label, reading.dialect)
    return SchemaFile(relative, label, path, schema, validator_class)


def scan_events(
    root: Path, label_root: str, problems: list[str] | None = None, reading: Reading = FROM_DISK
) -> Iterator[EventVersion]:
    """Every ``<v>.json`` of every event folder under ``root``, in a stable order. With
    ``problems``, a broken folder or file is added to it and skipped; else it raises."""
    for folder, json_files in _event_folders(root, label_root):
        relative = folder.relative_to(root).as_posix()
        where = _join(label_root, relative)
        try:
            versions = _folder_versions(relative, where, label_root, json_files)
        except RegistryError as exc:
            _keep(exc, problems)
            continue
        for version, file_name in versions:
            try:
                file = load_schema_file(
                    folder / file_name,
                    f"{relative}/{file_name}",
                    _join(where, file_name),
                    root,
                    reading,
                )
            except RegistryError as exc:
                _keep(exc, problems)
                continue
            yield EventVersion(relative, version, file)


def scan_defs(
    root: Path, label_root: str, problems: list[str] | None = None, reading: Reading = FROM_DISK
) -> Iterator[SchemaFile]:
    defs = root / DEFS_DIR
    if not defs.is_dir():
        return
    check_inside(defs, root, _join(label_root, DEFS_DIR))
    for path in sorted(defs.rglob("*.json")):
        relative = path.relative_to(root).as_posix()
        try:
            file = load_schema_file(path, relative, _join(label_root, relative), root, reading)
        except RegistryError as exc:
            _keep(exc, problems)
            continue
        yield file


def _keep(error: RegistryError, problems: list[str] | None) -> None:
    if problems is None:
        raise error
    problems += error.messages


def _folder_versions(
    relative: str, where: str, label_root: str, json_files: list[str]
) -> list[tuple[Version, str]]:
    if not relative.isprintable():  # no event can have such a name, nothing can show it
        raise RegistryError(
            f"{printable(where)}: the folder name holds a control character or bytes "
            "that are not UTF-8; refused"
        )
    if relative == ".":
        raise RegistryError(
            f"{_join(label_root, json_files[0])}: schema file outside an event folder "
            "(expected <registry>/<domain>/<noun.verb>/<v>.json)"
        )
    return _versions(where, json_files)


def check_inside(path: Path, root: Path, where: str) -> None:
    """Raise when ``path``, symlinks followed, is outside the registry at ``root`` (and
    outside the built-in system events)."""
    real = Path(os.path.realpath(path))
    allowed = (Path(os.path.realpath(root)), Path(os.path.realpath(BUILTIN_ROOT)))
    if not any(real == base or real.is_relative_to(base) for base in allowed):
        raise RegistryError(f"{where}: a symlink that leads outside the registry; refused")


def name_problem(name: str, pattern: str) -> str | None:
    """What is wrong with an event name under the config's ``name-pattern``, if anything."""
    if re.fullmatch(pattern, name):
        return None
    expected = (
        "expected lowercase domain/noun.verb, e.g. billing/invoice.paid"
        if pattern == DEFAULT_NAME_PATTERN
        else f"name-pattern is {pattern}"
    )
    return f"event name {name!r} breaks the naming pattern ({expected})"


def is_reserved(name: str) -> bool:
    return name.lower().startswith(RESERVED_PREFIX)


def _event_folders(root: Path, label_root: str) -> Iterator[tuple[Path, list[str]]]:
    """(folder, its *.json file names) for each folder that directly holds schema files."""
    seen: set[str] = set()
    for current, dirs, files in os.walk(root, followlinks=True):
        folder = Path(current)
        real = os.path.realpath(current)
        json_files = sorted(f for f in files if f.endswith(".json"))
        dirs[:] = sorted(d for d in dirs if _walk_into(folder, d, root, bool(json_files)))
        for child in dirs:  # before walking into it: a link to / would walk the whole disk
            check_inside(
                folder / child,
                root,
                _join(label_root, (folder / child).relative_to(root).as_posix()),
            )
        if real in seen:  # a symlink loop
            dirs[:] = []
            continue
        seen.add(real)
        if json_files:
            yield folder, json_files


def _walk_into(folder: Path, child: str, root: Path, is_event: bool) -> bool:
    if child.startswith("."):
        return False
    if folder == root and child == DEFS_DIR:
        return False
    return not (is_event and child == EXAMPLES_DIR)


def _versions(where: str, json_files: list[str]) -> list[tuple[Version, str]]:
    """The versions of one event folder, oldest first; one scheme, no duplicates."""
    parsed: list[tuple[Version, str]] = []
    for file_name in json_files:
        try:
            parsed.append((parse_version(file_name[: -len(".json")]), file_name))
        except VersionError as exc:
            raise RegistryError(f"{_join(where, file_name)}: {exc}") from None
    schemes = {version.scheme for version, _ in parsed}
    if len(schemes) > 1:
        listing = ", ".join(f"{name} ({version.scheme.value})" for version, name in parsed)
        raise RegistryError(f"{where}: mixed version schemes: {listing}; use one scheme per event")
    parsed.sort(key=lambda pair: (pair[0].key, pair[1]))
    for (first, first_name), (second, second_name) in itertools.pairwise(parsed):
        if first.key == second.key:
            raise RegistryError(
                f"{where}: {first_name} and {second_name} are the same version; keep one"
            )
    return parsed


def _join(label_root: str, relative: str) -> str:
    return relative if label_root in ("", ".") else f"{label_root.rstrip('/')}/{relative}"


def _json_type(value: Any) -> str:
    names = {list: "an array", str: "a string", bool: "a boolean", type(None): "null"}
    return names.get(type(value), "a number")
