"""Every lint rule, found by module: one rule per file in this package.

Each public module here defines a ``Rule`` subclass with a ``code``; ``all_rules``
imports them all and collects them (``base`` and the ``_``-prefixed helper modules are
not rules), so adding a rule is adding a file.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable
from functools import cache

from event_lint.diagnostics import Diagnostic
from event_lint.linter.rules.base import Rule, RuleContext


@cache
def all_rules() -> tuple[type[Rule], ...]:
    """Every rule class, sorted by code."""
    found: dict[str, type[Rule]] = {}
    for info in pkgutil.iter_modules(__path__):
        if info.name == "base" or info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        for value in vars(module).values():
            is_rule = isinstance(value, type) and issubclass(value, Rule) and value is not Rule
            if is_rule and getattr(value, "code", None) and value.__module__ == module.__name__:
                found[value.code] = value
    return tuple(found[code] for code in sorted(found))


def get_rule(code: str) -> type[Rule] | None:
    return next((rule for rule in all_rules() if rule.code == code.upper()), None)


def run_rules(ctx: RuleContext, rules: Iterable[type[Rule]]) -> list[Diagnostic]:
    """Run each rule over the project. A rule that raises is reported by the engine,
    which wraps this call per rule (see ``event_lint.linter.engine``)."""
    diagnostics: list[Diagnostic] = []
    for rule in rules:
        if rule.needs_registry and ctx.registry is None:
            continue
        diagnostics.extend(rule().check(ctx))
    return diagnostics
