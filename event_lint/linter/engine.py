"""The lint engine: paths in, sorted and suppressed diagnostics out.

    discover -> prefilter -> extract (worker processes, cached) -> resolve -> rules
             -> suppressions -> sorted diagnostics

Memory does not follow the model's size: facts are held pickled, past 1 MB in a
temporary file (``spill.py``), with a small outline each for the passes over every file
(``fact_store.py``), and resolve + rules run 256 files at a time (``checking.py``).
``scanner.py`` stats, reads and prefilters each file, ``parsing.py`` is what a worker
runs on one file; this module runs the stages in order.

Startup matters (pre-commit runs this on a handful of files): this module imports only
the standard library and the light stages. libcst (via extract), the resolver, the
rules and the registry are imported when some file passes the prefilter, so linting a
file that cannot touch Inngest never pays for them.

Nothing here raises on bad source: an unreadable file is an EL902 diagnostic, a file
over ``max-file-size`` an EL904, one whose parse outlives ``file-timeout`` an EL905, one
that kills the parser (libcst is native code) an EL906: files are parsed in supervised
worker processes (``workers.py``), even with ``--jobs 1``. These are the file's problems,
like a syntax error (EL900). A crash resolving one file is that file's EL903, a finding
like EL900 too. A crash extracting a file, inside a rule (an EL903 naming the rule) or
resolving the whole project is also an EL903, and sets ``LintResult.internal_errors``
so the CLI exits 2.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, Protocol

from event_lint import __version__
from event_lint.config import Config
from event_lint.linter.cache import Cache, Pickled, code_salt
from event_lint.linter.discover import (
    Layout,
    ModuleFinder,
    SourceFile,
    discover,
    display_path,
    module_name,
)
from event_lint.linter.fact_store import FactStore
from event_lint.linter.importers import importers, vouching_modules
from event_lint.linter.prefilter import BindingMatcher
from event_lint.linter.scanner import Scanner

# What a run on files without Inngest code never needs is imported when first used:
# parsing and workers with the first parse, checking with the first facts.
if TYPE_CHECKING:
    from event_lint.diagnostics import Diagnostic
    from event_lint.linter.checking import Checker, RegistrySource
    from event_lint.linter.facts import FileFacts
    from event_lint.linter.model import Project
    from event_lint.linter.parsing import Outcome, ParseTask
    from event_lint.linter.workers import Supervisor

__all__ = ["LintOptions", "LintResult", "lint_paths", "lint_source"]

_CHUNK = 16  # files per worker: fewer files are not worth starting another process
_MODEL_CHUNK = 256  # files resolved and checked at a time: bounds the model's memory


class Progress(Protocol):
    """What the engine reports as it goes (the CLI draws a bar from it)."""

    def start(self, total: int) -> None: ...
    def advance(self) -> None: ...
    def done(self) -> None: ...


class _Silent:
    def start(self, total: int) -> None:
        pass

    def advance(self) -> None:
        pass

    def done(self) -> None:
        pass


class LintOptions(NamedTuple):
    use_cache: bool = True
    jobs: int | None = None  # None: one worker per available core; 1: in this process
    progress: Progress | None = None  # told of each file scanned and parsed
    keep_project: bool = False  # LintResult.project: the whole model (--coverage reads it)
    quiet: bool = False  # no warning on stderr (--quiet), e.g. "running without the cache"


_DEFAULT_OPTIONS = LintOptions()


class LintResult(NamedTuple):
    diagnostics: list[Diagnostic]  # sorted, suppressions applied
    files_checked: int  # files discovered (or 1 for stdin)
    files_parsed: int  # files extracted in this run (not served from the cache)
    files_cached: int = 0  # files whose facts came from the cache
    project: Project | None = None  # with keep_project, when some file touched Inngest
    internal_errors: bool = False  # a crash beyond resolving one file: the CLI exits 2


def lint_paths(
    paths: Sequence[Path],
    config: Config,
    registry: RegistrySource,
    options: LintOptions = _DEFAULT_OPTIONS,
) -> LintResult:
    """Lint every Python file under ``paths`` (files are linted even when ignored)."""
    cwd = Path.cwd()
    cache = Cache(config.root, lambda: code_salt(__version__), options.use_cache, options.quiet)
    # the cache's index is unpickled in discover: with the collector on, it ran a third
    # of that load (a named file's run on a 2,700-file tree: ~25 M instructions)
    with _gc_off():
        files = discover(paths, config.root, config.exclude, cwd, config.src, cache)
        explicit = {Path(os.path.abspath(cwd / p)) for p in paths if not os.path.isdir(cwd / p)}
        # Named files (pre-commit) are linted with the files that may import them, so
        # they get the findings a full run gives them; only theirs are reported.
        named = [f for f in files if f.path in explicit]
        run = _Run(config, cwd, options, files, cache)
        context: list[SourceFile] = []
        if named:
            layout = (config.root, config.exclude, cwd, config.src)
            context = importers(named, *layout, run.scanner.context_names, cache)
            run.modules.by_path.update((file.path, file) for file in context)
        with run:
            return run.lint(files, explicit, registry, context)


def lint_source(
    path: str,
    source: bytes,
    config: Config,
    registry: RegistrySource,
    memo: Cache | None = None,
) -> LintResult:
    """Lint one file whose content is ``source`` (``--stdin-filename``); other project
    modules it imports are read from disk. ``memo`` (the language server's, kept between
    lints) serves those modules' facts while their stat or content is unchanged; with it,
    ``source`` itself is parsed in this process: no worker is started for an edit."""
    cwd = Path.cwd()
    absolute = Path(os.path.abspath(cwd / path))
    module = module_name(absolute, config.root.resolve(), config.src)
    file = SourceFile(absolute, display_path(absolute, cwd), module)
    options = LintOptions(use_cache=False, jobs=1, keep_project=True)
    run = _Run(config, cwd, options, [file], memo)
    with _gc_off(), run:
        if memo is None:
            for _, digest, outcome in run.extract_all([file], source):
                run.take(file, digest, outcome)
        else:
            from event_lint.linter.parsing import parse_task

            run.take(file, *parse_task(run.task(file, source)))
        return run.finish([file], registry, {file.rel: source})


class _Run:
    """One lint run: scan, parse (stage 1, then stage 2), check, report."""

    def __init__(
        self,
        config: Config,
        cwd: Path,
        options: LintOptions,
        files: Sequence[SourceFile],
        cache: Cache | None = None,
    ) -> None:
        self.config = config
        self.cwd = cwd
        self.keep_project = options.keep_project
        cache = cache or Cache(
            config.root, lambda: code_salt(__version__), options.use_cache, options.quiet
        )
        self.cache = cache
        self.scanner = Scanner(cache, config.max_file_size)
        self.store = FactStore()
        self.progress = options.progress or _Silent()
        self.modules = ModuleFinder(Layout(config.root.resolve(), config.src), files, cwd)
        self.jobs = options.jobs or _cpu_count()
        self._workers: Supervisor[ParseTask, Outcome] | None = None
        self.trust_cache = True
        self.internal_errors = False

    @property
    def workers(self) -> Supervisor[ParseTask, Outcome]:
        """The parse workers, made with the first parse (they start when first used)."""
        if self._workers is None:
            from event_lint.linter import parsing
            from event_lint.linter.workers import Supervisor

            timeout, memory = self.config.file_timeout, parsing.PARSE_MEMORY
            work, preload = parsing.parse_task, parsing.preload
            self._workers = Supervisor(work, self.jobs, timeout, preload, memory)
        return self._workers

    def __enter__(self) -> _Run:
        return self

    def __exit__(self, *exc: object) -> None:
        self.store.facts.close()
        if self._workers is not None:
            self._workers.close()

    def lint(
        self,
        reported: list[SourceFile],
        explicit: set[Path],
        registry: RegistrySource,
        context: Sequence[SourceFile] = (),
    ) -> LintResult:
        files = [*reported, *(f for f in context if f.path not in explicit)]
        self.progress.start(len(files))
        for file in files:
            self.scanner.scan(file, named=file.path in explicit)
            self.progress.advance()
        entries = self.scanner.entries
        chosen = [
            f
            for f in files
            if (e := entries.get(f.path)) and (e.anchor or (f.path in explicit and e.marker))
        ]
        self.parse(chosen)
        self.parse(vouching_modules(context, explicit, self.scanner, self.cache, self.modules))
        self.follow_bindings(files)
        self.progress.done()
        result = self.finish(reported, registry, None)
        self.cache.save()  # after resolving, which parses the modules it imports
        return result

    def finish(
        self,
        files: Sequence[SourceFile],
        registry: RegistrySource,
        sources: dict[str, bytes] | None,
    ) -> LintResult:
        diagnostics, project = self.check_or_rebuild(registry) if self.store else ([], None)
        diagnostics += self.scanner.problems  # read after resolving, which may read more
        linted = {f.rel for f in files}
        kept = [
            d
            for d in dict.fromkeys(diagnostics)
            if d.path in linted and self.config.selects(d.code)
        ]
        if kept:  # most runs find nothing: the tokenizer-based suppressions stay unimported
            from event_lint.diagnostics import Diagnostic
            from event_lint.linter.suppress import PerFileIgnores, apply_suppressions

            per_file = PerFileIgnores(self.config.per_file_ignores)
            kept = apply_suppressions(kept, sources, self.config.root, self.cwd, per_file)
            kept.sort(key=Diagnostic.sort_key)
        return LintResult(
            diagnostics=kept,
            files_checked=len(files),
            files_parsed=self.store.parsed,
            files_cached=self.store.cached,
            project=project,
            internal_errors=self.internal_errors,
        )

    # -- stage 2: files that name a binding of the parsed ones ---------------------

    def follow_bindings(self, files: Sequence[SourceFile]) -> None:
        while self.store:
            from event_lint.linter.resolve import inngest_bindings

            bindings = inngest_bindings(list(self.store.outlines.values()), self.outline_of)
            matcher = BindingMatcher(bindings)
            if not matcher:
                return
            more = [
                f
                for f in files
                if self.store.unparsed(f) and self.scanner.names_binding(f, matcher)
            ]
            if not more:
                return
            self.parse(more)

    # -- extraction ------------------------------------------------------------------

    def parse(self, files: Sequence[SourceFile]) -> None:
        """Facts for ``files``: from the cache when the content is unchanged, else extracted."""
        todo = [file for file in files if not self.from_cache(file)]
        for file, digest, outcome in self.extract_all(todo):
            self.take(file, digest, outcome)

    def from_cache(self, file: SourceFile) -> bool:
        pickled = self.scanner.cached_facts(file) if self.trust_cache else None
        return pickled is not None and self.store.serve(file, pickled)

    def take(self, file: SourceFile, digest: str | None, outcome: Pickled | Diagnostic) -> None:
        from event_lint.codes import INTERNAL_ERROR
        from event_lint.diagnostics import Diagnostic

        self.store.parsed += 1
        if isinstance(outcome, Diagnostic):
            self.internal_errors |= outcome.code == INTERNAL_ERROR
            self.store.fail(file)
            self.scanner.problems.append(outcome)
            return
        self.store.keep(file, outcome)
        self.scanner.remember_facts(file, digest, outcome)

    def task(self, file: SourceFile, source: bytes | None = None) -> ParseTask:
        from event_lint.linter.parsing import PARSE_MEMORY, ParseTask

        size = self.config.max_file_size
        return ParseTask(file.path, file.rel, file.module, source, size, PARSE_MEMORY)

    def extract_all(
        self, files: Sequence[SourceFile], source: bytes | None = None
    ) -> Iterator[tuple[SourceFile, str | None, Pickled | Diagnostic]]:
        """Extract ``files`` in the workers (``source``: the content of the one file,
        from stdin), in the order they finish."""
        if not files:  # most runs on named files: parse nothing, import nothing for it
            return
        from event_lint.linter.parsing import failure
        from event_lint.linter.workers import Failed

        tasks = [self.task(file, source) for file in files]
        self.progress.start(len(files))
        for index, outcome in self.workers.map(tasks, -(-len(files) // _CHUNK)):
            self.progress.advance()
            if isinstance(outcome, Failed):
                yield files[index], None, failure(files[index].rel, outcome)
            else:
                yield (files[index], *outcome)

    def load(self, module: str, importer: str) -> FileFacts | None:
        """Facts of a project module the prefilter skipped (``resolve`` asks for them)."""
        file = self.modules.find(module, self.cwd / importer)
        if file is None:
            return None
        if self.store.unparsed(file):
            if file.path not in self.scanner.entries and self.scanner.scan(file) is None:
                return None
            if not self.from_cache(file):
                for _, digest, outcome in self.extract_all([file]):
                    self.take(file, digest, outcome)
        return self.store.get(file.path)

    def outline_of(self, module: str, importer: str) -> FileFacts | None:
        """The outline of a project module already parsed, else None (never parses)."""
        file = self.modules.find(module, self.cwd / importer)
        return self.store.outlines.get(file.path) if file is not None else None

    # -- resolution and rules --------------------------------------------------------

    def check_or_rebuild(self, registry: RegistrySource) -> tuple[list[Diagnostic], Project | None]:
        """Resolve and check; if that fails with facts from the cache, once more without
        them: a cached entry can unpickle and still be wrong, and must not hide every
        finding behind an internal error on every later run. Its file is extracted
        again (which also replaces the entry)."""
        from event_lint.codes import INTERNAL_ERROR
        from event_lint.linter.checking import Checker

        linted, broken = list(self.store.facts), self.internal_errors
        problems = self.scanner.problems
        mark = len(problems)
        checker = Checker(self.config, self.cwd, self.keep_project)
        result = checker.check(self.resolve(checker, linted), registry)
        failed = checker.failed(result[0]) or self.internal_errors  # or loading a module
        if broken or not failed or not self.store.served:
            self.internal_errors |= checker.internal_errors
            return result
        self.internal_errors, self.trust_cache = False, False
        problems[mark:] = [p for p in problems[mark:] if p.code != INTERNAL_ERROR]
        for file, digest, outcome in self.extract_all(self.store.forget_served(linted)):
            self.take(file, digest, outcome)
        checker = Checker(self.config, self.cwd, self.keep_project)
        result = checker.check(self.resolve(checker, linted), registry)
        self.internal_errors |= checker.internal_errors
        return result

    def resolve(self, checker: Checker, paths: list[Path]) -> Iterator[Project]:
        """The model of ``paths`` (the files linted: not the modules resolving loads)."""
        first = min((f.rel for f in self.modules.by_path.values()), default=".")
        outlines = list(self.store.outlines.values())
        facts = self.store.each(paths)
        problems = self.scanner.problems
        return checker.resolve(facts, outlines, self.load, _MODEL_CHUNK, problems, first)


@contextmanager
def _gc_off() -> Iterator[None]:
    """A lint run without the cycle collector. Extraction builds and drops a libcst
    tree per file, and each collection would walk the objects that live on (outlines,
    the model of a chunk): a sixth of the run on corpus B. Nothing built per file holds a
    reference cycle (``extract`` avoids ``ast.literal_eval`` for that; a test checks),
    so reference counting frees it all."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _cpu_count() -> int:
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)
