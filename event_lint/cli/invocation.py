"""One ``event-lint`` run once its arguments are parsed: lint, then print, fix, add
``# noqa`` or report coverage, and pick the exit code.

Imported by every run, so it imports no more than the standard library and the config:
output formats, fixes, rules and the registry are imported when used (never click).
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from event_lint.config import Config
from event_lint.errors import UserError

if TYPE_CHECKING:
    from event_lint.cli.output import Report
    from event_lint.diagnostics import Diagnostic
    from event_lint.linter.engine import LintResult
    from event_lint.linter.fixes import DecodedSource
    from event_lint.registry import Registry


# The output formats that print nothing when there is nothing to report (the others
# print an empty document: ``[]``, a SARIF log, a JUnit suite); a test holds the list.
SILENT_WHEN_CLEAN = frozenset({"text", "concise", "full", "json-lines", "github"})


class Options(NamedTuple):
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


def echo(text: str, nl: bool = True, err: bool = False) -> None:
    """``click.echo`` for the text this tool prints (no colours to strip: every output
    format escapes control characters), without importing click."""
    stream = sys.stderr if err else sys.stdout
    stream.write(text + "\n" if nl else text)
    stream.flush()


class LazyRegistry:
    """The registry, loaded at most once, and only when some file needs it."""

    def __init__(self, config: Config, from_flag: bool) -> None:
        self.path = config.registry
        self.config = config
        self.loaded: Registry | None = None
        if self.path is not None and not self.path.is_dir():
            if config.registry_configured:  # a default schemas/ that vanished is just "none"
                where = "--registry" if from_flag else config.source
                raise UserError(f"registry folder {self.path} does not exist (set in {where})")
            self.path = None

    def __call__(self) -> Registry | None:
        if self.path is not None and self.loaded is None:
            from event_lint.registry import Registry
            from event_lint.registry.loader import Reading

            self.loaded = Registry.load(self.path, reading=Reading.of(self.config))
        return self.loaded


class Invocation:
    """One invocation: lint, then print, fix or report coverage, and pick the exit code."""

    def __init__(self, options: Options, config: Config, registry_flag: bool) -> None:
        self.options = options
        self.config = config
        self.registry = LazyRegistry(config, from_flag=registry_flag)
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
        from event_lint.cli.progress import ProgressBar
        from event_lint.linter.engine import LintOptions, lint_paths

        if self.options.stdin_filename is not None:
            self.stdin_data = _read_stdin()
            self.stdin = _decode(self.stdin_data)
            return self.lint_stdin()
        engine_options = LintOptions(
            use_cache=self.options.use_cache,
            jobs=self.options.jobs,
            progress=ProgressBar() if sys.stderr.isatty() and not self.options.quiet else None,
            keep_project=self.options.coverage,
            quiet=self.options.quiet,
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
        quiet_format = self.options.output_format in SILENT_WHEN_CLEAN
        if not diagnostics and quiet_format and not self.options.statistics:
            return  # most runs: the output formats are not even imported
        from event_lint.cli import output

        report = self.report(diagnostics)
        if self.options.statistics:
            from event_lint.cli.output import statistics

            text = statistics.render(report, as_json=self.options.output_format == "json")
        else:
            text = output.render(self.options.output_format, report)
        echo(text, nl=False, err=err)

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

            echo(shown_path(message), err=True)

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
        echo((render_json if json else render_text)(report), nl=False)
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
            echo(patch, nl=False)
        elif reads_stdin:
            from dataclasses import replace  # not on the path of a run that fixes nothing

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
