"""What the catalog reads of a handler's code with Python's ast."""

from __future__ import annotations

from pathlib import Path

from event_lint.catalog.source import Sources

CODE = """\
class Jobs:
    def send(self):
        pass


async def handler(ctx):
    order = ctx.event.data["order"]["id"]
    name = ctx.event.data.get("name")
    key = "dynamic"
    ctx.event.data[key]  # a variable key: not seen
    ctx.event.data["order"]  # a prefix of a longer read: the longer one is listed

    def inner():
        return ctx.event.data["nested"]

    return other.data["not-the-event"]


def old_style(ctx, step, event):
    return event.data["v3"]
"""


def test_data_reads_with_literal_keys(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(CODE)
    sources = Sources(tmp_path, 1 << 20)
    assert sources.data_reads("app.py", "handler") == [
        (7, "event.data.order.id"),
        (8, "event.data.name"),
        (14, "event.data.nested"),
    ]
    assert sources.data_reads("app.py", "old_style") == [(20, "event.data.v3")]
    assert sources.data_reads("app.py", "missing") == []


def test_enclosing_defs(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(CODE)
    sources = Sources(tmp_path, 1 << 20)
    assert sources.enclosing("app.py", 3) == "Jobs.send"
    assert sources.enclosing("app.py", 14) == "handler.<locals>.inner"
    assert sources.enclosing("app.py", 16) == "handler"
    assert sources.enclosing("app.py", 17) is None


def test_a_file_that_does_not_parse_or_is_too_large_gives_nothing(tmp_path: Path) -> None:
    (tmp_path / "bad.py").write_text("def broken(:\n")
    (tmp_path / "big.py").write_text(CODE)
    sources = Sources(tmp_path, 100)
    assert sources.enclosing("bad.py", 1) is None
    assert sources.data_reads("big.py", "handler") == []
    deep = "x = event.data" + '["k"]' * 20000 + "\n"
    (tmp_path / "deep.py").write_text("def f(event):\n    " + deep)
    assert Sources(tmp_path, 1 << 20).data_reads("deep.py", "f") == []  # too deep to parse
