"""One finding per mistake: a misnamed event is EL101's (or EL104's) alone, with one
suggestion, and EL601 speaks only of well-formed names the registry lacks."""

from __future__ import annotations

from pathlib import Path

from event_lint.config import Config
from event_lint.linter.project import project_from_sources
from event_lint.linter.rules import run_rules
from event_lint.linter.rules.base import Rule, RuleContext
from event_lint.linter.rules.event_name_style import EventNameStyle
from event_lint.linter.rules.unknown_event import UnknownEvent
from event_lint.registry import Registry

REPO = Path(__file__).resolve().parents[2]
SOURCE = """\
import inngest

client = inngest.Inngest(app_id="shop")


def pay() -> None:
    client.send_sync(inngest.Event(name="billing/invoicepaid"))
    client.send_sync(inngest.Event(name="billing/invoiceVoided"))
    client.send_sync(inngest.Event(name=""))
    client.send_sync(inngest.Event(name="billing/invoice.refunded"))
"""


def _findings(config: Config, rules: list[type[Rule]]) -> list[str]:
    context = RuleContext(
        project_from_sources({"app.py": SOURCE}),
        config,
        Registry.load(REPO / "schemas"),
    )
    found = run_rules(context, rules)
    return sorted(f"{d.span.line}: {d.code} {d.message}" for d in found)


def test_a_misnamed_event_gets_one_finding_and_one_suggestion(tmp_path: Path) -> None:
    assert _findings(Config(root=tmp_path), [EventNameStyle, UnknownEvent]) == [
        '10: EL601 Event "billing/invoice.refunded" is not in the registry '
        '(did you mean "billing/invoice.paid"?)',
        '7: EL101 Event name "billing/invoicepaid" is not domain/noun.verb; '
        'use "billing/invoice.paid"',
        '8: EL101 Event name "billing/invoiceVoided" is not domain/noun.verb; '
        'use "billing/invoice.voided"',
    ]


def test_with_el101_off_el601_reports_the_names_again(tmp_path: Path) -> None:
    found = _findings(Config(root=tmp_path, ignore=("EL101", "EL104")), [UnknownEvent])
    assert [line.split(" ", 2)[:2] for line in found] == [
        ["10:", "EL601"],
        ["7:", "EL601"],
        ["8:", "EL601"],
        ["9:", "EL601"],
    ]


def test_a_send_under_a_reserved_name_is_el102_alone(tmp_path: Path) -> None:
    """The payload of a name that must change is not checked against the system event."""
    from event_lint.linter.rules.payload_missing_key import PayloadMissingKey
    from event_lint.linter.rules.reserved_prefix import ReservedPrefix

    source = (
        "import inngest\n\n"
        'client = inngest.Inngest(app_id="shop")\n\n\n'
        "def fail() -> None:\n"
        '    client.send_sync(inngest.Event(name="inngest/function.failed", data={}))\n'
        "\n\n"
        "def test_on_failure() -> None:\n"
        '    event = inngest.Event(name="inngest/function.failed", data={})\n'
    )
    context = RuleContext(
        project_from_sources({"app.py": source}),
        Config(root=tmp_path),
        Registry.load(REPO / "schemas"),
    )
    found = run_rules(context, [ReservedPrefix, PayloadMissingKey])
    codes = sorted((d.span.line, d.code) for d in found)
    # Line 7 is sent: EL102 only. Line 11 is built for a test, never sent: its payload
    # is still checked against the system event's schema.
    assert codes[0] == (7, "EL102")
    assert {line for line, code in codes if code == "EL611"} == {11}


def test_a_name_kept_with_check_name_false_is_neither_el101_nor_silenced_for_el601(
    tmp_path: Path,
) -> None:
    from event_lint.config import EventSettings

    kept = {"billing/invoicepaid": EventSettings(check_name=False)}
    found = _findings(Config(root=tmp_path, events=kept), [EventNameStyle, UnknownEvent])
    assert [line.split(" ", 2)[:2] for line in found] == [
        ["10:", "EL601"],
        ["7:", "EL601"],
        ["8:", "EL101"],
    ]
