"""The rules' documentation: complete for every rule, and docs/rules.md up to date."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

from event_lint.linter.rules import all_rules, get_rule
from event_lint.linter.rules._example_files import examples_of
from event_lint.linter.rules.base import Rule

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("rule", all_rules(), ids=lambda rule: rule.code)
def test_rule_is_documented_and_has_examples_both_ways(rule: type[Rule]) -> None:
    assert re.fullmatch(r"EL\d{3}", rule.code)
    assert re.fullmatch(r"[a-z]+(-[a-z]+)*", rule.name)
    flagged, passing = examples_of(rule)
    assert len(flagged) >= 2
    assert len(passing) >= 2
    for example in flagged:
        assert example.expected, "a flagged example must expect a diagnostic"
        assert all(f" {rule.code} " in line for line in example.expected)
    text = rule.explain()
    for heading in ("## What it does", "## Why is this bad?", "## Example", "## Use instead"):
        assert heading in text
    fixes = any(example.fixed is not None for example in flagged)
    assert fixes == (rule.fix_safety is not None), "a rule that fixes explains its fix safety"


def test_convention_rules_are_all_there() -> None:
    expected = {
        "EL101": "event-name-style",
        "EL102": "reserved-prefix",
        "EL103": "wildcard-in-sent-name",
        "EL104": "empty-event-name",
        "EL105": "event-name-too-long",
        "EL201": "missing-event-id",
        "EL202": "generic-event-id",
        "EL203": "nondeterministic-event-id",
        "EL301": "ts-wrong-type",
        "EL302": "ts-not-milliseconds",
        "EL401": "field-dropped-by-sdk",
        "EL402": "wrong-event-type",
        "EL403": "too-many-events",
        "EL404": "reserved-data-key",
        "EL501": "send-in-function",
        "EL502": "send-in-step-run",
        "EL503": "unawaited-send",
    }
    found = {code: rule.name for code in expected if (rule := get_rule(code)) is not None}
    assert found == expected


def test_explain_starts_with_code_name_and_severity() -> None:
    rule = get_rule("el502")
    assert rule is not None
    lines = rule.explain().splitlines()
    assert lines[0] == (
        "EL502 (send-in-step-run): `client.send()` inside a `step.run` callable "
        "instead of `step.send_event()`"
    )
    assert lines[1] == "Default severity: warning"


def test_committed_rules_doc_is_up_to_date() -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "gen_rules_doc.py"), "--check"],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("rule", all_rules(), ids=lambda rule: rule.code)
def test_explanation_code_is_python(rule: type[Rule]) -> None:
    """The bad and good examples that --explain prints are real Python."""
    ast.parse(rule.example)
    ast.parse(rule.use_instead)
