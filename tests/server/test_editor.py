"""The language server as an editor uses it: open, type, see findings, fix, complete."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from server.client import Client
from server.conftest import APP, HEADER, SCHEMA, SEND

# EL302's span starts at code point SEND.index(...) (0-based); the emoji before it is two
# UTF-16 code units, so the client sees it one further.
_TS_AT = SEND.index("int(time.time())") + 1
TS = {"start": {"line": 8, "character": _TS_AT}, "end": {"line": 8, "character": _TS_AT + 16}}
TS_MESSAGE = "Event ts `int(time.time())` is in seconds; use `int(time.time() * 1000)`"


def at(line: int, character: int) -> dict[str, int]:
    return {"line": line, "character": character}


def position(uri: str, line: int, character: int) -> dict[str, Any]:
    return {"textDocument": {"uri": uri}, "position": at(line, character)}


def test_a_mistake_is_published_with_the_cli_code_range_and_severity(
    client: Client, project: Path
) -> None:
    uri = client.open(project / "app.py", APP)
    assert client.diagnostics(uri) == [
        {
            "range": TS,
            "message": TS_MESSAGE,
            "severity": 1,
            "code": "EL302",
            "source": "event-lint",
        }
    ]


def test_typing_the_fix_clears_the_finding_and_typing_a_typo_adds_one(
    client: Client, project: Path
) -> None:
    uri = client.open(project / "app.py", APP)
    assert [d["code"] for d in client.diagnostics(uri)] == ["EL302"]
    client.change(uri, 2, APP.replace("int(time.time())", "int(time.time() * 1000)"))
    assert client.diagnostics(uri) == []
    client.change(uri, 3, APP.replace("int(time.time())", "0").replace("placed", "plaecd", 1))
    [typo] = client.diagnostics(uri)
    assert typo["code"] == "EL601"
    assert typo["message"] == (
        'Event "shop/order.plaecd" is not in the registry (did you mean "shop/order.placed"?)'
    )
    assert typo["range"] == {"start": at(8, 40), "end": at(8, 59)}


def test_changes_typed_quickly_are_linted_once_at_the_last_text(project: Path) -> None:
    client = Client(project, "server")
    # A debounce far longer than the three changes take to send, even on a busy machine.
    client.initialize(project, {"debounce_ms": 2000})
    try:
        uri = client.open(project / "app.py", APP)
        assert [d["code"] for d in client.diagnostics(uri)] == ["EL302"]
        fixed = APP.replace("int(time.time())", "int(time.time() * 1000)")
        for version, text in enumerate([APP + "\n", APP + "\n\n", fixed], start=2):
            client.change(uri, version, text)
        # The first publish after the changes is the last text's: the lints of the texts
        # typed over were dropped when their wait ended, before the last one's did.
        assert client.publication(uri) == {"uri": uri, "version": 4, "diagnostics": []}
    finally:
        client.close()


def test_the_quick_fixes_of_a_finding(client: Client, project: Path) -> None:
    uri = client.open(project / "app.py", APP)
    client.diagnostics(uri)
    actions = client.request(
        "textDocument/codeAction",
        {
            "textDocument": {"uri": uri},
            "range": TS,
            "context": {"diagnostics": [], "only": ["quickfix"]},
        },
    )
    line = SEND.rstrip("\n")
    whole_line = {"start": at(8, 0), "end": at(8, len(line) + 1)}  # + 1: the emoji
    assert [(a["title"], a["isPreferred"], a["edit"]["changes"][uri]) for a in actions] == [
        (
            "EL302: Use `int(time.time() * 1000)`",
            True,
            [{"range": TS, "newText": "int(time.time() * 1000)"}],
        ),
        (
            "EL302: add `# noqa: EL302`",
            False,
            [{"range": whole_line, "newText": line + "  # noqa: EL302"}],
        ),
    ]
    assert actions[0]["kind"] == "quickfix"
    assert actions[0]["diagnostics"][0]["code"] == "EL302"


def test_an_unsafe_fix_is_offered_and_says_so(client: Client, project: Path) -> None:
    text = (
        HEADER
        + '    client.send_sync(inngest.Event(name="shop/order.placed", '
        + 'data={"orderId": order_id}))\n'
    )
    uri = client.open(project / "app.py", text)
    [found] = client.diagnostics(uri)
    assert (found["code"], found["severity"]) == ("EL201", 2)  # a warning, as in the CLI
    actions = client.request(
        "textDocument/codeAction",
        {"textDocument": {"uri": uri}, "range": found["range"], "context": {"diagnostics": []}},
    )
    assert actions[0]["title"] == 'EL201: Add `id=f"order-placed-{order_id}"` (unsafe fix)'
    assert actions[0]["isPreferred"] is False
    assert actions[0]["edit"]["changes"][uri] == [
        {
            "range": {"start": at(8, 87), "end": at(8, 87)},
            "newText": ', id=f"order-placed-{order_id}"',
        }
    ]


def test_no_code_actions_for_a_text_changed_since_its_lint(project: Path) -> None:
    client = Client(project, "server")
    client.initialize(project, {"debounce_ms": 600_000})  # the change is never linted here
    try:
        uri = client.open(project / "app.py", APP)  # opening lints at once
        client.diagnostics(uri)
        client.change(uri, 2, "\n" + APP)  # lines moved: the old edits would land too high
        actions = client.request(
            "textDocument/codeAction",
            {"textDocument": {"uri": uri}, "range": TS, "context": {"diagnostics": []}},
        )
        assert actions == []
    finally:
        client.close()


def test_completion_of_event_names_in_a_string_being_typed(client: Client, project: Path) -> None:
    text = HEADER + '    client.send_sync(inngest.Event(name="shop/\n'
    uri = client.open(project / "app.py", text)
    typed = len(text.splitlines()[8])  # the cursor after `shop/`
    result = client.request("textDocument/completion", position(uri, 8, typed))
    labels = [item["label"] for item in result["items"]]
    assert "shop/order.placed" in labels
    assert "inngest/function.failed" in labels  # the built-in events too
    [placed] = [item for item in result["items"] if item["label"] == "shop/order.placed"]
    assert placed["textEdit"] == {
        "range": {"start": at(8, typed - 5), "end": at(8, typed)},
        "newText": "shop/order.placed",
    }
    assert placed["detail"] == "version 1"


def test_completion_in_trigger_and_wait_for_event(client: Client, project: Path) -> None:
    text = HEADER + (
        '    inngest.TriggerEvent(event="")\n'
        '    ctx.step.wait_for_event("wait", event="sh", timeout=1)\n'
        '    print("not an event")\n'
    )
    uri = client.open(project / "app.py", text)
    for line, character, wanted in [(8, 32, True), (9, 44, True), (10, 12, False)]:
        items = client.request("textDocument/completion", position(uri, line, character))["items"]
        assert ("shop/order.placed" in [i["label"] for i in items]) is wanted, (line, items)


CONSUMERS = """import datetime

import inngest

from app import client


@client.create_function(fn_id="ship", trigger=inngest.TriggerEvent(event="shop/order.placed"))
async def ship(ctx: inngest.Context) -> None:
    await ctx.step.wait_for_event(
        "placed-again", event="shop/order.placed", timeout=datetime.timedelta(hours=1)
    )


@client.create_function(fn_id="audit", trigger=inngest.TriggerEvent(event="shop/*"))
async def audit(ctx: inngest.Context) -> None:
    pass
"""


def test_hover_on_an_event_name(client: Client, project: Path) -> None:
    (project / "consumers.py").write_text(CONSUMERS)
    uri = client.open(project / "app.py", APP)
    hover = client.request("textDocument/hover", position(uri, 8, 45))
    assert hover["contents"] == {
        "kind": "markdown",
        "value": "**shop/order.placed** (version 1)\n\nA customer placed an order.\n\n"
        "Payload keys (latest version):\n- `orderId`: string (required)\n- `total`: integer"
        "\n\nIn the project (saved files): 1 send; 3 consumers (triggers and waits)",
    }
    start = SEND.index("shop/")
    assert hover["range"] == {"start": at(8, start), "end": at(8, start + 17)}
    assert client.request("textDocument/hover", position(uri, 8, 10)) is None


def test_the_hover_counts_again_after_a_save(client: Client, project: Path) -> None:
    consumers = project / "consumers.py"
    consumers.write_text(CONSUMERS)
    uri = client.open(project / "app.py", APP)
    hover = client.request("textDocument/hover", position(uri, 8, 45))
    assert hover["contents"]["value"].endswith(": 1 send; 3 consumers (triggers and waits)")
    consumers.write_text(CONSUMERS.split("\n\n\n@client")[0] + "\n")  # no function left
    (project / "more.py").write_text(APP)  # a second send, from a file written elsewhere
    client.notify("textDocument/didSave", {"textDocument": {"uri": consumers.as_uri()}})
    hover = client.request("textDocument/hover", position(uri, 8, 45))
    assert hover["contents"]["value"].endswith(": 2 sends; 0 consumers (triggers and waits)")


def test_definition_of_an_event_name_is_its_schema_file(client: Client, project: Path) -> None:
    uri = client.open(project / "app.py", APP)
    location = client.request("textDocument/definition", position(uri, 8, 50))
    schema = project / "schemas" / "shop" / "order.placed" / "1.json"
    assert location == {
        "uri": schema.resolve().as_uri(),
        "range": {"start": at(0, 0), "end": at(0, 0)},
    }


def test_closing_a_document_clears_its_findings(client: Client, project: Path) -> None:
    uri = client.open(project / "app.py", APP)
    assert client.diagnostics(uri)
    client.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    assert client.diagnostics(uri) == []


def test_saving_a_constants_module_lints_the_files_that_use_it(
    client: Client, project: Path
) -> None:
    names = project / "names.py"
    names.write_text('ORDER_PLACED = "shop/order.plaecd"\n')
    text = HEADER.replace("import inngest\n", "import inngest\nfrom names import ORDER_PLACED\n")
    text += "    client.send_sync(inngest.Event(name=ORDER_PLACED, data={}))\n"
    uri = client.open(project / "app.py", text)
    [typo] = client.diagnostics(uri)
    assert typo["code"] == "EL601"
    assert typo["range"]["start"]["line"] == 9  # at the send, the name from the other module
    names_uri = client.open(names, names.read_text())
    names.write_text('ORDER_PLACED = "shop/order.placed"\n')
    client.notify("textDocument/didSave", {"textDocument": {"uri": names_uri}})
    # Now a registry event: its schema is checked (the data lacks its required key).
    assert [d["code"] for d in client.diagnostics(uri)] == ["EL611"]


def test_completion_of_payload_keys_from_the_events_schema(client: Client, project: Path) -> None:
    text = HEADER + (
        '    client.send_sync(inngest.Event(name="shop/order.placed", data={"orderId": "o", "\n'
    )
    uri = client.open(project / "app.py", text)
    typed = len(text.splitlines()[8])  # the cursor right after the key's opening quote
    items = client.request("textDocument/completion", position(uri, 8, typed))["items"]
    assert [(i["label"], i["detail"], i.get("documentation")) for i in items] == [
        ("orderId", "string (required) · shop/order.placed v1", "The order."),
        ("total", "integer · shop/order.placed v1", None),
    ]
    assert items[0]["textEdit"]["range"] == {"start": at(8, typed), "end": at(8, typed)}
    assert items[0]["sortText"] < items[1]["sortText"]  # the required key first
    value = text.rstrip('"\n') + '"orderId": "'  # a value, not a key: nothing offered
    uri = client.open(project / "other.py", HEADER + value + "\n")
    items = client.request("textDocument/completion", position(uri, 8, len(value)))["items"]
    assert items == []


def test_a_buffer_with_a_latin1_coding_cookie(client: Client, project: Path) -> None:
    text = "# -*- coding: latin-1 -*-\n" + APP.replace("😋", "é")
    uri = client.open(project / "app.py", text)
    [found] = client.diagnostics(uri)
    start = text.splitlines()[9].index("int(time.time())")  # é is one UTF-16 unit
    assert (found["code"], found["range"]["start"]) == ("EL302", at(9, start))


def test_an_untitled_buffer_is_linted_and_the_server_goes_on(client: Client, project: Path) -> None:
    document = {"uri": "untitled:Untitled-1", "languageId": "python", "version": 1, "text": APP}
    client.notify("textDocument/didOpen", {"textDocument": document})
    assert [d["code"] for d in client.diagnostics("untitled:Untitled-1")] == ["EL302"]
    uri = client.open(project / "app.py", APP)
    assert [d["code"] for d in client.diagnostics(uri)] == ["EL302"]


def test_fix_all_applies_every_safe_fix_to_the_whole_buffer(client: Client, project: Path) -> None:
    text = APP + SEND  # two EL302 findings, on lines 9 and 10
    uri = client.open(project / "app.py", text)
    assert [d["code"] for d in client.diagnostics(uri)] == ["EL302", "EL302"]
    request = {"textDocument": {"uri": uri}, "range": {"start": at(0, 0), "end": at(0, 0)}}
    only = {"diagnostics": [], "only": ["source.fixAll"]}
    [action] = client.request("textDocument/codeAction", {**request, "context": only})
    assert (action["title"], action["kind"]) == (
        "event-lint: apply every safe fix",
        "source.fixAll.event-lint",
    )
    fixed = text.replace("int(time.time())", "int(time.time() * 1000)")
    whole = {"start": at(0, 0), "end": at(10, 0)}  # the end: after the final line break
    assert action["edit"]["changes"][uri] == [{"range": whole, "newText": fixed}]
    everything = client.request(
        "textDocument/codeAction", {**request, "context": {"diagnostics": []}}
    )
    assert [a["kind"] for a in everything] == ["source.fixAll.event-lint"]  # none at line 1
    client.change(uri, 2, fixed)
    assert client.diagnostics(uri) == []
    nothing = client.request("textDocument/codeAction", {**request, "context": only})
    assert nothing == []


def test_add_an_unknown_event_to_the_registry(client: Client, project: Path) -> None:
    send = (
        '    client.send_sync(inngest.Event(name="shop/order.shipped", '
        'data={"orderId": order_id, "count": 3}, id=f"order-shipped-{order_id}"))\n'
    )
    uri = client.open(project / "app.py", HEADER + send)
    [unknown] = client.diagnostics(uri)
    assert unknown["code"] == "EL601"
    actions = client.request(
        "textDocument/codeAction",
        {"textDocument": {"uri": uri}, "range": unknown["range"], "context": {"diagnostics": []}},
    )
    [add] = [a for a in actions if "registry" in a["title"]]
    assert (
        add["title"]
        == 'EL601: add "shop/order.shipped" to the registry (shop/order.shipped/1.json)'
    )
    schema = project / "schemas" / "shop" / "order.shipped" / "1.json"
    create, fill = add["edit"]["documentChanges"]
    assert create == {
        "kind": "create",
        "uri": schema.resolve().as_uri(),
        "options": {"ignoreIfExists": True},
    }
    [insert] = fill["edits"]
    assert json.loads(insert["newText"]) == {  # as event-registry init --from-code infers it
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "description": "Sent at app.py:9. No consumer in the code. "
        "(Inferred by event-registry init --from-code: review it.)",
        "type": "object",
        "properties": {"count": {"type": "integer"}, "orderId": {}},
        "additionalProperties": True,
        "required": ["count", "orderId"],
    }
    assert insert["range"] == {"start": at(0, 0), "end": at(0, 0)}
    # The editor applies it and saves: the event is known.
    schema.parent.mkdir(parents=True)
    schema.write_text(insert["newText"])
    client.notify("textDocument/didSave", {"textDocument": {"uri": schema.resolve().as_uri()}})
    assert "EL601" not in [d["code"] for d in client.diagnostics(uri)]


def test_definition_of_a_generated_class_or_constant(client: Client, project: Path) -> None:
    (project / "schemas" / "shop" / "order.placed" / "2.json").write_text(SCHEMA)
    text = (
        "from events import SHOP_ORDER_PLACED, ShopOrderPlacedV1\n"
        "event = ShopOrderPlacedV1(data={})\n"
    )
    uri = client.open(project / "use.py", text)
    folder = project / "schemas" / "shop" / "order.placed"
    for (line, character), file in [
        ((1, 12), folder / "1.json"),  # the class of version 1
        ((0, 23), folder / "2.json"),  # the constant: the latest version
    ]:
        location = client.request("textDocument/definition", position(uri, line, character))
        assert location["uri"] == file.resolve().as_uri()
    assert client.request("textDocument/definition", position(uri, 1, 0)) is None  # `event`


def test_an_imported_module_changed_outside_the_editor(project: Path) -> None:
    client = Client(project, "server")
    watching = {"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": True}}}
    client.initialize(project, {"debounce_ms": 0}, watching)
    try:
        registered = client.wait(lambda m: m.get("method") == "client/registerCapability")
        [registration] = registered["params"]["registrations"]
        assert registration["method"] == "workspace/didChangeWatchedFiles"
        globs = [w["globPattern"] for w in registration["registerOptions"]["watchers"]]
        assert globs == ["**/*.py", "**/*.json", "**/pyproject.toml"]
        names = project / "names.py"
        names.write_text('ORDER_PLACED = "shop/order.placed"\n')
        imports = "import inngest\nfrom names import ORDER_PLACED\n"
        text = HEADER.replace("import inngest\n", imports)
        text += '    client.send_sync(inngest.Event(name=ORDER_PLACED, data={"orderId": "o"}))\n'
        uri = client.open(project / "app.py", text)
        assert client.diagnostics(uri) == []
        # A checkout changes the module the buffer imports: the editor's watcher says so.
        names.write_text('ORDER_PLACED = "shop/order.plaecd"\n')
        change = {"uri": names.as_uri(), "type": 2}
        client.notify("workspace/didChangeWatchedFiles", {"changes": [change]})
        assert [d["code"] for d in client.diagnostics(uri)] == ["EL601"]
        # Without a word from the editor, the next edit still reads the module as it is now.
        names.write_text('ORDER_PLACED = "shop/order.placed"\n')
        client.change(uri, 2, text + "\n")
        assert client.diagnostics(uri) == []
    finally:
        client.close()


def test_the_hover_counts_never_import_the_projects_code(client: Client, project: Path) -> None:
    """The counts come from a child process started in the project's folder: a package
    of the repository named like ours must not be what it imports."""
    planted = project / "event_lint"
    planted.mkdir()
    marker = project / "ran"
    (planted / "__init__.py").write_text(f"open({str(marker)!r}, 'w').close()\n")
    uri = client.open(project / "app.py", APP)
    hover = client.request("textDocument/hover", position(uri, 8, 45))
    assert hover["contents"]["value"].endswith(": 1 send; 0 consumers (triggers and waits)")
    assert not marker.exists()
