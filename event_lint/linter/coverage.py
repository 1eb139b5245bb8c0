"""Registry coverage, project-wide: the events nothing uses and the triggers nothing sends.

- EL701 event-never-used: a registry event (built-in ``inngest/*`` ones excluded) that no
  linted file sends, builds, triggers on, cancels on or waits for.
- EL702 triggered-event-never-sent: an event a function triggers on, is cancelled by, or a
  step waits for, that no linted file sends. Built-in ``inngest/*`` names are exempt
  (Inngest itself sends them), and so are the triggers of a function another function
  invokes (``step.invoke`` runs it without its event). A wildcard trigger (``app/*``) is
  satisfied by any sent name it matches.

The report never overstates, either way. Every event built in the linted files counts as
sent (it may reach a send the linter cannot follow). A name written in full makes its
event *used*. A name with unknown parts (``f"order/{kind}"``, or a parameter: any name)
proves nothing: an event that only such names could match is *unsure*, neither used nor
reported as EL701, and so is a trigger that only they could satisfy (no EL702); the
report lists the unsure ones and counts the names not known statically. Events sent from outside
the linted files (another service, a script not linted) are not seen: lint the whole tree.

``event-lint --coverage`` prints the report (``event_lint.cli.output.coverage``); it exits
0 with findings (a report, not a check, as ``coverage report`` without ``--fail-under``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from event_lint.codes import NEVER_SENT, NEVER_USED
from event_lint.diagnostics import Span
from event_lint.linter.model import Located, Project, Text
from event_lint.linter.names import is_wildcard, wildcard_matches
from event_lint.linter.rules._helpers import all_events

if TYPE_CHECKING:
    from event_lint.registry import Registry

_SYSTEM_PREFIX = "inngest/"  # Inngest sends these itself
_ANY_NAME: tuple[str | None, ...] = (None,)
_TOP_OF_FILE = Span(1, 1, 1, 1)


@dataclass(frozen=True)
class CoverageFinding:
    code: str  # EL701 or EL702, or "note" for an unsure event or receiver
    event: str  # the event name, or the trigger pattern as written
    message: str
    where: Located  # EL701: the event's latest schema file; EL702: where the name is written


@dataclass(frozen=True)
class CoverageReport:
    registry_events: tuple[str, ...]  # the registry's own events, built-ins excluded
    never_used: tuple[CoverageFinding, ...]  # EL701, by event name
    never_sent: tuple[CoverageFinding, ...]  # EL702, by location
    unreadable_names: tuple[Located, ...]  # names with no known text at all, by location
    unsure_events: tuple[CoverageFinding, ...] = ()  # only names not known could use them
    unsure_receivers: tuple[CoverageFinding, ...] = ()  # only names not known could send them
    unknown_sent: int = 0  # sent names with unknown parts (each proves nothing)

    @property
    def findings(self) -> tuple[CoverageFinding, ...]:
        return self.never_used + self.never_sent

    @property
    def used_count(self) -> int:
        return len(self.registry_events) - len(self.never_used) - len(self.unsure_events)


@dataclass(frozen=True)
class _Written:
    """An event name as the code writes it: ``parts`` as in ``Text`` (None = unknown)."""

    parts: tuple[str | None, ...]
    where: Located
    wildcard: bool  # a receiver's name: a trailing ``*`` may be a wildcard

    @property
    def value(self) -> str | None:
        return None if None in self.parts else "".join(p for p in self.parts if p is not None)

    @property
    def known(self) -> bool:
        return None not in self.parts

    @property
    def unreadable(self) -> bool:
        return self.value is None and not any(self.parts)  # no known text at all

    def could_be(self, name: str) -> bool:
        """Whether this writing can stand for (or, as a wildcard, match) ``name``."""
        value = self.value
        if value is not None:
            return wildcard_matches(value, name) if self.wildcard else value == name
        return _parts_regex(self.parts, self.wildcard).fullmatch(name) is not None

    def could_extend(self, prefix: str) -> bool:
        """Whether some name this sent writing can be starts with ``prefix`` and is
        longer: the names a wildcard trigger ``prefix*`` matches. An unknown part can
        be any text, so only the known text before it has to agree with ``prefix``."""
        known = ""
        for part in self.parts:
            if part is None:
                return known.startswith(prefix) or prefix.startswith(known)
            known += part
        return known.startswith(prefix) and len(known) > len(prefix)


def _parts_regex(parts: tuple[str | None, ...], wildcard: bool) -> re.Pattern[str]:
    """Unknown parts match any text; a receiver's trailing ``*`` too (over-approximating
    Inngest's wildcard rule, which is the sound direction for "never used")."""
    pieces = [".*" if part is None else re.escape(part) for part in parts]
    if wildcard and parts and parts[-1] is not None and parts[-1].endswith("*"):
        pieces[-1] = re.escape(parts[-1][:-1]) + ".*"
    return re.compile("".join(pieces), re.DOTALL)


def _written(text: Text | None, where: Located, *, wildcard: bool) -> _Written:
    """A name as written; an unknown name (None) is one unknown part."""
    if text is None:
        return _Written(_ANY_NAME, where, wildcard)
    return _Written(text.parts, text.where, wildcard)


@dataclass(frozen=True)
class _Receiver:
    """A name something receives on: a trigger, a cancel, a wait."""

    name: _Written
    describe: str  # 'Function "fulfil" triggers on', 'A step waits for'
    invoked: bool  # the function is also run by step.invoke


def _sent(project: Project) -> list[_Written]:
    """Every event built (a generated class's ``to_event`` lives in the runtime package,
    which is not linted: building the class is the event site, its name known)."""
    return [_written(e.name, e.where, wildcard=False) for e in all_events(project)]


def _receivers(project: Project) -> list[_Receiver]:
    invoked = {text.where for invoke in project.invokes for text in invoke.target_events}
    found = []
    for fn in project.functions:
        label = f'Function "{fn.fn_id.value if fn.fn_id and fn.fn_id.value else fn.qualname}"'
        for trigger in fn.triggers:
            if trigger.cron is None:
                name = _written(trigger.event, trigger.where, wildcard=True)
                is_invoked = trigger.event is not None and trigger.event.where in invoked
                found.append(_Receiver(name, f"{label} triggers on", is_invoked))
        for cancel in fn.cancels:
            name = _written(cancel.event, cancel.where, wildcard=True)
            found.append(_Receiver(name, f"{label} is cancelled by", False))
    for wait in project.waits:
        name = _written(wait.event, wait.where, wildcard=True)
        found.append(_Receiver(name, "A step waits for", False))
    return found


def coverage(project: Project, registry: Registry) -> CoverageReport:
    """The coverage of ``registry`` by the linted ``project`` (see the module docstring).

    Schema paths are as the registry gives them (absolute from the CLI), so the report
    does not depend on the current directory. Exit code of ``event-lint --coverage``: 0
    even with findings, since it is a report, not a check (2 still means a usage, config
    or registry error, or a rule that crashed).
    """
    sent = _sent(project)
    receivers = _receivers(project)
    own = tuple(name for name in registry.names() if not registry.is_builtin(name))
    writings = sent + [receiver.name for receiver in receivers]
    never_used: list[CoverageFinding] = []
    unsure: list[CoverageFinding] = []
    for name in own:
        matching = [written for written in writings if written.could_be(name)]
        if not matching:
            never_used.append(_registry_finding(registry, name, NEVER_USED, _NEVER_USED))
        elif not any(written.known for written in matching):
            unsure.append(_registry_finding(registry, name, "note", _UNSURE_EVENT))
    never_sent, unsure_receivers = _never_sent(receivers, sent)
    unreadable = sorted(
        {w.where for w in writings if w.unreadable},
        key=lambda where: (where.path, where.span.line, where.span.col),
    )
    return CoverageReport(
        registry_events=own,
        never_used=tuple(never_used),
        never_sent=never_sent,
        unreadable_names=tuple(unreadable),
        unsure_events=tuple(unsure),
        unsure_receivers=unsure_receivers,
        unknown_sent=sum(1 for written in sent if not written.known),
    )


_NEVER_USED = 'Event "{}" is in the registry, but nothing in the linted files sends or receives it'
_UNSURE_EVENT = 'Event "{}" may be unused: only names not known statically could send it'


def _registry_finding(registry: Registry, name: str, code: str, message: str) -> CoverageFinding:
    path = registry.schema_path(name, registry.latest(name))
    shown = path.as_posix() if path is not None else name
    return CoverageFinding(code, name, message.format(name), Located(shown, _TOP_OF_FILE))


def _never_sent(
    receivers: list[_Receiver], sent: list[_Written]
) -> tuple[tuple[CoverageFinding, ...], tuple[CoverageFinding, ...]]:
    """EL702 findings, and the receivers that only names not known could satisfy."""
    found: dict[tuple[Located, str], CoverageFinding] = {}
    unsure: dict[tuple[Located, str], CoverageFinding] = {}
    for receiver in receivers:
        name = receiver.name.value
        if name is None or name.startswith(_SYSTEM_PREFIX) or receiver.invoked:
            continue  # unknown names may be anything; Inngest sends inngest/*
        wildcard = is_wildcard(name)
        matching = [
            written
            for written in sent
            if (written.could_extend(name[:-1]) if wildcard else written.could_be(name))
        ]
        what = "a matching event" if wildcard else "it"
        if not matching:
            message = f'{receiver.describe} "{name}", but nothing in the linted files sends {what}'
            finding = CoverageFinding(NEVER_SENT, name, message, receiver.name.where)
            found.setdefault((finding.where, message), finding)
        elif not any(written.known for written in matching):
            message = f'{receiver.describe} "{name}", which only names not known statically send'
            finding = CoverageFinding("note", name, message, receiver.name.where)
            unsure.setdefault((finding.where, message), finding)
    return _by_location(found.values()), _by_location(unsure.values())


def _by_location(findings: Iterable[CoverageFinding]) -> tuple[CoverageFinding, ...]:
    return tuple(sorted(findings, key=lambda f: (_location_key(f.where), f.message)))


def _location_key(where: Located) -> tuple[str, int, int]:
    return (where.path, where.span.line, where.span.col)
