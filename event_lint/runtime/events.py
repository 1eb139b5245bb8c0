"""Base of the generated event classes: an ``inngest.Event`` with a typed, checked ``data``."""

from __future__ import annotations

from typing import Any, ClassVar, TypeVar

import inngest
import pydantic

from event_lint.runtime.payload import DataModel

_EventT = TypeVar("_EventT", bound="EventModel")


class EventModel(pydantic.BaseModel):
    """``name`` and ``v`` are class constants; ``data`` is checked against the registry's
    schema of that version and sent exactly as given."""

    model_config = pydantic.ConfigDict(strict=True, frozen=True)

    name: ClassVar[str]
    v: ClassVar[str]
    data: DataModel
    id: str = ""
    ts: int = 0

    def to_event(self) -> inngest.Event:
        """The ``inngest.Event`` to pass to ``client.send`` or ``step.send_event``."""
        return inngest.Event(name=self.name, data=self.data.payload, id=self.id, ts=self.ts)

    @classmethod
    def from_event(cls: type[_EventT], event: inngest.Event) -> _EventT:
        """Parse an incoming ``ctx.event``; a ValidationError names each bad key."""
        if event.name != cls.name:
            raise ValueError(f"{cls.__name__} parses {cls.name!r}, not {event.name!r}")
        raw: dict[str, Any] = {"data": dict(event.data), "id": event.id, "ts": event.ts}
        return cls.model_validate(raw)
