"""The registry's error type: bad registry input is a user error (one line, exit 2)."""

from __future__ import annotations

from event_lint.errors import UserError


class RegistryError(UserError):
    """A registry that cannot be loaded, or a file in it that cannot be read."""
