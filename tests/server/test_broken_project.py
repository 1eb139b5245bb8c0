"""A registry or config that does not load: one diagnostic on the file at fault, one
message, and the Python file is still linted (without the registry's rules)."""

from __future__ import annotations

from pathlib import Path

from server.client import Client
from server.conftest import APP, SCHEMA

SCHEMA_FILE = Path("schemas/shop/order.placed/1.json")


def test_a_schema_that_is_not_json(client: Client, project: Path) -> None:
    schema = project / SCHEMA_FILE
    schema.write_text(SCHEMA.replace('"object",', '"object"'))  # line 2 lacks its comma
    uri = client.open(project / "app.py", APP)
    assert [d["code"] for d in client.diagnostics(uri)] == ["EL302"]  # still linted
    [problem] = client.diagnostics(schema.resolve().as_uri())
    assert problem["message"] == "invalid JSON: Expecting ',' delimiter"
    assert problem["range"]["start"] == {"line": 2, "character": 2}
    assert problem["severity"] == 1
    message = client.wait(lambda m: m.get("method") == "window/showMessage")
    assert message["params"]["type"] == 1
    assert message["params"]["message"].startswith(f"event-lint: {schema}: invalid JSON")
    assert message["params"]["message"].endswith("(linting without the registry)")

    schema.write_text(SCHEMA)  # fixed and saved: the problem is gone, schema lint runs
    client.notify("textDocument/didSave", {"textDocument": {"uri": schema.resolve().as_uri()}})
    found = client.diagnostics(schema.resolve().as_uri())
    assert [d["code"] for d in found] == ["SL203", "SL204", "SL207"]


def test_a_typo_in_an_event_name_needs_the_registry(client: Client, project: Path) -> None:
    (project / SCHEMA_FILE).write_text("[]")
    uri = client.open(project / "app.py", APP.replace("shop/order.placed", "shop/order.plaecd"))
    assert [d["code"] for d in client.diagnostics(uri)] == ["EL302"]  # no EL601 without it
    [problem] = client.diagnostics((project / SCHEMA_FILE).resolve().as_uri())
    assert problem["message"] == "a schema must be a JSON object, not an array"


def test_a_configured_registry_folder_that_is_missing(client: Client, project: Path) -> None:
    (project / "pyproject.toml").write_text('[tool.event-lint]\nregistry = "nowhere"\n')
    uri = client.open(project / "app.py", APP)
    assert [d["code"] for d in client.diagnostics(uri)] == ["EL302"]
    [problem] = client.diagnostics((project / "pyproject.toml").resolve().as_uri())
    assert problem["message"].startswith(f"registry folder {project.resolve()}/nowhere does not")
    assert problem["range"]["start"] == {"line": 0, "character": 0}


def test_a_config_that_does_not_parse(client: Client, project: Path) -> None:
    (project / "pyproject.toml").write_text("[tool.event-lint\n")
    uri = client.open(project / "app.py", APP)
    assert [d["code"] for d in client.diagnostics(uri)] == ["EL302"]  # the default config
    [problem] = client.diagnostics((project / "pyproject.toml").resolve().as_uri())
    assert problem["message"] == (
        "invalid TOML: Expected ']' at the end of a table declaration (at line 1, column 17)"
    )
    assert problem["range"]["start"] == {"line": 0, "character": 16}


def test_opening_a_broken_schema_file_shows_its_problem(client: Client, project: Path) -> None:
    schema = project / SCHEMA_FILE
    schema.write_text("{")
    uri = client.open(schema, "{", language="json")
    [problem] = client.diagnostics(uri)
    assert problem["message"].startswith("invalid JSON")


def test_two_projects_in_one_workspace_keep_their_own_problems(tmp_path: Path) -> None:
    roots = [tmp_path / "a", tmp_path / "b"]
    for root in roots:
        (root / SCHEMA_FILE.parent).mkdir(parents=True)
        (root / "pyproject.toml").write_text('[tool.event-lint]\nregistry = "schemas"\n')
        (root / SCHEMA_FILE).write_text(SCHEMA)
    broken = roots[0] / SCHEMA_FILE
    broken.write_text("{")
    client = Client(tmp_path, "server")
    try:
        client.initialize(tmp_path, {"debounce_ms": 0})
        a = client.open(roots[0] / "app.py", APP.replace("placed", "plaecd"))
        assert [d["code"] for d in client.diagnostics(a)] == ["EL302"]  # a: no registry
        assert client.diagnostics(broken.resolve().as_uri())
        b = client.open(roots[1] / "app.py", APP.replace("placed", "plaecd"))
        assert sorted(d["code"] for d in client.diagnostics(b)) == ["EL302", "EL601"]  # b: has one
        client.barrier()  # b's lint, and any publish that came with it, is done
        later = client.published()
        assert [m for m in later if m["params"]["uri"] == broken.resolve().as_uri()] == []
    finally:
        client.close()


def test_schema_lint_findings_on_their_lines(client: Client, project: Path) -> None:
    schema = project / SCHEMA_FILE
    uri = client.open(schema, schema.read_text(), language="json")
    found = client.diagnostics(schema.resolve().as_uri())
    assert uri == schema.resolve().as_uri()
    assert [
        (d["code"], d["range"]["start"]["line"], d["severity"], d["message"]) for d in found
    ] == [
        ("SL203", 4, 3, "a string without maxLength, format, enum, const or pattern"),
        ("SL204", 5, 3, "an integer without a minimum or a maximum"),
        ("SL207", 5, 3, "the property has no description"),
    ]
    key = {"start": {"line": 4, "character": 4}, "end": {"line": 4, "character": 13}}
    assert found[0]["range"] == key  # "orderId", quotes included
    client.barrier()  # a message would have come with the findings
    assert [m for m in client.seen if m.get("method") == "window/showMessage"] == []  # it loaded
    # Fixed and saved, as an editor does it: the finding goes.
    fixed = SCHEMA.replace('"type": "integer"', '"type": "integer", "description": "x"')
    client.change(uri, 2, fixed)
    schema.write_text(fixed)
    client.notify("textDocument/didSave", {"textDocument": {"uri": uri}})
    assert [d["code"] for d in client.diagnostics(uri)] == ["SL203", "SL204"]


def test_a_compatibility_break_on_the_new_version(client: Client, project: Path) -> None:
    v2 = project / SCHEMA_FILE.parent / "2.json"
    v2.write_text(SCHEMA.replace('"required": ["orderId"]', '"required": ["orderId", "total"]'))
    client.open(project / "app.py", APP)
    found = client.diagnostics(v2.resolve().as_uri())
    [broken] = [d for d in found if d["code"] == "PROPERTY_MADE_REQUIRED"]
    assert broken["message"] == (
        "v1 -> v2 breaks BACKWARD (BACKWARD_TRANSITIVE): data.total is now required"
    )
    assert broken["severity"] == 1
    assert broken["range"] == {  # the "required" key
        "start": {"line": 7, "character": 2},
        "end": {"line": 7, "character": 12},
    }


def test_an_unsaved_schema_buffer_is_checked_as_typed(client: Client, project: Path) -> None:
    schema = project / SCHEMA_FILE
    uri = client.open(schema, SCHEMA, language="json")
    assert [d["code"] for d in client.diagnostics(uri)] == ["SL203", "SL204", "SL207"]
    before = sorted(p.relative_to(project) for p in project.rglob("*"))
    # Typed, not saved: a comma goes missing on line 2 (LSP line 1).
    client.change(uri, 2, SCHEMA.replace('"object",', '"object"'))
    [problem] = client.diagnostics(uri)
    assert (problem["message"], problem["range"]["start"]) == (
        "invalid JSON: Expecting ',' delimiter",
        {"line": 2, "character": 2},
    )
    # The key gets a description, one line lower than on disk: the findings follow the buffer.
    typed = SCHEMA.replace(
        '"properties": {', '"properties": {\n    "_": {"type": "boolean", "description": "x"},'
    ).replace('"type": "integer"', '"type": "integer", "description": "x"')
    client.change(uri, 3, typed)
    found = client.diagnostics(uri)
    assert [(d["code"], d["range"]["start"]["line"]) for d in found] == [
        ("SL203", 5),
        ("SL204", 6),
    ]
    assert schema.read_text() == SCHEMA  # nothing written
    assert sorted(p.relative_to(project) for p in project.rglob("*")) == before
    # Closed without saving: the file as saved.
    client.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    assert [d["code"] for d in client.diagnostics(uri)] == ["SL203", "SL204", "SL207"]


def test_a_compatibility_break_typed_in_a_new_version(client: Client, project: Path) -> None:
    v2 = project / SCHEMA_FILE.parent / "2.json"
    v2.write_text(SCHEMA)
    uri = client.open(v2, SCHEMA, language="json")
    assert "PROPERTY_MADE_REQUIRED" not in [d["code"] for d in client.diagnostics(uri)]
    client.change(uri, 2, SCHEMA.replace('["orderId"]', '["orderId", "total"]'))
    [broken] = [d for d in client.diagnostics(uri) if d["code"] == "PROPERTY_MADE_REQUIRED"]
    assert broken["message"] == (
        "v1 -> v2 breaks BACKWARD (BACKWARD_TRANSITIVE): data.total is now required"
    )
    assert broken["range"]["start"]["line"] == 7
    assert v2.read_text() == SCHEMA


TUPLE_SCHEMA = """{
  "type": "object",
  "properties": {"tags": {"type": "array", "items": [{"type": "string"}]}}
}
"""
TAGS_APP = APP.replace('data={"orderId": order_id}', 'data={"tags": [1]}')


def test_two_roots_read_schemas_in_their_own_dialects(tmp_path: Path) -> None:
    """A schema without $schema whose `items` is a list: draft-07's tuple form, not a
    2020-12 schema. Each root reads it in the dialect its config sets, whichever is
    opened first."""
    draft7, default = tmp_path / "draft7", tmp_path / "default"
    for root, config in [(draft7, 'schema-dialect = "draft-07"\n'), (default, "")]:
        (root / SCHEMA_FILE.parent).mkdir(parents=True)
        (root / "pyproject.toml").write_text(f'[tool.event-lint]\nregistry = "schemas"\n{config}')
        (root / SCHEMA_FILE).write_text(TUPLE_SCHEMA)
    client = Client(tmp_path, "server")
    try:
        client.initialize(tmp_path, {"debounce_ms": 0})
        for _ in range(2):  # the second round: each root after the other has been read
            b = client.open(default / "app.py", TAGS_APP)
            assert [d["code"] for d in client.diagnostics(b)] == ["EL302"]  # no registry
            client.notify("textDocument/didClose", {"textDocument": {"uri": b}})
            assert client.diagnostics(b) == []  # cleared on close
            a = client.open(draft7 / "app.py", TAGS_APP)
            found = client.diagnostics(a)
            assert [(d["code"], d["message"]) for d in found if d["code"] != "EL302"] == [
                (
                    "EL613",
                    "data/tags/0: expected string, got integer 1 "
                    "(schema shop/order.placed v1, keyword type)",
                )
            ]
            client.notify("textDocument/didClose", {"textDocument": {"uri": a}})
            assert client.diagnostics(a) == []
        problems = client.diagnostics((default / SCHEMA_FILE).resolve().as_uri())
        assert [p["message"] for p in problems] == [
            "not a valid 2020-12 JSON Schema at /properties/tags/items: "
            "[{'type': 'string'}] is not of type 'object', 'boolean'"
        ]
    finally:
        client.close()
