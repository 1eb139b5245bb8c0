"""Who sends each event and who consumes it, across a project: for the hover.

Found by a whole lint of the project's saved files (``lint_paths``, with its cache on
disk, as the CLI runs it) in a child process that prints the counts as JSON: the lint's
workers are forked from a process of one thread, and the server's lint thread is not
held up. The child runs in the project's folder but never imports from it (a package
of the repository named ``event_lint`` must not run). Kept per project root until a
file is saved or changes on disk.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from event_lint.linter.model import Project
from event_lint.linter.names import wildcard_matches

_LIMIT = 600  # seconds: a project's first lint, on a busy machine
# sys.path[0] is the working directory (the project) under -c: dropped before importing.
_CHILD = "import sys; del sys.path[0]; from event_lint.server.usage import main; main(sys.argv[1])"


@dataclass(frozen=True)
class Usage:
    """Sends per event name, and the name (or wildcard) of each trigger and wait."""

    sends: Mapping[str, int]
    consumers: tuple[str, ...]

    def producers_of(self, name: str) -> int:
        return self.sends.get(name, 0)

    def consumers_of(self, name: str) -> int:
        return sum(1 for pattern in self.consumers if wildcard_matches(pattern, name))


def usage_of(project: Project) -> Usage:
    from event_lint.linter.rules._helpers import sent_events

    sends = Counter(e.name.value for e in sent_events(project) if e.name and e.name.value)
    written = [t.event for fn in project.functions for t in fn.triggers]
    written += [wait.event for wait in project.waits]
    return Usage(sends, tuple(text.value for text in written if text and text.value))


def project_usage(root: Path) -> Usage | None:
    """The usage of the project at ``root``, found in a child process; None if it fails
    (a config that does not load): the hover then goes without it."""
    command = [sys.executable, "-c", _CHILD, str(root)]
    try:
        done = subprocess.run(
            command, cwd=root, capture_output=True, timeout=_LIMIT, check=True, text=True
        )
        found = json.loads(done.stdout)
        return Usage(dict(found["sends"]), tuple(found["consumers"]))
    except (OSError, subprocess.SubprocessError, ValueError, KeyError, TypeError):
        return None


def main(root: str) -> None:
    """In the child: lint the project at ``root`` and print its usage as JSON."""
    from event_lint.config import load_config
    from event_lint.linter.engine import LintOptions, lint_paths

    config = load_config(Path(root))
    result = lint_paths([config.root], config, None, LintOptions(keep_project=True))
    usage = usage_of(result.project) if result.project is not None else Usage({}, ())
    json.dump({"sends": usage.sends, "consumers": usage.consumers}, sys.stdout)


class Usages:
    """Each project's usage, found once and again after a change; safe from any thread."""

    def __init__(self) -> None:
        self._thread = ThreadPoolExecutor(1, thread_name_prefix="event-lint-usage")
        self._found: dict[Path, Future[Usage | None]] = {}
        self._lock = threading.Lock()

    def start(self, root: Path) -> Future[Usage | None]:
        """The project's usage, being found if it is not known yet."""
        with self._lock:
            found = self._found.get(root)
            if found is None:
                found = self._found[root] = self._thread.submit(project_usage, root)
            return found

    async def of(self, root: Path) -> Usage | None:
        return await asyncio.wrap_future(self.start(root))

    def forget(self) -> None:
        """A file changed: every project is found again when next asked for."""
        with self._lock:
            self._found.clear()
