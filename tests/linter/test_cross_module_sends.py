"""Sends an Inngest function reaches through helpers of other modules (EL501, EL502,
EL503): followed through imports, a bounded number of modules deep, and only from
call chains that start in an Inngest function."""

from __future__ import annotations

from pathlib import Path

from event_lint.config import DEFAULT_MAX_CALL_DEPTH, Config
from event_lint.diagnostics import Diagnostic
from event_lint.linter.extract import extract_file
from event_lint.linter.project import module_names, project_from_sources
from event_lint.linter.resolve import resolve, resolve_in_chunks
from event_lint.linter.rules.base import RuleContext
from event_lint.linter.rules.send_in_function import SendInFunction
from event_lint.linter.rules.send_in_step_run import SendInStepRun
from event_lint.linter.rules.unawaited_send import UnawaitedSend

CLIENT = 'import inngest\n\nclient = inngest.Inngest(app_id="clinic")\n'
SEND = """\
import inngest

from clinic.client import client


async def queue_sms(phone: str) -> None:
    await client.send(inngest.Event(name="sms/message.queued", data={"phone": phone}))
"""


def flow(body: str, imports: str = "from clinic import notify\n") -> str:
    return (
        "import inngest\n\nfrom clinic.client import client\n"
        + imports
        + '\n\n@client.create_function(fn_id="booking", '
        'trigger=inngest.TriggerEvent(event="booking/slot.booked"))\n'
        "async def booking_flow(ctx: inngest.Context) -> None:\n" + body
    )


def lint(sources: dict[str, str]) -> list[str]:
    files = {"clinic/__init__.py": "", "clinic/client.py": CLIENT, **sources}
    context = RuleContext(project_from_sources(files), Config(root=Path(".")), None)
    return _shown(context)


def _shown(context: RuleContext) -> list[str]:
    found: list[Diagnostic] = []
    for rule in (SendInFunction, SendInStepRun, UnawaitedSend):
        found += rule().check(context)
    return [
        f"{d.path}:{d.span.line}:{d.span.col}: {d.code} {d.message}"
        for d in sorted(found, key=Diagnostic.sort_key)
    ]


def test_a_helper_imported_by_name_is_followed() -> None:
    """Also when the helper's file comes first: a chunk's functions are found first."""
    found = lint(
        {
            "clinic/notify.py": SEND,
            "flows.py": flow(
                '    await queue_sms(ctx.event.data["phone"])\n',
                "from clinic.notify import queue_sms\n",
            ),
        }
    )
    assert found == [
        "clinic/notify.py:7:11: EL501 `client.send()` in `clinic.notify.queue_sms()`, called by "
        "Inngest function `booking_flow`, runs again on every replay; "
        "use `ctx.step.send_event()` in the function"
    ]


def test_the_chain_names_every_helper_on_the_way() -> None:
    found = lint(
        {
            "clinic/notify.py": SEND,
            "clinic/booking.py": (
                "from clinic import notify\n\n\n"
                "async def confirm(phone: str) -> None:\n"
                "    await notify.queue_sms(phone)\n"
            ),
            "flows.py": flow(
                '    await booking.confirm(ctx.event.data["phone"])\n',
                "from clinic import booking\n",
            ),
        }
    )
    assert found == [
        "clinic/notify.py:7:11: EL501 `client.send()` in `clinic.notify.queue_sms()`, called by "
        "`clinic.booking.confirm()` <- Inngest function `booking_flow`, runs again on every "
        "replay; use `ctx.step.send_event()` in the function"
    ]


def test_a_same_module_helper_of_an_imported_helper_is_named_with_the_chain() -> None:
    notify = (
        "import inngest\n\nfrom clinic.client import client\n\n\n"
        "def queue_sms(phone: str) -> None:\n"
        "    _push(phone)\n\n\n"
        "def _push(phone: str) -> None:\n"
        '    client.send_sync(inngest.Event(name="sms/message.queued"))\n'
    )
    found = lint({"clinic/notify.py": notify, "flows.py": flow("    notify.queue_sms('1')\n")})
    assert found == [
        "clinic/notify.py:11:5: EL501 `client.send_sync()` in `_push()`, called by "
        "`clinic.notify.queue_sms()` <- Inngest function `booking_flow`, runs again on every "
        "replay; use `ctx.step.send_event()` in the function"
    ]


def test_depth_is_bounded() -> None:
    """``DEFAULT_MAX_CALL_DEPTH`` modules are followed; a send one module further is not
    attributed to the function (nothing is reported for it)."""
    sources = {"clinic/m0.py": SEND.replace("queue_sms", "hop")}
    for level in range(1, DEFAULT_MAX_CALL_DEPTH + 1):
        sources[f"clinic/m{level}.py"] = (
            f"from clinic import m{level - 1}\n\n\n"
            f"async def hop(phone: str) -> None:\n    await m{level - 1}.hop(phone)\n"
        )
    deepest = f"m{DEFAULT_MAX_CALL_DEPTH}"
    too_deep = lint(
        {
            **sources,
            "flows.py": flow(f"    await {deepest}.hop('1')\n", f"from clinic import {deepest}\n"),
        }
    )
    assert too_deep == []
    within = f"m{DEFAULT_MAX_CALL_DEPTH - 1}"
    found = lint(
        {
            **sources,
            "flows.py": flow(f"    await {within}.hop('1')\n", f"from clinic import {within}\n"),
        }
    )
    assert [line.split(" EL501 ")[0] for line in found] == ["clinic/m0.py:7:11:"]
    assert f"`clinic.{within}.hop()` <- Inngest function `booking_flow`" in found[0]


def test_a_helper_also_called_from_a_route_is_reported_once_for_the_function() -> None:
    route = (
        "from clinic import notify\n\n\n"
        "async def book(phone: str) -> None:\n    await notify.queue_sms(phone)\n"
    )
    found = lint(
        {
            "clinic/notify.py": SEND,
            "routes.py": route,
            "flows.py": flow("    await notify.queue_sms('1')\n"),
        }
    )
    assert [line.split(" in ")[0] for line in found] == [
        "clinic/notify.py:7:11: EL501 `client.send()`"
    ]


def test_helpers_that_no_function_calls_are_not_reported() -> None:
    found = lint(
        {
            "clinic/notify.py": SEND,
            "flows.py": flow("    await ctx.step.run('sms', lambda: None)\n"),
            "routes.py": (
                "from clinic.notify import queue_sms\n\n\n"
                "async def book() -> None:\n    await queue_sms('1')\n"
            ),
        }
    )
    assert found == []


def test_a_step_run_callable_of_another_module_and_an_unawaited_send_in_it() -> None:
    sms = (
        "import inngest\n\nfrom clinic.client import client\n\n\n"
        "async def remind() -> None:\n"
        '    client.send(inngest.Event(name="sms/reminder.queued"))\n'
    )
    found = lint(
        {
            "clinic/sms.py": sms,
            "flows.py": flow(
                "    await ctx.step.run('remind', sms.remind)\n", "from clinic import sms\n"
            ),
        }
    )
    assert found == [
        "clinic/sms.py:7:5: EL502 `client.send()` inside a step.run callable "
        "(in `clinic.sms.remind()`, called by Inngest function `booking_flow`); "
        "use `ctx.step.send_event()` as its own step",
        "clinic/sms.py:7:5: EL503 `client.send()` is never awaited, so nothing is sent",
    ]


def test_modules_that_call_each_other_end() -> None:
    ping = "from clinic import pong\n\n\nasync def ping() -> None:\n    await pong.pong()\n"
    pong = (
        "import inngest\n\nfrom clinic import ping\nfrom clinic.client import client\n\n\n"
        "async def pong() -> None:\n    await ping.ping()\n"
        '    await client.send(inngest.Event(name="game/ball.hit"))\n'
    )
    found = lint(
        {
            "clinic/ping.py": ping,
            "clinic/pong.py": pong,
            "flows.py": flow("    await ping.ping()\n", "from clinic import ping\n"),
        }
    )
    assert [line.split(" runs again")[0] for line in found] == [
        "clinic/pong.py:9:11: EL501 `client.send()` in `clinic.pong.pong()`, called by "
        "`clinic.ping.ping()` <- Inngest function `booking_flow`,"
    ]


def test_an_alias_of_send_in_a_helper_of_another_module() -> None:
    notify = SEND.replace("    await client.send(", "    send = client.send\n    await send(")
    found = lint(
        {"clinic/notify.py": notify, "flows.py": flow("    await notify.queue_sms('1')\n")}
    )
    assert [line.split(" in ")[0] for line in found] == [
        "clinic/notify.py:8:11: EL501 `client.send()`"
    ]


def test_a_name_bound_to_send_and_to_something_else_is_not_a_send() -> None:
    body = "    push = client.send_sync\n    push(inngest.Event(name='a/b.c'))\n    push = print\n"
    assert lint({"flows.py": flow(body, "")}) == []


SERVICE = """\
import inngest

from clinic.client import client


class Notifier:
    def __init__(self) -> None:
        self.client = client

    async def notify(self) -> None:
        await self.client.send(inngest.Event(name="sms/message.queued"))


notifier = Notifier()
"""


def test_a_method_of_a_service_object_made_at_module_level() -> None:
    found = lint(
        {
            "clinic/svc.py": SERVICE,
            "flows.py": flow("    await notifier.notify()\n", "from clinic.svc import notifier\n"),
        }
    )
    assert found == [
        "clinic/svc.py:11:15: EL501 `self.client.send()` in `clinic.svc.Notifier.notify()`, "
        "called by Inngest function `booking_flow`, runs again on every replay; "
        "use `ctx.step.send_event()` in the function"
    ]


def test_an_object_whose_class_is_unknown_is_not_followed() -> None:
    body = "    service = make()\n    await service.notify()\n"
    found = lint(
        {"clinic/svc.py": SERVICE, "flows.py": flow(body, "from clinic.svc import make\n")}
    )
    assert found == []


def test_a_function_in_a_later_chunk_than_the_helper() -> None:
    """A big run is resolved a chunk at a time: the files with Inngest functions are
    scanned first, so the helper's chunk already knows who calls it."""
    sources = {
        "clinic/__init__.py": "",
        "clinic/client.py": CLIENT,
        "clinic/notify.py": SEND,
        "flows.py": flow("    await notify.queue_sms('1')\n"),
    }
    modules = module_names(sources)
    files = [extract_file(p, s.encode(), modules[p]) for p, s in sources.items()]
    by_module = {facts.module: facts for facts in files}
    outlines = [facts.outline() for facts in files]
    found: list[str] = []
    for part in resolve_in_chunks(files, outlines, lambda m, _: by_module.get(m), 1):
        found += _shown(RuleContext(part, Config(root=Path(".")), None))
    assert [line.split(" in ")[0] for line in found] == [
        "clinic/notify.py:7:11: EL501 `client.send()`"
    ]


def test_helpers_called_in_a_step_run_lambda_run_memoized() -> None:
    sms = SEND.replace("async def queue_sms", "def queue_sms").replace(
        "await client.send(", "client.send_sync("
    )
    local = (
        "\n\ndef log_sent() -> None:\n"
        "    client.send_sync(inngest.Event(name='sms/message.logged'))\n"
    )
    body = (
        "    await ctx.step.run('sms', lambda: notify.queue_sms('1'))\n"
        "    await ctx.step.run('log', lambda: log_sent())\n"
        "    sorted([1], key=lambda n: notify.queue_sms(str(n)))\n"
    )
    found = lint({"clinic/notify.py": sms, "flows.py": flow(body) + local})
    assert [line.split(" inside ")[0] for line in found] == [
        "clinic/notify.py:7:5: EL502 `client.send_sync()`",
        "flows.py:15:5: EL502 `client.send_sync()`",
    ]


def test_a_chain_longer_than_the_recursion_limit_is_followed_when_the_setting_allows() -> None:
    """``max-call-depth`` may be large: the chain is followed with a stack, not recursion."""
    modules = 1200
    sources = {
        "clinic/__init__.py": "",
        "clinic/client.py": CLIENT,
        "clinic/m0.py": SEND.replace("queue_sms", "hop"),
        "flows.py": flow(
            f"    await m{modules - 1}.hop('1')\n", f"from clinic import m{modules - 1}\n"
        ),
    }
    for level in range(1, modules):
        sources[f"clinic/m{level}.py"] = (
            f"from clinic import m{level - 1}\n\n\n"
            f"async def hop(phone: str) -> None:\n    await m{level - 1}.hop(phone)\n"
        )
    files = [
        extract_file(path, text.encode(), path.removesuffix(".py").replace("/", "."))
        for path, text in sources.items()
        if path != "clinic/__init__.py"
    ]
    files.append(extract_file("clinic/__init__.py", b"", "clinic"))
    for depth, reported in ((modules, 1), (modules - 1, 0)):
        project = resolve(files, max_call_depth=depth)
        context = RuleContext(project, Config(root=Path(".")), None)
        assert [line.split(" in ")[0] for line in _shown(context)] == [
            "clinic/m0.py:7:11: EL501 `client.send()`"
        ][:reported]
