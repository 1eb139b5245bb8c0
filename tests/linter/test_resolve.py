"""Resolution: what the rules see of a project, from in-memory sources."""

from __future__ import annotations

import textwrap

import pytest

from event_lint.diagnostics import Span
from event_lint.linter.extract import extract_file
from event_lint.linter.facts import FileFacts
from event_lint.linter.model import UNKNOWN, Located, Project, SendSite
from event_lint.linter.project import module_names, project_from_sources
from event_lint.linter.resolve import inngest_bindings, resolve


def project(source: str, **others: str) -> Project:
    files = {"app/main.py": textwrap.dedent(source)}
    files.update({path: textwrap.dedent(text) for path, text in others.items()})
    return project_from_sources(files)


def only_send(source: str, **others: str) -> SendSite:
    sends = project(source, **others).sends
    assert len(sends) == 1, sends
    return sends[0]


def sent_names(source: str, **others: str) -> list[str | None]:
    return [
        event.name.value if event.name else None
        for send in project(source, **others).sends
        for event in send.events
    ]


# -- clients ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        """
        import inngest as sdk
        client = sdk.Inngest(app_id="shop")
        client.send_sync(sdk.Event(name="shop/order.placed"))
        """,
        """
        from inngest import Event, Inngest
        client = Inngest(app_id="shop")
        client.send_sync(Event(name="shop/order.placed"))
        """,
        """
        import inngest
        from inngest import Event
        inngest = inngest.Inngest(app_id="shop")  # shadows the module
        inngest.send_sync(Event(name="shop/order.placed"))
        """,
        """
        import inngest
        class Service:
            def __init__(self) -> None:
                self.client = inngest.Inngest(app_id="shop")
            def place(self) -> None:
                self.client.send_sync(inngest.Event(name="shop/order.placed"))
        """,
        """
        import inngest
        from flask import Flask
        app = Flask(__name__)
        app.inngest = inngest.Inngest(app_id="shop")
        def place() -> None:
            app.inngest.send_sync(inngest.Event(name="shop/order.placed"))
        """,
        """
        import inngest
        def place(client: inngest.Inngest) -> None:
            client.send_sync(inngest.Event(name="shop/order.placed"))
        """,
    ],
    ids=[
        "module-alias",
        "from-import",
        "shadowing-variable",
        "self-attribute",
        "app-attribute",
        "annotated-parameter",
    ],
)
def test_clients_in_every_form_are_found(source: str) -> None:
    send = only_send(source)
    assert send.api == "send_sync"
    assert [e.name.value for e in send.events if e.name] == ["shop/order.placed"]


CLIENT_MODULE = """
import inngest
inngest_client = inngest.Inngest(app_id="shop")
"""
REEXPORT = "from app.inngest_client import inngest_client as events_client\n"


@pytest.mark.parametrize(
    ("source", "others"),
    [
        (
            """
            import inngest
            from app.inngest_client import inngest_client
            inngest_client.send_sync(inngest.Event(name="shop/order.placed"))
            """,
            {"app/inngest_client.py": CLIENT_MODULE},
        ),
        (
            """
            import inngest
            from app import events_client
            events_client.send_sync(inngest.Event(name="shop/order.placed"))
            """,
            {
                "app/inngest_client.py": CLIENT_MODULE,
                "app/__init__.py": REEXPORT,
            },
        ),
        (
            """
            import inngest
            import app.inngest_client as c
            c.inngest_client.send_sync(inngest.Event(name="shop/order.placed"))
            """,
            {"app/inngest_client.py": CLIENT_MODULE},
        ),
        (
            """
            import inngest
            from .inngest_client import inngest_client
            inngest_client.send_sync(inngest.Event(name="shop/order.placed"))
            """,
            {"app/inngest_client.py": CLIENT_MODULE},
        ),
    ],
    ids=["from-module", "re-export-init", "import-module-as", "relative-import"],
)
def test_clients_imported_from_other_modules(source: str, others: dict[str, str]) -> None:
    send = only_send(source, **others)
    assert send.receiver.endswith("inngest_client") or send.receiver == "events_client"


def test_load_pulls_in_a_module_the_prefilter_skipped() -> None:
    client = extract_file("app/client.py", CLIENT_MODULE.encode(), "app.client")
    sender = extract_file(
        "app/send.py",
        b"import inngest\nfrom app.client import inngest_client\n"
        b"inngest_client.send_sync(inngest.Event(name='a/b.c'))\n",
        "app.send",
    )
    assert resolve([sender]).sends == ()
    seen: list[tuple[str, str]] = []

    def load(module: str, importer: str) -> FileFacts | None:
        seen.append((module, importer))
        return client if module == "app.client" else None

    loaded = resolve([sender], load=load)
    assert [s.where.span.line for s in loaded.sends] == [3]
    assert loaded.files == ("app/send.py",)
    assert ("app.client", "app/send.py") in seen  # asked as the importing file sees it


# -- false positives ---------------------------------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        """
        import resend
        resend.Emails.send({"from": "a@b.c", "to": "d@e.f"})
        """,
        """
        import socket
        sock = socket.socket()
        sock.send(b"hello")
        """,
        """
        from channels.generic.websocket import AsyncWebsocketConsumer
        class Chat(AsyncWebsocketConsumer):
            async def receive(self, text_data: str) -> None:
                await self.send(text_data=text_data)
                await self.channel_layer.group_send("room", {"type": "chat.message"})
        """,
        """
        import inngest
        client = inngest.Inngest(app_id="shop")
        class Mailer:
            def send(self, event: object) -> None: ...
            def notify(self) -> None:
                self.send({"name": "user/signup.completed"})
        """,
        """
        from unittest import mock
        client = mock.Mock()
        client.send({"name": "user/signup.completed"})
        mock.send_event("id", {"name": "x"})
        """,
    ],
    ids=["resend", "socket", "django-channels", "own-send-method", "mock"],
)
def test_unrelated_send_calls_are_not_sends(source: str) -> None:
    assert project(source).sends == ()


# -- sends and their events ------------------------------------------------------------


def test_step_send_event_forms() -> None:
    result = project(
        """
        import inngest
        client = inngest.Inngest(app_id="shop")

        @client.create_function(fn_id="a", trigger=inngest.TriggerEvent(event="shop/a.done"))
        async def via_ctx(ctx: inngest.Context) -> None:
            await ctx.step.send_event("one", inngest.Event(name="shop/one.sent"))

        @client.create_function(fn_id="b", trigger=inngest.TriggerEvent(event="shop/b.done"))
        async def via_alias(ctx: inngest.Context) -> None:
            step = ctx.step
            await step.send_event("two", inngest.Event(name="shop/two.sent"))

        @client.create_function(fn_id="c", trigger=inngest.TriggerEvent(event="shop/c.done"))
        async def old_sdk(ctx, step) -> None:
            await step.send_event("three", inngest.Event(name="shop/three.sent"))

        async def typed(s: inngest.Step) -> None:
            await s.send_event("four", inngest.Event(name="shop/four.sent"))

        class Notifier:
            def send_event(self, name: str) -> None: ...
            def go(self) -> None:
                self.send_event("not-inngest")
        """
    )
    summary = [
        (s.function, s.step_object, s.step_id.value if s.step_id else None) for s in result.sends
    ]
    assert summary == [
        ("via_ctx", "ctx.step", "one"),
        ("via_alias", "step", "two"),
        ("old_sdk", "step", "three"),
        (None, None, "four"),
    ]
    assert {s.api for s in result.sends} == {"send_event"}


def test_event_shapes_and_counts() -> None:
    result = project(
        """
        import inngest
        client = inngest.Inngest(app_id="shop")
        E = inngest.Event

        def shapes(ids: list[str]) -> None:
            client.send_sync([E(name="a/b.c"), E(name="a/b.d")])
            client.send_sync({"name": "a/b.c", "data": {}})
            client.send_sync([{"name": "a/b.c"}, {"name": "a/b.d"}])
            client.send_sync((E(name="a/b.c"),))
            client.send_sync(E(name="a/b.c") for _ in ids)
            client.send_sync([E(name="a/b.c", id=f"b-{i}") for i in ids])
            client.send_sync(events=[E(name="a/b.e")])
            client.send_sync(ids)
        """
    )
    shapes = [(s.shape, s.count, len(s.events)) for s in result.sends]
    assert shapes == [
        ("list", 2, 2),
        ("dict", None, 1),
        ("list_of_dicts", 2, 2),
        ("tuple", None, 1),
        ("generator", None, 1),
        ("comprehension", None, 1),
        ("list", 1, 1),
        ("unknown", None, 0),
    ]
    dict_event = result.sends[1].events[0]
    assert (dict_event.api, dict_event.event_class) == ("dict", "inngest.Event")
    assert dict_event.dict_literal is not None
    assert [e.key for e in dict_event.dict_literal.entries] == ["name", "data"]
    assert result.sends[0].args_source == '[E(name="a/b.c"), E(name="a/b.d")]'
    assert result.sends[6].argument == Located("app/main.py", Span(13, 29, 13, 46))


def test_events_built_in_variables_lists_and_helpers() -> None:
    result = project(
        """
        import inngest
        client = inngest.Inngest(app_id="shop")

        def build(order_id: str) -> inngest.Event:
            return inngest.Event(name="shop/order.built", id=f"order-built-{order_id}")

        async def later(order_id: str) -> None:
            event = inngest.Event(name="shop/order.later", data={"orderId": order_id})
            await client.send(event)

        async def batch(order_ids: list[str]) -> None:
            events = []
            for order_id in order_ids:
                events.append(inngest.Event(name="shop/order.batched"))
            await client.send(events)

        async def helper(order_id: str) -> None:
            await client.send(build(order_id))

        def unsent() -> inngest.Event:
            return inngest.Event(name="shop/order.unsent")
        """
    )
    assert [[e.name.value for e in s.events if e.name] for s in result.sends] == [
        ["shop/order.later"],
        ["shop/order.batched"],
        ["shop/order.built"],
    ]
    assert [s.count for s in result.sends] == [None, None, None]
    assert [e.name.value for e in result.events if e.name] == [
        "shop/order.built",
        "shop/order.later",
        "shop/order.batched",
        "shop/order.unsent",
    ]


def test_unawaited_and_statement_flags() -> None:
    result = project(
        """
        import inngest
        client = inngest.Inngest(app_id="shop")
        async def go() -> None:
            client.send(inngest.Event(name="a/b.c"))
            await client.send(inngest.Event(name="a/b.c"))
            ids = await client.send(inngest.Event(name="a/b.c"))
        """
    )
    assert [(s.awaited, s.statement) for s in result.sends] == [
        (False, True),
        (True, True),
        (True, False),
    ]


def test_a_list_built_with_append_keeps_source_order() -> None:
    assert sent_names("""
        import inngest
        client = inngest.Inngest(app_id="shop")

        def publish() -> None:
            items = []
            items.append(inngest.Event(name="shop/a.happened"))
            items.extend([inngest.Event(name="shop/b.happened")])
            items.append(inngest.Event(name="shop/c.happened"))
            client.send_sync(items)
    """) == ["shop/a.happened", "shop/b.happened", "shop/c.happened"]


def test_a_later_import_in_a_function_rebinds_the_name() -> None:
    source = """
        import inngest
        client = inngest.Inngest(app_id="shop")

        def publish() -> None:
            from app.names import FIRST as NAME
            from app.names import SECOND as NAME
            client.send_sync(inngest.Event(name=NAME))
    """
    names = 'FIRST = "shop/first.used"\nSECOND = "shop/second.used"\n'
    others = {"app/__init__.py": "", "app/names.py": names}
    assert sent_names(source, **others) == ["shop/second.used"]


# -- event fields -------------------------------------------------------------------


def test_inngest_event_fields_and_dropped_keywords() -> None:
    send = only_send(
        """
        import inngest
        client = inngest.Inngest(app_id="shop")
        client.send_sync(
            inngest.Event(name="a/b.c", data={"x": 1}, id="a-1", ts=1700000000000,
                          v="2", user={"id": 1}, extra=True)
        )
        """
    )
    event = send.events[0]
    assert event.api == "inngest.Event"
    assert event.id is not None and (event.id.kind, event.id.value) == ("literal", "a-1")
    assert event.ts is not None and (event.ts.value, event.ts.python_type) == (1700000000000, "int")
    assert [(name, where.span) for name, where in event.dropped_fields] == [
        ("v", Span(6, 19, 6, 20)),
        ("user", Span(6, 26, 6, 30)),
        ("extra", Span(6, 42, 6, 47)),
    ]


def test_event_from_visible_kwargs_dict() -> None:
    send = only_send(
        """
        import inngest
        client = inngest.Inngest(app_id="shop")
        def go() -> None:
            fields = {"name": "a/b.c", "data": {"k": 1}, "v": "1"}
            client.send_sync(inngest.Event(**fields))
        """
    )
    event = send.events[0]
    assert event.name is not None and event.name.value == "a/b.c"
    assert event.data is not None and [e.key for e in event.data.entries] == ["k"]
    assert [name for name, _ in event.dropped_fields] == ["v"]


def test_id_and_ts_expressions() -> None:
    result = project(
        """
        import datetime
        import time
        import uuid
        from uuid import uuid4
        import inngest
        client = inngest.Inngest(app_id="shop")

        def go(order, order_id: str) -> None:
            event_id = str(uuid.uuid4())
            stamp = int(time.time())
            client.send_sync([
                inngest.Event(name="a/b.c", id=event_id, ts=stamp),
                inngest.Event(name="a/b.c", id=f"order-{order_id}", ts=time.time() * 1000),
                inngest.Event(name="a/b.c", id=order.id, ts=datetime.datetime.now()),
                inngest.Event(name="a/b.c", id=order_id, ts=1.5),
                inngest.Event(name="a/b.c", id=uuid4().hex, ts="2024"),
            ])
        """
    )
    ids = [(e.id.kind, e.id.calls, e.id.source) for e in result.events if e.id]
    assert ids == [
        ("name", ("str", "uuid.uuid4"), "event_id"),
        ("fstring", (), 'f"order-{order_id}"'),
        ("attribute", (), "order.id"),
        ("name", (), "order_id"),
        ("attribute", ("uuid.uuid4",), "uuid4().hex"),
    ]
    assert [e.id.text.parts for e in result.events if e.id and e.id.text] == [("order-", None)]
    ts = [(e.ts.kind, e.ts.calls, e.ts.multiplied, e.ts.python_type) for e in result.events if e.ts]
    assert ts == [
        ("name", ("int", "time.time"), False, "int"),
        ("other", ("time.time",), True, "float"),
        ("call", ("datetime.datetime.now",), False, "datetime"),
        ("literal", (), False, "float"),
        ("literal", (), False, "str"),
    ]


def test_payload_entries_and_locations() -> None:
    send = only_send(
        """
        import inngest
        client = inngest.Inngest(app_id="shop")
        BASE = {"source": "api"}
        def go(user_id: str) -> None:
            client.send_sync(inngest.Event(
                name="a/b.c",
                data={"userId": user_id, "n": 2, "items": [{"sku": "x"}, 3],
                      "meta": {"_inngest": 1}, **BASE},
            ))
        """
    )
    data = send.events[0].data
    assert data is not None and data.known and data.spread
    assert [(e.key, e.key_where.span) for e in data.entries] == [
        ("userId", Span(8, 15, 8, 23)),
        ("n", Span(8, 34, 8, 37)),
        ("items", Span(8, 42, 8, 49)),
        ("meta", Span(9, 15, 9, 21)),
    ]
    user_id, n, items, meta = data.entries
    assert user_id.value.value is UNKNOWN and user_id.value.kind == "name"
    assert (n.value.value, n.value.where.span) == (2, Span(8, 39, 8, 40))
    first, second = items.items
    assert isinstance(first, tuple) and [e.key for e in first] == ["sku"]
    assert not isinstance(second, tuple) and second.value == 3
    assert [c.key for c in meta.children] == ["_inngest"]


# -- names ------------------------------------------------------------------------


def test_names_through_constants_enums_class_attributes_and_fstrings() -> None:
    result = project(
        """
        import inngest
        from app.names import SIGNUP, Events, Kinds, ROUTES
        from app import names
        client = inngest.Inngest(app_id="shop")
        LOCAL = "shop/" + "order.placed"
        def go(kind: str) -> None:
            client.send_sync([
                inngest.Event(name=SIGNUP),
                inngest.Event(name=Events.PAID),
                inngest.Event(name=Kinds.SHIPPED),
                inngest.Event(name=Kinds.SHIPPED.value),
                inngest.Event(name=names.SIGNUP),
                inngest.Event(name=f"shop/{kind}.created"),
                inngest.Event(name=LOCAL),
                inngest.Event(name=ROUTES["refund"]),
                inngest.Event(name=kind),
            ])
        """,
        **{
            "app/names.py": """
            import enum
            SIGNUP = "user/signup.completed"
            class Events:
                PAID = "billing/invoice.paid"
            class Kinds(enum.StrEnum):
                SHIPPED = "order/item.shipped"
            ROUTES = {"refund": "billing/refund.issued"}
            """
        },
    )
    names = [
        (e.name.parts, e.name.via, e.name.where.path, e.name.where.span.line) if e.name else None
        for e in result.events
    ]
    assert names == [
        (("user/signup.completed",), "SIGNUP", "app/names.py", 3),
        (("billing/invoice.paid",), "Events.PAID", "app/names.py", 5),
        (("order/item.shipped",), "Kinds.SHIPPED", "app/names.py", 7),
        (("order/item.shipped",), "Kinds.SHIPPED.value", "app/names.py", 7),
        (("user/signup.completed",), "names.SIGNUP", "app/names.py", 3),
        (("shop/", None, ".created"), None, "app/main.py", 14),
        (("shop/order.placed",), "LOCAL", "app/main.py", 6),
        (("billing/refund.issued",), 'ROUTES["refund"]', "app/names.py", 8),
        None,
    ]


def test_three_module_project() -> None:
    result = project_from_sources(
        {
            "app/inngest_client.py": CLIENT_MODULE,
            "app/event_names.py": 'ORDER_PLACED = "shop/order.placed"\n',
            "app/api/orders.py": textwrap.dedent(
                """
                from inngest import Event
                from app.event_names import ORDER_PLACED
                from app.inngest_client import inngest_client

                async def place(order_id: str) -> None:
                    await inngest_client.send(Event(name=ORDER_PLACED, id=f"placed-{order_id}"))
                """
            ),
        }
    )
    (send,) = result.sends
    assert send.where == Located("app/api/orders.py", Span(7, 11, 7, 81))
    (event,) = send.events
    assert event.name is not None
    assert (event.name.value, event.name.where) == (
        "shop/order.placed",
        Located("app/event_names.py", Span(1, 16, 1, 35)),
    )
    assert [n.value for n in result.names] == ["shop/order.placed"]


# -- functions, waits, invokes --------------------------------------------------------


FUNCTIONS = """
import datetime
import inngest
client = inngest.Inngest(app_id="shop")
SIGNUP = "user/signup.completed"

@client.create_function(
    fn_id="welcome",
    trigger=[inngest.TriggerEvent(event=SIGNUP, expression="event.data.plan == 'pro'"),
             inngest.TriggerCron(cron="0 * * * *")],
    cancel=[inngest.Cancel(event="user/account.deleted", if_exp="event.data.id == async.data.id")],
    debounce=inngest.Debounce(key="event.data.id", period=datetime.timedelta(seconds=5)),
    concurrency=[inngest.Concurrency(limit=1, key="event.data.team")],
    idempotency="event.data.id",
    priority=inngest.Priority(run="event.data.score"),
    on_failure=on_welcome_failed,
)
async def welcome(ctx: inngest.Context) -> None:
    await ctx.step.wait_for_event("wait", event="user/email.verified",
                                  if_exp="event.data.id == async.data.id",
                                  timeout=datetime.timedelta(hours=1))
    await ctx.step.invoke("call", function=other, data={"id": 1}, v="2")

def other_handler(ctx: inngest.ContextSync) -> None:
    pass

other = client.create_function(
    fn_id="other", trigger=inngest.TriggerEvent(event="user/other.done")
)(other_handler)
"""


def test_functions_triggers_cancels_and_expressions() -> None:
    result = project(FUNCTIONS)
    welcome, other = result.functions
    assert (welcome.qualname, welcome.fn_id.value if welcome.fn_id else None) == (
        "welcome",
        "welcome",
    )
    assert welcome.is_async and welcome.step_object == "ctx.step"
    assert [
        (t.event.value if t.event else None, t.cron.value if t.cron else None)
        for t in welcome.triggers
    ] == [("user/signup.completed", None), (None, "0 * * * *")]
    assert [c.event.value for c in welcome.cancels if c.event] == ["user/account.deleted"]
    assert [
        (
            e.argument,
            e.text.value,
            [n.value for n in e.event_names],
            e.async_name.value if e.async_name else None,
        )
        for e in welcome.expressions
    ] == [
        ("TriggerEvent.expression", "event.data.plan == 'pro'", ["user/signup.completed"], None),
        (
            "Cancel.if_exp",
            "event.data.id == async.data.id",
            ["user/signup.completed"],
            "user/account.deleted",
        ),
        ("Debounce.key", "event.data.id", ["user/signup.completed"], None),
        ("Concurrency.key", "event.data.team", ["user/signup.completed"], None),
        ("Priority.run", "event.data.score", ["user/signup.completed"], None),
        ("idempotency", "event.data.id", ["user/signup.completed"], None),
    ]
    assert welcome.on_failure == "on_welcome_failed"
    assert (other.qualname, other.is_async, [t.event.value for t in other.triggers if t.event]) == (
        "other_handler",
        False,
        ["user/other.done"],
    )


def test_waits_and_invokes() -> None:
    result = project(FUNCTIONS)
    (wait,) = result.waits
    assert wait.function == "welcome"
    assert wait.event is not None and wait.event.value == "user/email.verified"
    assert wait.if_exp is not None and wait.if_exp.async_name == wait.event
    assert [n.value for n in wait.if_exp.event_names] == ["user/signup.completed"]
    (invoke,) = result.invokes
    assert (invoke.function_ref, invoke.v.value if invoke.v else None) == ("other", "2")
    assert [t.value for t in invoke.target_events] == ["user/other.done"]
    assert invoke.data is not None and [e.key for e in invoke.data.entries] == ["id"]
    assert [n.value for n in result.names] == [
        "user/signup.completed",
        "user/account.deleted",
        "user/email.verified",
        "user/other.done",
    ]


def test_send_context_helpers_and_step_run() -> None:
    result = project(
        """
        import inngest
        client = inngest.Inngest(app_id="shop")

        async def notify() -> None:
            await audit()

        async def audit() -> None:
            await client.send(inngest.Event(name="a/audit.done"))

        async def memo() -> None:
            await client.send(inngest.Event(name="a/memo.done"))

        @client.create_function(fn_id="f", trigger=inngest.TriggerEvent(event="a/b.c"))
        async def handler(ctx: inngest.Context) -> None:
            await client.send(inngest.Event(name="a/direct.done"))
            await notify()

            async def nested() -> None:
                await client.send(inngest.Event(name="a/nested.done"))

            await ctx.step.run("nested", nested)
            await ctx.step.run("memo", memo)
            await ctx.step.run("lam", lambda: client.send_sync(inngest.Event(name="a/lam.done")))

        async def outside() -> None:
            await client.send(inngest.Event(name="a/outside.done"))
        """
    )
    context = [
        (
            s.events[0].name.value if s.events[0].name else None,
            s.function,
            s.via_helper,
            s.in_step_run,
            s.step_object,
            s.function_is_async,
        )
        for s in result.sends
    ]
    assert context == [
        ("a/audit.done", "handler", "audit", False, "ctx.step", True),
        ("a/memo.done", None, None, True, None, False),
        ("a/direct.done", "handler", None, False, "ctx.step", True),
        ("a/nested.done", "handler", None, True, "ctx.step", True),
        ("a/lam.done", "handler", None, True, "ctx.step", True),
        ("a/outside.done", None, None, False, None, False),
    ]


def test_in_step_values() -> None:
    send = only_send(
        """
        import uuid
        import inngest
        client = inngest.Inngest(app_id="shop")

        @client.create_function(fn_id="f", trigger=inngest.TriggerEvent(event="a/b.c"))
        async def handler(ctx: inngest.Context) -> None:
            token = await ctx.step.run("token", lambda: str(uuid.uuid4()))
            await ctx.step.send_event("s", inngest.Event(name="a/b.d", id=f"b-{token}"))
        """
    )
    event_id = send.events[0].id
    assert event_id is not None and event_id.in_step and event_id.kind == "fstring"


def test_generated_event_classes() -> None:
    result = project(
        """
        from app.inngest_client import inngest_client
        from app.events import BillingInvoicePaidV1

        def pay(invoice_id: str) -> None:
            event = BillingInvoicePaidV1(data={"invoiceId": invoice_id}, id=f"paid-{invoice_id}")
            inngest_client.send_sync(event.to_event())
        """,
        **{
            "app/inngest_client.py": CLIENT_MODULE,
            "app/events.py": """
            from typing import ClassVar
            import pydantic

            class BillingInvoicePaidV1(pydantic.BaseModel):
                name: ClassVar[str] = "billing/invoice.paid"
                v: ClassVar[str] = "1"
            """,
        },
    )
    (event,) = result.sends[0].events
    assert (event.api, event.generated_class) == ("generated", "BillingInvoicePaidV1")
    assert event.name is not None and event.name.value == "billing/invoice.paid"
    assert event.name.where == Located("app/events.py", Span(6, 27, 6, 49))
    assert event.v is not None and event.v.value == "1"
    assert event.data is not None and [e.key for e in event.data.entries] == ["invoiceId"]


# -- helpers -------------------------------------------------------------------------


def test_inngest_bindings_names_clients_sdk_and_reexports() -> None:
    files = [
        extract_file("app/client.py", CLIENT_MODULE.encode(), "app.client"),
        extract_file(
            "app/__init__.py",
            b"from app.client import inngest_client as events_client\nfrom inngest import Event\n"
            b"import os\n",
            "app",
        ),
    ]
    by_module = {f.module: f for f in files}
    assert inngest_bindings(files, lambda module, importer: by_module.get(module)) == frozenset(
        {"inngest", "inngest_client", "events_client", "Event"}
    )


def test_module_names_from_paths_as_the_cli_names_them() -> None:
    paths = ["app/__init__.py", "app/client.py", "main.py", "src/tool/__init__.py"]
    assert module_names([*paths, "src/tool/run.py", "svc/api/app/__init__.py"]) == {
        "app/__init__.py": "app",
        "app/client.py": "app.client",
        "main.py": "main",
        "src/tool/__init__.py": "tool",
        "src/tool/run.py": "tool.run",
        "svc/api/app/__init__.py": "app",  # the folder above the topmost package
    }
