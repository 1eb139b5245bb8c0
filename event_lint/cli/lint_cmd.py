"""``event-lint``'s full command line, parsed by click: ``--help``, ``--version``,
``--explain``, the rarer options and every usage error. Most runs never import this
module: ``lint.main`` parses the common case (paths and a few flags) itself.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import click

from event_lint.cli.invocation import Options
from event_lint.cli.lint import OUTPUT_FORMATS, run
from event_lint.errors import UserError

_SELECTOR = re.compile(r"^(ALL|EL\d{0,3})$", re.IGNORECASE)


def run_click(args: Sequence[str]) -> int:
    """Parse ``args`` with click and run; a usage error is one line and exit code 2."""
    from event_lint.printable import printable  # a path in it may hold anything

    try:
        code: int = cli.main(args=list(args), prog_name="event-lint", standalone_mode=False)
    except click.ClickException as error:
        click.echo(f"event-lint: error: {printable(error.format_message())}", err=True)
        return 2
    except click.Abort:
        return 130
    return code


def _codes(ctx: click.Context, param: click.Parameter, value: str | None) -> tuple[str, ...]:
    """A comma-separated list of codes from a flag; empty when the flag is not given."""
    if value is None:
        return ()
    codes = tuple(code.strip().upper() for code in value.split(",") if code.strip())
    bad = [code for code in codes if not _SELECTOR.match(code)]
    if bad:
        raise click.BadParameter(f"{bad[0]!r} is not a rule code or prefix (EL101, EL1, ALL)")
    return codes


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path, allow_dash=True))
@click.option(
    "--output-format",
    type=click.Choice(OUTPUT_FORMATS),
    default="text",
    show_default=True,
    help="How diagnostics are printed on stdout.",
)
@click.option("--statistics", is_flag=True, help="Print the number of diagnostics per code.")
@click.option("--explain", metavar="CODE", help="Explain a rule and exit.")
@click.option(
    "--stdin-filename",
    metavar="PATH",
    help="Read the source from stdin and report it under PATH (for editors).",
)
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when problems are found.")
@click.option("--no-cache", is_flag=True, help="Neither read nor write .event_lint_cache/.")
@click.option(
    "--jobs", "-j", type=click.IntRange(min=1), help="Worker processes (default: one per core)."
)
@click.option(
    "--registry",
    type=click.Path(path_type=Path),
    help="The schema registry folder (overrides [tool.event-lint] registry).",
)
@click.option(
    "--select",
    metavar="CODES",
    callback=_codes,
    help="Comma-separated codes or prefixes to check, instead of the config's choice.",
)
@click.option(
    "--ignore", metavar="CODES", callback=_codes, help="Comma-separated codes or prefixes to skip."
)
@click.option(
    "--extend-select", metavar="CODES", callback=_codes, help="Codes or prefixes to add to select."
)
@click.option(
    "--coverage", is_flag=True, help="Report registry events never used and triggers never sent."
)
@click.option("--fix", is_flag=True, help="Apply safe fixes.")
@click.option("--unsafe-fixes", is_flag=True, help="Also apply unsafe fixes (with --fix/--diff).")
@click.option("--diff", is_flag=True, help="Print the fixes as a unified diff; write nothing.")
@click.option(
    "--add-noqa",
    is_flag=True,
    help="Add `# noqa: CODE` to every line with a finding (a baseline); print nothing else.",
)
@click.option("--quiet", "-q", is_flag=True, help="Print diagnostics only: no summary.")
@click.version_option(package_name="event-lint", prog_name="event-lint")
def cli(
    paths: tuple[Path, ...],
    output_format: str,
    statistics: bool,
    explain: str | None,
    stdin_filename: str | None,
    exit_zero: bool,
    no_cache: bool,
    jobs: int | None,
    registry: Path | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    extend_select: tuple[str, ...],
    coverage: bool,
    fix: bool,
    unsafe_fixes: bool,
    diff: bool,
    add_noqa: bool,
    quiet: bool,
) -> int:
    """Lint Python code that sends, triggers on or waits for Inngest events."""
    if explain is not None:
        return _explain(explain)
    options = Options(
        paths=_check_paths(paths, stdin_filename),
        output_format=output_format,
        statistics=statistics,
        stdin_filename=stdin_filename,
        exit_zero=exit_zero,
        use_cache=not no_cache,
        jobs=jobs,
        fix=fix,
        unsafe_fixes=unsafe_fixes,
        diff=diff,
        quiet=quiet,
        coverage=coverage,
        add_noqa=add_noqa,
    )
    _check_add_noqa(options)
    return run(options, registry, select, ignore, extend_select)


def _check_add_noqa(options: Options) -> None:
    if not options.add_noqa:
        return
    if options.stdin_filename is not None:
        raise click.UsageError("--add-noqa writes files: it cannot be used with --stdin-filename")
    others = {"--fix": options.fix, "--diff": options.diff, "--coverage": options.coverage}
    clash = [flag for flag, given in others.items() if given]
    if clash:
        raise click.UsageError(f"--add-noqa cannot be used with {clash[0]}")


def _check_paths(paths: tuple[Path, ...], stdin_filename: str | None) -> tuple[Path, ...]:
    reads_stdin = Path("-") in paths
    if stdin_filename is None and reads_stdin:
        raise click.UsageError("reading the source from stdin ('-') needs --stdin-filename PATH")
    if stdin_filename is not None and [p for p in paths if p != Path("-")]:
        raise click.UsageError("--stdin-filename lints stdin only: pass no other PATHS")
    return tuple(p for p in paths if p != Path("-"))


def _explain(code: str) -> int:
    from event_lint.codes import lookup

    entry = lookup(code)
    if entry is None:
        raise UserError(f"unknown rule code {code!r}: codes look like EL101 (see docs/rules.md)")
    click.echo(entry.explanation, nl=False)
    return 0
