"""The versioned event schema registry: ``<root>/<event name>/<v>.json`` plus built-in
``inngest/*`` system events. See docs/registry.md."""

from event_lint.registry.errors import RegistryError
from event_lint.registry.findings import Finding
from event_lint.registry.registry import Registry, ValidationIssue

__all__ = ["Finding", "Registry", "RegistryError", "ValidationIssue"]
