"""check --against REF in a real temporary git repository (and a shallow clone of it)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from .project import Project, closed

NAME = "shop/order.placed"
ORDER_ID = {"type": "string", "description": "The order.", "maxLength": 32}
V1 = closed({"orderId": ORDER_ID}, ["orderId"])


@pytest.fixture
def project(tmp_path: Path) -> Project:
    project = Project(tmp_path / "repo")
    project.schema(NAME, "1", V1)
    project.commit()
    return project


def test_unchanged_registry_passes(project: Project) -> None:
    # Reformatting (indentation, key order) is not an edit.
    path = project.root / "schemas" / NAME / "1.json"
    path.write_text(path.read_text().replace("  ", "    "))
    done = project.run("check", "--against", "HEAD")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "PUBLISHED" not in done.stdout


def test_edited_version_fails(project: Project) -> None:
    project.schema(NAME, "1", closed({"orderId": {**ORDER_ID, "maxLength": 16}}, ["orderId"]))
    done = project.run("check", "--against", "HEAD")
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert lines[:3] == [
        "shop/order.placed/1.json at /properties/orderId/maxLength: PUBLISHED_VERSION_EDITED "
        "shop/order.placed v1 differs from HEAD; published versions are immutable",
        "    changed at: /properties/orderId/maxLength",
        "    fix: publish the change as a new version (`event-registry bump shop/order.placed`) "
        "and restore this one with `git checkout HEAD -- schemas/shop/order.placed/1.json`",
    ]


def test_description_edits_pass_only_with_the_flag(project: Project) -> None:
    edited = closed({"orderId": {**ORDER_ID, "description": "Its id."}}, ["orderId"], "Placed.")
    project.schema(NAME, "1", edited)
    strict = project.run("check", "--against", "HEAD")
    assert strict.returncode == 1
    assert "    changed at: /description, /properties/orderId/description" in strict.stdout
    allowed = project.run("check", "--against", "HEAD", "--allow-description-edits")
    assert allowed.returncode == 0, allowed.stdout
    # A property *named* description is data, not documentation.
    renamed = closed({"orderId": ORDER_ID, "description": ORDER_ID}, ["orderId"])
    project.schema(NAME, "1", renamed)
    still = project.run("check", "--against", "HEAD", "--allow-description-edits")
    assert still.returncode == 1
    assert (
        "PUBLISHED_VERSION_EDITED shop/order.placed v1 differs from HEAD (description, title "
        "and examples edits are allowed); published versions are immutable"
    ) in still.stdout


def test_deleted_version_fails(project: Project) -> None:
    project.schema(NAME, "2", closed({"orderId": ORDER_ID, "note": ORDER_ID}, ["orderId"]))
    project.commit()
    (project.root / "schemas" / NAME / "1.json").unlink()
    done = project.run("check", "--against", "HEAD~0")
    assert done.returncode == 1
    assert done.stdout.splitlines()[:2] == [
        "shop/order.placed/1.json: PUBLISHED_VERSION_DELETED shop/order.placed v1 exists at "
        "HEAD~0 but was deleted; published versions are immutable",
        "    fix: restore it with `git checkout HEAD~0 -- schemas/shop/order.placed/1.json`",
    ]


def test_new_versions_are_not_edits(project: Project) -> None:
    project.schema(NAME, "2", closed({"orderId": ORDER_ID, "note": ORDER_ID}, ["orderId"]))
    done = project.run("check", "--against", "HEAD")
    assert done.returncode == 0, done.stdout


def test_unknown_ref_is_one_line_and_exit_2(project: Project) -> None:
    done = project.run("check", "--against", "origin/main")
    assert done.returncode == 2
    assert done.stderr == (
        "event-registry: error: git ref 'origin/main' not found (in a shallow clone, fetch it "
        "first: git fetch --depth=1 origin <branch>)\n"
    )


def test_works_in_a_shallow_clone(project: Project, tmp_path: Path) -> None:
    project.schema(NAME, "2", closed({"orderId": ORDER_ID, "note": ORDER_ID}, ["orderId"]))
    project.commit("v2")
    clone_dir = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth=1", f"file://{project.root}", str(clone_dir)], check=True
    )
    clone = Project(clone_dir)  # rewrites the same pyproject.toml
    assert clone.git("rev-parse", "--is-shallow-repository").strip() == "true"
    clone.schema(NAME, "2", closed({"orderId": ORDER_ID}, ["orderId"]))
    done = clone.run("check", "--against", "origin/main")
    assert done.returncode == 1
    assert "shop/order.placed/2.json at /properties/note: PUBLISHED_VERSION_EDITED" in done.stdout


MONEY = {"$defs": {"cents": {"type": "integer", "minimum": 0, "description": "Cents."}}}
PAID = "shop/invoice.paid"


def _with_shared_money(project: Project) -> None:
    project.schema("_defs", "money", MONEY)  # schemas/_defs/money.json
    amount = {"$ref": "../../_defs/money.json#/$defs/cents"}
    project.schema(PAID, "1", closed({"amount": amount}, ["amount"]))
    project.commit()


def test_an_edit_to_a_shared_definition_edits_every_version_that_references_it(
    project: Project,
) -> None:
    _with_shared_money(project)
    project.schema("_defs", "money", {"$defs": {"cents": {"type": "number", "minimum": 0}}})
    done = project.run("check", "--against", "HEAD")
    assert done.returncode == 1
    assert done.stdout.splitlines()[:3] == [
        "shop/invoice.paid/1.json: PUBLISHED_VERSION_EDITED shop/invoice.paid v1 references "
        "_defs/money.json, which differs from HEAD; published versions are immutable",
        "    changed at: _defs/money.json /$defs/cents/type, /$defs/cents/description",
        "    fix: add the new definition beside the old one and reference it from a new version "
        "(`event-registry bump shop/invoice.paid`); restore this one with "
        "`git checkout HEAD -- schemas/_defs/money.json`",
    ]
    assert "shop/order.placed" not in done.stdout  # it references nothing shared


def test_shared_definitions_nobody_references_may_change(project: Project) -> None:
    _with_shared_money(project)
    project.schema("_defs", "other", {"$defs": {"x": {"type": "string"}}})
    project.commit()
    project.schema("_defs", "other", {"$defs": {"x": {"type": "integer"}}})
    done = project.run("check", "--against", "HEAD")
    assert done.returncode == 0, done.stdout
    # A referenced file is judged whole, like a version file; documentation edits pass
    # with the flag.
    described = {"$defs": {"cents": {**MONEY["$defs"]["cents"], "description": "In cents."}}}
    project.schema("_defs", "money", described)
    assert project.run("check", "--against", "HEAD").returncode == 1
    allowed = project.run("check", "--against", "HEAD", "--allow-description-edits")
    assert allowed.returncode == 0, allowed.stdout
