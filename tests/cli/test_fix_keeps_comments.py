"""The EL501 unsafe fix keeps a comment after the opening parenthesis at the end of its line
(it once wrote `send_event("id", # comment` and swallowed the event into the comment)."""

from __future__ import annotations

from pathlib import Path

from commands import event_lint

BEFORE = """\
import inngest

client = inngest.Inngest(app_id="shop")


@client.create_function(fn_id="pay", trigger=inngest.TriggerEvent(event="billing/invoice.paid"))
async def pay(ctx: inngest.Context) -> None:
    await client.send(  # tell the mailer
        inngest.Event(name="email/receipt.sent", id=f"receipt-{ctx.event.id}")
    )
"""
AFTER = """\
import inngest

client = inngest.Inngest(app_id="shop")


@client.create_function(fn_id="pay", trigger=inngest.TriggerEvent(event="billing/invoice.paid"))
async def pay(ctx: inngest.Context) -> None:
    await ctx.step.send_event(  # tell the mailer
        "send-email-receipt-sent",
        inngest.Event(name="email/receipt.sent", id=f"receipt-{ctx.event.id}")
    )
"""


def test_the_step_id_goes_on_its_own_line_after_the_comment(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.event-lint]\nselect = ['EL501']\n")
    app = tmp_path / "app.py"
    app.write_text(BEFORE)
    done = event_lint(tmp_path, "--fix", "--unsafe-fixes", "app.py")
    assert done.returncode == 0, done.stdout + done.stderr
    assert app.read_text() == AFTER
    compile(app.read_text(), "app.py", "exec")
