"""Everything a generated event module imports, from one place (one import line, whatever
a project's import sorter thinks of ``event_lint``; ``NotRequired`` and ``TypedDict`` from
typing_extensions, which has both on Python 3.10)."""

from pydantic import Field, JsonValue
from typing_extensions import NotRequired, TypedDict

from event_lint.runtime.events import EventModel
from event_lint.runtime.payload import DataModel, Integer, Number, PayloadSchemas

__all__ = [
    "DataModel",
    "EventModel",
    "Field",
    "Integer",
    "JsonValue",
    "NotRequired",
    "Number",
    "PayloadSchemas",
    "TypedDict",
]
