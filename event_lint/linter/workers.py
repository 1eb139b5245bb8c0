"""Work in supervised worker processes that may crash or hang.

libcst's parser is native code: a file it cannot handle can kill the process that
parses it (a stack overflow is a SIGSEGV) or run for minutes. So every file is parsed
in a worker process, one task at a time, that the supervisor watches over a pipe: a
worker that dies, or runs one task longer than the time limit, is killed and replaced,
that task comes back as a ``Failed``, and the other tasks go on.
``multiprocessing.Pool`` cannot do this: it waits forever for a task whose worker died.

Workers start lazily (a run that parses nothing starts none) and live for the whole
run, so the modules resolution loads one at a time reuse them.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class Failed:
    """A task whose worker died or ran out of time."""

    timed_out: bool
    reason: str  # "SIGSEGV", "exit code 1", or the time limit ("30 s")


@dataclass
class _Worker:
    process: BaseProcess
    conn: Connection
    task: int | None = None  # index of the task it runs
    deadline: float = 0.0


class Supervisor(Generic[T, R]):
    """Up to ``jobs`` worker processes that each run ``work`` on one task at a time;
    a task gets at most ``timeout`` seconds. ``preload`` runs once in this process
    before the first fork (imports each worker would otherwise pay for again)."""

    def __init__(
        self,
        work: Callable[[T], R],
        jobs: int,
        timeout: float,
        preload: Callable[[], object] = lambda: None,
    ) -> None:
        self.work = work
        self.preload: Callable[[], object] | None = preload
        self.jobs = max(1, jobs)
        self.timeout = timeout
        self.idle: list[_Worker] = []

    def __enter__(self) -> Supervisor[T, R]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def map(self, tasks: Sequence[T], jobs: int | None = None) -> Iterator[tuple[int, R | Failed]]:
        """``(index, result)`` for each task, in the order they finish, on at most
        ``jobs`` workers (default: all)."""
        if _in_daemon():
            yield from enumerate(map(self.work, tasks))
            return
        limit = min(jobs or self.jobs, self.jobs)
        pending = list(range(len(tasks) - 1, -1, -1))  # popped from the end: in order
        busy: list[_Worker] = []
        try:
            while pending or busy:
                while pending and len(busy) < limit:
                    busy.append(self.start(self.take_worker(), pending.pop(), tasks))
                for worker, outcome in self.wait(busy):
                    busy.remove(worker)
                    assert worker.task is not None
                    yield worker.task, outcome
                    if isinstance(outcome, Failed):
                        self.stop(worker)
                    else:
                        worker.task = None
                        self.idle.append(worker)
        finally:  # the caller stopped early: what still runs is of no use
            for worker in busy:
                self.stop(worker)

    def run(self, task: T) -> R | Failed:
        """One task (a module that resolution loads on demand)."""
        return next(self.map([task]))[1]

    def close(self) -> None:
        """Stop the workers (``None`` tells a worker to exit)."""
        workers, self.idle = self.idle, []
        for worker in workers:
            with contextlib.suppress(OSError):
                worker.conn.send(None)
        for worker in workers:
            worker.process.join(timeout=1)
            if worker.process.is_alive():
                self.stop(worker)

    # -- one worker ------------------------------------------------------------------

    def take_worker(self) -> _Worker:
        if self.idle:
            return self.idle.pop()
        import multiprocessing

        # fork: a worker starts in milliseconds with the modules already imported.
        fork = sys.platform == "linux"
        if fork and self.preload is not None:
            self.preload()
            self.preload = None
        context = multiprocessing.get_context("fork" if fork else None)
        ours, theirs = context.Pipe()
        process = context.Process(target=_serve, args=(theirs, self.work), daemon=True)
        process.start()
        theirs.close()
        return _Worker(process, ours)

    def start(self, worker: _Worker, index: int, tasks: Sequence[T]) -> _Worker:
        worker.task = index
        worker.deadline = time.monotonic() + self.timeout
        with contextlib.suppress(OSError):  # it died since its last task: wait() says so
            worker.conn.send(tasks[index])
        return worker

    def wait(self, busy: list[_Worker]) -> list[tuple[_Worker, R | Failed]]:
        """The workers among ``busy`` that finished, crashed or timed out."""
        from multiprocessing.connection import wait

        remaining = min(w.deadline for w in busy) - time.monotonic()
        ready = set(wait([w.conn for w in busy], timeout=max(remaining, 0)))
        done: list[tuple[_Worker, R | Failed]] = []
        now = time.monotonic()
        for worker in busy:
            if worker.conn in ready:
                done.append((worker, self.receive(worker)))
            elif now >= worker.deadline:
                self.stop(worker)
                done.append((worker, Failed(timed_out=True, reason=f"{self.timeout:g} s")))
        return done

    def receive(self, worker: _Worker) -> R | Failed:
        try:
            result: R = worker.conn.recv()
            return result
        except (EOFError, OSError):  # the pipe closed: the worker died
            worker.process.join(timeout=5)
            return Failed(timed_out=False, reason=_exit_reason(worker.process.exitcode))

    def stop(self, worker: _Worker) -> None:
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join()
        worker.conn.close()


def _in_daemon() -> bool:
    """A daemonic process (a ``multiprocessing.Pool`` worker that lints) may not start
    processes: it runs the work itself, unsupervised."""
    import multiprocessing

    return bool(multiprocessing.current_process().daemon)


def _serve(conn: Connection, work: Callable[[T], R]) -> None:
    """The worker's loop: a task in, its result out, until ``None`` or the supervisor
    is gone (its pipe end may live on in sibling workers, so no end of file tells)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the supervisor's to handle
    _silence_stderr()
    parent = os.getppid()
    while True:
        try:
            while not conn.poll(1.0):
                if os.getppid() != parent:
                    return
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        conn.send(work(task))


def _silence_stderr() -> None:
    """A native crash prints its own story ("thread has overflowed its stack"); the
    user gets one diagnostic line instead."""
    import faulthandler  # built in: its dump would go to a copy of stderr

    faulthandler.disable()
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    os.close(devnull)


def _exit_reason(code: int | None) -> str:
    if code is not None and code < 0:
        try:
            return signal.Signals(-code).name
        except ValueError:
            return f"signal {-code}"
    return f"exit code {code}"
