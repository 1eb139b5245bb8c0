"""The lint engine: paths in, sorted and suppressed diagnostics out.

    discover -> prefilter -> extract (worker processes, cached) -> resolve -> rules
             -> suppressions -> sorted diagnostics

Memory does not follow the model's size: facts are held pickled (with a small outline
each for the passes over every file), and resolve + rules run 256 files at a time.

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
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, Union

from event_lint import __version__
from event_lint.codes import (
    FILE_TIMEOUT,
    FILE_TOO_LARGE,
    INTERNAL_ERROR,
    PARSER_CRASH,
    UNREADABLE_FILE,
)
from event_lint.config import Config
from event_lint.diagnostics import NO_SPAN, Diagnostic
from event_lint.files import DEFAULT_READ_LIMIT, FileTooLarge, read_regular
from event_lint.linter.cache import Cache, Entry, Pickled, code_salt, content_hash, now_ns
from event_lint.linter.discover import (
    Layout,
    ModuleFinder,
    SourceFile,
    discover,
    display_path,
    importers,
    module_name,
)
from event_lint.linter.prefilter import BindingMatcher, has_anchor, has_marker
from event_lint.linter.workers import Failed, Supervisor

if TYPE_CHECKING:
    from event_lint.linter.facts import FileFacts
    from event_lint.linter.model import Project
    from event_lint.linter.rules.base import Rule
    from event_lint.registry import Registry

# The registry, or a loader called only when some file needs it (it imports jsonschema).
RegistrySource = Union["Registry", Callable[[], Union["Registry", None]], None]

_CHUNK = 16  # files per worker: fewer files are not worth starting another process
_MODEL_CHUNK = 256  # files resolved and checked at a time: bounds the model's memory
# What one file may take to parse: 1 MiB (max-file-size) of real code takes ~250 MB, of
# the worst shapes ~1 GB; 3,000 nested lambdas in 24 KB take 1.6 GB.
_PARSE_MEMORY = 2 * 1024**3


@dataclass(frozen=True)
class LintOptions:
    use_cache: bool = True
    jobs: int | None = None  # None: one worker per available core; 1: in this process
    progress: bool = False  # a progress bar on stderr when it is a terminal and the run is long
    keep_project: bool = False  # LintResult.project: the whole model (--coverage reads it)


@dataclass
class LintResult:
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
    options: LintOptions = LintOptions(),
) -> LintResult:
    """Lint every Python file under ``paths`` (files are linted even when ignored)."""
    cwd = Path.cwd()
    files = discover(paths, config.root, config.exclude, cwd, config.src)
    explicit = {Path(os.path.abspath(cwd / p)) for p in paths if not os.path.isdir(cwd / p)}
    # Named files (pre-commit) are linted with the files that may import them, so they
    # get the findings a full run gives them; only theirs are reported.
    named = [f for f in files if f.path in explicit]
    context = importers(named, config.root, config.exclude, cwd, config.src) if named else []
    run = _Run(config, cwd, options, [*files, *context])
    with _gc_off(), run.workers:
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
    with _gc_off(), run.workers:
        if memo is None:
            for _, digest, outcome in run.extract_all([file], source):
                run.take(file, digest, outcome)
        else:
            task = _Task(file.path, file.rel, file.module, source, config.max_file_size)
            run.take(file, *_extract_task(task))
        return run.finish([file], registry, {file.rel: source})


def selected_rules(config: Config) -> list[type[Rule]]:
    """The rules ``select`` / ``extend-select`` / ``ignore`` leave on."""
    from event_lint.linter.rules import all_rules

    return [rule for rule in all_rules() if config.selects(rule.code)]


class _Run:
    """The state of one lint run."""

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
        self.jobs = options.jobs or _cpu_count()
        self.keep_project = options.keep_project
        self.cache = cache or Cache(config.root, lambda: code_salt(__version__), options.use_cache)
        self.progress = _Progress(enabled=options.progress)
        self.modules = ModuleFinder(Layout(config.root.resolve(), config.src), files, cwd)
        self.facts: dict[Path, bytes] = {}  # pickled FileFacts: a third of their size as objects
        self.outlines: dict[Path, FileFacts] = {}
        self.entries: dict[Path, Entry] = {}
        self.problems: list[Diagnostic] = []
        self.workers = Supervisor(
            _extract_task, self.jobs, config.file_timeout, _preload, _PARSE_MEMORY
        )
        self.failed: set[Path] = set()  # extracted with a problem: not again when loaded
        self.served: dict[Path, SourceFile] = {}  # facts that came from the cache
        self.trust_cache = True
        self.parsed = 0
        self.cached = 0
        self.internal_errors = False
        self.broken_rules: set[str] = set()

    # -- the pipeline ---------------------------------------------------------------

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
            entry = self.scan(file, named=file.path in explicit)
            self.progress.advance()
            if entry is not None:
                self.entries[file.path] = entry
        chosen = [
            f
            for f in files
            if (e := self.entries.get(f.path)) and (e.anchor or (f.path in explicit and e.marker))
        ]
        self.parse(chosen)
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
        diagnostics, project = self.check_or_rebuild(registry) if self.facts else ([], None)
        diagnostics += self.problems  # read after resolving, which may read more files
        linted = {f.rel for f in files}
        kept = [
            d
            for d in dict.fromkeys(diagnostics)
            if d.path in linted and self.config.selects(d.code)
        ]
        if kept:  # most runs find nothing: the tokenizer-based suppressions stay unimported
            from event_lint.linter.suppress import PerFileIgnores, apply_suppressions

            per_file = PerFileIgnores(self.config.per_file_ignores)
            kept = apply_suppressions(kept, sources, self.config.root, self.cwd, per_file)
        return LintResult(
            diagnostics=sorted(kept, key=Diagnostic.sort_key),
            files_checked=len(files),
            files_parsed=self.parsed,
            files_cached=self.cached,
            project=project,
            internal_errors=self.internal_errors,
        )

    # -- stage 1: stat, read, hash, prefilter ----------------------------------------

    def scan(self, file: SourceFile, named: bool = False) -> Entry | None:
        """Stat, then the cached verdicts or read and prefilter. A file named on the
        command line is read first: pre-commit passes a handful, and a file that can
        hold nothing Inngest costs less to read than the cache index does to load."""
        key = str(file.path)
        try:
            stat = os.stat(file.path)
        except OSError as exc:
            self.unreadable(file, exc)
            return None
        entry = None if named else self.cache.fresh(key, stat)
        if entry is not None:
            return entry
        try:
            source = read_regular(file.path, self.read_limit)
        except OSError as exc:
            self.unreadable(file, exc)
            return None
        anchor, marker = has_anchor(source), has_marker(source)
        if named and not (anchor or marker):
            return Entry(stat.st_mtime_ns, stat.st_size, 0, "", False, False, None, None, None)
        return self.record(key, stat, source, anchor, marker)

    def record(
        self, key: str, stat: os.stat_result, source: bytes, anchor: bool, marker: bool
    ) -> Entry:
        digest = content_hash(source) if self.cache.enabled else ""
        old = self.cache.get(key)
        same = old is not None and old.digest == digest
        entry = Entry(
            mtime_ns=stat.st_mtime_ns,
            size=stat.st_size,
            recorded_ns=now_ns(),
            digest=digest,
            anchor=anchor,
            marker=marker,
            stage2=old.stage2 if same and old else None,
            facts_key=old.facts_key if same and old else None,
            facts=old.facts if same and old else None,
        )
        self.cache.put(key, entry)
        return entry

    def unreadable(self, file: SourceFile, exc: OSError) -> None:
        reason = exc.strerror or type(exc).__name__
        self.problems.append(
            Diagnostic(file.rel, NO_SPAN, UNREADABLE_FILE, f"cannot read file: {reason}")
        )

    # -- stage 2: files that name a binding of the parsed ones ---------------------

    def follow_bindings(self, files: Sequence[SourceFile]) -> None:
        while self.facts:
            from event_lint.linter.resolve import inngest_bindings

            bindings = inngest_bindings(list(self.outlines.values()), self.outline_of)
            matcher = BindingMatcher(bindings)
            if not matcher:
                return
            more = [f for f in files if self.unparsed(f) and self.names_binding(f, matcher)]
            if not more:
                return
            self.parse(more)

    def unparsed(self, file: SourceFile) -> bool:
        return file.path not in self.facts and file.path not in self.failed

    def names_binding(self, file: SourceFile, matcher: BindingMatcher) -> bool:
        entry = self.entries.get(file.path)
        if entry is None:
            return False
        if entry.stage2 is not None and matcher.names <= entry.stage2[0]:
            return bool(entry.stage2[1] & matcher.names)
        try:
            source = read_regular(file.path, self.read_limit)
        except OSError:
            return False
        found = matcher.found(source)
        if entry.digest and content_hash(source) == entry.digest:
            entry = entry._replace(stage2=(matcher.names, found))
            self.entries[file.path] = entry
            self.cache.put(str(file.path), entry)
        return bool(found)

    # -- extraction ------------------------------------------------------------------

    def parse(self, files: Sequence[SourceFile]) -> None:
        """Facts for ``files``: from the cache when the content is unchanged, else extracted."""
        todo = [file for file in files if not self.from_cache(file)]
        for file, digest, outcome in self.extract_all(todo):
            self.take(file, digest, outcome)

    def take(self, file: SourceFile, digest: str | None, outcome: Pickled | Diagnostic) -> None:
        self.parsed += 1
        if isinstance(outcome, Diagnostic):
            self.internal_errors |= outcome.code == INTERNAL_ERROR
            self.failed.add(file.path)
            self.problems.append(outcome)
            return
        self.keep(file, outcome)
        self.store(file, digest, outcome)

    def from_cache(self, file: SourceFile) -> bool:
        entry = self.entries.get(file.path)
        if entry is None or entry.facts_key != (file.rel, file.module):
            return False
        if not isinstance(entry.facts, Pickled):  # none yet, or damaged
            return False
        if not self.trust_cache:
            return False
        try:
            self.keep(file, entry.facts)
        except Exception:  # a damaged entry is rebuilt
            return False
        self.cached += 1
        self.served[file.path] = file
        return True

    def keep(self, file: SourceFile, pickled: Pickled) -> None:
        """Hold the facts pickled, and their outline (what other files' names resolve
        against) as objects: on a big tree the facts are most of the memory."""
        from event_lint.linter.facts import FileFacts

        outline = _unpickle(pickled.outline)
        if not isinstance(outline, FileFacts):  # a damaged cache entry
            raise TypeError(f"not facts: {type(outline).__name__}")
        self.outlines[file.path] = outline
        self.facts[file.path] = pickled.facts

    def each_facts(self, paths: Sequence[Path]) -> Iterator[FileFacts]:
        """The facts of ``paths``, one at a time."""
        return (_unpickle(self.facts[path]) for path in paths)

    def store(self, file: SourceFile, digest: str | None, pickled: Pickled) -> None:
        entry = self.entries.get(file.path)
        if entry is None or digest != entry.digest:
            return  # the file changed while we read it: do not cache what we cannot key
        entry = entry._replace(facts_key=(file.rel, file.module), facts=pickled)
        self.entries[file.path] = entry
        self.cache.put(str(file.path), entry)

    def extract_all(
        self, files: Sequence[SourceFile], source: bytes | None = None
    ) -> Iterator[tuple[SourceFile, str | None, Pickled | Diagnostic]]:
        """Extract ``files`` in the workers (``source``: the content of the one file,
        from stdin), in the order they finish."""
        tasks = [
            _Task(file.path, file.rel, file.module, source, self.config.max_file_size)
            for file in files
        ]
        self.progress.start(len(files))
        for index, outcome in self.workers.map(tasks, -(-len(files) // _CHUNK)):
            self.progress.advance()
            if isinstance(outcome, Failed):
                yield files[index], None, self.failure(files[index], outcome)
            else:
                yield (files[index], *outcome)

    def failure(self, file: SourceFile, failed: Failed) -> Diagnostic:
        if failed.timed_out:
            message = f"not linted: parsing took longer than {failed.reason} (file-timeout)"
            return Diagnostic(file.rel, NO_SPAN, FILE_TIMEOUT, message)
        message = f"not linted: the parser crashed on this file ({failed.reason})"
        return Diagnostic(file.rel, NO_SPAN, PARSER_CRASH, message)

    @property
    def read_limit(self) -> int:
        """What the prefilter reads: a file over ``max-file-size`` is only reported
        if it would be parsed."""
        return max(DEFAULT_READ_LIMIT, self.config.max_file_size)

    def load(self, module: str, importer: str) -> FileFacts | None:
        """Facts of a project module the prefilter skipped (``resolve`` asks for them)."""
        file = self.modules.find(module, self.cwd / importer)
        if file is None:
            return None
        if self.unparsed(file):
            if file.path not in self.entries and (entry := self.scan(file)) is not None:
                self.entries[file.path] = entry
            if file.path not in self.entries:
                return None
            self.parse_here(file)
        return _unpickle(self.facts[file.path]) if file.path in self.facts else None

    def outline_of(self, module: str, importer: str) -> FileFacts | None:
        """The outline of a project module already parsed, else None (never parses)."""
        file = self.modules.find(module, self.cwd / importer)
        return self.outlines.get(file.path) if file is not None else None

    def parse_here(self, file: SourceFile) -> None:
        if not self.from_cache(file):
            for _, digest, outcome in self.extract_all([file]):
                self.take(file, digest, outcome)

    # -- resolution and rules --------------------------------------------------------

    def check_or_rebuild(self, registry: RegistrySource) -> tuple[list[Diagnostic], Project | None]:
        """``check_project``; if it fails with facts from the cache, once more without
        them: a cached entry can unpickle and still be wrong, and must not hide every
        finding behind an internal error on every later run. Its file is extracted
        again (which also replaces the entry)."""
        linted, broken = list(self.facts), self.internal_errors
        mark = len(self.problems)
        result = self.check_project(registry)
        failed = self.internal_errors or any(d.code == INTERNAL_ERROR for d in result[0])
        if broken or not failed or not self.served:
            return result
        self.internal_errors, self.trust_cache = False, False
        self.broken_rules.clear()
        self.problems[mark:] = [p for p in self.problems[mark:] if p.code != INTERNAL_ERROR]
        again = [self.served[path] for path in linted if path in self.served]
        for path in {*self.facts} - {*linted} | {*self.served}:  # modules loaded: load again
            del self.facts[path], self.outlines[path]
        self.served.clear()
        for file, digest, outcome in self.extract_all(again):
            self.take(file, digest, outcome)
        return self.check_project(registry)

    def check_project(self, registry: RegistrySource) -> tuple[list[Diagnostic], Project | None]:
        """Resolve the parsed files a chunk at a time and run the rules on each chunk:
        the model of a big tree is never held whole (unless ``keep_project``)."""
        from event_lint.linter.model import Project
        from event_lint.linter.uses import at_uses

        diagnostics: list[Diagnostic] = []
        kept: list[Project] = []
        loaded: list[Registry | None] = []
        for part in self.resolve():
            if not loaded:
                loaded.append(_load_registry(registry))
            diagnostics += _problem_diagnostics(part)
            found = self.run_rules(part, loaded[0])
            # also at uses in other files, unless silenced where written
            diagnostics += found + at_uses(part, found, self.config, self.cwd)
            if self.keep_project:
                kept.append(part)
        return diagnostics, Project.join(kept) if kept else None

    def resolve(self) -> Iterator[Project]:
        from event_lint.linter.resolve import resolve_in_chunks

        paths = list(self.facts)  # the files linted: not the modules resolving loads
        outlines = list(self.outlines.values())
        try:
            facts, depth = self.each_facts(paths), self.config.max_call_depth
            yield from resolve_in_chunks(facts, outlines, self.load, _MODEL_CHUNK, depth)
        except Exception as exc:  # a resolver bug must not hide every other file's result
            self.internal_errors = True
            first = min((f.rel for f in self.modules.by_path.values()), default=".")
            self.problems.append(_internal_error(first, "resolving the project", exc))

    def run_rules(self, project: Project, registry: Registry | None) -> list[Diagnostic]:
        from event_lint.linter.rules import run_rules
        from event_lint.linter.rules.base import RuleContext

        context = RuleContext(project=project, config=self.config, registry=registry)
        first = project.files[0] if project.files else "."
        diagnostics: list[Diagnostic] = []
        try:
            rules = selected_rules(self.config)
        except Exception as exc:  # a rule module that fails to import
            self.internal_errors = True
            return [_internal_error(first, "loading the rules", exc)]
        for rule in rules:
            if rule.code in self.broken_rules:
                continue
            try:
                diagnostics += run_rules(context, [rule])
            except Exception as exc:  # one broken rule must not stop the others
                self.internal_errors = True
                self.broken_rules.add(rule.code)  # said once, not once per chunk
                diagnostics.append(_internal_error(first, f"rule {rule.code} ({rule.name})", exc))
        return diagnostics


def _internal_error(path: str, where: str, exc: BaseException) -> Diagnostic:
    message = f"internal error in {where}: {type(exc).__name__}: {exc}; please report it"
    return Diagnostic(path, NO_SPAN, INTERNAL_ERROR, message)


def _problem_diagnostics(project: Project) -> list[Diagnostic]:
    return [Diagnostic(p.where.path, p.where.span, p.code, p.message) for p in project.problems]


def _load_registry(registry: RegistrySource) -> Registry | None:
    if callable(registry):
        return registry()
    return registry


# -- worker side ---------------------------------------------------------------------


class _Task(NamedTuple):
    """One file for a worker to extract."""

    path: Path
    rel: str
    module: str
    source: bytes | None  # None: read it from ``path``
    max_size: int  # max-file-size


# What a worker returns for one file: (content hash, pickled facts) or (None, a problem).
Outcome = tuple[str | None, Pickled | Diagnostic]


def _extract_task(task: _Task) -> Outcome:
    """Read and extract one file. Never raises: a failure comes back as a diagnostic."""
    source = task.source
    if source is None:
        try:
            source = read_regular(task.path, task.max_size)
        except OSError as exc:
            return None, _read_problem(task, exc)
    elif len(source) > task.max_size:
        return None, _too_large(task)
    return content_hash(source), _extract_pickled(task.rel, source, task.module)


def _read_problem(task: _Task, exc: OSError) -> Diagnostic:
    if isinstance(exc, FileTooLarge):
        return _too_large(task)
    return Diagnostic(
        task.rel, NO_SPAN, UNREADABLE_FILE, f"cannot read file: {exc.strerror or exc}"
    )


def _too_large(task: _Task) -> Diagnostic:
    message = f"not linted: the file is larger than max-file-size ({task.max_size:,} bytes)"
    return Diagnostic(task.rel, NO_SPAN, FILE_TOO_LARGE, message)


def _preload() -> None:
    """Imported once before the workers fork (this process unpickles facts anyway)."""
    import event_lint.linter.extract  # noqa: F401


def _extract_pickled(rel: str, source: bytes, module: str) -> Pickled | Diagnostic:
    import pickle  # with extraction, never on a run where every file is skipped

    from event_lint.linter.extract import extract_file

    try:
        facts = extract_file(rel, source, module)
        return Pickled(
            pickle.dumps(facts, protocol=pickle.HIGHEST_PROTOCOL),
            pickle.dumps(facts.outline(), protocol=pickle.HIGHEST_PROTOCOL),
        )
    except MemoryError:  # past the worker's limit (_PARSE_MEMORY)
        message = f"not linted: the parser ran out of memory ({_PARSE_MEMORY >> 30} GiB)"
        return Diagnostic(rel, NO_SPAN, PARSER_CRASH, message)
    except Exception as exc:  # extract_file promises not to raise; if it does, say so
        return _internal_error(rel, "extraction", exc)


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


def _unpickle(blob: bytes) -> FileFacts:
    import pickle

    facts: FileFacts = pickle.loads(blob)
    return facts


def _cpu_count() -> int:
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


# -- progress --------------------------------------------------------------------------


@dataclass
class _Progress:
    """A one-line bar on stderr, shown only on a terminal once the run has taken a while."""

    enabled: bool
    total: int = 0
    count: int = 0
    started: float = field(default_factory=time.monotonic)
    shown: float = 0.0

    def __post_init__(self) -> None:
        self.enabled = self.enabled and sys.stderr.isatty()

    def start(self, total: int) -> None:
        self.total, self.count = total, 0

    def advance(self) -> None:
        self.count += 1
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.started > 1.0 and now - self.shown > 0.1:
            self.shown = now
            width = 30
            filled = width * self.count // max(self.total, 1)
            sys.stderr.write(
                f"\r[{'#' * filled}{'.' * (width - filled)}] {self.count}/{self.total} files"
            )
            sys.stderr.flush()

    def done(self) -> None:
        if self.enabled and self.shown:
            sys.stderr.write("\r" + " " * 60 + "\r")
            sys.stderr.flush()
