"""The table of codes: every code any part of event-lint can report is in it, once."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from event_lint import codes
from event_lint.codes import Code, all_codes, describe, lookup
from event_lint.diagnostics import Severity
from event_lint.linter.rules import all_rules

PACKAGE = Path(codes.__file__).parent
CODE = re.compile(r"EL\d{3}")


def _written_codes() -> dict[str, set[str]]:
    """Every ``"ELnnn"`` string constant in the package's source, by the files it is in."""
    found: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            text = node.value if isinstance(node, ast.Constant) else None
            if isinstance(text, str) and CODE.fullmatch(text):
                found.setdefault(text, set()).add(path.relative_to(PACKAGE).as_posix())
    return found


def test_every_code_the_source_writes_is_in_the_table() -> None:
    written = _written_codes()
    assert {"EL601", "EL611", "EL614", "EL900"} <= set(written)  # the scan finds producers
    missing = {code: files for code, files in written.items() if lookup(code) is None}
    assert missing == {}


def test_each_code_is_written_in_one_place() -> None:
    """A code that is not a rule is written in the table only, a rule's code in the rules
    package only (rules never import one another, so a rule may name another's code):
    the other producers import it, so a code changes in one place."""
    written = _written_codes()
    home = {entry.code: "codes.py" for entry in codes.NOT_RULES}
    elsewhere = {
        code: files - {home[code]}
        if code in home
        else {f for f in files if not f.startswith("linter/rules/")}
        for code, files in written.items()
    }
    assert {code: files for code, files in elsewhere.items() if files} == {}


def test_every_code_the_table_names_for_its_producers_is_a_row() -> None:
    constants = {name: value for name, value in vars(codes).items() if CODE.fullmatch(str(value))}
    assert len(constants) == len(codes.NOT_RULES) == 9
    assert {code for code in constants.values() if lookup(code) is None} == set()


def test_codes_and_names_are_unique_and_well_formed() -> None:
    table = all_codes()
    assert [entry.code for entry in table] == sorted({entry.code for entry in table})
    names = [entry.name for entry in table]
    assert len(names) == len(set(names))
    for entry in table:
        assert CODE.fullmatch(entry.code), entry
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", entry.name), entry
        assert entry.summary and entry.owner and entry.explanation.endswith("\n"), entry


def test_the_rules_rows_are_read_from_the_rule_classes() -> None:
    rows = {entry.code: entry for entry in all_codes() if entry.is_rule}
    assert set(rows) == {rule.code for rule in all_rules()}
    rule = next(rule for rule in all_rules() if rule.code == "EL502")
    row = rows["EL502"]
    assert (row.name, row.summary, row.severity) == (
        "send-in-step-run",
        rule.summary,
        Severity.WARNING,
    )
    assert row.explanation == rule.explain()
    assert row.owner == "rule SendInStepRun (event_lint/linter/rules/send_in_step_run.py)"


@pytest.mark.parametrize(
    ("code", "name", "owner"),
    [
        (
            "EL701",
            "event-never-used",
            "coverage (event_lint/linter/coverage.py), on the whole project",
        ),
        (
            "EL702",
            "triggered-event-never-sent",
            "coverage (event_lint/linter/coverage.py), on the whole project",
        ),
        ("EL900", "syntax-error", "the parser (event_lint/linter/extract/)"),
        ("EL904", "file-too-large", "the engine (event_lint/linter/parsing.py)"),
    ],
)
def test_codes_that_are_not_rules(code: str, name: str, owner: str) -> None:
    entry = lookup(code.lower())
    assert entry is not None
    assert (entry.name, entry.owner, entry.severity, entry.is_rule) == (
        name,
        owner,
        Severity.ERROR,
        False,
    )
    assert entry.explanation == f"{code} ({name}): {entry.summary}\n"


@pytest.mark.parametrize("entry", codes.NOT_RULES, ids=lambda entry: entry.code)
def test_the_owner_named_is_where_the_code_is_produced(entry: Code) -> None:
    """Each file or folder an owner names exists and uses the code's constant, so the
    table says true things after a module moves."""
    constant = next(k for k, v in vars(codes).items() if k.isupper() and v == entry.code)
    places = re.findall(r"event_lint/[\w/]+(?:\.py|/)", entry.owner)
    assert places, entry.owner
    for place in places:
        path = PACKAGE.parent / place
        files = sorted(path.rglob("*.py")) if place.endswith("/") else [path]
        uses = [f for f in files if f.is_file() and re.search(rf"\b{constant}\b", f.read_text())]
        assert uses, f"{place} does not produce {entry.code} ({constant})"


def test_a_code_not_in_the_table_is_described_as_unknown() -> None:
    assert lookup("EL999") is None
    assert describe("EL999") == Code(
        "EL999", "unknown", "EL999", Severity.ERROR, "unknown", "EL999", "EL999 (unknown): EL999\n"
    )
