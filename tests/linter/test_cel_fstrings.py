"""EL622 on f-string expressions: the paths written wholly in the known text are checked;
a path that runs through an unknown part is not."""

from __future__ import annotations

from pathlib import Path

from event_lint.config import Config
from event_lint.linter.project import project_from_sources
from event_lint.linter.rules import run_rules
from event_lint.linter.rules.base import RuleContext
from event_lint.linter.rules.expression_unknown_path import ExpressionUnknownPath
from event_lint.registry import Registry

REPO = Path(__file__).resolve().parents[2]
SOURCE = """\
import datetime

import inngest

client = inngest.Inngest(app_id="shop")


@client.create_function(fn_id="w", trigger=inngest.TriggerEvent(event="user/signup.completed"))
async def welcome(ctx: inngest.Context, field: str) -> None:
    user_id = ctx.event.data["userId"]
    hour = datetime.timedelta(hours=1)
    await ctx.step.wait_for_event(
        "a", event="email/welcome.sent", timeout=hour, if_exp=f"async.data.userID == '{user_id}'"
    )
    await ctx.step.wait_for_event(
        "b", event="email/welcome.sent", timeout=hour, if_exp=f"async.data.{field} == 'a'"
    )
    await ctx.step.wait_for_event(
        "c", event="email/welcome.sent", timeout=hour, if_exp=f"async.data.userId == '{user_id}'"
    )
    await ctx.step.wait_for_event(
        "d", event="email/welcome.sent", timeout=hour, if_exp=f"async.data.{field}Id == 1"
    )
"""


def test_only_paths_in_the_known_text_of_an_f_string_are_checked(tmp_path: Path) -> None:
    context = RuleContext(
        project_from_sources({"app.py": SOURCE}),
        Config(root=tmp_path),
        Registry.load(REPO / "schemas"),
    )
    found = [(d.span.line, d.message) for d in run_rules(context, [ExpressionUnknownPath])]
    assert found == [
        (
            13,
            "async.data.userID is not in the schema of email/welcome.sent "
            "(did you mean async.data.userId?)",
        )
    ]
