"""``event-registry init --from-code``: a first registry from the code that sends events."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from commands import event_lint, event_registry

REPO = Path(__file__).resolve().parents[2]

SHOP = """\
import inngest

client = inngest.Inngest(app_id="shop")


def place(order_id: str, total: int, note: str) -> None:
    client.send_sync(inngest.Event(
        name="shop/order.placed",
        id=f"order-placed-{order_id}",
        data={"orderId": order_id, "total": total, "lines": [{"sku": "A-1", "qty": 2}]},
    ))


def place_with_note(order_id: str, note: str) -> None:
    client.send_sync(inngest.Event(
        name="shop/order.placed",
        id=f"order-placed-{order_id}",
        data={"orderId": order_id, "total": 12.5, "note": note, "lines": []},
    ))


def ping() -> None:
    client.send_sync(inngest.Event(name="shop/ping.sent", data={"source": "cron", "tries": 1}))


def forward(payload: dict) -> None:
    client.send_sync(inngest.Event(name="shop/blob.forwarded", data=payload))


@client.create_function(fn_id="ship", trigger=inngest.TriggerEvent(event="shop/order.placed"))
def ship(ctx: inngest.Context) -> None:
    pass
"""


def _project(tmp_path: Path, source: str = SHOP) -> Path:
    (tmp_path / "pyproject.toml").write_text('[tool.event-lint]\nregistry = "schemas"\n')
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "shop.py").write_text(source)
    return tmp_path


def _schema(root: Path, name: str) -> dict[str, object]:
    loaded: dict[str, object] = json.loads((root / "schemas" / name / "1.json").read_text())
    return loaded


def test_schemas_are_inferred_from_every_send(tmp_path: Path) -> None:
    root = _project(tmp_path)
    result = event_registry(root, "init", "--from-code", "app")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[:4] == [
        "created schemas/shop/blob.forwarded/1.json",
        "created schemas/shop/order.placed/1.json",
        "created schemas/shop/ping.sent/1.json",
        "created schemas/shop/ping.sent/examples/1/code-1.json",
    ]
    assert "dynamic payloads (a permissive schema: describe them by hand):" in result.stdout
    assert "  shop/blob.forwarded (app/shop.py:27)" in result.stdout
    order = _schema(root, "shop/order.placed")
    assert order == {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "description": "Sent at app/shop.py:7, app/shop.py:15. Consumed by function `ship` "
        "(app/shop.py:30). (Inferred by event-registry init --from-code: review it.)",
        "type": "object",
        "properties": {
            "lines": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {"qty": {"type": "integer"}, "sku": {"type": "string"}},
                    "additionalProperties": True,
                    "required": ["qty", "sku"],
                },
            },
            # Parameters: values the linter cannot know allow anything.
            "note": {},
            "orderId": {},
            "total": {},
        },
        "additionalProperties": True,
        "required": ["lines", "orderId", "total"],
    }
    example = json.loads((root / "schemas/shop/ping.sent/examples/1/code-1.json").read_text())
    assert example == {"source": "cron", "tries": 1}
    assert _schema(root, "shop/blob.forwarded")["properties"] == {}


def test_the_result_passes_check_and_the_linter(tmp_path: Path) -> None:
    root = _project(tmp_path)
    assert event_registry(root, "init", "--from-code", "app").returncode == 0
    check = event_registry(root, "check")
    assert check.returncode == 0, check.stdout + check.stderr
    lint = event_lint(root, "app")
    assert (lint.returncode, lint.stdout) == (0, ""), lint.stdout


def test_existing_versions_are_never_touched_and_drift_is_proposed(tmp_path: Path) -> None:
    root = _project(tmp_path)
    ping = root / "schemas" / "shop" / "ping.sent"
    ping.mkdir(parents=True)
    published = json.dumps(
        {
            "description": "A ping.",
            "type": "object",
            "properties": {"source": {"type": "string", "maxLength": 3}},
            "additionalProperties": True,
        }
    )
    (ping / "1.json").write_text(published)
    result = event_registry(root, "init", "--from-code", "app")
    assert result.returncode == 0, result.stderr
    assert (ping / "1.json").read_text() == published
    assert not (ping / "examples").exists()
    assert "already in the registry (not touched):\n  shop/ping.sent\n" in result.stdout
    assert (
        "new versions to consider:\n  shop/ping.sent: v1 rejects a payload the code sends (/source:"
        in (result.stdout)
    )
    again = event_registry(root, "init", "--from-code", "app")
    assert "0 events created from the code." in again.stdout


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    root = _project(tmp_path)
    result = event_registry(root, "init", "--from-code", "app", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "would create schemas/shop/order.placed/1.json" in result.stdout
    assert result.stdout.endswith("\n3 events would be created from the code.\n")
    assert not (root / "schemas").exists()


def test_a_pydantic_model_gives_the_schema(tmp_path: Path) -> None:
    root = _project(tmp_path)
    (root / "models.py").write_text(
        "from pydantic import BaseModel, ConfigDict\n\n"
        "class OrderPlaced(BaseModel):\n"
        "    model_config = ConfigDict(extra='forbid')\n"
        "    orderId: str\n"
        "    total: float\n"
        "    lines: list[dict[str, int | str]]\n"
        "    note: str | None = None\n"
    )
    result = event_registry(
        root, "init", "--from-code", "app", "--from-models", "shop/order.placed=models:OrderPlaced"
    )
    assert result.returncode == 0, result.stderr
    schema = _schema(root, "shop/order.placed")
    assert schema["additionalProperties"] is False
    assert schema["required"] == ["orderId", "total", "lines"]
    assert schema["description"] == "From the pydantic model models:OrderPlaced."


def test_a_bad_model_spec_is_one_line_and_exit_2(tmp_path: Path) -> None:
    root = _project(tmp_path)
    result = event_registry(root, "init", "--from-code", "app", "--from-models", "x=nomodule:X")
    assert result.returncode == 2
    assert result.stderr == (
        "event-registry: error: --from-models 'x=nomodule:X': cannot import nomodule: "
        "No module named 'nomodule'\n"
    )
    assert not (root / "schemas").exists()


def test_the_example_app_rebuilt_from_its_code_shows_only_the_planted_mistakes(
    tmp_path: Path,
) -> None:
    shutil.copytree(REPO / "examples" / "app", tmp_path / "app")
    (tmp_path / "pyproject.toml").write_text(
        (REPO / "examples" / "pyproject.toml").read_text().replace("../schemas", "schemas")
    )
    init = event_registry(tmp_path, "init", "--from-code", "app")
    assert init.returncode == 0, init.stderr
    assert "7 events created from the code." in init.stdout
    check = event_registry(tmp_path, "check")
    assert check.returncode == 0, check.stdout + check.stderr
    codegen = event_registry(tmp_path, "codegen", "--out", "app/events.py")
    assert codegen.returncode == 0, codegen.stderr
    rebuilt = event_lint(tmp_path, "app")
    planted = event_lint(REPO / "examples", "app")  # under the hand-written registry
    # The same findings, less the two that only a hand-written schema can see (a CEL path
    # and a payload type that the code itself gets wrong: EL622, EL613).
    expected = [
        line for line in planted.stdout.splitlines() if line.split(" ")[1] not in ("EL613", "EL622")
    ]
    assert len(expected) == len(planted.stdout.splitlines()) - 2
    assert rebuilt.stdout.splitlines() == expected
