"""Everything a generated event module imports, from one place (one import line, whatever
a project's import sorter thinks of ``event_lint``; ``NotRequired`` and ``TypedDict`` from
typing_extensions, which has both on Python 3.10).

Each name is re-exported as ``import X as X`` (PEP 484's explicit re-export, which mypy
--strict and pyright honour), so the module's exports are its imports, written once."""

from pydantic import Field as Field
from pydantic import JsonValue as JsonValue
from typing_extensions import NotRequired as NotRequired
from typing_extensions import TypedDict as TypedDict

from event_lint.runtime.events import EventModel as EventModel
from event_lint.runtime.payload import DataModel as DataModel
from event_lint.runtime.payload import Integer as Integer
from event_lint.runtime.payload import Number as Number
from event_lint.runtime.payload import PayloadSchemas as PayloadSchemas
