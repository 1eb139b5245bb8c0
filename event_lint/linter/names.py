"""Event names against the registry: near misses and Inngest's trigger wildcards."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

# difflib's ratio for "exam/submited" vs "exam/submitted" is 0.96; unrelated names of
# the same domain ("billing/invoice.paid" vs "billing/refund.issued") stay below 0.75.
_CUTOFF = 0.75


def did_you_mean(name: str, known: Iterable[str], cutoff: float = _CUTOFF) -> str | None:
    """The known name closest to ``name``, when it is a plausible typo of it."""
    candidates = [k for k in known if k != name]
    matches = difflib.get_close_matches(name, candidates, n=1, cutoff=cutoff)
    return matches[0] if matches else None


def is_wildcard(pattern: str) -> bool:
    """True for a trigger name Inngest reads as a wildcard: one trailing ``*``
    right after a ``/`` or a ``.`` (``app/*``, ``app/user.*``)."""
    return (
        pattern.count("*") == 1
        and pattern.endswith("*")
        and len(pattern) >= 2
        and pattern[-2] in "/."
    )


def wildcard_matches(pattern: str, name: str) -> bool:
    """Whether a trigger ``pattern`` matches the event ``name`` by Inngest's rules.

    A wildcard matches every name that extends its prefix (``app/*`` matches
    ``app/user.created`` and ``app/blog.post.published``); anything else, including
    a ``*`` elsewhere (``app*``, ``app/us*``), matches only the identical name.
    """
    if is_wildcard(pattern):
        prefix = pattern[:-1]
        return name.startswith(prefix) and len(name) > len(prefix)
    return pattern == name


def matching_names(pattern: str, known: Iterable[str]) -> list[str]:
    """The known names a trigger pattern matches, in the order given."""
    return [name for name in known if wildcard_matches(pattern, name)]
