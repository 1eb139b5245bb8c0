"""EL601 on wildcard triggers and EL602 on ``step.invoke(..., v=...)``, against a small
temporary registry: exact diagnostics, flagged and not flagged."""

from __future__ import annotations

from pathlib import Path

import pytest

from event_lint.config import Config
from event_lint.linter.project import project_from_sources
from event_lint.linter.rules.base import Rule, RuleContext
from event_lint.linter.rules.unknown_event import UnknownEvent
from event_lint.linter.rules.unknown_event_version import UnknownEventVersion
from event_lint.registry import Registry

SCHEMA = '{"type": "object", "description": "What happened."}\n'
HEADER = 'import inngest\n\nclient = inngest.Inngest(app_id="shop")\n\n\n'  # 5 lines
EVENTS = {
    "app/user.created": ("1",),
    "app/blog.post.published": ("1",),
    "apple/picked": ("1",),
    "billing/invoice.paid": ("1", "2", "10"),
}


@pytest.fixture
def registry(tmp_path: Path) -> Registry:
    for name, versions in EVENTS.items():
        for v in versions:
            path = tmp_path / "schemas" / name / f"{v}.json"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(SCHEMA)
    return Registry.load(tmp_path / "schemas")


def lint(rule: type[Rule], body: str, registry: Registry) -> list[str]:
    project = project_from_sources({"app.py": HEADER + body})
    context = RuleContext(project, Config(root=Path(".")), registry)
    found = sorted(rule().check(context), key=lambda d: (d.span.line, d.span.col))
    return [f"{d.span.line}:{d.span.col}: {d.code} {d.message}" for d in found]


def triggered_on(name: str) -> str:
    """A function triggered on ``name``; the name's opening quote is at line 6, col 71."""
    return (
        f'@client.create_function(fn_id="f", trigger=inngest.TriggerEvent(event="{name}"))\n'
        "async def f(ctx: inngest.Context) -> None:\n"
        "    pass\n"
    )


# -- EL601 on wildcard triggers ------------------------------------------------------------


@pytest.mark.parametrize(
    "pattern",
    [
        "app/*",  # app/user.created, app/blog.post.published
        "app/user.*",  # app/user.created
        "app/blog.*",  # app/blog.post.published: the wildcard spans further dots
        "billing/invoice.*",
    ],
)
def test_a_wildcard_trigger_that_matches_a_registry_event_passes(
    pattern: str, registry: Registry
) -> None:
    assert lint(UnknownEvent, triggered_on(pattern), registry) == []


@pytest.mark.parametrize(
    "pattern",
    [
        "app/order.*",  # app/ events exist, none is an order
        "app/user.created.*",  # the wildcard needs at least one more character
        "apple/x.*",  # apple/picked does not start with apple/x.
        "shop/*",
    ],
)
def test_a_wildcard_trigger_that_matches_nothing_is_reported(
    pattern: str, registry: Registry
) -> None:
    assert lint(UnknownEvent, triggered_on(pattern), registry) == [
        f'6:71: EL601 Trigger "{pattern}" matches no event in the registry'
    ]


def test_app_star_does_not_match_a_longer_domain(tmp_path: Path) -> None:
    path = tmp_path / "schemas" / "apple" / "picked" / "1.json"
    path.parent.mkdir(parents=True)
    path.write_text(SCHEMA)
    only_apple = Registry.load(tmp_path / "schemas")
    assert lint(UnknownEvent, triggered_on("app/*"), only_apple) == [
        '6:71: EL601 Trigger "app/*" matches no event in the registry'
    ]


def test_a_star_inngest_does_not_read_as_a_wildcard_is_an_unknown_name(
    registry: Registry,
) -> None:
    assert lint(UnknownEvent, triggered_on("app/user*"), registry) == [
        '6:71: EL601 Event "app/user*" is not in the registry'
    ]


# -- EL602 on step.invoke(..., v=...) ------------------------------------------------------


def invoking(trigger: str, v: str) -> str:
    """``step.invoke`` of a function triggered on ``trigger``; ``v`` is at line 13, col 57."""
    return triggered_on(trigger) + (
        "\n"
        "\n"
        '@client.create_function(fn_id="g", trigger=inngest.TriggerCron(cron="0 * * * *"))\n'
        "async def g(ctx: inngest.Context) -> None:\n"
        f'    await ctx.step.invoke("one", function=f, data={{}}, v="{v}")\n'
    )


def test_invoke_with_a_version_the_registry_lacks_lists_the_versions_in_order(
    registry: Registry,
) -> None:
    assert lint(UnknownEventVersion, invoking("billing/invoice.paid", "9"), registry) == [
        '13:57: EL602 Event "billing/invoice.paid" has no version "9" (the registry has: 1, 2, 10)'
    ]


def test_invoke_with_a_known_version_passes(registry: Registry) -> None:
    assert lint(UnknownEventVersion, invoking("billing/invoice.paid", "10"), registry) == []


@pytest.mark.parametrize(
    "trigger",
    [
        "billing/invoice.refunded",  # not in the registry: EL601's finding, not EL602's
        "billing/*",  # a wildcard names no single event whose versions could be checked
    ],
)
def test_invoke_of_a_function_without_one_known_event_is_not_version_checked(
    trigger: str, registry: Registry
) -> None:
    assert lint(UnknownEventVersion, invoking(trigger, "9"), registry) == []
