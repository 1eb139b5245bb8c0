"""Hand-built model objects for rule tests that need a shape extraction rarely produces."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from event_lint.config import Config
from event_lint.diagnostics import Diagnostic, Span
from event_lint.linter.model import (
    UNKNOWN,
    EventSite,
    Expr,
    ExprKind,
    Located,
    Project,
    SendSite,
    Text,
)
from event_lint.linter.rules.base import Rule, RuleContext

PATH = "app.py"


def at(line: int, col: int, end_line: int | None = None, end_col: int | None = None) -> Located:
    return Located(PATH, Span(line, col, end_line or line, end_col or col + 1))


def text(*parts: str | None, line: int = 1, col: int = 1, via: str | None = None) -> Text:
    return Text(tuple(parts), at(line, col), via)


def expr(kind: ExprKind, source: str, value: object = UNKNOWN, **fields: Any) -> Expr:
    fields.setdefault("where", at(1, 1, 1, 1 + len(source)))
    return Expr(kind=kind, value=value, source=source, **fields)


def event(name: Text | None, **fields: Any) -> EventSite:
    values: dict[str, Any] = {"api": "inngest.Event", "data": None, "id": None, "ts": None}
    values["v"] = None
    values.update(fields)
    values.setdefault("where", at(1, 1))
    return EventSite(name=name, **values)


def send(*events: EventSite, **fields: Any) -> SendSite:
    values: dict[str, Any] = {
        "where": at(1, 1),
        "api": "send",
        "receiver": "client",
        "shape": "event",
        "count": None,
        "awaited": True,
        "statement": False,
        "function": None,
        "via_helper": None,
        "in_step_run": False,
        "step_object": None,
    }
    values.update(fields)
    return SendSite(events=events, **values)


def context(project: Project, **config: Any) -> RuleContext:
    return RuleContext(project, Config(root=Path("."), **config), None)


def check(rule: type[Rule], project: Project, **config: Any) -> Iterator[Diagnostic]:
    return rule().check(context(project, **config))


def places(rule: type[Rule], project: Project, **config: Any) -> list[tuple[int, int]]:
    return [(d.span.line, d.span.col) for d in check(rule, project, **config)]


def messages(rule: type[Rule], project: Project, **config: Any) -> list[str]:
    return [d.message for d in check(rule, project, **config)]
