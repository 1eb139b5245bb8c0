"""The loaded registry: event names, ordered versions, schemas and cached validators."""

from __future__ import annotations

import copy
import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import referencing
from jsonschema.exceptions import ValidationError
from jsonschema.protocols import Validator

from event_lint.registry.dialects import DEFAULT_DIALECT, FORMAT_CHECKER, json_pointer
from event_lint.registry.errors import RegistryError
from event_lint.registry.loader import (
    BUILTIN_ROOT,
    FROM_DISK,
    EventVersion,
    Reading,
    SchemaFile,
    is_reserved,
    scan_defs,
    scan_events,
)
from event_lint.registry.refs import check_refs, resolver_registry, uri_for


@dataclass(frozen=True, order=True)
class ValidationIssue:
    """One way a payload fails its schema. ``path`` is a JSON pointer into the payload
    (``""`` is the whole payload); for a missing or unknown key it points at that key."""

    path: str
    keyword: str
    message: str


@dataclass(frozen=True)
class _Entry:
    name: str
    event: EventVersion
    builtin: bool

    @property
    def uri(self) -> str:
        return uri_for(self.event.file.relative)


class Registry:
    """Load with :meth:`load`; every method takes event names as written (``billing/invoice.paid``)
    and versions as file stems (``"1"``, ``"2024-01-15.1"``)."""

    def __init__(
        self,
        root: Path | None,
        entries: Iterable[_Entry],
        defs: Iterable[SchemaFile],
        resolver_registry: referencing.Registry[Any],
        dialect: str = DEFAULT_DIALECT,
    ) -> None:
        self.root = root
        self.dialect = dialect  # the $schema of a schema without one
        self._events: dict[str, dict[str, _Entry]] = {}
        for entry in entries:
            self._events.setdefault(entry.name, {})[entry.event.version.text] = entry
        self._defs = tuple(defs)
        self.resolver_registry = resolver_registry
        self._validators: dict[tuple[str, str], Validator] = {}

    # Loading --------------------------------------------------------------------------------

    @classmethod
    def load(
        cls,
        path: Path | None,
        *,
        builtins: bool = True,
        reading: Reading = FROM_DISK,
    ) -> Registry:
        """Load the registry at ``path`` (None: only the built-in system events), its
        schemas without ``$schema`` read as ``reading.dialect`` (the config's
        ``schema-dialect``), a file in ``reading.texts`` from that text (an editor's buffer).

        Raises RegistryError (a UserError) naming the file; every broken file is in its
        ``messages``, and the cross-file checks ($ref) run once every file loads. An event
        name that breaks the config's ``name-pattern`` loads: it is a schema-lint finding
        (SL303), since a production event cannot be renamed without breaking consumers."""
        builtin = {e.name + "@" + e.version.text: e for e in scan_events(BUILTIN_ROOT, "")}
        entries = [_Entry(e.name, e, True) for e in builtin.values()] if builtins else []
        defs: list[SchemaFile] = []
        if path is not None:
            _check_root(path)
            problems: list[str] = []
            user = list(scan_events(path, str(path), problems, reading))
            defs = list(scan_defs(path, str(path), problems, reading))
            if problems:
                raise RegistryError(*problems)
            if not user:
                raise RegistryError(
                    f"{path}: empty registry: no event schemas "
                    "(expected <registry>/<domain>/<noun.verb>/<v>.json)"
                )
            for event in user:
                if is_reserved(event.name):
                    _check_same_as_builtin(event, builtin)
                else:
                    entries.append(_Entry(event.name, event, False))
        files = [entry.event.file for entry in entries] + defs
        resolvers = resolver_registry(((f.relative, f.schema) for f in files), reading.dialect)
        for file in files:
            check_refs(file.label, file.schema, uri_for(file.relative), resolvers)
        return cls(path, entries, defs, resolvers, reading.dialect)

    # Queries ----------------------------------------------------------------------------------

    def names(self) -> list[str]:
        return sorted(self._events)

    def versions(self, name: str) -> list[str]:
        by_version = self._versions_of(name)
        return [e.event.version.text for e in sorted(by_version.values(), key=_version_key)]

    def latest(self, name: str) -> str:
        return self.versions(name)[-1]

    def has(self, name: str, v: str | None = None) -> bool:
        return name in self._events and (v is None or v in self._events[name])

    def schema(self, name: str, v: str | None = None) -> dict[str, Any]:
        """A copy of the schema of ``data`` for (name, v); ``v`` None is the latest."""
        return copy.deepcopy(self._entry(name, v).event.file.schema)

    def schema_path(self, name: str, v: str | None = None) -> Path | None:
        entry = self._entry(name, v)
        return None if entry.builtin else entry.event.file.path

    def schema_uri(self, name: str, v: str | None = None) -> str:
        """The base URI to resolve the schema's ``$ref``s with ``resolver_registry``."""
        return self._entry(name, v).uri

    def is_builtin(self, name: str) -> bool:
        versions = self._versions_of(name)
        return any(entry.builtin for entry in versions.values())

    def is_deprecated(self, name: str, v: str) -> bool:
        return self._entry(name, v).event.file.schema.get("deprecated") is True

    def defs(self) -> list[tuple[str, dict[str, Any]]]:
        """Shared definition files: (path relative to the root, a copy of the schema)."""
        return [(f.relative, copy.deepcopy(f.schema)) for f in self._defs]

    def fingerprint(self) -> str:
        """A hash of every schema's name, version and content."""
        content = [
            [name, v, self._events[name][v].event.file.schema]
            for name in self.names()
            for v in self.versions(name)
        ]
        content += [[f.relative, f.schema] for f in self._defs]
        blob = json.dumps(content, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(blob.encode()).hexdigest()

    # Validation ------------------------------------------------------------------------------

    def validate(self, name: str, data: Any, v: str | None = None) -> list[ValidationIssue]:
        """Every way ``data`` fails the schema of (name, v), sorted by payload path."""
        validator = self._validator(name, v)
        try:
            issues = {issue for error in validator.iter_errors(data) for issue in issues_of(error)}
        except RecursionError:
            # Documents nest at most MAX_JSON_DEPTH levels and in-place $ref chains at most
            # MAX_REF_CHAIN refs, but a recursive schema can still multiply the two.
            version = v or self.latest(name)
            raise RegistryError(
                f"{name} v{version}: validation nests too deeply (a recursive schema whose "
                "$ref chains repeat at every level of the payload); refused"
            ) from None
        return sorted(issues, key=lambda issue: (pointer_key(issue.path), issue))

    def _validator(self, name: str, v: str | None) -> Validator:
        entry = self._entry(name, v)
        key = (name, entry.event.version.text)
        if key not in self._validators:
            file = entry.event.file
            # Relative $refs resolve against the file's own URI.
            schema = file.schema if "$id" in file.schema else {**file.schema, "$id": entry.uri}
            self._validators[key] = file.validator_class(
                schema, registry=self.resolver_registry, format_checker=FORMAT_CHECKER
            )
        return self._validators[key]

    def _versions_of(self, name: str) -> dict[str, _Entry]:
        if name not in self._events:
            raise LookupError(f"unknown event {name!r}")
        return self._events[name]

    def _entry(self, name: str, v: str | None) -> _Entry:
        by_version = self._versions_of(name)
        version = self.latest(name) if v is None else v
        if version not in by_version:
            known = ", ".join(self.versions(name))
            raise LookupError(f"event {name!r} has no version {version!r} (known: {known})")
        return by_version[version]


def _check_root(path: Path) -> None:
    if not path.exists():
        raise RegistryError(f"{path}: registry not found")
    if not path.is_dir():
        raise RegistryError(f"{path}: registry is not a directory")


def _check_same_as_builtin(event: EventVersion, builtin: dict[str, EventVersion]) -> None:
    """A user's ``inngest/`` file is accepted only as a copy (or symlink) of the built-in."""
    same = builtin.get(event.name + "@" + event.version.text)
    if same is None or same.file.schema != event.file.schema:
        raise RegistryError(
            f"{event.file.label}: inngest/ is reserved for system events; "
            "remove this file (the built-in system events are always loaded)"
        )


def _version_key(entry: _Entry) -> tuple[Any, ...]:
    return entry.event.version.key


def issues_of(error: ValidationError) -> list[ValidationIssue]:
    """One issue per failing keyword; missing and unknown keys get one issue each, at the key."""
    path = list(error.absolute_path)
    keyword = str(error.validator) if error.validator is not None else "false"
    instance = error.instance
    if keyword == "required" and isinstance(instance, dict):
        required = error.validator_value if isinstance(error.validator_value, list) else []
        missing = [k for k in required if isinstance(k, str) and k not in instance]
        return [
            ValidationIssue(json_pointer([*path, k]), keyword, f"missing required property {k!r}")
            for k in missing
        ]
    if keyword == "additionalProperties" and isinstance(instance, dict):
        return [
            ValidationIssue(
                json_pointer([*path, k]), keyword, f"unknown property {k!r} (the schema is closed)"
            )
            for k in _unexpected_keys(instance, error.schema)
        ]
    if keyword in ("oneOf", "anyOf") and error.context:
        return [ValidationIssue(json_pointer(path), keyword, _no_alternative(error))]
    return [ValidationIssue(json_pointer(path), keyword, error.message)]


def _no_alternative(error: ValidationError) -> str:
    """Why each alternative of a failed ``oneOf``/``anyOf`` rejects the value (its first
    issue), instead of jsonschema's "is not valid under any of the given schemas"."""
    branches = error.validator_value if isinstance(error.validator_value, list) else []
    first: dict[int, ValidationIssue] = {}
    for sub in error.context or ():
        branch = sub.schema_path[0] if sub.schema_path else None
        if isinstance(branch, int) and branch not in first:
            issues = issues_of(sub)
            if issues:
                first[branch] = issues[0]
    depth = len(json_pointer(list(error.absolute_path)))
    reasons = [
        f"#{branch + 1}: {issue.path[depth:] + ': ' if len(issue.path) > depth else ''}"
        f"{issue.message}"
        for branch, issue in sorted(first.items())
    ]
    alternatives = f"{len(branches)} alternatives of {error.validator}"
    return f"matches none of the {alternatives} ({'; '.join(reasons)})"


def _unexpected_keys(instance: dict[str, Any], schema: Any) -> list[str]:
    if not isinstance(schema, dict):
        return list(instance)
    known = schema.get("properties", {})
    patterns = list(schema.get("patternProperties", {}))
    return [k for k in instance if k not in known and not any(re.search(p, k) for p in patterns)]


def pointer_key(pointer: str) -> tuple[tuple[int, int, str], ...]:
    # Array indexes sort numerically: /items/2 before /items/10.
    parts = pointer.split("/")[1:]
    return tuple((0, int(p), "") if p.isascii() and p.isdigit() else (1, 0, p) for p in parts)
