"""Runtime validation of outgoing events (Inngest middleware backed by the registry), and the
base classes of generated event modules (``event_lint.runtime.models``).

The middleware needs the Inngest SDK, which event-lint does not depend on: it is imported on
first use, so ``event-registry codegen`` (which reads ``event_lint.runtime.payload``) runs
where the SDK is not installed (a pre-commit environment)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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
_HOMES = {
    "EventChecker": "validation",
    "EventValidationError": "validation",
    "ValidatingMiddleware": "middleware",
    "ValidatingMiddlewareSync": "middleware",
    "validating_middleware": "middleware",
}


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(f"{__name__}.{_HOMES[name]}"), name)
