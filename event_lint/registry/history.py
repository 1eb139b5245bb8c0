"""The registry as it was at a git ref, read from git's object store (no checkout), so it
works in a shallow CI clone that has fetched the ref."""

from __future__ import annotations

import copy
import json
import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from event_lint.errors import UserError
from event_lint.registry import Finding, Registry
from event_lint.registry.compat.nodes import canonical, escape
from event_lint.registry.loader import DEFS_DIR, EXAMPLES_DIR, RESERVED_PREFIX
from event_lint.registry.refs import referenced_files
from event_lint.registry.schema_lint import subschemas
from event_lint.registry.versions import is_version


@dataclass(frozen=True)
class PublishedVersion:
    """One ``<name>/<v>.json`` of the registry at a ref; ``schema`` is None when the blob
    is not valid JSON (then ``text`` still holds it)."""

    name: str
    version: str
    relative: str  # inside the registry root
    text: str
    schema: Any


def published_versions(registry_root: Path, ref: str) -> dict[tuple[str, str], PublishedVersion]:
    """Every event version file under ``registry_root`` at ``ref``, by (name, version)."""
    return {
        key: old
        for old in registry_at(registry_root, ref).values()
        if (key := _event_version(old.relative)) is not None
    }


def registry_at(registry_root: Path, ref: str) -> dict[str, PublishedVersion]:
    """Every schema file under ``registry_root`` at ``ref`` (versions and ``_defs/``), by
    path relative to the root; a ``_defs/`` file has an empty name and version."""
    toplevel = Path(_git(registry_root, "rev-parse", "--show-toplevel").strip())
    _git(
        registry_root,
        "rev-parse",
        "--verify",
        "--quiet",
        f"{ref}^{{commit}}",
        failure=f"git ref {ref!r} not found (in a shallow clone, fetch it first: "
        f"git fetch --depth=1 origin <branch>)",
    )
    prefix = registry_root.resolve().relative_to(toplevel.resolve()).as_posix()
    prefix = "" if prefix == "." else prefix + "/"
    listing = _git(registry_root, "ls-tree", "-r", "-z", "--full-tree", ref, "--", prefix or ".")
    blobs = []
    for entry in filter(None, listing.split("\0")):
        meta, path = entry.split("\t", 1)
        if meta.split()[1] == "blob" and path.startswith(prefix):
            relative = path[len(prefix) :]
            key = _event_version(relative) or _defs_file(relative)
            if key is not None:
                blobs.append((key, relative, meta.split()[2]))
    texts = _read_blobs(registry_root, [sha for _, _, sha in blobs])
    return {
        relative: PublishedVersion(key[0], key[1], relative, texts[sha], _parse(texts[sha]))
        for key, relative, sha in blobs
    }


def _event_version(relative: str) -> tuple[str, str] | None:
    """(name, version) when the path is an event version file, like the loader reads them."""
    path = PurePosixPath(relative)
    parts = path.parts
    if path.suffix != ".json" or len(parts) < 2 or parts[0] == DEFS_DIR or EXAMPLES_DIR in parts:
        return None
    if not is_version(path.stem) or any(part.startswith(".") for part in parts):
        return None
    return path.parent.as_posix(), path.stem


def _defs_file(relative: str) -> tuple[str, str] | None:
    path = PurePosixPath(relative)
    return ("", "") if path.suffix == ".json" and path.parts[0] == DEFS_DIR else None


def _parse(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return None


def _read_blobs(cwd: Path, shas: list[str]) -> dict[str, str]:
    """The content of every blob, read with one ``git cat-file --batch``."""
    if not shas:
        return {}
    output = subprocess.run(
        ["git", "cat-file", "--batch"],
        cwd=cwd,
        input="\n".join(shas).encode() + b"\n",
        capture_output=True,
        check=True,
    ).stdout
    texts = {}
    position = 0
    for sha in shas:
        header_end = output.index(b"\n", position)
        size = int(output[position:header_end].split()[2])
        start = header_end + 1
        texts[sha] = output[start : start + size].decode("utf-8", errors="replace")
        position = start + size + 1  # the blob is followed by a newline
    return texts


def _git(cwd: Path, *args: str, failure: str | None = None) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True)
    except FileNotFoundError:
        raise UserError("git is not installed; --against needs it") from None
    if done.returncode != 0:
        if failure is not None:
            raise UserError(failure)
        detail = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "failed"
        raise UserError(f"{cwd}: git {args[0]}: {detail}")
    return done.stdout


# -- immutability ---------------------------------------------------------------------------

_DOC_KEYWORDS = ("description", "title", "examples", "$comment")
_ALLOWED = " (description, title and examples edits are allowed)"


def immutability_findings(
    registry: Registry, ref: str, allow_description_edits: bool
) -> list[Finding]:
    """An error for every version that exists at ``ref`` and was deleted or edited since
    (a whitespace or key-order change is no edit)."""
    if registry.root is None:
        raise UserError("--against needs a registry folder")
    at_ref = registry_at(registry.root, ref)
    defs_now = dict(registry.defs())
    findings = []
    for (name, version), old in sorted(published_versions(registry.root, ref).items()):
        if name.startswith(RESERVED_PREFIX):
            continue  # built-ins come from the package, not from this folder
        if not registry.has(name, version):
            findings.append(_deleted(old, ref, registry.root))
            continue
        current = registry.schema(name, version)
        if not _same(old.schema, current, allow_description_edits):
            findings.append(_edited(old, current, ref, registry.root, allow_description_edits))
            continue
        for shared in _reached_defs(old, at_ref):  # an edit there edits this version too
            now = defs_now.get(shared.relative)
            if not _same(shared.schema, now, allow_description_edits):
                findings.append(
                    _edited_through(old, shared, now, ref, registry.root, allow_description_edits)
                )
                break
    return findings


def _same(old: Any, new: Any, allow_description_edits: bool) -> bool:
    if old is None or new is None:
        return False
    if canonical(new) == canonical(old):
        return True
    return allow_description_edits and canonical(without_docs(new)) == canonical(without_docs(old))


def _reached_defs(
    version: PublishedVersion, at_ref: dict[str, PublishedVersion]
) -> list[PublishedVersion]:
    """The ``_defs/`` files a version reaches through ``$ref``s, directly or through other
    ``_defs/`` files, as they were at the ref (other versions are checked on their own)."""
    reached: dict[str, PublishedVersion] = {}
    todo = [version]
    while todo:
        source = todo.pop()
        if not isinstance(source.schema, dict):
            continue
        for path in sorted(referenced_files(source.schema, source.relative)):
            target = at_ref.get(path)
            if target is not None and not target.name and path not in reached:
                reached[path] = target
                todo.append(target)
    return sorted(reached.values(), key=lambda found: found.relative)


def _deleted(old: PublishedVersion, ref: str, root: Path) -> Finding:
    return Finding(
        "PUBLISHED_VERSION_DELETED",
        f"{old.name} v{old.version} exists at {ref} but was deleted; published versions are "
        "immutable",
        file=old.relative,
        event=old.name,
        version=old.version,
        details=(
            f"fix: restore it with `git checkout {ref} -- {(root / old.relative).as_posix()}`",
        ),
    )


def _edited(
    old: PublishedVersion, current: Any, ref: str, root: Path, allow_description_edits: bool
) -> Finding:
    paths = differing_paths(old.schema, current)
    shown = ", ".join(p or "/" for p in paths[:5]) + (" ..." if len(paths) > 5 else "")
    allowed = _ALLOWED if allow_description_edits else ""
    return Finding(
        "PUBLISHED_VERSION_EDITED",
        f"{old.name} v{old.version} differs from {ref}{allowed}; published versions are immutable",
        file=old.relative,
        json_path=paths[0] if paths and paths[0] else None,
        event=old.name,
        version=old.version,
        details=(
            f"changed at: {shown}",
            "fix: publish the change as a new version (`event-registry bump "
            f"{old.name}`) and restore this one with `git checkout {ref} -- "
            f"{(root / old.relative).as_posix()}`",
        ),
    )


def _edited_through(
    old: PublishedVersion,
    shared: PublishedVersion,
    now: Any,
    ref: str,
    root: Path,
    allow_description_edits: bool,
) -> Finding:
    paths = differing_paths(shared.schema, now) if now is not None else [""]
    what = "was deleted" if now is None else f"differs from {ref}"
    allowed = _ALLOWED if allow_description_edits else ""
    return Finding(
        "PUBLISHED_VERSION_EDITED",
        f"{old.name} v{old.version} references {shared.relative}, which {what}{allowed}; "
        "published versions are immutable",
        file=old.relative,
        event=old.name,
        version=old.version,
        details=(
            *(
                (f"changed at: {shared.relative} {', '.join(p or '/' for p in paths[:5])}",)
                if now is not None
                else ()
            ),
            f"fix: add the new definition beside the old one and reference it from a new "
            f"version (`event-registry bump {old.name}`); restore this one with `git checkout "
            f"{ref} -- {(root / shared.relative).as_posix()}`",
        ),
    )


def without_docs(schema: Any) -> Any:
    """A copy of the schema without descriptions, titles and examples in any sub-schema
    (a property *named* "description" is kept)."""
    result = copy.deepcopy(schema)
    for _, sub in subschemas(result):
        for keyword in _DOC_KEYWORDS:
            sub.pop(keyword, None)
    return result


def differing_paths(old: Any, new: Any, pointer: str = "") -> list[str]:
    """JSON pointers of every place where two JSON documents differ, outermost first."""
    if isinstance(old, dict) and isinstance(new, dict):
        paths = []
        for key in [*old, *(k for k in new if k not in old)]:
            if key not in old or key not in new:
                paths.append(f"{pointer}/{escape(key)}")
            else:
                paths += differing_paths(old[key], new[key], f"{pointer}/{escape(key)}")
        return paths
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        return [
            p
            for i, (a, b) in enumerate(zip(old, new, strict=True))
            for p in differing_paths(a, b, f"{pointer}/{i}")
        ]
    return [] if canonical(old) == canonical(new) else [pointer]
