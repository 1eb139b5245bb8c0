"""``event-lint server`` / ``event-lint-server``: a language server on stdin/stdout.

pygls and lsprotocol come with the ``server`` extra (``pip install 'event-lint[server]'``):
the command line and pre-commit do not pay for them.
"""

from __future__ import annotations

import sys

from event_lint.errors import UserError


def main() -> None:
    """The console script: serve on stdio until the editor says exit."""
    try:
        run()
    except UserError as error:
        sys.stderr.write(f"event-lint: error: {error}\n")
        sys.exit(2)
    sys.exit(0)


def run() -> None:
    try:
        from event_lint.server.app import server
    except ImportError as error:
        raise UserError(
            f"the language server needs pygls and lsprotocol ({error}): "
            "pip install 'event-lint[server]'"
        ) from None
    server.start_io()
