"""Work in supervised worker processes that may crash or hang.

libcst's parser is native code: a file it cannot handle can kill the process that
parses it (a stack overflow is a SIGSEGV) or run for minutes. So every file is parsed
in a worker process, one task at a time, that the supervisor watches over pipes: a
worker that dies, or runs one task longer than the time limit, is killed and replaced,
that task comes back as a ``Failed``, and the other tasks go on.
``multiprocessing.Pool`` cannot do this: it waits forever for a task whose worker died.

Workers are plain ``os.fork`` children talking length-prefixed pickles over two pipes:
no ``multiprocessing`` (importing it costs more than forking), and they start in a
millisecond with every module already imported. They start lazily (a run that parses
nothing starts none) and live for the whole run, so the modules resolution loads one at
a time reuse them. Without ``fork`` (Windows) the work runs in this process, unsupervised.
``pickle``, ``select`` and ``signal`` are imported when a worker starts: a run that parses
nothing (pre-commit on a file without Inngest code) never pays for them.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Generic, NoReturn, TypeVar

T = TypeVar("T")
R = TypeVar("R")

_HEADER = 8  # bytes of a message's length
_ORPHAN_CHECK = 1.0  # seconds between a waiting worker's checks that the supervisor lives


@dataclass(frozen=True)
class Failed:
    """A task whose worker died or ran out of time."""

    timed_out: bool
    reason: str  # "SIGSEGV", "exit code 1", or the time limit ("30 s")


@dataclass
class _Worker:
    pid: int
    tasks: int  # write end: tasks to the worker
    results: int  # read end: results from it
    task: int | None = None  # index of the task it runs
    deadline: float = 0.0


class Supervisor(Generic[T, R]):
    """Up to ``jobs`` worker processes that each run ``work`` on one task at a time;
    a task gets at most ``timeout`` seconds and a worker ``memory`` bytes more than it
    started with (where the system can limit it: an allocation past it fails, so the task
    fails). ``preload`` runs once in this process before the first fork (imports each
    worker would otherwise pay for again)."""

    def __init__(
        self,
        work: Callable[[T], R],
        jobs: int,
        timeout: float,
        preload: Callable[[], object] = lambda: None,
        memory: int | None = None,
    ) -> None:
        self.work = work
        self.memory = memory
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
        if not hasattr(os, "fork"):
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
                        _stop(worker)
                    else:
                        worker.task = None
                        self.idle.append(worker)
        finally:  # the caller stopped early: what still runs is of no use
            for worker in busy:
                _stop(worker)

    def run(self, task: T) -> R | Failed:
        """One task (a module that resolution loads on demand)."""
        return next(self.map([task]))[1]

    def close(self) -> None:
        """Stop the workers: each exits at the end of its task pipe."""
        workers, self.idle = self.idle, []
        for worker in workers:
            os.close(worker.tasks)
        for worker in workers:
            os.close(worker.results)
            os.waitpid(worker.pid, 0)

    # -- one worker ------------------------------------------------------------------

    def take_worker(self) -> _Worker:
        if self.idle:
            return self.idle.pop()
        if self.preload is not None:
            import pickle  # noqa: F401 - what every worker uses, imported before they fork
            import select  # noqa: F401
            import signal  # noqa: F401

            self.preload()
            self.preload = None
        task_read, task_write = os.pipe()
        result_read, result_write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the worker: never returns
            os.close(task_write)
            os.close(result_read)
            _serve(task_read, result_write, self.work, self.memory)
        os.close(task_read)
        os.close(result_write)
        return _Worker(pid, task_write, result_read)

    def start(self, worker: _Worker, index: int, tasks: Sequence[T]) -> _Worker:
        worker.task = index
        worker.deadline = time.monotonic() + self.timeout
        with contextlib.suppress(OSError):  # it died since its last task: wait() says so
            _send(worker.tasks, tasks[index])
        return worker

    def wait(self, busy: list[_Worker]) -> list[tuple[_Worker, R | Failed]]:
        """The workers among ``busy`` that finished, crashed or timed out."""
        import select

        remaining = min(w.deadline for w in busy) - time.monotonic()
        ready, _, _ = select.select([w.results for w in busy], [], [], max(remaining, 0))
        done: list[tuple[_Worker, R | Failed]] = []
        now = time.monotonic()
        for worker in busy:
            if worker.results in ready:
                done.append((worker, self.receive(worker)))
            elif now >= worker.deadline:
                _stop(worker)
                done.append((worker, Failed(timed_out=True, reason=f"{self.timeout:g} s")))
        return done

    def receive(self, worker: _Worker) -> R | Failed:
        import pickle

        message = _receive(worker.results)
        if message is None:  # the pipe closed: the worker died
            _, status = os.waitpid(worker.pid, 0)
            worker.pid = 0
            return Failed(timed_out=False, reason=_exit_reason(status))
        result: R = pickle.loads(message)
        return result


def _stop(worker: _Worker) -> None:
    """Kill and reap; safe to call twice (a closed descriptor's number may be reused)."""
    import signal

    for fd in (worker.tasks, worker.results):
        if fd >= 0:
            os.close(fd)
    worker.tasks = worker.results = -1
    if worker.pid:
        with contextlib.suppress(ProcessLookupError):
            os.kill(worker.pid, signal.SIGKILL)
        os.waitpid(worker.pid, 0)
        worker.pid = 0


def _serve(tasks: int, results: int, work: Callable[[T], R], memory: int | None) -> NoReturn:
    """The worker's loop: a task in, its result out, until the task pipe closes or the
    supervisor is gone (its end may live on in sibling workers, so no end of file tells)."""
    import pickle
    import select
    import signal

    code = 1
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the supervisor's to handle
        _silence_stderr()
        if memory is not None:
            _limit_memory(memory)
        parent = os.getppid()
        while True:
            while not select.select([tasks], [], [], _ORPHAN_CHECK)[0]:
                if os.getppid() != parent:
                    raise SystemExit
            message = _receive(tasks)
            if message is None:
                code = 0
                break
            _send(results, work(pickle.loads(message)))
    except BaseException:  # the supervisor sees the exit code
        pass
    finally:
        os._exit(code)  # never the parent's atexit handlers nor its buffered output


def _send(fd: int, value: object) -> None:
    import pickle

    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(len(data).to_bytes(_HEADER, "little") + data)
    while view:
        view = view[os.write(fd, view) :]


def _receive(fd: int) -> bytes | None:
    """One message, or None at the end of the pipe."""
    header = _read(fd, _HEADER)
    if header is None:
        return None
    return _read(fd, int.from_bytes(header, "little"))


def _read(fd: int, size: int) -> bytes | None:
    chunks = []
    while size:
        chunk = os.read(fd, min(size, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def _limit_memory(extra: int) -> None:
    """Address space: what the worker has now (a copy of the supervisor) plus ``extra``."""
    try:
        import resource

        with open("/proc/self/statm", "rb") as statm:
            size = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        wanted = size + extra
        if hard == resource.RLIM_INFINITY or wanted < hard:
            resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))
    except (ImportError, OSError, ValueError):  # not Linux: no limit
        pass


def _silence_stderr() -> None:
    """A native crash prints its own story ("thread has overflowed its stack"); the
    user gets one diagnostic line instead."""
    import faulthandler  # built in: its dump would go to a copy of stderr

    faulthandler.disable()
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    os.close(devnull)


def _exit_reason(status: int) -> str:
    import signal

    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        try:
            return signal.Signals(number).name
        except ValueError:
            return f"signal {number}"
    return f"exit code {os.waitstatus_to_exitcode(status)}"
