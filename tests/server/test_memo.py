"""The server's memo: the modules a buffer imports are parsed once, again only when
their file changes, and a saved module is read again even when its stat looks the same."""

from __future__ import annotations

import os
import time
from pathlib import Path

from server.conftest import HEADER

from event_lint.config import load_config
from event_lint.linter.engine import lint_source
from event_lint.server.memo import Memo

NAMES = 'ORDER_PLACED = "shop/order.placed"\nCLIENT_ID = "shop"\n'
APP = HEADER.replace("import inngest\n", "import inngest\nfrom names import ORDER_PLACED\n") + (
    '    client.send_sync(inngest.Event(name=ORDER_PLACED, data={"orderId": order_id}))\n'
)


def _lint(project: Path, memo: Memo, text: str = APP) -> tuple[int, int, list[str]]:
    config = load_config(project)
    result = lint_source(str(project / "app.py"), text.encode(), config, None, memo)
    return result.files_parsed, result.files_cached, [d.code for d in result.diagnostics]


def test_imported_modules_are_parsed_once(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.event-lint]\n")
    names = tmp_path / "names.py"
    names.write_text(NAMES)
    memo = Memo(tmp_path)
    assert _lint(tmp_path, memo) == (2, 0, ["EL201"])  # the buffer and names.py
    assert _lint(tmp_path, memo, APP + "\n") == (1, 1, ["EL201"])  # the buffer only
    names.write_text(NAMES.replace("placed", "shipped"))  # a new content
    assert _lint(tmp_path, memo) == (2, 0, ["EL201"])
    assert _lint(tmp_path, memo) == (1, 1, ["EL201"])


def test_a_saved_module_is_read_again_whatever_its_stat(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.event-lint]\n")
    names = tmp_path / "names.py"
    names.write_text(NAMES)
    an_hour_ago = time.time_ns() - 3600 * 10**9
    os.utime(names, ns=(an_hour_ago, an_hour_ago))  # an old file: its stat is trusted
    memo = Memo(tmp_path)
    assert _lint(tmp_path, memo)[:2] == (2, 0)
    # Same size, same mtime, other content (a tool that keeps mtimes): the stat cannot
    # tell, so the facts kept are served...
    names.write_text(NAMES.replace("placed", "plaecd"))
    os.utime(names, ns=(an_hour_ago, an_hour_ago))
    assert _lint(tmp_path, memo)[:2] == (1, 1)
    # ...until the editor says the file was saved or changed.
    memo.forget(names)
    assert _lint(tmp_path, memo)[:2] == (2, 0)
