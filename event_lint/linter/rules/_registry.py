"""What the registry rules share: the payload findings of a chunk, the expressions, the
versions written, labels."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from event_lint.diagnostics import Diagnostic
from event_lint.linter.model import CelExpression, Payload, Project, Text
from event_lint.linter.payload_problems import Mismatch, PayloadProblem
from event_lint.linter.rules._helpers import all_events, report, sent_events
from event_lint.linter.rules.base import Rule, RuleContext

if TYPE_CHECKING:
    from event_lint.registry import Registry


def known(text: Text | None) -> str | None:
    return text.value if text is not None else None


def schema_label(registry: Registry, name: str, v: str | None) -> str:
    """``schema billing/invoice.paid v2``: the version used, latest when none is given."""
    return f"schema {name} v{v if v is not None else registry.latest(name)}"


def _versioned_names(project: Project, registry: Registry) -> Iterator[tuple[str, Text]]:
    """(event name, written v) for each ``v`` the code gives for an event the registry
    knows: generated classes and ``step.invoke(v=)`` (whose event is the invoked
    function's trigger)."""
    for event in all_events(project):
        name = known(event.name)
        if event.v is not None and event.v.value is not None and name and registry.has(name):
            yield name, event.v
    for invoke in project.invokes:
        names = {n for n in map(known, invoke.target_events) if n and registry.has(n)}
        if invoke.v is not None and invoke.v.value is not None and len(names) == 1:
            yield names.pop(), invoke.v


def version_reports(
    rule: Rule, ctx: RuleContext, problem: Callable[[Registry, str, str], str | None]
) -> Iterator[Diagnostic]:
    """``rule``'s diagnostics on the versions written: at each ``v`` given for an event the
    registry knows, the message ``problem(registry, name, v)`` returns, if any."""
    registry = ctx.registry
    assert registry is not None
    for name, v in _versioned_names(ctx.project, registry):
        message = problem(registry, name, v.value) if v.value is not None else None
        if message is not None:
            yield report(rule, v.where, message)


@dataclass(frozen=True)
class _Target:
    payload: Payload
    name: str
    v: str | None


def _targets(project: Project, registry: Registry) -> Iterator[_Target]:
    """Every written payload whose event and version the registry knows. Not a payload
    sent under a reserved ``inngest/`` name: the name itself must change (EL102), so its
    fit to the system event's schema is noise."""
    sent = {event.where for event in sent_events(project)}
    for event in all_events(project):
        name, v = known(event.name), known(event.v)
        if name is not None and name.lower().startswith("inngest/") and event.where in sent:
            continue
        if event.data is not None and name is not None and registry.has(name, v):
            yield _Target(event.data, name, v)
    for invoke in project.invokes:
        # The invoked function receives the data as its trigger event's data.
        names = {n for n in map(known, invoke.target_events) if n is not None and registry.has(n)}
        v = known(invoke.v)
        if invoke.data is not None and len(names) == 1 and registry.has(next(iter(names)), v):
            yield _Target(invoke.data, names.pop(), v)


@dataclass(frozen=True)
class _Finding:
    problem: PayloadProblem
    schema: str  # ``schema order/placed v1``


def _payload_findings(ctx: RuleContext) -> list[_Finding]:
    """Every payload finding of the chunk: the four payload rules share one evaluation
    (``ctx.shared``)."""
    from event_lint.linter.payload import check_payload  # jsonschema: only with a registry

    assert ctx.registry is not None
    registry, findings = ctx.registry, []
    for target in _targets(ctx.project, registry):
        schema = registry.schema(target.name, target.v)
        uri = registry.schema_uri(target.name, target.v)
        label = schema_label(registry, target.name, target.v)
        refs = registry.resolver_registry
        for problem in check_payload(target.payload, schema, refs, uri, registry.dialect):
            findings.append(_Finding(problem, label))
    return findings


def payload_reports(rule: Rule, ctx: RuleContext, kind: Mismatch) -> Iterator[Diagnostic]:
    """``rule``'s diagnostics: the chunk's payload findings of ``kind``."""
    for finding in ctx.shared(_payload_findings):
        problem = finding.problem
        if problem.kind is kind:
            where = f"{finding.schema}, keyword {problem.keyword}"
            yield report(rule, problem.where, f"{problem.json_path}: {problem.detail} ({where})")


def expressions(project: Project) -> list[CelExpression]:
    """Every CEL expression written, once per place."""
    found: dict[tuple[object, str | None], CelExpression] = {}
    candidates = [
        *(e for fn in project.functions for e in fn.expressions),
        *(t.expression for fn in project.functions for t in fn.triggers),
        *(c.if_exp for fn in project.functions for c in fn.cancels),
        *(w.if_exp for w in project.waits),
    ]
    for expression in candidates:
        if expression is not None:
            found.setdefault((expression.text.where, expression.text.value), expression)
    return list(found.values())
