"""The coverage report (EL701, EL702) on small multi-file projects: exact text and JSON,
names with unknown parts, and ``event-lint --coverage`` through the console script."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from commands import event_lint, event_registry

from event_lint.cli.output.coverage import render_json, render_text
from event_lint.linter.coverage import coverage
from event_lint.linter.project import project_from_sources
from event_lint.registry import Registry

SCHEMA = '{"type": "object", "description": "What happened."}\n'
HEADER = 'import inngest\n\nclient = inngest.Inngest(app_id="shop")\n'

NAMES = 'INVOICE_PAID = "billing/invoice.paid"\n'
BILLING = HEADER + (
    "from app.names import INVOICE_PAID\n"
    "\n"
    "\n"
    "async def pay(kind: str) -> None:\n"
    "    await client.send(inngest.Event(name=INVOICE_PAID))\n"
    '    await client.send(inngest.Event(name=f"user/{kind}"))\n'
)
ORDERS = HEADER + (
    "\n"
    "\n"
    '@client.create_function(fn_id="r", trigger=inngest.TriggerEvent(event="report/pdf.asked"))\n'
    "async def report(ctx: inngest.Context) -> None:\n"
    "    pass\n"
    "\n"
    "\n"
    "@client.create_function(\n"
    '    fn_id="fulfil",\n'
    '    trigger=inngest.TriggerEvent(event="shop/order.placed"),\n'
    '    cancel=[inngest.Cancel(event="shop/order.cancelled")],\n'
    ")\n"
    "async def fulfil(ctx: inngest.Context) -> None:\n"
    '    await ctx.step.wait_for_event("mail", event="email/welcome.sent", timeout=60)\n'
    '    await ctx.step.invoke("report", function=report, data={})\n'
    "\n"
    "\n"
    '@client.create_function(fn_id="audit", trigger=inngest.TriggerEvent(event="billing/*"))\n'
    "async def audit(ctx: inngest.Context) -> None:\n"
    "    pass\n"
    "\n"
    "\n"
    '@client.create_function(fn_id="crm", trigger=inngest.TriggerEvent(event="crm/*"))\n'
    "async def crm(ctx: inngest.Context) -> None:\n"
    "    pass\n"
    "\n"
    "\n"
    "@client.create_function(\n"
    '    fn_id="alert", trigger=inngest.TriggerEvent(event="inngest/function.failed")\n'
    ")\n"
    "async def alert(ctx: inngest.Context) -> None:\n"
    "    pass\n"
)
SOURCES = {
    "app/__init__.py": "",
    "app/names.py": NAMES,
    "app/billing.py": BILLING,
    "app/orders.py": ORDERS,
}
EVENTS = (
    "billing/invoice.paid",  # sent through a constant of another module
    "billing/invoice.voided",  # received: the billing/* trigger matches it
    "email/welcome.sent",  # awaited, never sent
    "shop/order.cancelled",  # cancels a function, never sent
    "shop/order.placed",  # triggers a function, never sent
    "shop/order.refunded",  # nothing at all
    "report/pdf.asked",  # triggers a function that is invoked: not reported
    "user/signup.completed",  # f"user/{kind}" may be it: unsure
)


def make_registry(root: Path, names: tuple[str, ...] = EVENTS) -> Path:
    for name in names:
        path = root / "schemas" / name / "1.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(SCHEMA)
    return root / "schemas"


def report_text(sources: dict[str, str], registry: Path) -> str:
    return render_text(coverage(project_from_sources(sources), Registry.load(registry)))


def test_report_text(tmp_path: Path) -> None:
    registry = make_registry(tmp_path)
    assert report_text(SOURCES, registry) == (
        f"{registry}/shop/order.refunded/1.json:1:1: EL701 "
        'Event "shop/order.refunded" is in the registry, but nothing in the linted files '
        "sends or receives it\n"
        'app/orders.py:13:40: EL702 Function "fulfil" triggers on "shop/order.placed", '
        "but nothing in the linted files sends it\n"
        'app/orders.py:14:34: EL702 Function "fulfil" is cancelled by "shop/order.cancelled", '
        "but nothing in the linted files sends it\n"
        'app/orders.py:17:49: EL702 A step waits for "email/welcome.sent", '
        "but nothing in the linted files sends it\n"
        'app/orders.py:26:73: EL702 Function "crm" triggers on "crm/*", '
        "but nothing in the linted files sends a matching event\n"
        f"{registry}/user/signup.completed/1.json:1:1: note: "
        'Event "user/signup.completed" may be unused: only names not known statically could '
        "send it\n"
        "Coverage: 6 of 8 registry events used, 1 unsure; 1 event never used (EL701), "
        "4 events received but never sent (EL702); 1 sent name not known statically.\n"
    )


def test_report_json(tmp_path: Path) -> None:
    registry = make_registry(tmp_path)
    report = coverage(project_from_sources(SOURCES), Registry.load(registry))
    document = json.loads(render_json(report))
    assert (document["registry_events"], document["used_events"]) == (8, 6)
    assert document["unknown_names"] == []
    assert document["unknown_sent_names"] == 1
    assert [f["event"] for f in document["unsure_events"]] == ["user/signup.completed"]
    assert document["findings"][0] == {
        "code": "EL701",
        "name": "event-never-used",
        "event": "shop/order.refunded",
        "message": 'Event "shop/order.refunded" is in the registry, but nothing in the linted '
        "files sends or receives it",
        "filename": f"{registry}/shop/order.refunded/1.json",
        "location": {"row": 1, "column": 1},
        "end_location": {"row": 1, "column": 1},
    }
    assert document["findings"][4] == {
        "code": "EL702",
        "name": "triggered-event-never-sent",
        "event": "crm/*",
        "message": 'Function "crm" triggers on "crm/*", '
        "but nothing in the linted files sends a matching event",
        "filename": "app/orders.py",
        "location": {"row": 26, "column": 73},
        "end_location": {"row": 26, "column": 80},
    }
    assert [(f["code"], f["event"]) for f in document["findings"]] == [
        ("EL701", "shop/order.refunded"),
        ("EL702", "shop/order.placed"),
        ("EL702", "shop/order.cancelled"),
        ("EL702", "email/welcome.sent"),
        ("EL702", "crm/*"),
    ]


def test_built_in_events_are_neither_listed_nor_required(tmp_path: Path) -> None:
    registry = Registry.load(make_registry(tmp_path, ("shop/order.placed",)))
    report = coverage(project_from_sources(SOURCES), registry)
    assert report.registry_events == ("shop/order.placed",)
    assert "inngest/" not in render_text(report)


def test_a_sent_name_with_unknown_parts_counts_as_every_name_it_could_be(tmp_path: Path) -> None:
    registry = make_registry(tmp_path, ("crm/contact.added", "order/placed", "user/deleted"))
    body = (
        "async def forward(kind: str, noun: str) -> None:\n"
        '    await client.send(inngest.Event(name=f"crm/{kind}"))\n'
        '    await client.send(inngest.Event(name=f"order/{noun}.placed"))\n'
        "\n"
        "\n"
        '@client.create_function(fn_id="a", trigger=inngest.TriggerEvent(event="crm/*"))\n'
        "async def a(ctx: inngest.Context) -> None:\n"
        "    pass\n"
        "\n"
        "\n"
        '@client.create_function(fn_id="b", trigger=inngest.TriggerEvent(event="user/*"))\n'
        "async def b(ctx: inngest.Context) -> None:\n"
        "    pass\n"
    )
    assert report_text({"app.py": HEADER + body}, registry) == (
        f'{registry}/order/placed/1.json:1:1: EL701 Event "order/placed" is in the '
        "registry, but nothing in the linted files sends or receives it\n"
        'app.py:14:71: EL702 Function "b" triggers on "user/*", '
        "but nothing in the linted files sends a matching event\n"
        'app.py:9:71: note: Function "a" triggers on "crm/*", which only names not known '
        "statically send\n"
        "Coverage: 2 of 3 registry events used; 1 event never used (EL701), "
        "1 event received but never sent (EL702); 2 sent names not known statically.\n"
    )


def test_a_name_the_linter_cannot_read_makes_the_rest_unsure_never_used(
    tmp_path: Path,
) -> None:
    registry = make_registry(tmp_path, ("order/placed", "order/refunded"))
    body = (
        "async def emit(name: str) -> None:\n"
        "    await client.send(inngest.Event(name=name))\n"
        "\n"
        "\n"
        '@client.create_function(fn_id="f", trigger=inngest.TriggerEvent(event="order/placed"))\n'
        "async def f(ctx: inngest.Context) -> None:\n"
        "    pass\n"
    )
    project = project_from_sources({"app.py": HEADER + body})
    report = coverage(project, Registry.load(registry))
    assert render_text(report) == (
        f'{registry}/order/refunded/1.json:1:1: note: Event "order/refunded" may be unused: '
        "only names not known statically could send it\n"
        'app.py:8:71: note: Function "f" triggers on "order/placed", which only names not '
        "known statically send\n"
        "app.py:5:23: note: event name not known statically: it may be any event\n"
        "Coverage: 1 of 2 registry events used, 1 unsure; 0 events never used (EL701), "
        "0 events received but never sent (EL702); 1 sent name not known statically.\n"
    )
    assert json.loads(render_json(report))["unknown_names"] == [
        {
            "filename": "app.py",
            "location": {"row": 5, "column": 23},
            "end_location": {"row": 5, "column": 47},
        }
    ]


def test_an_empty_project_uses_nothing(tmp_path: Path) -> None:
    from event_lint.linter.model import Project

    registry = make_registry(tmp_path, ("order/placed",))
    report = coverage(Project(), Registry.load(registry))
    assert [(f.code, f.event) for f in report.findings] == [("EL701", "order/placed")]


# -- event-lint --coverage ---------------------------------------------------------------


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "shop"\n\n[tool.event-lint]\n')
    for relative, source in SOURCES.items():
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source)
    make_registry(tmp_path)
    return tmp_path


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return event_lint(cwd, "--coverage", *args)


def test_cli_prints_the_text_report_and_exits_0(project: Path) -> None:
    done = run(project)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == report_text(SOURCES, project / "schemas")
    assert done.stdout.splitlines()[0] == (
        f"{project}/schemas/shop/order.refunded/1.json:1:1: EL701 "
        'Event "shop/order.refunded" is in the registry, but nothing in the linted files '
        "sends or receives it"
    )


def test_cli_prints_the_json_report(project: Path) -> None:
    done = run(project, "--output-format", "json")
    assert (done.returncode, done.stderr) == (0, "")
    document = json.loads(done.stdout)
    assert (document["registry_events"], document["used_events"]) == (8, 6)
    assert [(f["code"], f["filename"], f["location"]["row"]) for f in document["findings"]] == [
        ("EL701", f"{project}/schemas/shop/order.refunded/1.json", 1),
        ("EL702", "app/orders.py", 13),
        ("EL702", "app/orders.py", 14),
        ("EL702", "app/orders.py", 17),
        ("EL702", "app/orders.py", 26),
    ]


def test_cli_generated_classes_add_no_name_of_their_own(project: Path) -> None:
    """The generated module builds events only through the runtime's ``to_event``, which
    is not linted: generating it changes nothing in the report."""
    done = event_registry(project, "codegen", "--out", "app/events.py")
    assert done.returncode == 0, done.stderr
    assert run(project).stdout == report_text(SOURCES, project / "schemas")


def test_a_never_called_helper_with_a_name_parameter_does_not_make_the_report_claim_use(
    tmp_path: Path,
) -> None:
    """The report once said "2 of 2 used" here: the helper's unknown name counted as a use
    of every event. Now the event only such a name could send is unsure, and said so."""
    registry = make_registry(tmp_path, ("order/placed", "order/refunded"))
    body = (
        "def forward(name: str, data: dict) -> inngest.Event:\n"
        "    return inngest.Event(name=name, data=data)\n"
        "\n"
        "\n"
        "def place() -> None:\n"
        '    client.send_sync(inngest.Event(name="order/placed"))\n'
    )
    report = coverage(project_from_sources({"app.py": HEADER + body}), Registry.load(registry))
    assert (report.used_count, [f.event for f in report.unsure_events]) == (1, ["order/refunded"])
    assert render_text(report).splitlines()[-1] == (
        "Coverage: 1 of 2 registry events used, 1 unsure; 0 events never used (EL701), "
        "0 events received but never sent (EL702); 1 sent name not known statically."
    )
