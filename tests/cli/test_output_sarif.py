"""sarif: valid against the official SARIF 2.1.0 schema, with rules, locations, fingerprints."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema

from event_lint.cli.output import Report, render
from event_lint.diagnostics import Diagnostic, Span

MakeReport = Callable[..., Report]
SCHEMA = Path(__file__).parent.parent / "data" / "sarif-schema-2.1.0.json"


def sarif(report: Report) -> dict[str, Any]:
    log: dict[str, Any] = json.loads(render("sarif", report))
    jsonschema.validate(log, json.loads(SCHEMA.read_text()))
    return log


def test_sarif_validates_and_has_one_result_per_diagnostic(make_report: MakeReport) -> None:
    log = sarif(make_report())
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    assert len(run["results"]) == 3
    assert [r["ruleId"] for r in run["results"]] == ["EL302", "EL402", "EL603"]
    assert [r["level"] for r in run["results"]] == ["error", "error", "warning"]


def test_sarif_results_point_at_repo_relative_regions(make_report: MakeReport) -> None:
    run = sarif(make_report())["runs"][0]
    first = run["results"][0]
    (location,) = first["locations"]
    assert location["physicalLocation"] == {
        "artifactLocation": {"uri": "app/billing.py", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 3, "startColumn": 1, "endLine": 3, "endColumn": 3},
    }
    assert first["message"] == {"text": "ts is in seconds: int(time.time()) needs * 1000"}
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"].startswith("file:///")
    rule = run["tool"]["driver"]["rules"][first["ruleIndex"]]
    assert rule["id"] == "EL302"


def test_sarif_describes_every_rule(make_report: MakeReport) -> None:
    from event_lint.linter.rules import all_rules

    rules = sarif(make_report())["runs"][0]["tool"]["driver"]["rules"]
    ids = [rule["id"] for rule in rules]
    assert set(ids) >= {rule.code for rule in all_rules()}
    assert ids == sorted(ids)
    for rule in rules:
        assert rule["shortDescription"]["text"]
        assert rule["help"]["markdown"].startswith(f"{rule['id']} ({rule['name']})")
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")


def test_fingerprints_ignore_line_moves_but_tell_repeats_apart(
    make_report: MakeReport, project: Path
) -> None:
    def fingerprints() -> list[str]:
        results = sarif(make_report())["runs"][0]["results"]
        return [r["partialFingerprints"]["eventLint/v1"] for r in results]

    before = fingerprints()
    source = project / "app" / "billing.py"
    source.write_text("\n\n" + source.read_text().replace("ts = ", "ts  =  "))
    moved = [
        Diagnostic(
            d.path,
            Span(d.span.line + 2, d.span.col, d.span.end_line + 2, d.span.end_col),
            d.code,
            d.message,
            d.severity,
        )
        for d in make_report().diagnostics
    ]
    results = sarif(make_report(moved))["runs"][0]["results"]
    assert [r["partialFingerprints"]["eventLint/v1"] for r in results] == before
    twins = [
        Diagnostic("app/billing.py", Span(line, 19, line, 51), "EL402", "dict")
        for line in (4, 5)  # two identical source lines
    ]
    results = sarif(make_report(twins))["runs"][0]["results"]
    assert len({r["partialFingerprints"]["eventLint/v1"] for r in results}) == 2


def test_sarif_of_a_clean_run_is_valid(make_report: MakeReport) -> None:
    assert sarif(make_report([]))["runs"][0]["results"] == []
