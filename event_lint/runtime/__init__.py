"""Runtime validation of outgoing events: Inngest middleware backed by the registry."""

from event_lint.runtime.middleware import (
    ValidatingMiddleware,
    ValidatingMiddlewareSync,
    validating_middleware,
)
from event_lint.runtime.validation import EventChecker, EventValidationError

__all__ = [
    "EventChecker",
    "EventValidationError",
    "ValidatingMiddleware",
    "ValidatingMiddlewareSync",
    "validating_middleware",
]
