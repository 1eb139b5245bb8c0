"""A client's send method bound to a name in one module (``send = client.send``) and
called in another (``from clinic.clients import send; send(ev)``, or
``clients.send(ev)``) is a send, as the same alias written in the calling module is."""

from __future__ import annotations

from pathlib import Path

from event_lint.config import Config
from event_lint.diagnostics import Diagnostic
from event_lint.linter.project import project_from_sources
from event_lint.linter.rules.base import RuleContext
from event_lint.linter.rules.send_in_function import SendInFunction
from event_lint.linter.rules.unawaited_send import UnawaitedSend

CLIENTS = """\
import inngest

client = inngest.Inngest(app_id="clinic")
send = client.send
send_now = client.send_sync
"""
EVENT = 'inngest.Event(name="sms/message.queued")'
EL501 = (
    "EL501 `client.send()` in Inngest function `booking_flow` runs again on every replay; "
    "use `ctx.step.send_event()`"
)


def flow(imports: str, body: str) -> str:
    return (
        f"import inngest\n\nfrom clinic.clients import client\n{imports}\n\n"
        '@client.create_function(fn_id="booking", '
        'trigger=inngest.TriggerEvent(event="booking/slot.booked"))\n'
        f"async def booking_flow(ctx: inngest.Context) -> None:\n{body}"
    )


def lint(sources: dict[str, str]) -> list[str]:
    files = {"clinic/__init__.py": "", "clinic/clients.py": CLIENTS, **sources}
    project = project_from_sources(files)
    context = RuleContext(project, Config(root=Path(".")), None)
    found = [d for rule in (SendInFunction, UnawaitedSend) for d in rule().check(context)]
    return [
        f"{d.path}:{d.span.line}:{d.span.col}: {d.code} {d.message}"
        for d in sorted(found, key=Diagnostic.sort_key)
    ]


def test_an_imported_alias_of_send_is_a_send() -> None:
    body = f"    await send({EVENT})\n"
    found = lint({"flows.py": flow("from clinic.clients import send", body)})
    assert found == [f"flows.py:8:11: {EL501}"]


def test_an_alias_read_through_its_module_is_a_send() -> None:
    body = f"    await clients.send({EVENT})\n"
    found = lint({"flows.py": flow("from clinic import clients", body)})
    assert found == [f"flows.py:8:11: {EL501}"]


def test_an_alias_re_exported_by_a_package_and_renamed_is_a_send() -> None:
    body = f"    await publish({EVENT})\n"
    found = lint(
        {
            "clinic/__init__.py": "from clinic.clients import send\n",
            "flows.py": flow("from clinic import send as publish", body),
        }
    )
    assert found == [f"flows.py:8:11: {EL501}"]


def test_an_alias_of_send_sync_that_is_not_awaited_is_a_sync_send() -> None:
    body = f"    send_now({EVENT})\n"
    found = lint({"flows.py": flow("from clinic.clients import send_now", body)})
    assert found == [
        "flows.py:8:5: EL501 `client.send_sync()` in Inngest function `booking_flow` runs "
        "again on every replay; use `ctx.step.send_event()`"
    ]


def test_an_unawaited_imported_send_is_reported_as_never_sent() -> None:
    body = f"    send({EVENT})\n"
    found = lint({"flows.py": flow("from clinic.clients import send", body)})
    assert found == [
        f"flows.py:8:5: {EL501}",
        "flows.py:8:5: EL503 `client.send()` is never awaited, so nothing is sent",
    ]


def test_in_a_helper_of_another_module_the_chain_is_named() -> None:
    notify = (
        "import inngest\n\nfrom clinic.clients import send\n\n\n"
        f"async def queue_sms() -> None:\n    await send({EVENT})\n"
    )
    found = lint(
        {
            "clinic/notify.py": notify,
            "flows.py": flow("from clinic import notify", "    await notify.queue_sms()\n"),
        }
    )
    assert found == [
        "clinic/notify.py:7:11: EL501 `client.send()` in `clinic.notify.queue_sms()`, called "
        "by Inngest function `booking_flow`, runs again on every replay; "
        "use `ctx.step.send_event()` in the function"
    ]


def test_names_bound_to_anything_else_are_not_sends() -> None:
    others = (
        "import inngest\n\nfrom clinic.clients import client\n\n"
        "log = print\n"
        "send = client.send\n"
        "send = print\n"  # bound twice: not a send (as for a local alias)
        "\n\nasync def deliver(event: inngest.Event) -> None:\n"
        "    await client.send(event)\n"
    )
    body = f"    log({EVENT})\n    send({EVENT})\n    await deliver({EVENT})\n"
    found = lint(
        {
            "clinic/others.py": others,
            "flows.py": flow("from clinic.others import deliver, log, send", body),
        }
    )
    # deliver's own send is reported where it is written, as a helper's send
    assert [line.split(" in ")[0] for line in found] == [
        "clinic/others.py:11:11: EL501 `client.send()`"
    ]
