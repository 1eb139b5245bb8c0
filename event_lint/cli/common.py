"""What the ``event-registry`` commands share, written once: the loaded config and
registry (``state``), the ``--output-format`` and ``--version`` options (and the version
they name: ``known_version``), and JSON output.

One spelling across both CLIs: ``--output-format``, as ``event-lint`` and ruff spell it.
The spellings of earlier releases (``--format``, ``--v``) still work, left out of
``--help`` and of error messages, so scripts written for them keep running.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable, Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from event_lint.config import Config, load_config
from event_lint.errors import UserError

if TYPE_CHECKING:
    from event_lint.registry import Registry

_Command = TypeVar("_Command", bound=Callable[..., Any])


class AliasedOption(click.Option):
    """An option that also answers to old spellings (``aliases``), which ``--help`` and
    error messages leave out: the option itself knows only its current name."""

    def __init__(self, *args: Any, aliases: Sequence[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.aliases = tuple(aliases)

    def add_to_parser(self, parser: Any, ctx: click.Context) -> None:
        super().add_to_parser(parser, ctx)
        if self.aliases:
            parser.add_option(obj=self, opts=self.aliases, dest=self.name, nargs=self.nargs)


def output_format(*choices: str, help: str = "Output format.") -> Callable[[_Command], _Command]:
    """``--output-format`` (formerly ``--format``) with ``choices``, the first the default."""
    return click.option(
        "--output-format",
        "output_format",
        cls=AliasedOption,
        aliases=("--format",),
        type=click.Choice(choices),
        default=choices[0],
        show_default=True,
        help=help,
    )


def path_option(
    *names: str, help: str, multiple: bool = False, **checks: bool
) -> Callable[[_Command], _Command]:
    """An option that names a file or folder, handed to the command as a ``Path``;
    ``checks`` are ``click.Path``'s (``exists``, ``dir_okay``, ...)."""
    return click.option(
        *names, multiple=multiple, type=click.Path(path_type=Path, **checks), help=help
    )


TEXT_OR_JSON = output_format("text", "json")
EVENT_VERSION = click.option(
    "--version",
    "version",
    cls=AliasedOption,
    aliases=("--v",),
    metavar="V",
    help="Version (default: the latest).",
)


def known_version(registry: Registry, name: str, version: str | None) -> str:
    """``version`` of event ``name`` (the latest when None), or a UserError that names
    the closest event or the versions there are."""
    if not registry.has(name):
        close = difflib.get_close_matches(name, registry.names(), n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        raise UserError(f"unknown event {name!r}{hint}")
    if version is None:
        return registry.latest(name)
    if not registry.has(name, version):
        known = ", ".join(registry.versions(name))
        raise UserError(f"{name} has no version {version!r} (versions: {known})")
    return version


def echo_json(document: Any) -> None:
    """``document`` as indented JSON on stdout. Text from a stranger's repository may
    hold a terminal escape or a right-to-left override: any character that is not
    printable is written as its JSON escape, so the JSON means the same and shows safely."""
    text = json.dumps(document, indent=2, ensure_ascii=False)
    if not text.replace("\n", "").isprintable():
        text = "".join(c if c.isprintable() or c == "\n" else _json_escape(c) for c in text)
    click.echo(text)


def _json_escape(char: str) -> str:
    return json.dumps(char)[1:-1]  # "\u001b", or a surrogate pair beyond the BMP


class State:
    """What every command shares: the config and the registry, each loaded on first use."""

    def __init__(self, registry_option: Path | None) -> None:
        self.registry_option = registry_option

    @cached_property
    def config(self) -> Config:
        return load_config(registry=self.registry_option)

    @cached_property
    def registry_root(self) -> Path:
        """The registry folder, relative to the working directory when it is inside it."""
        root = self.config.registry or (self.config.root / "schemas")
        cwd = Path.cwd()
        return root.relative_to(cwd) if root.is_relative_to(cwd) and root != cwd else root

    @cached_property
    def registry(self) -> Registry:
        from event_lint.registry import Registry
        from event_lint.registry.loader import Reading

        return Registry.load(self.registry_root, reading=Reading.of(self.config))


def state(ctx: click.Context) -> State:
    found = ctx.find_object(State)
    if found is None:  # pragma: no cover - every command runs under the group
        raise RuntimeError("event-registry command run outside its group")
    return found
