# ruff: noqa: E501  (table rows and target lines read better unwrapped)
"""`make bench`: event-lint against ruff, flake8, libcst and fixit, whole processes, one table.

Corpora are built outside the repository (a .gitignore would hide them from the
linters), under $EVENT_LINT_BENCH_DIR (default /tmp/event-lint-bench):

- A, "big repo, little Inngest": the running Python's standard library plus Django's
  source, Django installed into a bench venv (with fixit and flake8) from the package index;
- B, "Inngest-heavy": 2,000 generated modules sharing a client and name-constant modules,
  each registering a function, waiting for an event and sending 5 to 10 events.

Each row is a child process: wall time, CPU (user + sys of the child and its workers,
from ``os.wait4``) and peak RSS (largest process); medians of --runs runs (default 3,
10 for the one-file latency). The slow baselines on corpus A (libcst alone, fixit) run
once unless --runs-slow says otherwise. Writes bench/results.md.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import sysconfig
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
WORK = Path(os.environ.get("EVENT_LINT_BENCH_DIR", "/tmp/event-lint-bench"))
VENV = WORK / "venv"
SKIP = shutil.ignore_patterns("__pycache__", "site-packages", "*.pyc")


@dataclass(frozen=True)
class Measure:
    wall: float
    cpu: float
    rss_mb: float


def run_once(argv: list[str], cwd: Path) -> Measure:
    start = time.perf_counter()
    child = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    return Measure(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def measure(argv: list[str], cwd: Path, runs: int) -> Measure:
    results = [run_once(argv, cwd) for _ in range(runs)]
    return Measure(
        statistics.median(r.wall for r in results),
        statistics.median(r.cpu for r in results),
        max(r.rss_mb for r in results),
    )


# -- corpora -------------------------------------------------------------------------


def bench_venv() -> Path:
    python = VENV / "bin" / "python"
    if not (VENV / "bin" / "fixit").exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", "django", "fixit", "flake8"], check=True
        )
    return python


def corpus_a(python: Path) -> Path:
    target = WORK / "corpus-a"
    if target.exists():
        return target
    django = subprocess.run(
        [str(python), "-c", "import django, os; print(os.path.dirname(django.__file__))"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
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


def write_file_list(root: Path) -> Path:
    sys.path.insert(0, str(REPO))
    from event_lint.linter.discover import discover

    listing = root.parent / f"{root.name}.files"
    files = discover([root], root, (), root)
    listing.write_text("".join(f"{f.path}\n" for f in files))
    return listing


LIBCST_ALONE = (
    "import sys, libcst\n"
    "for line in open(sys.argv[1]):\n"
    "    try:\n"
    "        libcst.parse_module(open(line.strip(), 'rb').read())\n"
    "    except Exception:\n"
    "        pass\n"
)


def fixit_config(root: Path) -> None:
    (root / "pyproject.toml").write_text(
        '[tool.fixit]\nroot = true\nenable = ["fixit.rules.no_redundant_fstring"]\ndisable = ["fixit.rules"]\n'
    )


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


# -- the table -------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--runs-slow", type=int, default=1)
    parser.add_argument("--modules", type=int, default=2000)
    parser.add_argument(
        "--skip-slow", action="store_true", help="skip libcst and fixit on corpus A"
    )
    args = parser.parse_args()

    WORK.mkdir(parents=True, exist_ok=True)
    python = bench_venv()
    roots = {"A": corpus_a(python), "B": corpus_b(args.modules)}
    rows: list[tuple[str, str, Measure, str]] = []
    lint = str(BIN / "event-lint")
    ruff = str(BIN / "ruff")
    for corpus, root in roots.items():
        fixit_config(root)
        listing = write_file_list(root)
        count = len(listing.read_text().splitlines())
        print(f"corpus {corpus}: {count} files in {root}", file=sys.stderr)

        def row(
            label: str,
            argv: list[str],
            runs: int = args.runs,
            corpus: str = corpus,
            root: Path = root,
        ) -> None:
            result = measure(argv, root, runs)
            rows.append((corpus, label, result, f"{runs} run{'s' * (runs > 1)}"))
            print(f"  {label}: {result.wall:.2f} s", file=sys.stderr)

        row("event-lint cold (--no-cache)", [lint, "--no-cache", "--exit-zero", "."])
        row("event-lint cold -j1", [lint, "--no-cache", "--exit-zero", "--jobs", "1", "."])
        row("event-lint cold -j2", [lint, "--no-cache", "--exit-zero", "--jobs", "2", "."])
        subprocess.run([lint, "--exit-zero", "."], cwd=root, capture_output=True, check=False)
        row("event-lint warm", [lint, "--exit-zero", "."])
        row("ruff check --no-cache", [ruff, "check", "--no-cache", "--exit-zero", "."])
        subprocess.run(
            [ruff, "check", "--exit-zero", "."], cwd=root, capture_output=True, check=False
        )
        row("ruff check warm", [ruff, "check", "--exit-zero", "."])
        slow = corpus == "A"
        if not (slow and args.skip_slow):
            runs = args.runs_slow if slow else args.runs
            row(
                "libcst.parse_module alone (1 process)",
                [str(BIN / "python"), "-c", LIBCST_ALONE, str(listing)],
                runs,
            )
            fixit = [str(VENV / "bin" / "fixit"), "lint", "."]
            row("fixit lint, one rule", fixit, args.runs_slow)

    sample = one_file(roots["A"])
    where = roots["A"]
    for label, argv in (
        ("python -c pass", [str(BIN / "python"), "-c", "pass"]),
        ("event-lint one file", [lint, "--no-cache", str(sample)]),
        ("ruff one file", [ruff, "check", "--no-cache", str(sample)]),
        ("flake8 one file", [str(VENV / "bin" / "flake8"), str(sample)]),
    ):
        rows.append(("1 file", label, measure(argv, where, 10), "10 runs"))
    report = render(rows, roots, sample)
    print(report)
    (REPO / "bench" / "results.md").write_text(report)


def render(rows: list[tuple[str, str, Measure, str]], roots: dict[str, Path], sample: Path) -> str:
    base = {corpus: m for corpus, label, m, _ in rows if label.startswith("ruff check --no-cache")}
    parse = {corpus: m for corpus, label, m, _ in rows if label.startswith("libcst")}
    lines = [
        "# event-lint benchmark",
        "",
        f"Machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}. "
        f"Corpus A: {roots['A']} (stdlib + Django); corpus B: {roots['B']}; one file: {sample.name}.",
        "Wall and CPU are medians; CPU is user + sys of the process and its workers; RSS is the largest process.",
        "",
        "| corpus | what | wall s | CPU s | peak RSS MB | wall / ruff cold | CPU / libcst parse | runs |",
        "|---|---|---:|---:|---:|---:|---:|---|",
    ]
    for corpus, label, m, runs in rows:
        ruff_ratio = f"{m.wall / base[corpus].wall:.2f}x" if corpus in base else ""
        cst_ratio = f"{m.cpu / parse[corpus].cpu:.2f}x" if corpus in parse else ""
        wall = f"{m.wall * 1000:.1f} ms" if corpus == "1 file" else f"{m.wall:.2f}"
        lines.append(
            f"| {corpus} | {label} | {wall} | {m.cpu:.2f} | {m.rss_mb:.0f} | {ruff_ratio} | {cst_ratio} | {runs} |"
        )
    lines += ["", *targets(rows), ""]
    return "\n".join(lines)


def targets(rows: list[tuple[str, str, Measure, str]]) -> list[str]:
    get = {(c, label): m for c, label, m, _ in rows}

    def ratio(a: tuple[str, str], b: tuple[str, str], attr: str) -> str:
        if a not in get or b not in get:
            return "n/a"
        return f"{getattr(get[a], attr) / getattr(get[b], attr):.2f}"

    cold, warm = "event-lint cold (--no-cache)", "event-lint warm"
    return [
        "Targets:",
        f"- A: event-lint cold / ruff cold wall = {ratio(('A', cold), ('A', 'ruff check --no-cache'), 'wall')} (target <= 1)",
        f"- A: event-lint warm / ruff warm wall = {ratio(('A', warm), ('A', 'ruff check warm'), 'wall')} (target <= 1.5)",
        f"- B: event-lint cold CPU / libcst parse CPU = "
        f"{ratio(('B', cold), ('B', 'libcst.parse_module alone (1 process)'), 'cpu')} (target <= 1.3)",
        f"- B: wall -j1 / -j2 = {ratio(('B', 'event-lint cold -j1'), ('B', 'event-lint cold -j2'), 'wall')} (target >= 1.7)",
        f"- one file: event-lint = {get[('1 file', 'event-lint one file')].wall * 1000:.0f} ms (target < 60 ms)"
        if ("1 file", "event-lint one file") in get
        else "- one file: n/a",
    ]


if __name__ == "__main__":
    main()
