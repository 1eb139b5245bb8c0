"""The registry's error type: bad registry input is a user error (one line, exit 2)."""

from __future__ import annotations

from event_lint.errors import UserError


class RegistryError(UserError):
    """A registry that cannot be loaded, or a file in it that cannot be read. ``str()`` is
    the first problem; ``messages`` holds every problem found in the same run (one line
    each), so a user fixes every broken file at once."""

    def __init__(self, message: str, *more: str) -> None:
        super().__init__(message)
        self.messages = (message, *more)
