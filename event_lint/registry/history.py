"""The registry as it was at a git ref, read from git's object store (no checkout), so it
works in a shallow CI clone that has fetched the ref.

The checkout is a stranger's pull request, so git runs pinned to the repository that holds
the project's config root, never discovered from the registry folder: a folder in the pull
request shaped like a git directory (``HEAD``, ``objects/``, ``config`` with an
``uploadpack`` command and a promisor remote) would otherwise become the repository, decide
what the ref is, and have a lazy fetch run its command. What git prints is read with a size
limit."""

from __future__ import annotations

import copy
import json
import os
import re
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path, PurePosixPath
from typing import IO, Any

from event_lint.errors import UserError
from event_lint.registry import Finding, Registry
from event_lint.registry.compat.nodes import canonical, differing_paths
from event_lint.registry.dialects import json_pointer
from event_lint.registry.errors import RegistryError
from event_lint.registry.jsonfile import MAX_JSON_BYTES, MAX_JSON_DEPTH, parse_json
from event_lint.registry.loader import DEFS_DIR, EXAMPLES_DIR, RESERVED_PREFIX
from event_lint.registry.refs import referenced_files
from event_lint.registry.schema_lint import subschemas
from event_lint.registry.versions import is_version

MAX_LISTING_BYTES = 64 * 1024 * 1024  # ls-tree of the registry: ~600,000 files

# Options every git command gets. --literal-pathspecs: the registry path is a path, not a
# pattern. safe.bareRepository=explicit: a folder shaped like a bare repository is never
# discovered. core.fsmonitor=false: no hook program, whatever the repository's config says.
_OPTIONS = (
    "--literal-pathspecs",
    "-c",
    "safe.bareRepository=explicit",
    "-c",
    "core.fsmonitor=false",
)
# Variables that would point git at another repository than the one found here.
_LOCATING = (
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_COMMON_DIR",
    "GIT_INDEX_FILE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_NAMESPACE",
    "GIT_SHALLOW_FILE",
    "GIT_IMPLICIT_WORK_TREE",
    "GIT_PREFIX",
)
# No lazy fetch of objects a partial clone lacks (GIT_NO_LAZY_FETCH, honoured since git
# 2.39.4 / 2.45.1) and, for older gits, no transport at all (an empty GIT_ALLOW_PROTOCOL
# allows none), so no fetch can run a remote's upload-pack command.
_PINNED_ENV = {"GIT_NO_LAZY_FETCH": "1", "GIT_ALLOW_PROTOCOL": "", "GIT_TERMINAL_PROMPT": "0"}


@dataclass(frozen=True)
class PublishedVersion:
    """One ``<name>/<v>.json`` (or ``_defs/`` file) of the registry at a ref, parsed by the
    rules every registry file is (``parse_json``)."""

    name: str
    version: str
    relative: str  # inside the registry root
    schema: Any


@dataclass(frozen=True)
class Repository:
    """The git repository that holds the config root: every command runs on it alone."""

    top: Path
    git_dir: Path

    @classmethod
    def holding(cls, config_root: Path) -> Repository:
        found = _run(
            None,
            config_root,
            ("rev-parse", "--path-format=absolute", "--show-toplevel", "--git-dir"),
        )
        lines = found.splitlines()
        if len(lines) != 2:  # a path with a newline in it
            raise UserError(f"{config_root}: git rev-parse: cannot read its answer {found!r}")
        return cls(Path(lines[0]), Path(lines[1]))

    def git(self, *args: str, failure: str | None = None) -> str:
        return _run(self, self.top, args, failure)

    def start(self, *args: str) -> subprocess.Popen[bytes]:
        """A long-running git command, talked to through its pipes."""
        return _start(self, self.top, args, subprocess.PIPE, subprocess.DEVNULL)


def published_versions(
    config_root: Path, registry_root: Path, ref: str
) -> dict[tuple[str, str], PublishedVersion]:
    """Every event version file under ``registry_root`` at ``ref``, by (name, version)."""
    return _versions(registry_at(config_root, registry_root, ref))


def _versions(at_ref: dict[str, PublishedVersion]) -> dict[tuple[str, str], PublishedVersion]:
    return {(old.name, old.version): old for old in at_ref.values() if old.name}


def registry_at(config_root: Path, registry_root: Path, ref: str) -> dict[str, PublishedVersion]:
    """Every schema file under ``registry_root`` at ``ref`` (versions and ``_defs/``), by
    path relative to the root; a ``_defs/`` file has an empty name and version. Git runs
    on the repository that holds ``config_root``."""
    if ref.startswith("-"):
        raise UserError(f"git ref {ref!r} not found (a ref never starts with '-')")
    repository = Repository.holding(config_root)
    commit = repository.git(
        "rev-parse",
        "--verify",
        "--quiet",
        f"{ref}^{{commit}}",
        failure=f"git ref {ref!r} not found (in a shallow clone, fetch it first: "
        f"git fetch --depth=1 origin <branch>)",
    ).strip()
    prefix = _prefix(repository, registry_root)
    listing = repository.git("ls-tree", "-r", "-z", "--full-tree", commit, "--", prefix or ".")
    blobs = []
    for entry in filter(None, listing.split("\0")):
        meta, path = entry.split("\t", 1)
        if meta.split()[1] == "blob" and path.startswith(prefix):
            relative = path[len(prefix) :]
            key = _event_version(relative) or _defs_file(relative)
            if key is not None:
                blobs.append((key, relative, meta.split()[2]))
    named = {sha: f"{ref}:{prefix}{relative}" for _, relative, sha in blobs}
    contents = _read_blobs(repository, named)
    return {
        relative: PublishedVersion(key[0], key[1], relative, _parse(contents[sha], named[sha]))
        for key, relative, sha in blobs
    }


def _prefix(repository: Repository, registry_root: Path) -> str:
    """The registry folder's path in the repository, with a trailing slash ("" for the top)."""
    try:
        inside = registry_root.resolve().relative_to(repository.top.resolve()).as_posix()
    except ValueError:
        raise UserError(
            f"{registry_root}: the registry folder is outside the git repository at "
            f"{repository.top}; --against reads it from there"
        ) from None
    return "" if inside == "." else inside + "/"


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


def _parse(data: bytes, where: str) -> Any:
    """The JSON document, or a one-line error with the file and the JSON path. Nesting is
    measured first: past Python's recursion limit the parser itself could not say where."""
    text = data.decode("utf-8", errors="replace")
    if _nesting(text) > MAX_JSON_DEPTH:
        at = _too_deep(text, MAX_JSON_DEPTH) or "/"
        raise RegistryError(
            f"{where}: nested more than {MAX_JSON_DEPTH} levels deep at {at}; refused"
        )
    return parse_json(data, where)


_STRING = r'"[^"\\]*(?:\\.[^"\\]*)*"'  # escapes included
_STRINGS = re.compile(_STRING)
_NOT_BRACKETS = re.compile(r"[^\[\]{}]+")
_DEPTH_CHANGE = {"[": 1, "{": 1, "]": -1, "}": -1}
_TOKEN = re.compile(_STRING + r"|[\[\]{},]")  # all that nesting and pointers depend on


def _nesting(text: str) -> int:
    """How deeply the arrays and objects of a JSON text nest (0 for a scalar); counted
    without recursion, in C (regular expressions and ``accumulate``) for speed."""
    brackets = _NOT_BRACKETS.sub("", _STRINGS.sub("", text))
    return max(accumulate(map(_DEPTH_CHANGE.__getitem__, brackets)), default=0)


def _too_deep(text: str, limit: int) -> str | None:
    """The JSON pointer of the first array or object nested deeper than ``limit``, or
    None. Read from the tokens, so it never recurses and works on any depth."""
    # One entry per open container: [key of the current member or None, next index or -1].
    open_: list[list[Any]] = []
    expecting_key = False
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token in "[{":
            if len(open_) == limit:
                return _pointer(open_)
            open_.append([None, 0] if token == "[" else [None, -1])
            expecting_key = token == "{"
        elif token in "]}":
            if open_:
                open_.pop()
            expecting_key = False
        elif token == ",":
            if open_ and open_[-1][1] >= 0:
                open_[-1][1] += 1
            expecting_key = bool(open_) and open_[-1][1] < 0
        elif expecting_key:
            open_[-1][0] = token
            expecting_key = False
    return None


def _pointer(open_: Sequence[list[Any]]) -> str:
    return json_pointer(index if index >= 0 else _key(key) for key, index in open_)


def _key(token: str | None) -> str:
    """A member's key from its string token (``?`` where the text is not JSON)."""
    try:
        return str(json.loads(token)) if token is not None else "?"
    except json.JSONDecodeError:
        return "?"


def _read_blobs(repository: Repository, shas: Mapping[str, str]) -> dict[str, bytes]:
    """The content of every blob (``shas`` maps each to how it is named in messages), read
    through one ``git cat-file --batch``, one blob at a time, each refused before it is
    read when it is larger than a JSON file may be."""
    if not shas:
        return {}
    texts = {}
    # Leaving the block closes the pipes (git stops, even in the middle of a blob refused
    # unread) and waits for it.
    with repository.start("cat-file", "--batch") as process:
        assert process.stdin is not None and process.stdout is not None
        try:
            for sha, where in shas.items():
                process.stdin.write(sha.encode() + b"\n")
                process.stdin.flush()
                size = _blob_size(process.stdout.readline(256), where)
                texts[sha] = process.stdout.read(size + 1)[:size]
        except BrokenPipeError:
            raise UserError(f"{next(iter(shas.values()))}: git cat-file ended early") from None
    return texts


def _blob_size(header: bytes, where: str) -> int:
    parts = header.split()
    if len(parts) != 3 or parts[1] != b"blob" or not parts[2].isdigit():
        answer = header.decode(errors="replace").strip() or "no answer"
        raise UserError(f"{where}: git cat-file: {answer}")
    size = int(parts[2])
    if size > MAX_JSON_BYTES:
        limit = MAX_JSON_BYTES // (1024 * 1024)
        raise UserError(f"{where}: {size:,} bytes is over the {limit} MB limit for a JSON file")
    return size


def _run(
    repository: Repository | None,
    cwd: Path,
    args: Sequence[str],
    failure: str | None = None,
) -> str:
    """What a git command prints, at most MAX_LISTING_BYTES of it."""
    # stderr goes to a file, so a chatty git never blocks on a full pipe.
    with tempfile.TemporaryFile() as errors:
        with _start(repository, cwd, args, subprocess.DEVNULL, errors) as process:
            assert process.stdout is not None
            output = process.stdout.read(MAX_LISTING_BYTES + 1)
            if len(output) > MAX_LISTING_BYTES:
                process.kill()
        if len(output) > MAX_LISTING_BYTES:
            raise UserError(
                f"{cwd}: git {args[0]}: more than {MAX_LISTING_BYTES:,} bytes of output"
            )
        if process.returncode != 0:
            if failure is not None:
                raise UserError(failure)
            errors.seek(0)
            raise UserError(f"{cwd}: git {args[0]}: {_reason(errors.read(64 * 1024))}")
    return output.decode("utf-8", errors="replace")


def _reason(stderr: bytes) -> str:
    """git's own error line (its hints come after it), else its last line."""
    lines = stderr.decode(errors="replace").strip().splitlines()
    errors = [line for line in lines if line.startswith(("fatal:", "error:"))]
    return (errors or lines or ["failed"])[0 if errors else -1]


def _start(
    repository: Repository | None,
    cwd: Path,
    args: Sequence[str],
    stdin: int,
    errors: IO[bytes] | int,
) -> subprocess.Popen[bytes]:
    pinned = (
        ()
        if repository is None
        else (
            f"--git-dir={repository.git_dir}",
            f"--work-tree={repository.top}",
        )
    )
    env = {k: v for k, v in os.environ.items() if k not in _LOCATING} | _PINNED_ENV
    command = ["git", *pinned, *_OPTIONS, *args]
    try:
        return subprocess.Popen(
            command, cwd=cwd, env=env, stdin=stdin, stdout=subprocess.PIPE, stderr=errors
        )
    except FileNotFoundError:
        raise UserError(
            "git is not installed; reading the registry at a git ref needs it"
        ) from None
    except OSError as exc:
        raise UserError(f"cannot run git: {exc.strerror or exc}") from None


# -- immutability ---------------------------------------------------------------------------

_DOC_KEYWORDS = ("description", "title", "examples", "$comment")
_ALLOWED = " (description, title and examples edits are allowed)"


def immutability_findings(
    registry: Registry, config_root: Path, ref: str, allow_description_edits: bool
) -> list[Finding]:
    """An error for every version that exists at ``ref`` and was deleted or edited since
    (a whitespace or key-order change is no edit). Git runs on the repository that holds
    ``config_root``."""
    if registry.root is None:
        raise UserError("--against needs a registry folder")
    at_ref = registry_at(config_root, registry.root, ref)
    defs_now = dict(registry.defs())
    findings = []
    for (name, version), old in sorted(_versions(at_ref).items()):
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
    return _about(
        old,
        "PUBLISHED_VERSION_DELETED",
        f"exists at {ref} but was deleted; published versions are immutable",
        f"fix: restore it with `{_restore(ref, root, old.relative)}`",
    )


def _edited(
    old: PublishedVersion, current: Any, ref: str, root: Path, allow_description_edits: bool
) -> Finding:
    paths = differing_paths(old.schema, current)
    shown = _first_paths(paths) + (" ..." if len(paths) > 5 else "")
    allowed = _ALLOWED if allow_description_edits else ""
    return _about(
        old,
        "PUBLISHED_VERSION_EDITED",
        f"differs from {ref}{allowed}; published versions are immutable",
        f"changed at: {shown}",
        "fix: publish the change as a new version (`event-registry bump "
        f"{old.name}`) and restore this one with `{_restore(ref, root, old.relative)}`",
        json_path=paths[0] if paths and paths[0] else None,
    )


def _edited_through(
    old: PublishedVersion,
    shared: PublishedVersion,
    now: Any,
    ref: str,
    root: Path,
    allow_description_edits: bool,
) -> Finding:
    what = "was deleted" if now is None else f"differs from {ref}"
    allowed = _ALLOWED if allow_description_edits else ""
    changed = (
        ()
        if now is None
        else (f"changed at: {shared.relative} {_first_paths(differing_paths(shared.schema, now))}",)
    )
    return _about(
        old,
        "PUBLISHED_VERSION_EDITED",
        f"references {shared.relative}, which {what}{allowed}; published versions are immutable",
        *changed,
        f"fix: add the new definition beside the old one and reference it from a new "
        f"version (`event-registry bump {old.name}`); restore this one with "
        f"`{_restore(ref, root, shared.relative)}`",
    )


def _about(
    old: PublishedVersion, code: str, message: str, *details: str, json_path: str | None = None
) -> Finding:
    """A finding about the published version ``old``: its name and version start the
    message, and it is placed at its file."""
    return Finding(
        code,
        f"{old.name} v{old.version} {message}",
        file=old.relative,
        json_path=json_path,
        event=old.name,
        version=old.version,
        details=details,
    )


def _restore(ref: str, root: Path, relative: str) -> str:
    """The git command that puts back ``relative`` (below ``root``) as it was at ``ref``."""
    return f"git checkout {ref} -- {(root / relative).as_posix()}"


def _first_paths(paths: list[str]) -> str:
    return ", ".join(p or "/" for p in paths[:5])


def without_docs(schema: Any) -> Any:
    """A copy of the schema without descriptions, titles and examples in any sub-schema
    (a property *named* "description" is kept)."""
    result = copy.deepcopy(schema)
    for _, sub in subschemas(result):
        for keyword in _DOC_KEYWORDS:
            sub.pop(keyword, None)
    return result
