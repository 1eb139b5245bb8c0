"""``event-lint [PATHS...]``: lint Python code that sends, triggers on or waits for Inngest events.

Exit status: 0 clean, 1 problems found (an EL903 on one file is one), 2 usage/config/registry
error or a crash beyond one file (a rule: EL903). Diagnostics go to stdout in the chosen format;
the summary and notes to stderr.

This module is on the path of every pre-commit run, so it imports only the config and
the run itself (``invocation.py``). Most runs name paths and a few flags: ``main`` parses
those itself. Anything else (``--help``, ``--version``, a rarer option, a usage error) is
parsed by click (``lint_cmd.py``, ~10 ms to import), so it behaves as it always has.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

from event_lint.cli.invocation import Invocation, Options, echo, summary_line
from event_lint.config import Config, load_config
from event_lint.errors import UserError

__all__ = ["OUTPUT_FORMATS", "main", "run", "summary_line"]

# Kept here rather than imported from event_lint.cli.output so --help stays cheap;
# a test checks the two lists agree.
OUTPUT_FORMATS = ("text", "concise", "full", "json", "json-lines", "sarif", "github", "junit")

# The flags the common case uses, by the field of ``Options`` they set.
_FLAGS = {
    "--no-cache": "no_cache",
    "--quiet": "quiet",
    "-q": "quiet",
    "--exit-zero": "exit_zero",
    "--statistics": "statistics",
    "--fix": "fix",
    "--diff": "diff",
    "--unsafe-fixes": "unsafe_fixes",
}
_VALUED = ("--output-format", "--jobs", "-j")  # the common options that take a value


def main(argv: Sequence[str] | None = None) -> None:
    """The console script: one line on stderr and exit 2 for any bad input."""
    args = sys.argv[1:] if argv is None else list(argv)
    if _wants_server(args):
        from event_lint.server import main as serve

        serve()
    try:
        options = common_options(args)
        if options is None:
            from event_lint.cli.lint_cmd import run_click

            code = run_click(args)
        else:
            code = run(options)
    except UserError as error:
        from event_lint.printable import printable  # a path in it may hold anything

        echo(f"event-lint: error: {printable(str(error))}", err=True)
        code = 2
    except KeyboardInterrupt:  # as click reports it: a new line, exit 130
        echo("", err=True)
        code = 130
    sys.exit(code)


def common_options(args: Sequence[str]) -> Options | None:
    """``args`` when they are paths and the common flags only (pre-commit's case), read
    without click; None for anything else, which click then parses (and reports)."""
    flags: set[str] = set()
    values = {"--output-format": "text", "--jobs": None}
    paths: list[Path] = []
    rest = iter(args)
    for arg in rest:
        name, equals, value = arg.partition("=")
        if arg in _FLAGS:
            flags.add(_FLAGS[arg])
        elif name in _VALUED:
            given = value if equals else next(rest, None)
            if given is None:  # click says which option lacks its value
                return None
            values["--jobs" if name == "-j" else name] = given
        elif arg.startswith("-") or not arg:
            return None
        else:
            paths.append(Path(arg))
    output_format, jobs = values["--output-format"], values["--jobs"]
    if output_format not in OUTPUT_FORMATS:
        return None
    if jobs is not None and not (jobs.isascii() and jobs.isdigit() and int(jobs) >= 1):
        return None
    return Options(
        paths=tuple(paths),
        output_format=output_format,
        statistics="statistics" in flags,
        stdin_filename=None,
        exit_zero="exit_zero" in flags,
        use_cache="no_cache" not in flags,
        jobs=int(jobs) if jobs is not None else None,
        fix="fix" in flags,
        unsafe_fixes="unsafe_fixes" in flags,
        diff="diff" in flags,
        quiet="quiet" in flags,
        coverage=False,
    )


def run(
    options: Options,
    registry: Path | None = None,
    select: tuple[str, ...] = (),
    ignore: tuple[str, ...] = (),
    extend_select: tuple[str, ...] = (),
) -> int:
    """Load the config that applies to the first path (or stdin's name), then lint."""
    start = (
        Path(options.stdin_filename)
        if options.stdin_filename
        else (options.paths or (Path("."),))[0]
    )
    config = load_config(_existing(start.absolute()), registry=registry)
    config = _select(config, select, ignore, extend_select)
    return Invocation(options, config, registry_flag=registry is not None).run()


def _existing(path: Path) -> Path:
    """The config of a file not on disk (an editor's new buffer) is its folder's; so is
    the config of a file under a folder this user cannot enter (``os.path.exists`` is
    false there, where ``Path.exists`` raises)."""
    return next((p for p in (path, *path.parents) if os.path.exists(p)), Path.cwd())


def _select(
    config: Config, select: tuple[str, ...], ignore: tuple[str, ...], extend: tuple[str, ...]
) -> Config:
    """The flags win over the config, as in ruff: ``--select`` starts the choice afresh
    (the config's ignore and extend-select no longer apply); ``--ignore`` and
    ``--extend-select`` add to what is chosen."""
    if select:
        config = config._replace(select=select, ignore=(), extend_select=())
    return config._replace(
        ignore=config.ignore + ignore,
        extend_select=config.extend_select + extend,
    )


def _wants_server(args: list[str]) -> bool:
    """``event-lint server`` (with ``--stdio``, as some editors add): the language server.
    Alone, ``server`` still lints a folder named so where there is one."""
    if args[:1] != ["server"] or any(a != "--stdio" for a in args[1:]):
        return False
    return len(args) > 1 or not Path("server").exists()


if __name__ == "__main__":
    main()
