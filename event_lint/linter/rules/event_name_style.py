"""EL101 event-name-style: names follow ``domain/noun.verb`` (or the configured pattern)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from event_lint.config import DEFAULT_NAME_PATTERN, Config
from event_lint.diagnostics import Diagnostic
from event_lint.linter.model import Text
from event_lint.linter.names import did_you_mean
from event_lint.linter.rules._helpers import keeps_name, off_pattern, report
from event_lint.linter.rules.base import Rule, RuleContext

_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_ALLOWED_CHARS = re.compile(r"[a-z0-9/._\-]*")
_WORD = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")


def _words(segment: str, separators: str) -> list[str]:
    """Split on camelCase boundaries and on ``separators``; lowercase each word."""
    spaced = _CAMEL_BOUNDARY.sub(" ", segment)
    return [w.lower() for w in re.split(f"[{re.escape(separators)} ]+", spaced) if w]


def suggest_name(name: str, pattern: str) -> str | None:
    """The obvious conforming spelling of ``name``, if there is one.

    The domain is lowercased (camelCase becomes ``-``); after the ``/``, camelCase and
    ``_`` become dots: ``billing/invoicePaid`` -> ``billing/invoice.paid``,
    ``Shop/Order.Placed`` -> ``shop/order.placed``, ``rag/ingest_pdf`` -> ``rag/ingest.pdf``.
    Without exactly one ``/`` there is no domain to keep, so no suggestion.
    """
    if name.count("/") != 1:
        return None
    domain, rest = name.split("/")
    new_domain = "-".join(_words(domain, "-_"))
    if rest.count(".") == 0:
        new_rest = ".".join(_words(rest, "_."))
    else:
        new_rest = ".".join(".".join(_words(segment, "")) for segment in rest.split("."))
    suggestion = f"{new_domain}/{new_rest}"
    if suggestion == name or not re.fullmatch(pattern, suggestion):
        return None
    return suggestion


def _partial_name_is_wrong(text: Text) -> bool:
    """Whether no filling of the unknown parts can match the default pattern.

    Sound checks only: a character the pattern never allows, a second ``/``, or a
    fully known domain that is not one lowercase word.
    """
    known = [part for part in text.parts if part is not None]
    if not all(_ALLOWED_CHARS.fullmatch(part) for part in known):
        return True
    if sum(part.count("/") for part in known) > 1:
        return True
    before_slash: list[str] = []
    for part in text.parts:
        if part is None:
            return False
        if "/" in part:
            domain = "".join(before_slash) + part.split("/", 1)[0]
            return _WORD.fullmatch(domain) is None
        before_slash.append(part)
    return False


def _wildcard_as_unknown(text: Text) -> Text:
    """A trigger's ``app/user.*``: the ``*`` matches names, so judge it like an unknown part."""
    parts: list[str | None] = []
    for part in text.parts:
        if part is None or "*" not in part:
            parts.append(part)
            continue
        pieces = part.split("*")
        for index, piece in enumerate(pieces):
            if index:
                parts.append(None)
            if piece:
                parts.append(piece)
    return Text(tuple(parts), text.where, text.via)


class EventNameStyle(Rule):
    code = "EL101"
    name = "event-name-style"
    summary = "Event name is not `domain/noun.verb` (or the configured `name-pattern`)"
    what_it_does = """
Checks every event name the code writes (sent events, `TriggerEvent`, `Cancel`,
`wait_for_event`) against `name-pattern`, by default `domain/noun.verb`: lowercase,
exactly one `/`, at least one `.` after it, words joined by `-` or `_`, no camelCase.
The diagnostic sits where the name is written: the literal in the call, or the
definition of the constant it comes from (so a constant used in ten places is reported once).
When an obvious spelling exists it is suggested: camelCase and `_` after the `/` become
dots (`billing/invoicePaid` -> `billing/invoice.paid`), uppercase becomes lowercase
(`Shop/Order.Placed` -> `shop/order.placed`). A name without a domain (`user_update`)
gets no suggestion: the linter cannot invent one. The suggestion is mechanical: check
that it reads noun first, verb second (`rag/ingest_pdf` -> `rag/ingest.pdf` is better as
`rag/pdf.ingested`).
Names built from unknown parts (`f"billing/{kind}"`) are only reported when no value of
the unknown parts could make them match: an uppercase letter or a space in a known part,
a second `/`, or a domain that is fully known and wrong. A wildcard in a trigger
(`app/user.*`) is judged the same way.
Without a mechanical spelling, the nearest registry name that fits the pattern is
suggested. A published name a team keeps on purpose is exempt:
`[tool.event-lint.events."call/uploaded"] check-name = false`.
"""
    why_bad = """
Event names are the contract between the code that sends and the functions that react:
Inngest matches them as exact strings, and nothing on the server checks their shape.
`billing/invoicePaid` and `billing/invoice.paid` are two different events, and a trigger
on one never sees the other. One convention (the one Inngest recommends: a domain,
a noun, a past-tense verb) makes names guessable, groups them by domain in the dashboard,
lets one `billing/*` wildcard trigger see a whole domain, and keeps the registry's folders
tidy.
"""
    example = """
import inngest

client = inngest.Inngest(app_id="shop")


async def pay(invoice_id: str) -> None:
    await client.send(inngest.Event(name="billing/invoicePaid", data={"invoiceId": invoice_id}))
"""
    use_instead = """
import inngest

client = inngest.Inngest(app_id="shop")


async def pay(invoice_id: str) -> None:
    await client.send(inngest.Event(name="billing/invoice.paid", data={"invoiceId": invoice_id}))
"""

    def check(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        pattern = ctx.config.name_pattern
        names = ctx.registry.names() if ctx.registry else []
        known = [name for name in names if re.fullmatch(pattern, name)]
        for text in ctx.project.names:
            message = self._problem(text, ctx.config, known)
            if message is not None:
                yield report(self, text.where, message)

    def _problem(self, text: Text, config: Config, known: list[str]) -> str | None:
        value, pattern = text.value, config.name_pattern
        default = pattern == DEFAULT_NAME_PATTERN
        style = "is not domain/noun.verb" if default else "does not match name-pattern"
        if value is not None and "*" not in value:
            if not off_pattern(config, value):
                return None  # fine, kept on purpose (check-name = false), or empty (EL104)
            # The mechanical spelling first (it keeps the words); else the nearest
            # registry name that fits the pattern. EL601 stays silent on this name.
            suggestion = suggest_name(value, pattern) or did_you_mean(value, known)
            hint = f'; use "{suggestion}"' if suggestion else ""
            return f"Event name {text.quoted} {style}{hint}"
        if not default or keeps_name(config, value):
            return None
        wrong = _partial_name_is_wrong(_wildcard_as_unknown(text))
        return f"Event name {text.quoted} {style}" if wrong else None
