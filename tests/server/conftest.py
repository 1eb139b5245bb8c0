"""A small project (config, registry, one Python file) and a client on the real server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from server.client import Client

SCHEMA = """{
  "type": "object",
  "description": "A customer placed an order.",
  "properties": {
    "orderId": {"type": "string", "description": "The order."},
    "total": {"type": "integer"}
  },
  "required": ["orderId"],
  "additionalProperties": false
}
"""

HEADER = """import time

import inngest

client = inngest.Inngest(app_id="shop")


def place(order_id: str) -> None:
"""

# Line 9 (LSP line 8): an emoji before the mistake, so UTF-16 columns differ from code points.
SEND = (
    '    client.send_sync(inngest.Event(name="shop/order.placed", data={"orderId": order_id}, '
    'id=f"order-placed-😋-{order_id}", ts=int(time.time())))\n'
)
APP = HEADER + SEND


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text('[tool.event-lint]\nregistry = "schemas"\n')
    folder = tmp_path / "schemas" / "shop" / "order.placed"
    folder.mkdir(parents=True)
    (folder / "1.json").write_text(SCHEMA)
    (tmp_path / "app.py").write_text(APP, encoding="utf-8")
    return tmp_path


@pytest.fixture
def client(project: Path) -> Iterator[Client]:
    client = Client(project, "server")
    client.initialize(project, {"debounce_ms": 0})
    yield client
    client.close()
