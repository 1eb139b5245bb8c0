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
