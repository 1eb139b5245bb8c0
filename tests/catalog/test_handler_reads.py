"""What the catalog reads of a handler and of the code around a send, from the linter's
model: the event data a handler reads, and the def a send or an event is written in."""

from __future__ import annotations

from pathlib import Path

from commands import event_registry
from hostile.repo import build

from catalog.helpers import rows, section
from event_lint.linter.project import project_from_sources

HANDLERS = """\
import inngest

client = inngest.Inngest(app_id="shop")


@client.create_function(fn_id="pay", trigger=inngest.TriggerEvent(event="shop/order.paid"))
async def handler(ctx):
    order = ctx.event.data["order"]["id"]
    name = ctx.event.data.get("name")
    key = "dynamic"
    ctx.event.data[key]  # a variable key: not a read with literal keys
    ctx.event.data["order"]  # inside a longer read of the same chain: listed apart

    def inner():
        return ctx.event.data["nested"]

    later = lambda: ctx.event.data.get("lazy", {})["x"]
    return other.data["not-the-event"], order, name, later, inner


def renamed(context, step):
    event = context.event
    return context.event.data["a"], event.data["b"], ctx.event.data["not-this-one"]


def old_style(ctx, step, event):
    return event.data["v3"]


def not_a_handler(ctx):
    return ctx.event.data["ignored"]


client.create_function(fn_id="renamed", trigger=inngest.TriggerEvent(event="shop/x"))(renamed)
client.create_function(fn_id="old", trigger=inngest.TriggerEvent(event="shop/y"))(old_style)
"""


def _reads(qualname: str) -> list[tuple[int, tuple[str, ...]]]:
    project = project_from_sources({"app.py": HANDLERS})
    fn = next(fn for fn in project.functions if fn.qualname == qualname)
    return [(read.where.span.line, read.keys) for read in fn.data_reads]


def test_a_handler_s_data_reads_with_literal_keys_in_it_and_its_nested_code() -> None:
    assert _reads("handler") == [
        (8, ("order", "id")),
        (9, ("name",)),
        (12, ("order",)),
        (15, ("nested",)),
        (17, ("lazy", "x")),
    ]


def test_the_first_parameter_is_the_context_whatever_its_name() -> None:
    assert _reads("renamed") == [(23, ("a",)), (23, ("b",))]
    assert _reads("old_style") == [(27, ("v3",))]  # 0.3/0.4 handlers: an ``event`` parameter


def test_reads_are_kept_out_of_the_outline_and_of_other_defs() -> None:
    from event_lint.linter.extract import extract_file

    facts = extract_file("app.py", HANDLERS.encode(), "app")
    reads = {d.qualname: len(d.data_reads) for d in facts.defs}
    assert reads == {
        "handler": 4,
        "renamed": 2,
        "old_style": 1,
        "not_a_handler": 0,
        "handler.<locals>.inner": 1,
    }
    assert all(d.data_reads == () for d in facts.outline().defs)


SENDS = """\
import inngest

client = inngest.Inngest(app_id="shop")
PAID = inngest.Event(name="shop/order.paid", data={})


class Jobs:
    def pay(self):
        client.send_sync(PAID)

    def built(self):
        return inngest.Event(name="shop/order.paid", data={})


client.send_sync(inngest.Event(name="shop/order.paid", data={}))
later = lambda: client.send_sync(PAID)  # noqa: E731
"""


def test_sends_and_events_know_the_def_they_are_written_in() -> None:
    project = project_from_sources({"app.py": SENDS})
    assert [(s.where.span.line, s.scope) for s in project.sends] == [
        (9, "Jobs.pay"),
        (15, None),
        (16, None),  # in a lambda at module level
    ]
    assert [(e.where.span.line, e.scope) for e in project.events] == [
        (4, None),  # sent from Jobs.pay, written at module level
        (12, "Jobs.built"),
        (15, None),
    ]


def test_a_handler_s_reads_through_its_parameter_and_its_aliases_are_on_the_event_page(
    tmp_path: Path,
) -> None:
    """Whatever the context parameter and the event are named (``c``, ``paid``); an
    ``.event.data`` of something else is not the handler's event."""
    app = (
        "import inngest\n"
        "client = inngest.Inngest(app_id='shop')\n"
        "\n"
        "\n"
        "order_paid = inngest.TriggerEvent(event='shop/order.paid')\n"
        "\n"
        "\n"
        "@client.create_function(fn_id='ship', trigger=order_paid)\n"
        "async def ship(c: inngest.Context) -> None:\n"
        "    print(c.event.data['orderId'])\n"
        "    paid = c.event\n"
        "    print(paid.data.get('note'), other.event.data['not-the-event'])\n"
    )
    repo = build(
        tmp_path / "repo",
        {
            "pyproject.toml": "[tool.event-lint]\n",
            "schemas/shop/order.paid/1.json": '{"type": "object"}',
            "app.py": app,
        },
    )
    result = event_registry(repo, "catalog", "--out", "site", "--no-cache")
    assert result.returncode == 0, result.stderr
    page = (repo / "site" / "events" / "shop_order.paid.html").read_text()
    assert rows(section(page, "impact")) == [
        ["app.py:10", "ship", "handler body", "event.data.note event.data.orderId"]
    ]
