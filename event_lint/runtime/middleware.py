"""Inngest middleware that validates every outgoing event before it leaves the process."""

from __future__ import annotations

from collections.abc import Callable

import inngest

from event_lint.registry import Registry
from event_lint.runtime.validation import EventChecker, Mode, UnknownPolicy


class ValidatingMiddleware(inngest.Middleware):
    """Async flavour: for clients that only ``await client.send(...)``."""

    def __init__(self, client: inngest.Inngest, raw_request: object, checker: EventChecker):
        super().__init__(client, raw_request)
        self.checker = checker

    async def before_send_events(self, events: list[inngest.Event]) -> None:
        self.checker.check(events)


class ValidatingMiddlewareSync(inngest.MiddlewareSync):
    """Sync flavour: the SDK runs it for ``send_sync`` and (awaiting nothing) for ``send``."""

    def __init__(self, client: inngest.Inngest, raw_request: object, checker: EventChecker):
        super().__init__(client, raw_request)
        self.checker = checker

    def before_send_events(self, events: list[inngest.Event]) -> None:
        self.checker.check(events)


Factory = Callable[[inngest.Inngest, object], ValidatingMiddleware | ValidatingMiddlewareSync]


def validating_middleware(
    registry: Registry,
    *,
    mode: Mode = "raise",
    unknown: UnknownPolicy = "warn",
    asynchronous: bool = False,
) -> Factory:
    """What ``inngest.Inngest(middleware=[...])`` takes: the SDK builds a middleware per send
    from ``(client, raw_request)``; the registry and its compiled validators are shared.

    ``mode``: ``"raise"`` stops the send with ``EventValidationError``; ``"warn"`` logs to
    the ``event_lint.runtime`` logger and sends. ``unknown``: what to do with an event name
    the registry does not know. The default (sync) middleware serves ``send`` and
    ``send_sync``; ``asynchronous=True`` gives the async one, which ``send_sync`` rejects.
    """
    checker = EventChecker(registry, mode, unknown)
    if asynchronous:
        return lambda client, raw_request: ValidatingMiddleware(client, raw_request, checker)
    return lambda client, raw_request: ValidatingMiddlewareSync(client, raw_request, checker)
