"""One file's parse, as a worker process runs it: read, extract, pickle; never raises.

What comes back is the content hash and the pickled facts, or a diagnostic saying why
there are none: EL902 unreadable, EL904 over ``max-file-size``, EL906 out of memory,
EL903 a crash in extraction. A worker that dies or runs out of time is reported by the
supervisor instead (``failure``: EL906, EL905).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from event_lint.codes import (
    FILE_TIMEOUT,
    FILE_TOO_LARGE,
    INTERNAL_ERROR,
    PARSER_CRASH,
    UNREADABLE_FILE,
)
from event_lint.diagnostics import NO_SPAN, Diagnostic
from event_lint.files import FileTooLarge, read_regular
from event_lint.linter.cache import Pickled, content_hash

if TYPE_CHECKING:
    from event_lint.linter.workers import Failed

# What one file may take to parse: 1 MiB (max-file-size) of real code takes ~250 MB, of
# the worst shapes ~1 GB; 3,000 nested lambdas in 24 KB take 1.6 GB.
PARSE_MEMORY = 2 * 1024**3


class ParseTask(NamedTuple):
    """One file for a worker to extract."""

    path: Path
    rel: str
    module: str
    source: bytes | None  # None: read it from ``path``
    max_size: int  # max-file-size
    memory: int  # the worker's memory limit, for the message when it is reached


# What a worker returns for one file: (content hash, pickled facts) or (None, a problem).
Outcome = tuple[str | None, Pickled | Diagnostic]


def parse_task(task: ParseTask) -> Outcome:
    """Read and extract one file. Never raises: a failure comes back as a diagnostic."""
    source = task.source
    if source is None:
        try:
            source = read_regular(task.path, task.max_size)
        except OSError as exc:
            return None, _read_problem(task, exc)
    elif len(source) > task.max_size:
        return None, _too_large(task)
    return content_hash(source), _extract_pickled(task, source)


def failure(rel: str, failed: Failed) -> Diagnostic:
    """The diagnostic of a file whose worker died or ran out of time."""
    if failed.timed_out:
        message = f"not linted: parsing took longer than {failed.reason} (file-timeout)"
        return Diagnostic(rel, NO_SPAN, FILE_TIMEOUT, message)
    message = f"not linted: the parser crashed on this file ({failed.reason})"
    return Diagnostic(rel, NO_SPAN, PARSER_CRASH, message)


def internal_error(path: str, where: str, exc: BaseException) -> Diagnostic:
    message = f"internal error in {where}: {type(exc).__name__}: {exc}; please report it"
    return Diagnostic(path, NO_SPAN, INTERNAL_ERROR, message)


def preload() -> None:
    """Imported once before the workers fork (the main process unpickles facts anyway)."""
    import event_lint.linter.extract  # noqa: F401


def _read_problem(task: ParseTask, exc: OSError) -> Diagnostic:
    if isinstance(exc, FileTooLarge):
        return _too_large(task)
    return Diagnostic(
        task.rel, NO_SPAN, UNREADABLE_FILE, f"cannot read file: {exc.strerror or exc}"
    )


def _too_large(task: ParseTask) -> Diagnostic:
    message = f"not linted: the file is larger than max-file-size ({task.max_size:,} bytes)"
    return Diagnostic(task.rel, NO_SPAN, FILE_TOO_LARGE, message)


def _extract_pickled(task: ParseTask, source: bytes) -> Pickled | Diagnostic:
    import pickle  # with extraction, never on a run where every file is skipped

    from event_lint.linter.extract import extract_file

    try:
        facts = extract_file(task.rel, source, task.module)
        return Pickled(
            pickle.dumps(facts, protocol=pickle.HIGHEST_PROTOCOL),
            pickle.dumps(facts.outline(), protocol=pickle.HIGHEST_PROTOCOL),
        )
    except MemoryError:  # past the worker's limit
        message = f"not linted: the parser ran out of memory ({task.memory >> 30} GiB)"
        return Diagnostic(task.rel, NO_SPAN, PARSER_CRASH, message)
    except Exception as exc:  # extract_file promises not to raise; if it does, say so
        return internal_error(task.rel, "extraction", exc)
