"""Adopting event-lint on a codebase that already sends events: a first registry
inferred from the code (``event-registry init --from-code``)."""
