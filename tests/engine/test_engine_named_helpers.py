"""A helper module named alone (pre-commit) gets the findings a full run gives it when an
Inngest function in another module calls it: its importers are context even when it
exports no constant."""

from __future__ import annotations

from pathlib import Path

import pytest

from event_lint.config import Config
from event_lint.linter.engine import LintOptions, lint_paths

FILES = {
    "app/__init__.py": "",
    "app/services/__init__.py": "",
    "app/client.py": 'import inngest\n\nclient = inngest.Inngest(app_id="shop")\n',
    "app/services/notify.py": (
        "import inngest\n\nfrom app.client import client\n\n\n"
        "async def queue_sms(phone: str) -> None:\n"
        '    await client.send(inngest.Event(name="sms/message.queued", data={"p": phone}))\n'
    ),
    "app/flows.py": (
        "import inngest\n\nfrom app.client import client\nfrom app.services import notify\n\n\n"
        '@client.create_function(\n    fn_id="book",\n'
        '    trigger=inngest.TriggerEvent(event="booking/slot.taken"),\n)\n'
        "async def booking_flow(ctx: inngest.Context) -> None:\n"
        '    await notify.queue_sms("123")\n'
    ),
}


def findings(root: Path, path: str) -> list[str]:
    result = lint_paths(
        [root / path], Config(root=root), None, LintOptions(use_cache=False, jobs=1)
    )
    return [f"{d.path}:{d.span.line}: {d.code}" for d in result.diagnostics]


def test_a_helper_that_sends_is_linted_with_the_functions_that_call_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, text in FILES.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    monkeypatch.chdir(tmp_path)
    helper = [line for line in findings(tmp_path, ".") if line.startswith("app/services/")]
    assert helper == ["app/services/notify.py:7: EL501"]
    assert findings(tmp_path, "app/services/notify.py") == helper
