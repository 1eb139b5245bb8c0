"""The one error type a user sees as a one-line message and exit code 2."""

from __future__ import annotations


class UserError(Exception):
    """Bad input: a config, registry, path or usage problem.

    The CLI prints ``str(error)`` on one line and exits 2, never a traceback.
    The message names what is wrong and where (file, line, JSON path).
    """

    exit_code = 2
