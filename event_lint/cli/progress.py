"""The progress bar of a long ``event-lint`` run: one line on stderr, on a terminal only."""

from __future__ import annotations

import sys
import time


class ProgressBar:
    """Shown once the run has taken a second, redrawn at most ten times a second, erased
    at the end. The engine calls ``start`` for each stage (scan, then parse)."""

    def __init__(self) -> None:
        self.enabled = sys.stderr.isatty()
        self.total = self.count = 0
        self.started = time.monotonic()
        self.shown = 0.0

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
