"""``[tool.event-lint]`` in the nearest ``pyproject.toml``: one frozen Config per run."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, NamedTuple

from event_lint.errors import UserError
from event_lint.files import read_regular

# domain/noun.verb: lowercase words (digits, "-" and "_" inside a word), one "/",
# then at least two dot-separated words.
DEFAULT_NAME_PATTERN = (
    r"^[a-z0-9]+(?:[-_][a-z0-9]+)*/[a-z0-9]+(?:[-_][a-z0-9]+)*(?:\.[a-z0-9]+(?:[-_][a-z0-9]+)*)+$"
)

COMPATIBILITY_LEVELS = (
    "BACKWARD",
    "BACKWARD_TRANSITIVE",
    "FORWARD",
    "FORWARD_TRANSITIVE",
    "FULL",
    "FULL_TRANSITIVE",
    "NONE",
)
COMPATIBILITY_POLICIES = ("strict", "lenient")
# schema-dialect: how a schema without `$schema` is read (registry/dialects.py)
SCHEMA_DIALECTS = ("2020-12", "2019-09", "draft-07")
# Measured: 1 MiB of real code parses in ~4-15 s and ~250 MB (worst shapes ~1 GB);
# hand-written modules stay far below it (the standard library's largest is 0.7 MB).
DEFAULT_MAX_FILE_SIZE = 1024 * 1024
DEFAULT_FILE_TIMEOUT = 30.0
# How many modules deep an Inngest function's calls are followed through imports
# (``flow -> notify.queue_sms -> sms.deliver`` is 2): a send deeper is not attributed.
DEFAULT_MAX_CALL_DEPTH = 3


class EventSettings(NamedTuple):
    """``[tool.event-lint.events."NAME"]``: per-event overrides."""

    compatibility: str | None = None
    compatibility_policy: str | None = None
    require_id: bool | None = None  # true: always (EL201 error); false: never
    # false: a name kept although it breaks name-pattern (renaming a production event
    # breaks every consumer); event-registry check then does not report it (SL303)
    check_name: bool = True


class Config(NamedTuple):
    root: Path  # the folder of the pyproject.toml, or the working directory without one
    source: Path | None = None  # the pyproject.toml read, if any
    registry: Path | None = None  # absolute; None when not configured and schemas/ is absent
    # set explicitly (flag or config), so a missing one is an error
    registry_configured: bool = False
    codegen_out: Path | None = None  # the generated module: codegen's default --out
    catalog_source_url: str | None = None  # catalog's code links: a URL with {path}, {line}
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    exclude: tuple[str, ...] = ()
    # Folders (relative to root) that imports start from, as ruff's ``src``; empty:
    # inferred from the packages (see docs/layouts.md)
    src: tuple[str, ...] = ()
    name_pattern: str = DEFAULT_NAME_PATTERN
    # None (unset): EL201 warns where the event's data has a natural key; true or a list
    # of name globs: those events always need an id (error); false: never checked.
    require_id: bool | tuple[str, ...] | None = None
    compatibility: str = "BACKWARD_TRANSITIVE"
    compatibility_policy: str = "strict"
    schema_dialect: str = "2020-12"  # the dialect of a schema without `$schema`
    events: Mapping[str, EventSettings] = {}  # never mutated: one empty default serves
    skip_lints: tuple[str, ...] = ()  # registry lint codes to skip
    max_file_size: int = DEFAULT_MAX_FILE_SIZE  # bytes: a larger file is reported, not parsed
    file_timeout: float = DEFAULT_FILE_TIMEOUT  # seconds one file may take to parse
    max_call_depth: int = DEFAULT_MAX_CALL_DEPTH  # modules followed from a function's calls

    def compatibility_for(self, event: str) -> tuple[str, str]:
        """The (level, policy) that applies to one event."""
        settings = self.events.get(event, EventSettings())
        return (
            settings.compatibility or self.compatibility,
            settings.compatibility_policy or self.compatibility_policy,
        )

    def selects(self, code: str) -> bool:
        """Whether ``select`` / ``extend-select`` / ``ignore`` leave ``code`` on. Code
        prefixes, the most specific wins (a tie goes to ``ignore``): ``select = ["EL1"]``
        keeps EL101..EL105, ``ignore = ["EL102"]`` then drops one."""
        chosen = max(_rank(code, self.select or ("EL",)), _rank(code, self.extend_select))
        return chosen >= 0 and chosen > _rank(code, self.ignore)


def _rank(code: str, prefixes: Iterable[str]) -> int:
    ranks = [
        0 if p.upper() == "ALL" else len(p)
        for p in prefixes
        if p.upper() == "ALL" or code.startswith(p.upper())
    ]
    return max(ranks, default=-1)


_CONFIG_LIMIT = 1024 * 1024  # a pyproject.toml larger than this is not a config we read


def find_pyproject(start: Path) -> Path | None:
    """The nearest pyproject.toml at or above ``start`` that has ``[tool.event-lint]``,
    else the nearest pyproject.toml at all."""
    start = start.resolve()
    candidates = [d / "pyproject.toml" for d in (start, *start.parents)]
    # os.path.isfile: false, not an error, under a folder this user cannot enter.
    existing = [c for c in candidates if os.path.isfile(c)]
    for candidate in existing:
        try:
            if b"[tool.event-lint" in read_regular(candidate, _CONFIG_LIMIT):
                return candidate
        except OSError:
            continue
    return existing[0] if existing else None


def load_config(start: Path | None = None, registry: Path | None = None) -> Config:
    """Read the configuration that applies at ``start`` (default: the working directory).

    ``registry`` (from ``--registry``) wins over the config file.
    """
    start = (start or Path.cwd()).resolve()
    if os.path.isfile(start):
        start = start.parent
    pyproject = find_pyproject(start)
    table: dict[str, Any] = {}
    root = start
    if pyproject is not None:
        root = pyproject.parent
        table = _read_table(pyproject)
    config = _from_table(table, root, pyproject)
    if registry is not None:
        config = config._replace(registry=registry.resolve(), registry_configured=True)
    return config


def _read_table(pyproject: Path) -> dict[str, Any]:
    try:
        raw = read_regular(pyproject, _CONFIG_LIMIT)
    except OSError as exc:
        raise UserError(f"{pyproject}: cannot read: {exc.strerror or exc}") from None
    # Every spelling of the table ([tool.event-lint], tool.event-lint.x = ..., an inline
    # table under [tool]) names it: without the text there is nothing to parse.
    if b"event-lint" not in raw:
        return {}
    if sys.version_info >= (3, 11):
        import tomllib  # imported when needed: most pre-commit runs never get here
    else:  # pragma: no cover - exercised on 3.10 only
        import tomli as tomllib
    try:
        document = tomllib.loads(raw.decode())
    except tomllib.TOMLDecodeError as exc:
        raise UserError(f"{pyproject}: invalid TOML: {exc}") from None
    except UnicodeDecodeError as exc:
        raise UserError(f"{pyproject}: cannot read: {exc}") from None
    tool = document.get("tool", {})
    table = tool.get("event-lint", {}) if isinstance(tool, dict) else {}
    if not isinstance(table, dict):
        raise UserError(f"{pyproject}: [tool.event-lint] must be a table")
    return table


_KEYS = {
    "registry",
    "select",
    "ignore",
    "extend-select",
    "per-file-ignores",
    "exclude",
    "name-pattern",
    "require-id",
    "compatibility",
    "compatibility-policy",
    "schema-dialect",
    "events",
    "skip-lints",
    "max-file-size",
    "file-timeout",
    "max-call-depth",
    "src",
    "codegen-out",
    "catalog-source-url",
}


def _inside_project(root: Path, value: str, key: str, where: str) -> Path:
    """``root / value``, symlinks followed, refused unless it stays in the project.

    A config comes with the repository, so in CI a pull request writes it: its paths must
    not make the tool read a registry from, or write generated code to, elsewhere on the
    runner. The project is the git work tree around the config (the nearest folder above
    it holding ``.git``, which no commit can create), else the config's own folder. A path
    given on the command line (``--registry``, ``--out``) is the user's and is not checked.
    """
    path = Path(os.path.realpath(root / value))
    top = _project_top(root)
    if path != top and not path.is_relative_to(top):
        raise UserError(
            f"{where}: {key} {value!r} leads outside the project ({top}); "
            "pass the path on the command line to use one elsewhere"
        )
    return path


def _project_top(root: Path) -> Path:
    real = Path(os.path.realpath(root))
    for folder in (real, *real.parents):
        if os.path.lexists(folder / ".git"):
            return folder
    return real


def _from_table(table: dict[str, Any], root: Path, source: Path | None) -> Config:
    where = f"{source}: [tool.event-lint]" if source else "[tool.event-lint]"
    unknown = sorted(set(table) - _KEYS)
    if unknown:
        raise UserError(f"{where}: unknown key {unknown[0]!r} (known: {', '.join(sorted(_KEYS))})")

    def strings(key: str) -> tuple[str, ...]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise UserError(f"{where}: {key} must be a list of strings")
        return tuple(value)

    codegen_out = table.get("codegen-out")
    if codegen_out is not None and not isinstance(codegen_out, str):
        raise UserError(f"{where}: codegen-out must be a path string")
    source_url = table.get("catalog-source-url")
    if source_url is not None and not isinstance(source_url, str):
        raise UserError(f"{where}: catalog-source-url must be a string")

    registry_value = table.get("registry")
    if registry_value is not None and not isinstance(registry_value, str):
        raise UserError(f"{where}: registry must be a path string")
    if registry_value is not None:
        registry: Path | None = _inside_project(root, registry_value, "registry", where)
    else:
        default = root / "schemas"
        registry = (
            _inside_project(root, "schemas", "registry (default)", where)
            if os.path.isdir(default)
            else None
        )

    name_pattern = table.get("name-pattern", DEFAULT_NAME_PATTERN)
    if not isinstance(name_pattern, str):
        raise UserError(f"{where}: name-pattern must be a string")
    try:
        re.compile(name_pattern)
    except re.error as exc:
        raise UserError(f"{where}: name-pattern is not a valid regular expression: {exc}") from None

    require_id = table.get("require-id")
    if isinstance(require_id, list) and all(isinstance(v, str) for v in require_id):
        require_id = tuple(require_id)
    elif require_id is not None and not isinstance(require_id, bool):
        raise UserError(f"{where}: require-id must be true, false or a list of name globs")

    per_file = table.get("per-file-ignores", {})
    if not isinstance(per_file, dict) or not all(
        isinstance(v, list) and all(isinstance(c, str) for c in v) for v in per_file.values()
    ):
        raise UserError(f"{where}: per-file-ignores must map globs to lists of codes")

    level = _choice(table, "compatibility", COMPATIBILITY_LEVELS, "BACKWARD_TRANSITIVE", where)
    policy = _choice(table, "compatibility-policy", COMPATIBILITY_POLICIES, "strict", where)
    dialect = _choice(table, "schema-dialect", SCHEMA_DIALECTS, "2020-12", where)

    return Config(
        root=root,
        source=source,
        registry=registry,
        registry_configured=registry_value is not None,
        codegen_out=(
            _inside_project(root, codegen_out, "codegen-out", where)
            if codegen_out is not None
            else None
        ),
        catalog_source_url=source_url,
        select=strings("select"),
        ignore=strings("ignore"),
        extend_select=strings("extend-select"),
        per_file_ignores=tuple((glob, tuple(codes)) for glob, codes in per_file.items()),
        exclude=strings("exclude"),
        src=strings("src"),
        name_pattern=name_pattern,
        require_id=require_id,
        compatibility=level,
        compatibility_policy=policy,
        schema_dialect=dialect,
        events=_events(table.get("events", {}), where),
        skip_lints=strings("skip-lints"),
        max_file_size=int(_positive(table, "max-file-size", DEFAULT_MAX_FILE_SIZE, where)),
        file_timeout=float(_positive(table, "file-timeout", DEFAULT_FILE_TIMEOUT, where)),
        max_call_depth=_count(table, "max-call-depth", DEFAULT_MAX_CALL_DEPTH, where),
    )


def _choice(
    table: dict[str, Any], key: str, allowed: tuple[str, ...], default: str, where: str
) -> str:
    value = table.get(key, default)
    if value not in allowed:
        raise UserError(f"{where}: {key} must be one of {', '.join(allowed)}, not {value!r}")
    return str(value)


def _positive(table: dict[str, Any], key: str, default: float, where: str) -> float:
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < 1e15:
        raise UserError(f"{where}: {key} must be a positive number, not {value!r}")
    return value


def _count(table: dict[str, Any], key: str, default: int, where: str) -> int:
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise UserError(f"{where}: {key} must be a whole number, 0 or more, not {value!r}")
    return value


def _events(raw: object, where: str) -> dict[str, EventSettings]:
    if not isinstance(raw, dict):
        raise UserError(f"{where}: events must be a table of event names")
    result = {}
    for name, settings in raw.items():
        here = f'{where}.events."{name}"'
        if not isinstance(settings, dict):
            raise UserError(f"{here} must be a table")
        known = {"compatibility", "compatibility-policy", "require-id", "check-name"}
        extra = sorted(set(settings) - known)
        if extra:
            raise UserError(f"{here}: unknown key {extra[0]!r}")
        require_id = settings.get("require-id")
        if require_id is not None and not isinstance(require_id, bool):
            raise UserError(f"{here}: require-id must be true or false")
        check_name = settings.get("check-name", True)
        if not isinstance(check_name, bool):
            raise UserError(f"{here}: check-name must be true or false")
        result[name] = EventSettings(
            compatibility=_optional(settings, "compatibility", COMPATIBILITY_LEVELS, here),
            compatibility_policy=_optional(
                settings, "compatibility-policy", COMPATIBILITY_POLICIES, here
            ),
            require_id=require_id,
            check_name=check_name,
        )
    return result


def _optional(table: dict[str, Any], key: str, allowed: tuple[str, ...], where: str) -> str | None:
    return _choice(table, key, allowed, "", where) if key in table else None
