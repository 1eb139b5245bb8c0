"""Every rule's own examples (``rules/examples/<rule module>.toml``), run through
extraction and the rule: the flagged ones give exactly the diagnostics (and fixed source)
they promise, the passing ones give nothing."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from event_lint.config import Config
from event_lint.diagnostics import Diagnostic
from event_lint.linter.fixes import apply_edits
from event_lint.linter.project import project_from_sources
from event_lint.linter.rules import all_rules
from event_lint.linter.rules._example_files import EXAMPLES, examples_file, examples_of
from event_lint.linter.rules.base import Example, Flagged, Passing, Rule, RuleContext
from event_lint.registry import Registry

MAIN = "example.py"  # the example's own source; ``files`` are the other modules

EXAMPLES_OF = {rule: examples_of(rule) for rule in all_rules()}
FLAGGED = [
    pytest.param(rule, example, id=f"{rule.code}-flagged-{index}")
    for rule, (flagged, _) in EXAMPLES_OF.items()
    for index, example in enumerate(flagged, 1)
]
PASSING = [
    pytest.param(rule, example, id=f"{rule.code}-passing-{index}")
    for rule, (_, passing) in EXAMPLES_OF.items()
    for index, example in enumerate(passing, 1)
]


def run(rule: type[Rule], example: Example, root: Path) -> list[Diagnostic]:
    config = Config(root=root, **example.config)
    project = project_from_sources({MAIN: example.source, **example.files}, config.src)
    registry = registry_of(example, root) if rule.needs_registry else None
    return list(rule().check(RuleContext(project, config, registry)))


def registry_of(example: Example, root: Path) -> Registry:
    """The example's own schemas, written as a registry is laid out (``<name>/<v>.json``);
    without any, the built-in ``inngest/*`` events only."""
    if not example.schemas:
        return Registry.load(None)
    for name, versions in example.schemas.items():
        for version, schema in versions.items():
            path = root / "schemas" / name / f"{version}.json"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(schema), encoding="utf-8")
    return Registry.load(root / "schemas")


def shown(diagnostic: Diagnostic) -> str:
    """``LINE:COL: CODE message``, with ``path:`` in front for another module's file."""
    where = "" if diagnostic.path == MAIN else f"{diagnostic.path}:"
    span = diagnostic.span
    return f"{where}{span.line}:{span.col}: {diagnostic.code} {diagnostic.message}"


@pytest.mark.parametrize(("rule", "example"), FLAGGED)
def test_flagged_example_gives_exactly_the_expected_diagnostics(
    rule: type[Rule], example: Flagged, tmp_path: Path
) -> None:
    diagnostics = run(rule, example, tmp_path)
    assert sorted(shown(d) for d in diagnostics) == sorted(example.expected)
    assert all(d.severity == (example.severity or rule.severity) for d in diagnostics)


@pytest.mark.parametrize(("rule", "example"), FLAGGED)
def test_flagged_example_fixes_to_the_expected_source(
    rule: type[Rule], example: Flagged, tmp_path: Path
) -> None:
    fixes = [d.fix for d in run(rule, example, tmp_path) if d.fix is not None and d.path == MAIN]
    if example.fixed is None:
        assert fixes == [], "the rule fixes this example: add `fixed=` to it"
        return
    fixed = apply_edits(example.source, [edit for fix in fixes for edit in fix.edits])
    assert fixed == example.fixed
    ast.parse(fixed)


@pytest.mark.parametrize(("rule", "example"), PASSING)
def test_passing_example_gives_nothing(rule: type[Rule], example: Passing, tmp_path: Path) -> None:
    assert [shown(d) for d in run(rule, example, tmp_path)] == []


def test_every_rule_has_its_examples_file_and_every_file_a_rule() -> None:
    expected = {examples_file(rule).name for rule in all_rules()}
    assert {path.name for path in EXAMPLES.iterdir()} == expected
