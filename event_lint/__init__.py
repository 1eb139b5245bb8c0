"""event-lint: an event schema registry and static linter for Inngest events in Python."""

__version__ = "0.1.0"
