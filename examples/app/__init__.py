"""A small shop that sends and handles Inngest events (the demo's subject)."""

from app.inngest_client import inngest_client as events_client

__all__ = ["events_client"]
