# ruff: noqa: E501  (table rows and target lines read better unwrapped)
"""`make bench`: event-lint against ruff, flake8, libcst and fixit, whole processes, one table.

Corpora are built outside the repository (a .gitignore would hide them from the
linters), under $EVENT_LINT_BENCH_DIR (default /tmp/event-lint-bench):

- A, "big repo, little Inngest": the running Python's whole standard library
  (``sysconfig.get_paths()["stdlib"]``, its ``test/`` folder included, ``site-packages``
  left out) plus the source of the Django package installed into a bench venv (with
  fixit and flake8) from the package index;
- B, "Inngest-heavy": 2,000 generated modules sharing a client and name-constant modules,
  each registering a function, waiting for an event and sending 5 to 10 events.

Each row is a child process started by ``bench/spawn.c`` (compiled on first use), a ~1 MB
launcher, so that peak RSS is the command's own and not the benchmark's (Linux counts the
memory of the process a child was forked from). Wall time, CPU (user + sys of the child
and its workers) and peak RSS (largest process); medians of --runs runs (default 3, 10 for
the one-file latency); the slow baselines (libcst alone on corpus A, fixit) run
--runs-slow times. Children run without PYTHONDONTWRITEBYTECODE, after a warm-up, so
they use .pyc files as installed tools do. A run that exits with an unexpected status, or
a fixit run that did not lint every file, fails its row loudly. Writes bench/results.md.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import sysconfig
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WORK = Path(os.environ.get("EVENT_LINT_BENCH_DIR", "/tmp/event-lint-bench"))
VENV = WORK / "venv"
BIN = VENV / "bin"  # every tool measured, event-lint included, runs from the bench venv
SKIP = shutil.ignore_patterns("__pycache__", "site-packages", "*.pyc")
# Installed tools have .pyc files; without them every run recompiles event_lint.
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
FIXIT_RULE = "fixit.rules.no_redundant_fstring"
FIXIT_LABEL = "fixit lint, one rule (NoRedundantFString)"


@dataclass(frozen=True)
class Run:
    wall: float
    cpu: float
    rss_mb: float
    exit_code: int
    stdout: str
    stderr: str


@dataclass(frozen=True)
class Measure:
    wall: float
    cpu: float
    rss_mb: float


@dataclass(frozen=True)
class Row:
    corpus: str
    label: str
    runs: int
    result: Measure | None  # None when the row failed
    note: str  # the tool's summary line, or why the row failed


Check = Callable[[Run], str | None]  # a reason the run is not a valid measurement, or None


def exits(*allowed: int) -> Check:
    def check(run: Run) -> str | None:
        if run.exit_code in allowed:
            return None
        tail = (run.stderr or run.stdout).strip().splitlines()[-3:]
        return f"exit status {run.exit_code} (expected {' or '.join(map(str, allowed))}): {' | '.join(tail)}"

    return check


def launcher() -> Path:
    """The compiled ``bench/spawn.c``, named by the hash of its source."""
    source = REPO / "bench" / "spawn.c"
    binary = WORK / f"spawn-{hashlib.sha256(source.read_bytes()).hexdigest()[:12]}"
    if not binary.exists():
        compiler = shutil.which("cc") or shutil.which("gcc") or shutil.which("clang")
        if compiler is None:
            raise SystemExit("bench: a C compiler (cc) is needed to build bench/spawn.c")
        temp = f"{binary}.{os.getpid()}.tmp"
        subprocess.run([compiler, "-O2", "-o", temp, str(source)], check=True)
        os.replace(temp, binary)
    return binary


def run_once(argv: Sequence[str], cwd: Path) -> Run:
    report, out, err = (
        WORK / f"last-{os.getpid()}.{name}" for name in ("report", "stdout", "stderr")
    )
    with out.open("wb") as stdout, err.open("wb") as stderr:
        subprocess.run(
            [str(launcher()), str(report), *argv],
            cwd=cwd,
            env=CHILD_ENV,
            stdout=stdout,
            stderr=stderr,
            check=True,
        )
    wall, user, system, rss_kib, code = report.read_text().split()
    return Run(
        float(wall),
        float(user) + float(system),
        int(rss_kib) / 1024,
        int(code),
        out.read_text(errors="replace"),
        err.read_text(errors="replace"),
    )


def measure(
    corpus: str, label: str, argv: Sequence[str], cwd: Path, runs: int, check: Check
) -> Row:
    results = []
    for _ in range(runs):
        run = run_once(argv, cwd)
        problem = check(run)
        if problem is not None:
            print(f"\n!!! FAILED: corpus {corpus}, {label}: {problem}\n", file=sys.stderr)
            return Row(corpus, label, runs, None, f"FAILED: {problem}")
        results.append(run)
    return Row(
        corpus,
        label,
        runs,
        Measure(
            statistics.median(r.wall for r in results),
            statistics.median(r.cpu for r in results),
            max(r.rss_mb for r in results),
        ),
        summary(results[-1]),
    )


SUMMARY = re.compile(r"Found \d+ |All checks passed|\d+ files? (checked|clean)")


def summary(run: Run) -> str:
    """The tool's own summary line (event-lint, ruff, fixit), to show what it saw."""
    lines = [line for line in (run.stdout + run.stderr).splitlines() if SUMMARY.search(line)]
    return lines[-1].strip() if lines else ""


# -- corpora -------------------------------------------------------------------------


def bench_venv() -> Path:
    """The bench venv, with event-lint installed from this checkout as users get it: a
    wheel, not the editable install of .venv (whose import hook adds ~10 ms to every start)."""
    python = BIN / "python"
    pip = [str(python), "-m", "pip", "install", "-q"]
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    subprocess.run([*pip, str(REPO), "ruff", "django", "fixit", "flake8"], check=True)
    subprocess.run([*pip, "--no-deps", "--force-reinstall", str(REPO)], check=True)
    return python


def corpus_a(python: Path) -> Path:
    """stdlib + Django, in a folder named after both versions so it is never stale."""
    version, django = subprocess.run(
        [
            str(python),
            "-c",
            "import django, os; print(django.__version__, os.path.dirname(django.__file__))",
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    target = WORK / f"corpus-a-py{sys.version.split()[0]}-django{version}"
    if target.exists():
        return target
    temp = WORK / "corpus-a.tmp"
    shutil.rmtree(temp, ignore_errors=True)
    shutil.copytree(sysconfig.get_paths()["stdlib"], temp / "stdlib", ignore=SKIP, symlinks=True)
    shutil.copytree(django, temp / "django", ignore=SKIP, symlinks=True)
    temp.rename(target)
    return target


def corpus_b(modules: int = 2000) -> Path:
    target = WORK / f"corpus-b-{modules}"
    if target.exists():
        return target
    temp = WORK / "corpus-b.tmp"
    shutil.rmtree(temp, ignore_errors=True)
    package = temp / "shop"
    (package / "names").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "client.py").write_text(
        "import inngest\n\nclient = inngest.Inngest(app_id='shop', is_production=False)\n"
    )
    groups = 50
    (package / "names" / "__init__.py").write_text("")
    for group in range(groups):
        lines = [f'NAME_{k} = "shop/thing{group}x{k}.happened"\n' for k in range(40)]
        (package / "names" / f"n{group}.py").write_text("".join(lines))
    rng = random.Random(8)
    for index in range(modules):
        (package / f"mod_{index}.py").write_text(_module(index, rng, groups))
    temp.rename(target)
    return target


def _module(index: int, rng: random.Random, groups: int) -> str:
    group = rng.randrange(groups)
    names = rng.sample(range(40), 12)
    imports = ", ".join(f"NAME_{k}" for k in names)
    sends = []
    for n, k in enumerate(names[2 : 2 + rng.randint(5, 10)]):
        sends.append(
            f"    await client.send(\n"
            f"        inngest.Event(\n"
            f"            name=NAME_{k},\n"
            f'            data={{"order_id": order_id, "amount": {n * 10}, "currency": "EUR",'
            f' "items": [{{"sku": "sku-{n}", "qty": {n + 1}}}]}},\n'
            f'            id=f"thing-{k}-{{order_id}}",\n'
            f"        )\n"
            f"    )\n"
        )
    return (
        "import datetime\n\nimport inngest\n\n"
        "from shop.client import client\n"
        f"from shop.names.n{group} import {imports}\n\n\n"
        f"@client.create_function(\n"
        f'    fn_id="handle-{index}",\n'
        f"    trigger=inngest.TriggerEvent(event=NAME_{names[0]}),\n"
        f")\n"
        f"async def handle_{index}(ctx: inngest.Context) -> None:\n"
        f"    order_id = ctx.event.data['order_id']\n"
        f'    reply = await ctx.step.wait_for_event(\n        "wait-{index}",\n'
        f"        event=NAME_{names[1]},\n"
        f"        timeout=datetime.timedelta(minutes=5),\n"
        f'        if_exp="event.data.order_id == async.data.order_id",\n    )\n'
        f'    await ctx.step.send_event("done-{index}", [inngest.Event(name=NAME_{names[0]},'
        f' data={{"order_id": order_id}}, id=f"done-{index}-{{order_id}}")])\n\n\n'
        f"def total_{index}(items: list[dict[str, int]]) -> int:\n"
        f"    return sum(item['qty'] * item.get('price', 0) for item in items)\n\n\n"
        f"async def publish_{index}(order_id: str) -> None:\n" + "".join(sends)
    )


def file_list(root: Path) -> list[Path]:
    """The files event-lint lints under ``root``; also written to ``<root>.files``."""
    sys.path.insert(0, str(REPO))
    from event_lint.linter.discover import discover

    files = [f.path for f in discover([root], root, (), root)]
    (root.parent / f"{root.name}.files").write_text("".join(f"{f}\n" for f in files))
    return files


def count_lines(files: Sequence[Path]) -> int:
    """Lines in ``files``; reading them also warms the page cache for the first row."""
    return sum(f.read_bytes().count(b"\n") for f in files)


def ruff_file_count(root: Path) -> int:
    listing = subprocess.run(
        [str(BIN / "ruff"), "check", "--show-files", "."],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    return sum(1 for line in listing.stdout.splitlines() if line.strip().endswith((".py", ".pyi")))


LIBCST_ALONE = (
    "import sys, libcst\n"
    "for line in open(sys.argv[1]):\n"
    "    try:\n"
    "        libcst.parse_module(open(line.strip(), 'rb').read())\n"
    "    except Exception:\n"
    "        pass\n"
)


def fixit_config(root: Path) -> None:
    """A root fixit config, so fixit reads nothing above the corpus (``--rules`` picks the rule).

    Written only when different: event-lint reads this pyproject.toml too."""
    wanted = '[tool.fixit]\nroot = true\nenable = ["fixit.rules.no_redundant_fstring"]\ndisable = ["fixit.rules"]\n'
    path = root / "pyproject.toml"
    if not path.exists() or path.read_text() != wanted:
        path.write_text(wanted)


def fixit_linted(files: int) -> Check:
    """fixit exits 0 (clean), 1 (findings), 2 (a file raised), 3 (both), and also exits 0
    when its rule did not load. With --print-metrics it prints one line per file the rule
    ran on: those plus the files that raised must be every file."""

    def check(run: Run) -> str | None:
        if run.exit_code not in (0, 1, 2, 3):
            return exits(0, 1, 2, 3)(run)
        ran = run.stdout.count("'Count.NoRedundantFString'")
        raised = len(re.findall(r": EXCEPTION: ", run.stdout))
        if ran + raised != files:
            return f"fixit ran its rule on {ran} files and failed on {raised}, of {files}: {run.stderr.strip()[-300:]}"
        return None

    return check


def one_file(root: Path) -> Path:
    """A ~450-line stdlib module with nothing a send could hide in (no anchor, no marker)."""
    sys.path.insert(0, str(REPO))
    from event_lint.linter.prefilter import has_anchor, has_marker

    for name in ("textwrap.py", "shlex.py", "fnmatch.py"):
        path = root / "stdlib" / name
        data = path.read_bytes()
        if not has_anchor(data) and not has_marker(data):
            return path
    raise SystemExit("no suitable one-file sample")


@dataclass(frozen=True)
class Import:
    own_us: int
    cumulative_us: int
    depth: int  # 0 = imported by the command itself
    module: str


def import_tree(module: str) -> tuple[list[Import], int]:
    """One ``python -X importtime -c "import <module>"``: the imports ``module`` caused,
    itself last, and the microseconds spent before it in the interpreter's start-up imports
    (``site`` and what it loads)."""
    err = subprocess.run(
        [str(BIN / "python"), "-X", "importtime", "-c", f"import {module}"],
        env=CHILD_ENV,
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    entries = [
        Import(int(m[1]), int(m[2]), (len(m[3]) - len(m[3].lstrip()) - 1) // 2, m[3].strip())
        for m in re.finditer(r"^import time:\s+(\d+) \|\s+(\d+) \|(.*)$", err, re.M)
    ]
    last = max(i for i, e in enumerate(entries) if e.module == module and e.depth == 0)
    first = max((i + 1 for i, e in enumerate(entries[:last]) if e.depth == 0), default=0)
    startup = sum(e.cumulative_us for e in entries[:first] if e.depth == 0)
    return entries[first : last + 1], startup


def import_times(module: str = "event_lint.cli.lint", top: int = 10, runs: int = 5) -> list[str]:
    """The import-time breakdown of the CLI: the run with the median total, its direct
    imports by cumulative time and the modules with the most own time."""
    samples = sorted(
        (import_tree(module) for _ in range(runs)), key=lambda s: s[0][-1].cumulative_us
    )
    tree, startup = samples[len(samples) // 2]
    direct = sorted((e for e in tree if e.depth == 1), key=lambda e: -e.cumulative_us)
    heaviest = sorted(tree, key=lambda e: -e.own_us)

    def table(title: str, entries: list[Import]) -> list[str]:
        head = f"{'own ms':>7} {'cumulative ms':>14}  {title}"
        body = [
            f"{e.own_us / 1000:7.1f} {e.cumulative_us / 1000:14.1f}  {e.module}"
            for e in entries[:top]
        ]
        return ["```", head, *body, "```"]

    return [
        f"Import time of `import {module}` (`python -X importtime`, the median of {runs} runs, "
        f".pyc files present): {tree[-1].cumulative_us / 1000:.1f} ms, {len(tree)} modules, "
        f"after {startup / 1000:.1f} ms of the interpreter's own start-up imports (`site` and the "
        "venv's .pth files).",
        "",
        *table("its direct imports, by cumulative time", direct),
        "",
        *table("modules with the most own time", heaviest),
    ]


# -- the table -------------------------------------------------------------------------


@dataclass(frozen=True)
class Corpus:
    name: str
    root: Path
    files: list[Path]
    lines: int
    ruff_files: int


def corpus_rows(corpus: Corpus, args: argparse.Namespace) -> list[Row]:
    lint, ruff, root = str(BIN / "event-lint"), str(BIN / "ruff"), corpus.root
    rows: list[Row] = []

    def row(label: str, argv: list[str], runs: int = args.runs, check: Check | None = None) -> None:
        rows.append(measure(corpus.name, label, argv, root, runs, check or exits(0)))
        result = rows[-1].result
        print(f"  {label}: {f'{result.wall:.2f} s' if result else 'FAILED'}", file=sys.stderr)

    # a warm-up outside the table, on a file that needs the whole linter: .pyc files
    # (count_lines already read every file into the page cache)
    sender = next((f for f in corpus.files if b".send(" in f.read_bytes()), corpus.files[-1])
    subprocess.run(
        [lint, "--no-cache", "--exit-zero", str(sender)],
        cwd=root,
        env=CHILD_ENV,
        capture_output=True,
        check=False,
    )
    row(
        f"event-lint cold (--no-cache, -j{os.cpu_count()} = default)",
        [lint, "--no-cache", "--exit-zero", "."],
    )
    row("event-lint cold -j1", [lint, "--no-cache", "--exit-zero", "--jobs", "1", "."])
    if os.cpu_count() != 2:
        row("event-lint cold -j2", [lint, "--no-cache", "--exit-zero", "--jobs", "2", "."])
    subprocess.run(
        [lint, "--exit-zero", "."], cwd=root, env=CHILD_ENV, capture_output=True, check=False
    )
    row("event-lint warm", [lint, "--exit-zero", "."])
    row("ruff check --no-cache", [ruff, "check", "--no-cache", "--exit-zero", "."])
    subprocess.run([ruff, "check", "--exit-zero", "."], cwd=root, capture_output=True, check=False)
    row("ruff check warm", [ruff, "check", "--exit-zero", "."])
    slow = corpus.name == "A"
    if slow and args.skip_slow:
        return rows
    listing = root.parent / f"{root.name}.files"
    python = str(BIN / "python")
    row(
        "libcst.parse_module alone (1 process)",
        [python, "-c", LIBCST_ALONE, str(listing)],
        args.runs_slow if slow else args.runs,
    )
    fixit = [
        str(BIN / "fixit"),
        "--print-metrics",
        "--rules",
        FIXIT_RULE,
        "lint",
        *map(str, corpus.files),
    ]
    row(
        FIXIT_LABEL,
        fixit,
        args.runs_slow,
        fixit_linted(len(corpus.files)),
    )
    return rows


def scaling_rows(modules: int, runs: int) -> list[Row]:
    """event-lint -j1 on corpus B at half and twice the size: does peak memory grow
    with the corpus? (The full size is the -j1 row of corpus B.)"""
    rows = []
    for size in (modules // 2, modules * 2):
        root = corpus_b(size)
        argv = [str(BIN / "event-lint"), "--no-cache", "--exit-zero", "--jobs", "1", "."]
        rows.append(measure(f"B {size}", "event-lint cold -j1", argv, root, runs, exits(0)))
        print(f"  B {size} modules -j1: done", file=sys.stderr)
    return rows


def one_file_rows(sample: Path, where: Path) -> list[Row]:
    commands = (
        ("python -c pass", [str(BIN / "python"), "-c", "pass"], exits(0)),
        (
            "python -c 'import click, pathlib' (the CLI's floor)",
            [str(BIN / "python"), "-c", "import click, pathlib"],
            exits(0),
        ),
        (
            "event-lint one file (--no-cache)",
            [str(BIN / "event-lint"), "--no-cache", str(sample)],
            exits(0),
        ),
        (
            "event-lint one file (cache on, as pre-commit runs it)",
            [str(BIN / "event-lint"), str(sample)],
            exits(0),
        ),
        (
            "ruff one file (--no-cache)",
            [str(BIN / "ruff"), "check", "--no-cache", str(sample)],
            exits(0, 1),
        ),
        ("flake8 one file", [str(BIN / "flake8"), str(sample)], exits(0, 1)),
    )
    rows = []
    for label, argv, check in commands:
        run_once(argv, where)  # warm-up: .pyc files, page cache
        rows.append(measure("1 file", label, argv, where, 10, check))
    return rows


PRECOMMIT_MODULES = 500
PRECOMMIT_FILE = "shop/mod_7.py"
PRECOMMIT_LABEL = f"event-lint one Inngest file, {PRECOMMIT_MODULES}-module project, warm cache"
# The one-file sample (a stdlib module with nothing Inngest) put inside the same project:
# issue 14's other pre-commit case, a file with no Inngest code in a 500-module project.
PLAIN_FILE = "shop/textwrap.py"
PLAIN_LABEL = (
    f"event-lint one file without Inngest code, {PRECOMMIT_MODULES}-module project, warm cache"
)


def precommit_rows(sample: Path) -> list[Row]:
    """Pre-commit's cases: one named file of a corpus-B project whose cache a full run
    has warmed; the rest of the project is read as context (issue 14)."""
    root = corpus_b(PRECOMMIT_MODULES)
    plain = root / PLAIN_FILE
    if not plain.exists():
        shutil.copyfile(sample, plain)
    run_once([str(BIN / "event-lint"), "--exit-zero", "."], root)  # warms the cache
    commands = (
        (PRECOMMIT_LABEL, [str(BIN / "event-lint"), PRECOMMIT_FILE], exits(0)),
        (
            "ruff the same file (--no-cache)",
            [str(BIN / "ruff"), "check", "--no-cache", PRECOMMIT_FILE],
            exits(0, 1),
        ),
        (PLAIN_LABEL, [str(BIN / "event-lint"), PLAIN_FILE], exits(0)),
    )
    rows = []
    for label, argv, check in commands:
        run_once(argv, root)
        rows.append(measure("1 file", label, argv, root, 10, check))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--runs-slow", type=int, default=1)
    parser.add_argument("--modules", type=int, default=2000)
    parser.add_argument(
        "--skip-slow", action="store_true", help="skip libcst and fixit on corpus A"
    )
    parser.add_argument(
        "--corpora", default="AB", help="which corpora to run: A, B or AB (default)"
    )
    args = parser.parse_args()

    WORK.mkdir(parents=True, exist_ok=True)
    try:
        bench(args)
    finally:
        for scratch in WORK.glob(f"last-{os.getpid()}.*"):
            scratch.unlink()


def bench(args: argparse.Namespace) -> None:
    started = time.monotonic()
    python = bench_venv()
    roots = {"A": lambda: corpus_a(python), "B": lambda: corpus_b(args.modules)}
    corpora: list[Corpus] = []
    rows: list[Row] = []
    for name in args.corpora.upper():
        root = roots[name]()
        fixit_config(root)
        files = file_list(root)
        corpus = Corpus(name, root, files, count_lines(files), ruff_file_count(root))
        corpora.append(corpus)
        print(f"corpus {name}: {len(files)} files, {corpus.lines} lines in {root}", file=sys.stderr)
        rows += corpus_rows(corpus, args)

    if "B" in args.corpora.upper():
        rows += scaling_rows(args.modules, args.runs_slow)
    sample = one_file(corpus_a(python))
    rows += one_file_rows(sample, sample.parent)
    rows += precommit_rows(sample)
    floor = run_once(["/bin/true"], WORK)
    minutes = (time.monotonic() - started) / 60
    report = render(rows, corpora, sample, floor, minutes, import_times())
    print(report)
    (REPO / "bench" / "results.md").write_text(report)
    update_readme(rows, corpora, args.modules)
    if any(r.result is None for r in rows):
        raise SystemExit("bench: some rows FAILED (see the table)")


CORPUS_A_NOTE = (
    "Corpus A is the whole standard library (its `test/` folder included, `site-packages` left out) "
    "plus the installed Django package; both linters skip the stdlib's `venv/` package (a default "
    "exclude). shared/PERF.md's 4,601 files and 1.35 M lines also counted Django's own test suite "
    "(`tests/` in the sdist: 1,935 files, 332 k lines), which the package does not contain."
)


def render(
    rows: list[Row],
    corpora: list[Corpus],
    sample: Path,
    floor: Run,
    minutes: float,
    imports: list[str],
) -> str:
    base = {r.corpus: r.result for r in rows if r.label == "ruff check --no-cache" and r.result}
    parse = {r.corpus: r.result for r in rows if r.label.startswith("libcst") and r.result}
    lines = [
        "# event-lint benchmark",
        "",
        f"Machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; load average at the end "
        f"{os.getloadavg()[0]:.2f}; the whole benchmark took {minutes:.1f} min.",
        *(
            f"Corpus {c.name}: {c.root.name}, {len(c.files):,} files, {c.lines:,} lines "
            f"(event-lint's files; ruff checks {c.ruff_files:,})."
            for c in corpora
        ),
        *(CORPUS_A_NOTE for c in corpora if c.name == "A"),
        f"One file: {sample.name} ({count_lines([sample])} lines).",
        "Wall and CPU are medians; CPU is user + sys of the process and its workers; peak RSS is the "
        f"largest process, each command started by a small C launcher (bench/spawn.c; `/bin/true` "
        f"peaks at {floor.rss_mb:.1f} MB through it).",
        "",
        "| corpus | what | wall s | CPU s | peak RSS MB | wall / ruff cold | CPU / libcst parse | runs | the tool's summary |",
        "|---|---|---:|---:|---:|---:|---:|---|---|",
    ]
    for r in rows:
        m = r.result
        note = r.note.replace("|", "\\|")[:160]
        if m is None:
            lines.append(f"| {r.corpus} | {r.label} | **FAILED** | | | | | {r.runs} | {note} |")
            continue
        ruff_ratio = f"{m.wall / base[r.corpus].wall:.2f}x" if r.corpus in base else ""
        cst_ratio = f"{m.cpu / parse[r.corpus].cpu:.2f}x" if r.corpus in parse else ""
        wall = f"{m.wall * 1000:.1f} ms" if r.corpus == "1 file" else f"{m.wall:.2f}"
        lines.append(
            f"| {r.corpus} | {r.label} | {wall} | {m.cpu:.2f} | {m.rss_mb:.0f} | {ruff_ratio} | {cst_ratio} | {r.runs} | {note} |"
        )
    findings = (REPO / "bench" / "findings.md").read_text().rstrip().splitlines()
    return "\n".join([*lines, "", *targets(rows), "", *imports, "", *findings, ""])


def targets(rows: list[Row]) -> list[str]:
    get = {(r.corpus, r.label): r.result for r in rows if r.result}
    cold = next((r.label for r in rows if r.label.startswith("event-lint cold (")), "")
    two = cold if os.cpu_count() == 2 else "event-lint cold -j2"

    def ratio(a: tuple[str, str], b: tuple[str, str], attr: str) -> str:
        first, second = get.get(a), get.get(b)
        if first is None or second is None:
            return "n/a"
        return f"{getattr(first, attr) / getattr(second, attr):.2f}"

    ones = [
        f"{m.wall * 1000:.0f} ms {how}"
        for label, how in (
            ("event-lint one file (--no-cache)", "with --no-cache"),
            ("event-lint one file (cache on, as pre-commit runs it)", "with the cache"),
        )
        if (m := get.get(("1 file", label)))
    ]
    floor = get.get(("1 file", "python -c pass"))
    return [
        "Targets:",
        f"- A: event-lint cold / ruff cold wall = {ratio(('A', cold), ('A', 'ruff check --no-cache'), 'wall')} (target <= 1)",
        f"- A: event-lint warm / ruff warm wall = {ratio(('A', 'event-lint warm'), ('A', 'ruff check warm'), 'wall')} (target <= 1.5)",
        f"- B: event-lint cold CPU / libcst parse CPU = "
        f"{ratio(('B', cold), ('B', 'libcst.parse_module alone (1 process)'), 'cpu')} (target <= 1.3)",
        f"- B: wall -j1 / -j2 = {ratio(('B', 'event-lint cold -j1'), ('B', two), 'wall')} (target >= 1.7)",
        f"- one file: event-lint = {', '.join(ones) or 'n/a'} (target <= 50 ms; "
        f"`python -c pass` = {floor.wall * 1000:.0f} ms)"
        if floor
        else "- one file: n/a",
        f"- one Inngest file of a {PRECOMMIT_MODULES}-module project, warm: "
        f"{_ms(get.get(('1 file', PRECOMMIT_LABEL)))} (target < 150 ms)",
        f"- one file without Inngest code in the same project, warm: "
        f"{_ms(get.get(('1 file', PLAIN_LABEL)))} (target < 60 ms)",
        f"- peak RSS: event-lint A {_rss(get.get(('A', cold)))}, B {_rss(get.get(('B', cold)))} (target < 300 MB)",
        "- peak RSS of event-lint -j1 as corpus B grows (target: not growing): "
        + ", ".join(
            f"{corpus.removeprefix('B ') if corpus != 'B' else 'corpus B'} {_rss(get.get((corpus, 'event-lint cold -j1')))}"
            for corpus in sorted(
                {r.corpus for r in rows if r.corpus.startswith("B")},
                key=lambda c: (c != "B", c),
            )
        ),
    ]


def _rss(m: Measure | None) -> str:
    return f"{m.rss_mb:.0f} MB" if m else "n/a"


def _ms(m: Measure | None) -> str:
    return f"{m.wall * 1000:.0f} ms" if m else "n/a"


def _s(m: Measure | None, attr: str = "wall") -> str:
    return f"{getattr(m, attr):.2f} s" if m else "n/a"


README_START, README_END = "<!-- bench table: start -->", "<!-- bench table: end -->"


def update_readme(rows: list[Row], corpora: list[Corpus], modules: int) -> None:
    """Rewrite README.md's speed table (between its markers) from this run."""
    get = {(r.corpus, r.label): r.result for r in rows if r.result}
    cold = next((r.label for r in rows if r.label.startswith("event-lint cold (")), "")
    files = {c.name: len(c.files) for c in corpora}
    b_cold, parse, fixit = (
        get.get(("B", label))
        for label in (cold, "libcst.parse_module alone (1 process)", FIXIT_LABEL)
    )
    table = [
        "| | event-lint | beside |",
        "|---|---:|---|",
        f"| stdlib + Django ({files.get('A', 0):,} files), cold | {_s(get.get(('A', cold)))} "
        f"| ruff cold {_s(get.get(('A', 'ruff check --no-cache')))} |",
        f"| same, warm cache | {_s(get.get(('A', 'event-lint warm')))} "
        f"| ruff warm {_s(get.get(('A', 'ruff check warm')))} |",
        f"| {files.get('B', 0):,} files of Inngest code, cold, 2 workers | {_s(b_cold)} wall, "
        f"{_s(b_cold, 'cpu')} CPU, {_rss(b_cold)} | libcst parse alone {_s(parse, 'cpu')} CPU; "
        f"fixit, one rule, {_s(fixit, 'cpu')} CPU |",
        f"| same, warm cache | {_s(get.get(('B', 'event-lint warm')))} | |",
        "| half / full / twice corpus B, one worker, peak RSS | "
        + " / ".join(
            _rss(get.get((corpus, "event-lint cold -j1")))
            for corpus in sorted(
                {r.corpus for r in rows if r.corpus.startswith("B")},
                key=lambda corpus: int(corpus.removeprefix("B").strip() or modules),
            )
        )
        + " | |",
        f"| one file, nothing Inngest (pre-commit) "
        f"| {_ms(get.get(('1 file', 'event-lint one file (cache on, as pre-commit runs it)')))} "
        f"| `python -c pass` {_ms(get.get(('1 file', 'python -c pass')))}, "
        f"ruff {_ms(get.get(('1 file', 'ruff one file (--no-cache)')))}, "
        f"flake8 {_ms(get.get(('1 file', 'flake8 one file')))} |",
        f"| one Inngest file of a {PRECOMMIT_MODULES}-module project, warm (pre-commit) "
        f"| {_ms(get.get(('1 file', PRECOMMIT_LABEL)))} "
        f"| ruff {_ms(get.get(('1 file', 'ruff the same file (--no-cache)')))} |",
        f"| one file, nothing Inngest, in the same project, warm (pre-commit) "
        f"| {_ms(get.get(('1 file', PLAIN_LABEL)))} | |",
    ]
    readme = REPO / "README.md"
    text = readme.read_text()
    start, end = text.find(README_START), text.find(README_END)
    if start < 0 or end < start:
        raise SystemExit(f"bench: README.md has no {README_START} ... {README_END} markers")
    middle = "\n".join([README_START, *table, README_END])
    readme.write_text(text[:start] + middle + text[end + len(README_END) :])


if __name__ == "__main__":
    main()
