"""`make bench` (server part): how long after a `didChange` the editor gets diagnostics.

The project is bench/run.py's corpus B at 500 modules (a shared client, name-constant
modules, each module registering a function and sending events), copied with a registry
of its first name group's events and a ~300-line module that imports from the others.
The real `event-lint-server` runs over stdio (tests/server/client.py, the tests' client);
after the first lint (cold: imports, the registry, the imported modules parsed), each
`didChange` alternates two texts and the time to its `publishDiagnostics` is measured,
with no debounce (the lint itself) and with the default 150 ms, with the CPU time the
server process spent on it (from /proc: the machine is shared, CPU time says more than
the clock). Writes bench/server_results.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]

from run import WORK, corpus_b  # noqa: E402  (bench/run.py: the corpus generator)
from server.client import Client  # noqa: E402  (the tests' LSP client)

SERVER = Path(sys.executable).parent / "event-lint-server"
EVENTS = 40  # names in a group of corpus B


def project(modules: int) -> Path:
    target = WORK / f"server-{modules}"
    if target.exists():
        return target
    temp = WORK / "server.tmp"
    shutil.rmtree(temp, ignore_errors=True)
    shutil.copytree(corpus_b(modules), temp)
    (temp / "pyproject.toml").write_text('[tool.event-lint]\nregistry = "schemas"\n')
    for k in range(EVENTS):
        folder = temp / "schemas" / "shop" / f"thing0x{k}.happened"
        folder.mkdir(parents=True)
        (folder / "1.json").write_text(json.dumps(_schema(k), indent=2))
    temp.rename(target)
    return target


def _schema(k: int) -> dict[str, object]:
    return {
        "type": "object",
        "description": f"Thing {k} happened.",
        "properties": {
            "order_id": {"type": "string"},
            "amount": {"type": "integer"},
            "currency": {"type": "string"},
            "items": {"type": "array"},
        },
        "required": ["order_id"],
        "additionalProperties": False,
    }


def edited_module(sends: int = 27) -> str:
    """~300 lines: imports from other modules, a function, and ``sends`` sends."""
    head = (
        "import time\n\nimport inngest\n\nfrom shop.client import client\n"
        "from shop.mod_1 import total_1\n"
        "from shop.names.n0 import " + ", ".join(f"NAME_{k}" for k in range(EVENTS)) + "\n\n\n"
        "async def publish(order_id: str) -> None:\n"
    )
    body = "".join(
        "    await client.send(\n"
        "        inngest.Event(\n"
        f"            name=NAME_{n % EVENTS},\n"
        f'            data={{"order_id": order_id, "amount": total_1([]) + {n}}},\n'
        f'            id=f"thing-{n}-{{order_id}}",\n'
        "            ts=int(time.time() * 1000),\n"
        "        )\n"
        "    )\n"
        "    # ----\n"
        "\n"
        "\n"
        for n in range(sends)
    )
    return head + body


def timings(
    client: Client, uri: str, texts: list[str], runs: int
) -> tuple[list[float], list[float]]:
    """Per change: ms to the publish, and ms of CPU the server spent meanwhile."""
    found: list[float] = []
    cpu: list[float] = []
    for run in range(runs):
        used = _cpu_ms(client.process.pid)
        started = time.perf_counter()
        client.change(uri, run + 2, texts[run % 2])
        client.diagnostics(uri)
        found.append((time.perf_counter() - started) * 1000)
        cpu.append(_cpu_ms(client.process.pid) - used)
    return found, cpu


def _cpu_ms(pid: int) -> float:
    """User + system time of a process and its reaped children (Linux /proc), ms."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    ticks = sum(int(value) for value in fields[11:15])  # utime stime cutime cstime
    return ticks * 1000 / os.sysconf("SC_CLK_TCK")


def measure(root: Path, debounce_ms: int, runs: int) -> tuple[float, list[float], list[float]]:
    source = edited_module()
    path = root / "shop" / "edited.py"
    path.write_text(source)
    client = Client(root, command=SERVER)
    try:
        client.initialize(root, {"debounce_ms": debounce_ms})
        started = time.perf_counter()
        uri = client.open(path, source)
        client.diagnostics(uri)
        cold = (time.perf_counter() - started) * 1000
        mistake = source.replace("time.time() * 1000", "time.time()", 1)  # one EL302
        return cold, *timings(client, uri, [mistake, source], runs)
    finally:
        client.close()


def in_process(root: Path, runs: int) -> list[str]:
    """Where the time goes: ``lint_source`` on the same module in this process, as the
    server calls it (with its memo of the imported modules' facts) and without (every
    imported module parsed again, in a forked worker), and the buffer's extraction alone."""
    from event_lint.linter.engine import lint_source
    from event_lint.linter.extract import extract_file
    from event_lint.server.memo import Memo
    from event_lint.server.project import Projects

    path = root / "shop" / "edited.py"
    source = edited_module().encode()
    context = Projects().context(path)
    memo = Memo(context.config.root)
    rows = []
    for label, work in [
        (
            "lint_source as the server calls it (memo)",
            lambda: lint_source(str(path), source, context.config, context.registry, memo),
        ),
        (
            "lint_source without the memo",
            lambda: lint_source(str(path), source, context.config, context.registry),
        ),
        (
            "the buffer's extraction alone",
            lambda: extract_file("shop/edited.py", source, "shop.edited"),
        ),
    ]:
        work()  # warm
        found, cpu = [], []
        for _ in range(runs):
            used = _cpu_ms(os.getpid())
            started = time.perf_counter()
            work()
            found.append((time.perf_counter() - started) * 1000)
            cpu.append(_cpu_ms(os.getpid()) - used)
        rows.append(
            f"| {label} | | {statistics.median(found):.0f} | | {min(found):.0f} "
            f"| {statistics.median(cpu):.0f} |"
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--modules", type=int, default=500)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    root = project(args.modules)
    lines = edited_module().count("\n")
    rows = [
        "# event-lint server: didChange to publishDiagnostics",
        "",
        f"A {lines}-line module in a {args.modules}-module project (bench/server_latency.py); "
        f"median, 90th percentile and best of {args.runs} changes after the first lint, ms; "
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} when it started. "
        "CPU median: user + system time of the server process per change (its lint "
        "thread and any worker it forked; the in-process rows: this process), in 10 ms "
        "ticks: on a shared machine the clock mostly measures the load.",
        "",
        "| debounce (or step) | first lint (cold) | median | p90 | best | CPU median |",
        "|---|---|---|---|---|---|",
    ]
    for debounce in (0, 150):
        cold, found, cpu = measure(root, debounce, args.runs)
        p90 = statistics.quantiles(found, n=10)[-1]
        rows.append(
            f"| {debounce} ms | {cold:.0f} | {statistics.median(found):.0f} | {p90:.0f} "
            f"| {min(found):.0f} | {statistics.median(cpu):.0f} |"
        )
    rows += in_process(root, args.runs)
    text = "\n".join(rows) + "\n"
    (HERE / "server_results.md").write_text(text)
    print(text, end="")


if __name__ == "__main__":
    main()
