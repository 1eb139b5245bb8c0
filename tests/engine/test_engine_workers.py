"""The supervised workers: a task whose worker dies or outlives the time limit is a
``Failed``, the worker is replaced, and every other task still gets its result."""

from __future__ import annotations

import os
import signal
import time

import pytest

from event_lint.linter import extract
from event_lint.linter.workers import Failed, Supervisor

from .conftest import Lint, Write, codes, sends


def work(task: str) -> str:
    if task == "crash":
        os.kill(os.getpid(), signal.SIGSEGV)
    if task == "hang":
        time.sleep(60)
    if task == "exit":
        os._exit(3)
    return task.upper()


@pytest.mark.parametrize("jobs", [1, 2])
def test_failed_tasks_cost_only_themselves(jobs: int) -> None:
    tasks = ["a", "crash", "b", "hang", "c", "exit", "d"]
    started = time.monotonic()
    with Supervisor(work, jobs, timeout=1) as workers:
        results = dict(workers.map(tasks))
        assert workers.run("e") == "E"  # a worker is still there for what comes later
    assert time.monotonic() - started < 30
    assert [results[i] for i in range(len(tasks))] == [
        "A",
        Failed(timed_out=False, reason="SIGSEGV"),
        "B",
        Failed(timed_out=True, reason="1 s"),
        "C",
        Failed(timed_out=False, reason="exit code 3"),
        "D",
    ]


def test_closing_stops_every_worker() -> None:
    workers = Supervisor(work, 2, timeout=5)
    assert sorted(r for _, r in workers.map(["a"] * 40)) == ["A"] * 40
    pids = [w.pid for w in workers.idle]
    assert pids
    workers.close()
    for pid in pids:  # reaped: gone
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


SENDER = 'import inngest\nclient = inngest.Inngest(app_id="x")\nclient.send_sync(x)\n'


def test_a_crash_in_extraction_is_the_files_diagnostic(
    project: Write, lint: Lint, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = extract.extract_file

    def crashing(path: str, source: bytes, module: str) -> object:
        if path.startswith("crash"):
            os.kill(os.getpid(), signal.SIGSEGV)
        return real(path, source, module)

    monkeypatch.setattr(extract, "extract_file", crashing)  # inherited by the forked workers
    project({"crash.py": SENDER, **{f"ok{i}.py": SENDER for i in range(40)}})
    result = lint(jobs=2)
    assert not result.internal_errors
    assert codes(result) == [("crash.py", 1, "EL906")]
    assert len(sends(result)) == 40


def test_a_file_that_needs_too_much_memory_fails_alone(
    project: Write, lint: Lint, monkeypatch: pytest.MonkeyPatch
) -> None:
    """2,000 nested lambdas are 16 KB that libcst needs about 1 GB for: past the worker's
    limit the allocation fails and the worker dies of it (SIGABRT, from Rust)."""
    from event_lint.linter import parsing

    monkeypatch.setattr(parsing, "PARSE_MEMORY", 300 * 1024**2)
    project({"lambdas.py": "import inngest\nx = " + "lambda: " * 2000 + "1\n", "ok.py": SENDER})
    result = lint()
    assert [(d.path, d.code) for d in result.diagnostics] == [("lambdas.py", "EL906")]
    assert sends(result) == [("ok.py", 3)]
