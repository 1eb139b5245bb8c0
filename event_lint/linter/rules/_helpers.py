"""What several rules share: reporting at a model location, reading names (and whether
EL101 reports one), naming ids and sends, telling a timestamp in seconds."""

from __future__ import annotations

import re
from collections.abc import Iterator

from event_lint.config import Config
from event_lint.diagnostics import Diagnostic, Fix
from event_lint.linter.model import EventSite, Expr, Located, Project, SendSite, Text
from event_lint.linter.rules.base import Rule

# The calls that make a datetime (ts rules: EL301, EL302).
DATETIME_CALLS = frozenset(
    {
        "datetime.datetime.now",
        "datetime.datetime.utcnow",
        "datetime.datetime.today",
        "datetime.datetime.fromtimestamp",
    }
)
_TIMESTAMP = re.compile(r"\.timestamp\(\s*\)")


def is_seconds_clock(expr: Expr) -> bool:
    """``time.time()`` or ``datetime.now().timestamp()`` with nothing multiplying it: a
    value in seconds (EL302, not EL301)."""
    if expr.multiplied:
        return False
    makes_datetime = any(call in DATETIME_CALLS for call in expr.calls)
    return "time.time" in expr.calls or (makes_datetime and bool(_TIMESTAMP.search(expr.source)))


def keeps_name(config: Config, name: str | None) -> bool:
    """Whether ``name`` is a published name kept as it is (``check-name = false``)."""
    settings = config.events.get(name) if name is not None else None
    return settings is not None and not settings.check_name


def off_pattern(config: Config, name: str) -> bool:
    """Whether EL101 reports ``name``, a whole known name: not empty (EL104's), without
    a ``*`` (a wildcard is judged apart), not kept, and not a full match of
    ``name-pattern``."""
    return (
        bool(name)
        and "*" not in name
        and not keeps_name(config, name)
        and re.fullmatch(config.name_pattern, name) is None
    )


def report(rule: Rule, where: Located, message: str, fix: Fix | None = None) -> Diagnostic:
    """A diagnostic of ``rule`` at ``where``, with the rule's default severity."""
    return Diagnostic(where.path, where.span, rule.code, message, rule.severity, fix)


def written(expr: Expr) -> str:
    """`` `source` `` with a leading space, or nothing when the source text is not known."""
    return f" `{expr.source}`" if expr.source else ""


def known_prefix(text: Text) -> str:
    """The known text before the first unknown part."""
    prefix = []
    for part in text.parts:
        if part is None:
            break
        prefix.append(part)
    return "".join(prefix)


def all_events(project: Project) -> Iterator[EventSite]:
    """Every event built or sent, once per place."""
    seen: set[Located] = set()
    for event in (*project.events, *(e for send in project.sends for e in send.events)):
        if event.where not in seen:
            seen.add(event.where)
            yield event


def sent_events(project: Project) -> Iterator[EventSite]:
    """Every event passed to a send, once per place: not the ones a test builds to
    trigger a mocked function, which are never sent."""
    seen: set[Located] = set()
    for event in (e for send in project.sends for e in send.events):
        if event.where not in seen:
            seen.add(event.where)
            yield event


def sent_names(project: Project) -> Iterator[tuple[Text, Located]]:
    """Each sent event's name (when there is one), and where to report a problem with it:
    the name itself when written in the call, else the call (a constant may also serve a
    trigger)."""
    for event in sent_events(project):
        name = event.name
        if name is None:
            continue
        in_call = name.via is None and name.where.path == event.where.path
        yield name, name.where if in_call else event.where


def in_helper(send: SendSite) -> str | None:
    """``in `h()`, called by `m.g()` <- Inngest function `f``` for a send the function
    reaches through helpers; None for one in the function's own body."""
    if send.via_helper is None or send.function is None:
        return None
    callers = [f"`{name}()`" for name in reversed(send.called_through)]
    callers.append(f"Inngest function `{send.function}`")
    return f"in `{send.via_helper}()`, called by {' <- '.join(callers)}"


def call_name(send: SendSite) -> str:
    """``inngest_client.send()``, ``ctx.step.send_event()``."""
    return f"`{send.receiver}.{send.api}()`"


def slug(name: str) -> str:
    """``billing/invoice.paid`` -> ``billing-invoice-paid``: for ids and step ids."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def id_prefix(name: Text | None) -> str | None:
    """The event-specific start of an id for events of this name: ``invoice-paid``."""
    value = name.value if name is not None else None
    return slug(value.split("/", 1)[-1]) or None if value else None
