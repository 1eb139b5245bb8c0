"""``event-lint [PATHS...]``: lint Python code that sends, triggers on or waits for Inngest events.

Exit status: 0 clean, 1 problems found (an EL903 on one file is one), 2 usage/config/registry
error or a crash beyond one file (a rule: EL903). Diagnostics go to stdout in the chosen format;
the summary and notes to stderr.

This module is on the path of every pre-commit run, so it imports only click, the config
and the engine entry; output formats, fixes, rules and the registry are imported when used.
"""

from __future__ import annotations

import os
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import click

from event_lint.config import Config, load_config
from event_lint.errors import UserError

if TYPE_CHECKING:
    from event_lint.cli.output import Report
    from event_lint.diagnostics import Diagnostic
    from event_lint.linter.engine import LintResult
    from event_lint.linter.fixes import DecodedSource
    from event_lint.registry import Registry

# Kept here rather than imported from event_lint.cli.output so --help stays cheap;
# a test checks the two lists agree.
OUTPUT_FORMATS = ("text", "concise", "full", "json", "json-lines", "sarif", "github", "junit")

_SELECTOR = re.compile(r"^(ALL|EL\d{0,3})$", re.IGNORECASE)


@dataclass(frozen=True)
class Options:
    paths: tuple[Path, ...]
    output_format: str
    statistics: bool
    stdin_filename: str | None
    exit_zero: bool
    use_cache: bool
    jobs: int | None
    fix: bool
    unsafe_fixes: bool
    diff: bool
    quiet: bool
    coverage: bool
    add_noqa: bool = False


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
    start = Path(stdin_filename) if stdin_filename else (options.paths or (Path("."),))[0]
    config = load_config(_existing(start.absolute()), registry=registry)
    config = _select(config, select, ignore, extend_select)
    return _Invocation(options, config, registry_flag=registry is not None).run()


def _check_add_noqa(options: Options) -> None:
    if not options.add_noqa:
        return
    if options.stdin_filename is not None:
        raise click.UsageError("--add-noqa writes files: it cannot be used with --stdin-filename")
    others = {"--fix": options.fix, "--diff": options.diff, "--coverage": options.coverage}
    clash = [flag for flag, given in others.items() if given]
    if clash:
        raise click.UsageError(f"--add-noqa cannot be used with {clash[0]}")


def _existing(path: Path) -> Path:
    """The config of a file not on disk (an editor's new buffer) is its folder's; so is
    the config of a file under a folder this user cannot enter (``os.path.exists`` is
    false there, where ``Path.exists`` raises)."""
    return next((p for p in (path, *path.parents) if os.path.exists(p)), Path.cwd())


def _check_paths(paths: tuple[Path, ...], stdin_filename: str | None) -> tuple[Path, ...]:
    reads_stdin = Path("-") in paths
    if stdin_filename is None and reads_stdin:
        raise click.UsageError("reading the source from stdin ('-') needs --stdin-filename PATH")
    if stdin_filename is not None and [p for p in paths if p != Path("-")]:
        raise click.UsageError("--stdin-filename lints stdin only: pass no other PATHS")
    return tuple(p for p in paths if p != Path("-"))


def _select(
    config: Config, select: tuple[str, ...], ignore: tuple[str, ...], extend: tuple[str, ...]
) -> Config:
    """The flags win over the config, as in ruff: ``--select`` starts the choice afresh
    (the config's ignore and extend-select no longer apply); ``--ignore`` and
    ``--extend-select`` add to what is chosen."""
    if select:
        config = replace(config, select=select, ignore=(), extend_select=())
    return replace(
        config,
        ignore=config.ignore + ignore,
        extend_select=config.extend_select + extend,
    )


def _explain(code: str) -> int:
    from event_lint.codes import lookup

    entry = lookup(code)
    if entry is None:
        raise UserError(f"unknown rule code {code!r}: codes look like EL101 (see docs/rules.md)")
    click.echo(entry.explanation, nl=False)
    return 0


class _Registry:
    """The registry, loaded at most once, and only when some file needs it."""

    def __init__(self, config: Config, from_flag: bool) -> None:
        self.path = config.registry
        self.loaded: Registry | None = None
        if self.path is not None and not self.path.is_dir():
            if config.registry_configured:  # a default schemas/ that vanished is just "none"
                where = "--registry" if from_flag else config.source
                raise UserError(f"registry folder {self.path} does not exist (set in {where})")
            self.path = None

    def __call__(self) -> Registry | None:
        if self.path is not None and self.loaded is None:
            from event_lint.registry import Registry

            self.loaded = Registry.load(self.path)
        return self.loaded


class _Invocation:
    """One invocation: lint, then print, fix or report coverage, and pick the exit code."""

    def __init__(self, options: Options, config: Config, registry_flag: bool) -> None:
        self.options = options
        self.config = config
        self.registry = _Registry(config, from_flag=registry_flag)
        self.cwd = Path.cwd()
        self.stdin_data = b""  # stdin as read, or as fixed
        self.stdin: DecodedSource | None = None  # the decoded stdin, when it decodes
        self.sources: dict[str, str | None] = {}
        self.started_ns = time.time_ns()  # a file modified after this is linted again to fix

    def run(self) -> int:
        result = self.lint()
        if self.options.coverage:
            return self.report_coverage(result)
        if self.options.add_noqa:
            return self.add_noqa(result)
        if self.options.fix or self.options.diff:
            return self.fix(result)
        self.print_report(result.diagnostics)
        self.summary(result, fixed=None)
        return self.exit_code(result)

    # -- linting --------------------------------------------------------------------

    def lint(self) -> LintResult:
        from event_lint.linter.engine import LintOptions, lint_paths

        if self.options.stdin_filename is not None:
            self.stdin_data = _read_stdin()
            self.stdin = _decode(self.stdin_data)
            return self.lint_stdin()
        engine_options = LintOptions(
            use_cache=self.options.use_cache,
            jobs=self.options.jobs,
            progress=sys.stderr.isatty() and not self.options.quiet,
            keep_project=self.options.coverage,
        )
        return lint_paths(
            self.options.paths or (Path("."),), self.config, self.registry, engine_options
        )

    def lint_stdin(self) -> LintResult:
        from event_lint.linter.engine import lint_source

        assert self.options.stdin_filename is not None
        return lint_source(self.options.stdin_filename, self.stdin_data, self.config, self.registry)

    def exit_code(self, result: LintResult) -> int:
        if result.internal_errors:  # a rule or the run crashed; one file's EL903 is a finding
            return 2
        return 1 if result.diagnostics and not self.options.exit_zero else 0

    # -- output ---------------------------------------------------------------------

    def report(self, diagnostics: Sequence[Diagnostic]) -> Report:
        from event_lint.cli.output import Report

        return Report(
            diagnostics=diagnostics,
            cwd=self.cwd,
            srcroot=_repository_root(self.cwd) or self.config.root,
            read_source=self.source_text,
            unsafe_fixes=self.options.unsafe_fixes,
        )

    def print_report(self, diagnostics: Sequence[Diagnostic], err: bool = False) -> None:
        from event_lint.cli import output

        report = self.report(diagnostics)
        if self.options.statistics:
            from event_lint.cli.output import statistics

            text = statistics.render(report, as_json=self.options.output_format == "json")
        else:
            text = output.render(self.options.output_format, report)
        click.echo(text, nl=False, err=err)

    def source_text(self, path: str) -> str | None:
        if self.options.stdin_filename is not None:  # every diagnostic is about stdin
            return self.stdin.text if self.stdin else None
        if path not in self.sources:
            from event_lint.linter.fixes import read_source

            try:
                self.sources[path] = read_source(self.cwd / path).text
            except (OSError, UnicodeDecodeError, SyntaxError):  # the engine reported it
                self.sources[path] = None
        return self.sources[path]

    def note(self, message: str) -> None:
        """One line on stderr, shown printable; a note that names a file starts with it."""
        if not self.options.quiet:
            from event_lint.printable import shown_path

            click.echo(shown_path(message), err=True)

    def summary(self, result: LintResult, fixed: int | None) -> None:
        self.note(
            summary_line(result.diagnostics, result.files_checked, fixed, self.options.unsafe_fixes)
        )

    # -- coverage -------------------------------------------------------------------

    def report_coverage(self, result: LintResult) -> int:
        registry = self.registry()
        if registry is None:
            raise UserError(
                "--coverage needs a registry: set registry in [tool.event-lint] "
                "or pass --registry PATH"
            )
        from event_lint.cli.output.coverage import render_json, render_text
        from event_lint.linter.coverage import coverage

        if result.project is None:  # no file touches Inngest: every registry event is unused
            from event_lint.linter.model import Project

            project = Project()
        else:
            project = result.project
        report = coverage(project, registry)
        json = self.options.output_format == "json"
        click.echo((render_json if json else render_text)(report), nl=False)
        # A report, not a check (like `coverage report` without --fail-under).
        return 2 if result.internal_errors else 0

    # -- baseline -------------------------------------------------------------------

    def add_noqa(self, result: LintResult) -> int:
        """Write ``# noqa`` directives for every finding but file-level ones (EL90x: a
        file that does not parse has no line to put one on)."""
        by_file: dict[str, list[Diagnostic]] = {}
        for diagnostic in result.diagnostics:
            by_file.setdefault(diagnostic.path, []).append(diagnostic)
        added = sum(self.add_noqa_to(path, found) for path, found in sorted(by_file.items()))
        self.note(f"Added {added} noqa directive{_s(added)}.")
        return 2 if result.internal_errors else 0

    def add_noqa_to(self, path: str, diagnostics: list[Diagnostic]) -> int:
        from event_lint.linter.add_noqa import add_noqa
        from event_lint.linter.fixes import read_source, write_fixed

        try:
            source = read_source(self.cwd / path)
            if source.modified_since(self.started_ns):  # edited during the run: lines moved
                diagnostics = self.relinter(path, source)(source.text)
            lines: dict[int, set[str]] = {}
            for d in diagnostics:
                if not d.code.startswith("EL90"):
                    lines.setdefault(d.span.line, set()).add(d.code)
            baselined = add_noqa(source.text, lines)
            if baselined.added:
                write_fixed(self.cwd / path, source, baselined.text)
        except (OSError, UnicodeDecodeError, SyntaxError) as error:
            self.note(f"{path}: no noqa added: {_reason(error)}")
            return 0
        for line in baselined.skipped:
            self.note(f"{path}:{line}: no noqa added: the line cannot end in a comment")
        return baselined.added

    # -- fixing ---------------------------------------------------------------------

    def fix(self, result: LintResult) -> int:
        from event_lint.linter.fixes import is_applicable

        fixable: dict[str, list[Diagnostic]] = {}
        for diagnostic in result.diagnostics:
            if is_applicable(diagnostic.fix, self.options.unsafe_fixes):
                fixable.setdefault(diagnostic.path, []).append(diagnostic)
        applied = sum(self.fix_file(path, diagnostics) for path, diagnostics in fixable.items())
        if self.options.stdin_filename is not None:
            return self.finish_stdin(result, applied)
        if self.options.diff:
            self.note(f"Would fix {applied} error{_s(applied)}.")
            return 1 if applied and not self.options.exit_zero else 0
        remaining = self.lint() if applied else result
        self.print_report(remaining.diagnostics)
        self.summary(remaining, fixed=applied)
        return self.exit_code(remaining)

    def fix_file(self, path: str, diagnostics: list[Diagnostic]) -> int:
        """Fix one file (or stdin); returns the number of fixes applied."""
        from event_lint.linter.fixes import fix_source, read_source, unified_diff, write_fixed
        from event_lint.printable import printable, printable_lines

        reads_stdin = self.options.stdin_filename is not None
        try:
            source = self.stdin if reads_stdin else read_source(self.cwd / path)
        except (OSError, UnicodeDecodeError, SyntaxError) as error:
            self.note(f"{path}: not fixed: cannot read it again: {_reason(error)}")
            return 0
        if source is None:  # stdin that does not decode has no fixes
            return 0
        relint = self.relinter(path, source)
        if source.modified_since(self.started_ns):  # edited during the run: places moved
            diagnostics = relint(source.text)
        outcome = fix_source(
            source.text, diagnostics, unsafe=self.options.unsafe_fixes, relint=relint
        )
        for message in outcome.skipped:
            self.note(f"{path}: {message}")
        if self.options.diff:
            patch = unified_diff(printable(path), outcome.source, outcome.fixed)
            if sys.stdout.isatty():  # shown, not applied: a control character is escaped
                patch = printable_lines(patch)
            click.echo(patch, nl=False)
        elif reads_stdin:
            self.stdin = replace(source, text=outcome.fixed)
            self.stdin_data = source.encode(outcome.fixed)
        elif outcome.changed:
            try:
                write_fixed(self.cwd / path, source, outcome.fixed)
            except (OSError, UnicodeEncodeError) as error:  # nothing written: as it was
                self.note(f"{path}: not fixed: {_reason(error)}")
                return 0
        return len(outcome.applied)

    def relinter(self, path: str, source: DecodedSource) -> Callable[[str], list[Diagnostic]]:
        from event_lint.linter.engine import lint_source

        def relint(text: str) -> list[Diagnostic]:
            result = lint_source(path, source.encode(text), self.config, self.registry)
            return [d for d in result.diagnostics if d.path == path]

        return relint

    def finish_stdin(self, result: LintResult, applied: int) -> int:
        """Editors pipe a buffer in and take the fixed buffer back on stdout (with --fix),
        or a patch (with --diff); the remaining problems go to stderr."""
        if not self.options.diff:  # the buffer, fixed or as it came (it may not decode)
            sys.stdout.buffer.write(self.stdin_data)
            sys.stdout.flush()
        remaining = self.lint_stdin() if applied and not self.options.diff else result
        if not self.options.diff:
            self.print_report(remaining.diagnostics, err=True)
        self.summary(remaining, fixed=None if self.options.diff else applied)
        return self.exit_code(remaining)


def summary_line(
    diagnostics: Sequence[Diagnostic], files: int, fixed: int | None, unsafe_fixes: bool
) -> str:
    """``Found 3 errors (1 fixable with --fix).``, ``Found 3 errors (2 fixed, 1 remaining).``
    or ``All checks passed (12 files).``"""
    if fixed:
        total = fixed + len(diagnostics)
        return f"Found {total} error{_s(total)} ({fixed} fixed, {len(diagnostics)} remaining)."
    if not diagnostics:
        return f"All checks passed ({files} file{_s(files)})."
    counts = Counter(d.severity.value for d in diagnostics)
    found = " and ".join(f"{n} {severity}{_s(n)}" for severity, n in counts.items())
    return f"Found {found}{_fixable_part(diagnostics, unsafe_fixes)}."


def _fixable_part(diagnostics: Sequence[Diagnostic], unsafe_fixes: bool) -> str:
    safe = sum(1 for d in diagnostics if d.fix is not None and d.fix.edits and d.fix.safe)
    unsafe = sum(1 for d in diagnostics if d.fix is not None and d.fix.edits and not d.fix.safe)
    if unsafe_fixes:
        safe, unsafe = safe + unsafe, 0
    parts = []
    if safe:
        parts.append(f"{safe} fixable with --fix")
    if unsafe:
        more = " more" if safe else ""
        parts.append(f"{unsafe}{more} fixable with --fix --unsafe-fixes")
    return f" ({', '.join(parts)})" if parts else ""


def _s(count: int) -> str:
    return "" if count == 1 else "s"


def _read_stdin() -> bytes:
    """The buffer an editor pipes in, up to the limit of any file the tool reads."""
    from event_lint.files import DEFAULT_READ_LIMIT

    data = sys.stdin.buffer.read(DEFAULT_READ_LIMIT + 1)
    if len(data) > DEFAULT_READ_LIMIT:
        raise UserError(f"stdin: more than {DEFAULT_READ_LIMIT:,} bytes; not linted")
    return data


def _reason(error: Exception) -> str:
    """Why a file could not be read or written, without the path (the caller names it)."""
    return (error.strerror if isinstance(error, OSError) else None) or str(error)


def _decode(data: bytes) -> DecodedSource | None:
    from event_lint.linter.fixes import decoded_source

    try:
        return decoded_source(data)
    except (UnicodeDecodeError, SyntaxError):  # the engine reports it as EL902
        return None


def _repository_root(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return None


def _wants_server(args: list[str]) -> bool:
    """``event-lint server`` (with ``--stdio``, as some editors add): the language server.
    Alone, ``server`` still lints a folder named so where there is one."""
    if args[:1] != ["server"] or any(a != "--stdio" for a in args[1:]):
        return False
    return len(args) > 1 or not Path("server").exists()


def main(argv: Sequence[str] | None = None) -> None:
    """The console script: one line on stderr and exit 2 for any bad input."""
    from event_lint.printable import printable  # a path in it may hold anything

    if _wants_server(sys.argv[1:] if argv is None else list(argv)):
        from event_lint.server import main as serve

        serve()
    try:
        code = cli.main(args=argv, prog_name="event-lint", standalone_mode=False)
    except click.ClickException as error:
        click.echo(f"event-lint: error: {printable(error.format_message())}", err=True)
        code = 2
    except UserError as error:
        click.echo(f"event-lint: error: {printable(str(error))}", err=True)
        code = 2
    except click.Abort:
        code = 130
    sys.exit(code)


if __name__ == "__main__":
    main()
