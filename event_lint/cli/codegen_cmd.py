"""``event-registry codegen --out PATH [--check]``: typed event classes from the registry."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from event_lint.cli.common import state
from event_lint.codegen import generate_module, is_current, write_atomically
from event_lint.config import Config
from event_lint.errors import UserError
from event_lint.files import read_regular

# ruff's own order of precedence between the config files of one folder.
_RUFF_CONFIGS = (".ruff.toml", "ruff.toml", "pyproject.toml")
_CONFIG_LIMIT = 1024 * 1024


@click.command("codegen")
@click.option(
    "--out",
    "out",
    type=click.Path(path_type=Path, dir_okay=False),
    help="The Python module to write (default: codegen-out in [tool.event-lint]).",
)
@click.option(
    "--check",
    is_flag=True,
    help="Write nothing; exit 1 when the file on disk is stale or missing, 0 when current.",
)
@click.option(
    "--line-length",
    type=click.IntRange(40, 320),
    default=None,
    help="Format for this line length (default: ruff's line-length for the output file, else 88).",
)
@click.pass_context
def codegen(ctx: click.Context, out: Path | None, check: bool, line_length: int | None) -> None:
    """Generate typed pydantic payload classes, one per event and version."""
    out = out or _configured_out(state(ctx).config)
    if out is None:
        if check:  # a hook on a project that generates no classes: nothing to compare
            click.echo("codegen --check: no codegen-out in [tool.event-lint]: nothing to check")
            return
        raise UserError("codegen needs --out PATH, or codegen-out in [tool.event-lint]")
    width = line_length if line_length is not None else ruff_line_length(out)
    text = generate_module(state(ctx).registry, width)
    current = is_current(out, text)
    if check:
        if not current:
            reason = "is stale" if out.exists() else "does not exist"
            click.echo(f"{out}: {reason}: run `event-registry codegen --out {out}`", err=True)
            ctx.exit(1)
        click.echo(f"{out}: up to date")
        return
    if current:
        click.echo(f"{out}: up to date")
        return
    write_atomically(out, text)
    click.echo(f"{out}: written")


def _configured_out(config: Config) -> Path | None:
    """``codegen-out``, shown relative to the working directory when it is inside it."""
    if config.codegen_out is None:
        return None
    return (
        Path(os.path.relpath(config.codegen_out))
        if config.codegen_out.is_relative_to(Path.cwd())
        else config.codegen_out
    )


def ruff_line_length(out: Path) -> int:
    """The ``line-length`` of the ruff config that governs ``out`` (the nearest one, as ruff
    finds it, following its ``extend`` chain), so the generated module is ``ruff
    format``-clean in its project; else 88."""
    for folder in Path(out).resolve().parents:
        for name in _RUFF_CONFIGS:
            path = folder / name
            if path.is_file() and (settings := _ruff_settings(path)) is not None:
                return _line_length(path, settings)
    return 88


def _ruff_settings(path: Path) -> dict[str, Any] | None:
    """ruff's settings in ``path`` (``[tool.ruff]`` of a pyproject.toml), or None when a
    pyproject.toml has none: ruff skips it and looks further up."""
    settings: Any = _toml(path)
    if path.name == "pyproject.toml":
        tool = settings.get("tool")
        settings = tool.get("ruff") if isinstance(tool, dict) else None
    return settings if isinstance(settings, dict) else None


def _line_length(path: Path, settings: dict[str, Any]) -> int:
    """``line-length`` from ``settings`` or, when it is not set there, from the file its
    ``extend`` names (relative to ``path``'s folder, ``~`` expanded), and so on up the chain."""
    seen = {path.resolve()}
    while "line-length" not in settings and "extend" in settings:
        extend = settings["extend"]
        if not isinstance(extend, str):
            raise UserError(f"{path}: extend must be a path string")
        base = Path(os.path.normpath(path.parent / os.path.expanduser(extend)))
        if base.resolve() in seen:
            raise UserError(f"{path}: extend {extend!r} makes a cycle")
        if not base.is_file():
            raise UserError(f"{path}: extend {extend!r}: no such file")
        seen.add(base.resolve())
        path, settings = base, _ruff_settings(base) or {}
    length = settings.get("line-length", 88)
    if not isinstance(length, int) or isinstance(length, bool) or not 1 <= length <= 320:
        raise UserError(f"{path}: line-length must be an integer from 1 to 320")
    return length


def _toml(path: Path) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on 3.10 only
        import tomli as tomllib
    try:
        return tomllib.loads(read_regular(path, _CONFIG_LIMIT).decode())
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise UserError(f"{path}: cannot read: {exc}") from None
