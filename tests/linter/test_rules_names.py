"""Event-name rules on shapes the examples do not cover: suggestions, partial names,
wildcards in triggers, a custom name-pattern."""

from __future__ import annotations

import pytest
from model_builders import at, event, messages, places, send, text

from event_lint.config import DEFAULT_NAME_PATTERN
from event_lint.linter.model import Project
from event_lint.linter.rules.empty_event_name import EmptyEventName
from event_lint.linter.rules.event_name_style import EventNameStyle, suggest_name
from event_lint.linter.rules.event_name_too_long import EventNameTooLong
from event_lint.linter.rules.reserved_prefix import ReservedPrefix
from event_lint.linter.rules.wildcard_in_sent_name import WildcardInSentName


@pytest.mark.parametrize(
    ("name", "suggestion"),
    [
        ("billing/invoicePaid", "billing/invoice.paid"),
        ("Shop/Order.Placed", "shop/order.placed"),
        ("rag/ingest_pdf", "rag/ingest.pdf"),
        ("user/profileUpdated", "user/profile.updated"),
        ("myShop/cartCheckoutCompleted", "my-shop/cart.checkout.completed"),
        ("billing/invoice.paidLate", "billing/invoice.paid.late"),
        ("API/HTTPRequest.received", "api/http.request.received"),
        ("user_update", None),  # no domain: nothing obvious
        ("message.received", None),
        ("order/placed", None),  # one word: the verb or the noun is missing
        ("app/user/created", None),  # two slashes: which one is the domain?
        ("billing/invoice.paid!", None),  # the suggestion would not match either
    ],
)
def test_suggestion(name: str, suggestion: str | None) -> None:
    assert suggest_name(name, DEFAULT_NAME_PATTERN) == suggestion


def names(*texts: object) -> Project:
    return Project(names=tuple(texts))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "parts",
    [
        ("Billing/", None),  # uppercase can never match
        (None, "/Invoice.paid"),
        ("billing/", None, "/paid"),  # a second slash
        ("bil ling/", None),
        ("billing_/", None, ".paid"),  # the domain is fully known and wrong
        ("app/User.*",),  # a trigger wildcard judged as an unknown part
    ],
)
def test_partial_name_that_cannot_match_is_reported(parts: tuple[str | None, ...]) -> None:
    shown = "".join("{...}" if p is None else p for p in parts)
    assert messages(EventNameStyle, names(text(*parts))) == [
        f'Event name "{shown}" is not domain/noun.verb'
    ]


@pytest.mark.parametrize(
    "parts",
    [
        ("billing", None),  # the "/" may come from the unknown part
        ("billing/", None),
        (None, "/invoice.paid"),
        ("billing/invoice", None),
        ("app/*",),
        ("app/user.*",),
        ("*",),
        ("",),  # empty: EL104's
    ],
)
def test_partial_name_that_may_match_is_not_reported(parts: tuple[str | None, ...]) -> None:
    assert messages(EventNameStyle, names(text(*parts))) == []


def test_custom_pattern_is_used_and_partial_names_are_left_alone() -> None:
    project = names(text("billing/invoicePaid"), text("billing.invoice.paid"), text("B/", None))
    assert messages(EventNameStyle, project, name_pattern=r"[a-z]+\.[a-z.]+") == [
        'Event name "billing/invoicePaid" does not match name-pattern',
    ]


def test_custom_pattern_gets_a_suggestion_only_when_it_matches_the_pattern() -> None:
    project = names(text("billing/invoicePaid"), text("Billing/invoice.paid"))
    assert messages(EventNameStyle, project, name_pattern=r"[a-z]+/[a-z]+\.[a-z]+") == [
        'Event name "billing/invoicePaid" does not match name-pattern; use "billing/invoice.paid"',
        'Event name "Billing/invoice.paid" does not match name-pattern; use "billing/invoice.paid"',
    ]


def test_name_reported_once_per_place_in_the_order_written() -> None:
    project = names(text("user_update", line=3), text("billing/invoice.paid", line=4))
    assert places(EventNameStyle, project) == [(3, 1)]


def test_empty_and_too_long() -> None:
    long_name = "a/" + "b" * 250 + ".done"
    project = names(text(""), text(" "), text(long_name), text("a/" + "b" * 260, None), text(None))
    assert messages(EmptyEventName, project) == ["Event name is empty"]
    assert messages(EventNameTooLong, project) == [
        "Event name is 257 characters long (max 255)",
        "Event name is over 255 characters (262 known)",
    ]


def test_sent_name_rules_report_at_the_call_when_the_name_is_a_constant() -> None:
    constant = text("inngest/function.failed", line=2, col=10, via="FAILED")
    inline = text("INNGEST/x.y", line=9, col=30)
    project = Project(sends=(send(event(constant, where=at(8, 5)), event(inline, where=at(9, 9))),))
    assert places(ReservedPrefix, project) == [(8, 5), (9, 30)]


def test_wildcard_is_only_about_sent_names() -> None:
    project = Project(
        names=(text("billing/*"),),
        events=(event(text("app/*"), where=at(2, 1)),),  # built, never sent
        sends=(send(event(text("billing/", None, ".*"))),),
    )
    assert messages(WildcardInSentName, project) == [
        'Sent event name "billing/{...}.*" contains a wildcard'
    ]
