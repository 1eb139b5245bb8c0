"""event-registry diff / bump / lint, run as the installed script on a temporary project."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from event_lint.registry.compat.registry_check import next_version

from .project import Project, closed

NAME = "shop/order.placed"
ORDER_ID = {"type": "string", "description": "The order.", "maxLength": 32}
TOTAL = {"type": "integer", "description": "Cents.", "minimum": 0, "maximum": 10_000_000}
NOTE = {"type": "string", "description": "A note.", "maxLength": 200}
V1 = closed({"orderId": ORDER_ID, "total": TOTAL}, ["orderId"])
V2 = closed({"orderId": ORDER_ID, "total": TOTAL, "note": NOTE}, ["orderId"])


@pytest.fixture
def project(tmp_path: Path) -> Project:
    project = Project(tmp_path)
    project.schema(NAME, "1", V1)
    return project


def test_diff_explains_a_breaking_change(project: Project) -> None:
    v2 = closed(
        {
            "orderId": ORDER_ID,
            "total": {"type": "string", "description": "Cents.", "maxLength": 12},
        },
        ["orderId"],
        description="An order, v2.",
    )
    project.schema(NAME, "2", v2)
    done = project.run("diff", NAME, "1", "2")
    assert done.returncode == 1, done.stderr
    assert done.stdout.splitlines() == [
        "shop/order.placed v1 -> v2: 2 changes",
        "ANNOTATION_CHANGED compatible: description of data changed",
        "    old: #/description  new: #/description",
        'TYPE_CHANGED breaks BACKWARD and FORWARD: the type of data.total changed from "integer" '
        'to "string"',
        "    old: #/properties/total/type  new: #/properties/total/type",
        "    fix: publish a new event name, or add the new type next to the old one (a union) "
        "and stop writing the old one only after every reader handles it",
        '    BACKWARD: example: {"orderId": "x", "total": 0} is valid under the old version, '
        "invalid under the new",
        '    FORWARD: example: {"orderId": "x", "total": "x"} is valid under the new version, '
        "invalid under the old",
        "verdict: breaking under BACKWARD_TRANSITIVE (strict): 1 change breaks BACKWARD",
    ]


def test_diff_passes_a_change_the_level_allows(project: Project) -> None:
    project.schema(NAME, "2", V2)
    done = project.run("diff", NAME, "1", "2")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "shop/order.placed v1 -> v2: 1 change",
        "OPTIONAL_PROPERTY_ADDED_TO_CLOSED_MODEL breaks FORWARD: data.note was added to a "
        "closed object",
        "    old: (absent)  new: #/properties/note",
        "    fix: update every reader (function) before writers send the property, or use the "
        "lenient policy",
        '    FORWARD: example: {"note": "x", "orderId": "x"} is valid under the new version, '
        "invalid under the old",
        "verdict: compatible under BACKWARD_TRANSITIVE (strict)",
    ]


def test_diff_uses_the_events_level_from_config(tmp_path: Path) -> None:
    project = Project(tmp_path, f'[tool.event-lint.events."{NAME}"]\ncompatibility = "FULL"\n')
    project.schema(NAME, "1", V1)
    project.schema(NAME, "2", V2)
    done = project.run("diff", NAME, "1", "2", "--format", "json")
    assert done.returncode == 1
    report = json.loads(done.stdout)
    assert (report["level"], report["policy"], report["breaking"]) == ("FULL", "strict", True)
    [change] = report["changes"]
    assert change["code"] == "OPTIONAL_PROPERTY_ADDED_TO_CLOSED_MODEL"
    assert change["breaks"] == ["FORWARD"]
    assert change["breaks_level"] is True
    assert change["examples"] == [
        {
            "direction": "FORWARD",
            "valid_under": "new",
            "at": "data",
            "payload": {"orderId": "x", "note": "x"},
        }
    ]


def test_diff_unknown_version_is_one_line_and_exit_2(project: Project) -> None:
    done = project.run("diff", NAME, "1", "7")
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == (
        "event-registry: error: shop/order.placed has no version '7' (versions: 1)\n"
    )


def test_bump_an_edited_published_version(project: Project) -> None:
    project.schema(NAME, "2", V2)
    project.commit()
    edited = closed({"orderId": ORDER_ID, "total": TOTAL, "note": NOTE}, ["orderId", "note"])
    project.schema(NAME, "2", edited)
    done = project.run("bump", NAME)
    assert done.returncode == 1, done.stderr
    assert done.stdout.splitlines() == [
        "shop/order.placed: v2 was edited since HEAD",
        "proposed version: 3 (breaking)",
        "verdict: breaking under BACKWARD_TRANSITIVE (strict): 2 changes break BACKWARD",
        "REQUIRED_PROPERTY_ADDED breaks BACKWARD and FORWARD: data.note was added as a "
        "required property (against v1)",
        "    old: (absent)  new: #/properties/note",
        "    fix: add it as optional, or give it a default that readers fill in",
        '    BACKWARD: example: {"orderId": "x", "total": 0} is valid under the old version, '
        "invalid under the new",
        '    FORWARD: example: {"note": "x", "orderId": "x", "total": 0} is valid under the new '
        "version, invalid under the old",
        "PROPERTY_MADE_REQUIRED breaks BACKWARD: data.note is now required (against v2 at HEAD)",
        "    old: #/required  new: #/required",
        "    fix: keep it optional, or give it a default that readers fill in",
        '    BACKWARD: example: {"orderId": "x", "total": 0} is valid under the old version, '
        "invalid under the new",
        "published versions are immutable: save the edit as shop/order.placed/3.json and "
        "restore shop/order.placed/2.json (git checkout HEAD -- schemas/shop/order.placed/2.json)",
    ]


def test_bump_a_new_version(project: Project) -> None:
    project.commit()
    project.schema(NAME, "2", V2)
    done = project.run("bump", NAME)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "shop/order.placed: v2 is new since HEAD",
        "proposed version: 2 (addition)",
        "verdict: compatible under BACKWARD_TRANSITIVE (strict)",
        "shop/order.placed/2.json is numbered as proposed",
    ]


def test_bump_with_nothing_edited(project: Project) -> None:
    project.schema(NAME, "2", V2)
    project.commit()
    done = project.run("bump", NAME, "--format", "json")
    assert done.returncode == 0
    report = json.loads(done.stdout)
    assert (report["latest"], report["proposed"], report["breaking"]) == ("2", None, False)
    assert report["lines"] == ["shop/order.placed: v2 is unchanged since HEAD; nothing to bump"]


def test_bump_outside_git_is_one_line_and_exit_2(project: Project) -> None:
    done = project.run("bump", NAME)
    assert done.returncode == 2
    assert done.stderr.startswith("event-registry: error: ")
    assert done.stderr.count("\n") == 1
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("current", "kind", "expected"),
    [
        ("1", "breaking", "2"),
        ("9", "revision", "10"),
        ("2024-01-15.1", "addition", "2024-06-01.1"),
        ("2024-06-01.3", "breaking", "2024-06-01.4"),
        ("1.4.2", "breaking", "2.0.0"),
        ("1.4.2", "addition", "1.5.0"),
        ("1.4.2", "revision", "1.4.3"),
        ("1.4.2-rc.1", "revision", "1.4.3"),
    ],
)
def test_next_version(current: str, kind: str, expected: str) -> None:
    assert next_version(current, kind, datetime.date(2024, 6, 1)) == expected


def _coded(max_length: int) -> dict[str, object]:
    """No $schema: a $ref with a sibling maxLength, which draft-07 ignores."""
    code = {"$ref": "#/definitions/code", "maxLength": max_length}
    return {
        **closed({"code": code}, ["code"]),
        "definitions": {"code": {"type": "string", "description": "A code."}},
    }


@pytest.mark.parametrize(
    ("config", "returncode", "verdict"),
    [
        ("", 1, "verdict: breaking under BACKWARD_TRANSITIVE (strict): 1 change breaks BACKWARD"),
        (
            'schema-dialect = "draft-07"\n',
            0,
            "verdict: compatible under BACKWARD_TRANSITIVE (strict)",
        ),
    ],
)
def test_schema_dialect_reads_schemas_without_schema_keyword(
    tmp_path: Path, config: str, returncode: int, verdict: str
) -> None:
    project = Project(tmp_path, config)
    project.schema(NAME, "1", _coded(8))
    project.schema(NAME, "2", _coded(4))
    done = project.run("diff", NAME, "1", "2")
    assert (done.returncode, done.stdout.splitlines()[-1]) == (returncode, verdict), done.stdout


def test_schema_dialect_must_be_known(tmp_path: Path) -> None:
    project = Project(tmp_path, 'schema-dialect = "draft-04"\n')
    project.schema(NAME, "1", V1)
    done = project.run("diff", NAME, "1", "1")
    assert done.returncode == 2
    assert done.stderr.strip().endswith(
        "[tool.event-lint]: schema-dialect must be one of 2020-12, 2019-09, draft-07, "
        "not 'draft-04'"
    ), done.stderr
