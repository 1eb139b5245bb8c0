"""Everything a generated event module imports, from one place (one import line, whatever
a project's import sorter thinks of ``event_lint``)."""

from pydantic import Field, JsonValue

from event_lint.runtime.events import EventModel
from event_lint.runtime.payload import DataModel, Integer, Number, PayloadSchemas

__all__ = ["DataModel", "EventModel", "Field", "Integer", "JsonValue", "Number", "PayloadSchemas"]
