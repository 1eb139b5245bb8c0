"""The catalog: the registry's events joined with the code that sends, consumes and reads
them (``sites``), each with its versions, fields, examples and compatibility steps."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from event_lint.catalog.compat import compat_steps
from event_lint.catalog.fields import field_rows
from event_lint.catalog.records import (
    Catalog,
    Event,
    Producer,
    Version,
    domain_of,
    slug,
)
from event_lint.catalog.sites import CodeSites
from event_lint.codegen.naming import event_class_name
from event_lint.config import Config
from event_lint.diagnostics import Diagnostic
from event_lint.linter.model import Project
from event_lint.registry import Registry, RegistryError
from event_lint.registry.jsonfile import read_json
from event_lint.registry.loader import EXAMPLES_DIR, check_inside


def build(
    registry: Registry, config: Config, project: Project, diagnostics: Iterable[Diagnostic]
) -> Catalog:
    """The catalog of ``registry``, with the producers and consumers ``project`` holds."""
    sites = CodeSites(config, project, list(diagnostics))
    names = registry.names()
    used = sorted(sites.used_names() - set(names))
    events = tuple(_event(sites, registry, name) for name in names)
    unregistered = tuple(
        (name, len(sites.producers(name)), len(sites.consumers(name))) for name in used
    )
    nodes, edges = sites.graph([*names, *used], registry)
    return Catalog(
        events=events,
        unregistered=unregistered,
        unreadable=tuple(sorted(sites.unreadable)),
        nodes=nodes,
        edges=edges,
        import_module=_module_of(config),
    )


def _module_of(config: Config) -> str | None:
    out = config.codegen_out
    if out is None or out.suffix != ".py":
        return None
    try:
        parts = out.relative_to(config.root).with_suffix("").parts
    except ValueError:
        return None
    for src in config.src:  # a src layout: the module path starts below the src folder
        prefix = Path(src).parts
        if parts[: len(prefix)] == prefix:
            parts = parts[len(prefix) :]
    return ".".join(parts) if parts and all(p.isidentifier() for p in parts) else None


def _event(sites: CodeSites, registry: Registry, name: str) -> Event:
    producers = sites.producers(name)
    consumers = sites.consumers(name)
    level, policy = sites.config.compatibility_for(name)
    versions = tuple(_version(sites, registry, name, v, producers) for v in registry.versions(name))
    return Event(
        name=name,
        domain=domain_of(name),
        slug=slug(name),
        builtin=registry.is_builtin(name),
        description=versions[-1].description,
        level=level,
        policy=policy,
        versions=versions,
        producers=tuple(producers),
        consumers=tuple(consumers),
        reads=tuple(sites.reads(name)),
        findings=sites.findings([*producers, *consumers]),
        compat=compat_steps(registry, name, level, policy),
    )


def _version(
    sites: CodeSites, registry: Registry, name: str, v: str, producers: list[Producer]
) -> Version:
    schema = registry.schema(name, v)
    path = registry.schema_path(name, v)
    description = schema.get("description")
    return Version(
        version=v,
        deprecated=registry.is_deprecated(name, v),
        description=description if isinstance(description, str) else "",
        schema_file=None if path is None else sites.shown(path),
        fields=tuple(field_rows(schema, registry, name, v)),
        examples=tuple(_examples(registry, name, v)),
        class_name=event_class_name(name, v),
        producers=tuple(p for p in producers if p.version == v),
    )


def _examples(registry: Registry, name: str, v: str) -> Iterator[tuple[str, str]]:
    path = registry.schema_path(name, v)
    if path is None or registry.root is None:
        return
    folder = path.parent / EXAMPLES_DIR / v
    try:
        check_inside(folder, registry.root, str(folder))
        files = sorted(folder.glob("*.json")) if folder.is_dir() else []
    except (RegistryError, OSError):
        return
    for file in files:
        try:
            check_inside(file, registry.root, str(file))
            document: Any = read_json(file, file.name)
        except RegistryError as exc:
            yield file.name, f"(not shown: {exc})"
            continue
        yield file.name, json.dumps(document, indent=2, ensure_ascii=False)
