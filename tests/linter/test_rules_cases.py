"""Convention rules on real source, for what the rules' own examples do not show:
fix safety, fixes that are not offered, and values that reach the call through a variable."""

from __future__ import annotations

from pathlib import Path

from model_builders import at, check, event, expr, messages, send, text

from event_lint.config import Config
from event_lint.diagnostics import Diagnostic
from event_lint.linter.fixes import apply_edits
from event_lint.linter.model import Project
from event_lint.linter.project import project_from_sources
from event_lint.linter.rules.base import Rule, RuleContext
from event_lint.linter.rules.generic_event_id import GenericEventId
from event_lint.linter.rules.missing_event_id import MissingEventId
from event_lint.linter.rules.nondeterministic_event_id import NondeterministicEventId
from event_lint.linter.rules.send_in_function import SendInFunction
from event_lint.linter.rules.ts_not_milliseconds import TsNotMilliseconds
from event_lint.linter.rules.ts_wrong_type import TsWrongType
from event_lint.linter.rules.unawaited_send import UnawaitedSend
from event_lint.linter.rules.wrong_event_type import WrongEventType

HEADER = 'import inngest\n\nclient = inngest.Inngest(app_id="shop")\n'


def lint(rule: type[Rule], body: str, **config: object) -> list[Diagnostic]:
    project = project_from_sources({"app.py": HEADER + body})
    context = RuleContext(project, Config(root=Path("."), **config), None)  # type: ignore[arg-type]
    return sorted(rule().check(context), key=Diagnostic.sort_key)


def fixed(diagnostic: Diagnostic, body: str) -> str:
    assert diagnostic.fix is not None
    return apply_edits(HEADER + body, diagnostic.fix.edits)[len(HEADER) :]


def test_dict_event_fix_is_safe_only_with_event_fields() -> None:
    body = (
        "def send() -> None:\n"
        '    client.send_sync([{"name": "a/b.c", "ts": 0}, {"name": "a/b.c", "user": 1}])\n'
    )
    safe, unsafe = lint(WrongEventType, body)
    assert safe.fix is not None and safe.fix.safe
    assert unsafe.fix is not None and not unsafe.fix.safe
    assert fixed(unsafe, body).splitlines()[1] == (
        '    client.send_sync([{"name": "a/b.c", "ts": 0}, inngest.Event(name="a/b.c", user=1)])'
    )


def test_dict_event_with_spread_or_without_name_gets_no_fix() -> None:
    body = (
        "def send(extra: dict[str, str]) -> None:\n"
        '    client.send_sync({"name": "a/b.c", **extra})\n'
        '    client.send_sync({"data": {}})\n'
    )
    found = lint(WrongEventType, body)
    assert [(d.span.line, d.fix) for d in found] == [(5, None), (6, None)]


def test_dict_event_fix_spells_event_as_the_module_imports_it() -> None:
    source = (
        "from inngest import Event as E, Inngest\n\n"
        'client = Inngest(app_id="shop")\n'
        'client.send_sync({"name": "a/b.c"})\n'
    )
    project = project_from_sources({"app.py": source})
    context = RuleContext(project, Config(root=Path(".")), None)
    (found,) = WrongEventType().check(context)
    assert found.fix is not None
    assert apply_edits(source, found.fix.edits).splitlines()[-1] == (
        'client.send_sync(E(name="a/b.c"))'
    )


def test_send_in_old_style_handler_uses_its_step_parameter() -> None:
    body = (
        '@client.create_function(fn_id="f", trigger=inngest.TriggerEvent(event="a/b.c"))\n'
        "async def handler(ctx: inngest.Context, step: inngest.Step) -> None:\n"
        '    await client.send(inngest.Event(name="a/b.done"))\n'
    )
    (found,) = lint(SendInFunction, body)
    assert found.message.endswith("use `step.send_event()`")
    assert found.fix is not None and not found.fix.safe
    assert fixed(found, body).splitlines()[-1] == (
        '    await step.send_event("send-a-b-done", inngest.Event(name="a/b.done"))'
    )


def test_send_with_skip_middleware_is_reported_but_not_fixed() -> None:
    body = (
        '@client.create_function(fn_id="f", trigger=inngest.TriggerEvent(event="a/b.c"))\n'
        "async def handler(ctx: inngest.Context) -> None:\n"
        '    await client.send(inngest.Event(name="a/b.done"), skip_middleware=True)\n'
    )
    (found,) = lint(SendInFunction, body)
    assert (found.span.line, found.fix) == (6, None)


def test_unawaited_send_in_function_gets_both_codes_and_the_fix_awaits() -> None:
    body = (
        '@client.create_function(fn_id="f", trigger=inngest.TriggerEvent(event="a/b.c"))\n'
        "async def handler(ctx: inngest.Context) -> None:\n"
        '    client.send(inngest.Event(name="a/b.done"))\n'
    )
    (unawaited,) = lint(UnawaitedSend, body)
    (in_function,) = lint(SendInFunction, body)
    assert unawaited.span == in_function.span
    assert fixed(in_function, body).splitlines()[-1] == (
        '    await ctx.step.send_event("send-a-b-done", inngest.Event(name="a/b.done"))'
    )


def test_ts_fixes_are_safe() -> None:
    body = 'import time\n\nclient.send_sync(inngest.Event(name="a/b.c", ts=int(time.time())))\n'
    (found,) = lint(TsNotMilliseconds, body)
    assert found.fix is not None and found.fix.safe


def test_ts_literal_far_out_of_range_is_not_called_seconds() -> None:
    body = 'client.send_sync(inngest.Event(name="a/b.c", ts=1700000000000000))\n'
    assert [d.message for d in lint(TsNotMilliseconds, body)] == [
        "Event ts 1700000000000000 is outside [315532800000, 4102444800000) "
        "milliseconds (1980 to 2100)"
    ]


def test_require_id_globs_match_like_fnmatch() -> None:
    body = (
        "def send(name: str) -> None:\n"
        "    client.send_sync([\n"
        '        inngest.Event(name="billing/invoice.paid"),\n'
        '        inngest.Event(name="billing/refund/issued"),\n'
        '        inngest.Event(name="order/order.placed"),\n'
        "        inngest.Event(name=name),\n"
        "    ])\n"
    )
    found = lint(MissingEventId, body, require_id=("billing/*", "*.placed"))
    assert [d.span.line for d in found] == [6, 7, 8]  # not the unknown name


def test_nondeterministic_id_through_a_local_variable() -> None:
    body = (
        "import uuid\n\n"
        '@client.create_function(fn_id="f", trigger=inngest.TriggerEvent(event="a/b.c"))\n'
        "def handler(ctx: inngest.ContextSync) -> None:\n"
        "    event_id = str(uuid.uuid4())\n"
        '    ctx.step.send_event("s", inngest.Event(name="a/b.done", id=event_id))\n'
    )
    assert [d.message for d in lint(NondeterministicEventId, body)] == [
        "Event id uses `uuid.uuid4()` outside a step; "
        "every replay sends a new id, so deduplication never fires"
    ]


def test_messages_and_fixes_without_source_text() -> None:
    """A value whose source text extraction did not keep: no empty quotes, no ``int()`` fix."""
    seconds = expr("call", "", calls=("int", "time.time"))
    as_float = expr("other", "", python_type="float", multiplied=True)
    bare = expr("name", "")
    project = Project(
        sends=(
            send(
                event(text("a/b.c"), ts=seconds, where=at(1, 1)),
                event(text("a/b.c"), ts=as_float, id=bare, where=at(2, 1)),
            ),
        )
    )
    assert messages(TsNotMilliseconds, project) == ["Event ts is in seconds; multiply by 1000"]
    assert [(d.message, d.fix) for d in check(TsWrongType, project)] == [
        ("Event ts is a float; use an int of milliseconds", None)
    ]
    assert messages(GenericEventId, project) == [
        'Event id has no event-specific part; use f"b-c-{...}"'
    ]


def test_dict_event_assigned_first_gets_an_unsafe_fix() -> None:
    body = 'def send() -> None:\n    event = {"name": "a/b.c"}\n    client.send_sync(event)\n'
    (found,) = lint(WrongEventType, body)
    assert found.span.line == 5
    assert found.fix is not None and not found.fix.safe
    assert fixed(found, body).splitlines()[1] == '    event = inngest.Event(name="a/b.c")'
