"""Typed pydantic payload classes generated from the registry (``event-registry codegen``)."""

from event_lint.codegen.generate import generate_module
from event_lint.codegen.output import is_current, write_atomically
from event_lint.codegen.source import SchemaSource

__all__ = ["SchemaSource", "generate_module", "is_current", "write_atomically"]
