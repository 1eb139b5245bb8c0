"""The fixes module on hand-made edits: what the text becomes, what is refused, what is written."""

from __future__ import annotations

import os
import stat
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from commands import EVENT_LINT, event_lint

from event_lint.diagnostics import Diagnostic, Edit, Fix, Span
from event_lint.files import NotRegularFile
from event_lint.linter.fixes import (
    FileChanged,
    apply_edits,
    fix_source,
    read_source,
    unified_diff,
    write_fixed,
)


def edit(line: int, col: int, end_line: int, end_col: int, text: str) -> Edit:
    return Edit(Span(line, col, end_line, end_col), text)


def diagnostic(code: str, *edits: Edit, safe: bool = True, line: int = 1) -> Diagnostic:
    return Diagnostic(
        path="app.py",
        span=Span(line, 1, line, 2),
        code=code,
        message="m",
        fix=Fix(message="fix it", edits=edits, safe=safe),
    )


def test_apply_edits_replaces_spans_in_one_based_columns() -> None:
    source = "ts = int(time.time())\nname = 'x'\n"
    edits = [edit(1, 6, 1, 22, "int(time.time() * 1000)"), edit(2, 8, 2, 11, "'y'")]
    assert apply_edits(source, edits) == "ts = int(time.time() * 1000)\nname = 'y'\n"


def test_apply_edits_across_lines_and_insertions() -> None:
    source = "a = [\n    1,\n]\nb = 2\n"
    edits = [edit(1, 5, 3, 2, "[1]"), edit(4, 1, 4, 1, "# two\n")]
    assert apply_edits(source, edits) == "a = [1]\n# two\nb = 2\n"


def test_apply_edits_keeps_crlf_and_counts_code_points() -> None:
    source = 'x = "é"\r\ny = 1\r\n'
    assert apply_edits(source, [edit(2, 5, 2, 6, "2")]) == 'x = "é"\r\ny = 2\r\n'
    assert apply_edits(source, [edit(1, 8, 1, 8, "  # ok")]) == 'x = "é"  # ok\r\ny = 1\r\n'


def test_apply_edits_skips_an_overlapping_edit() -> None:
    source = "abcdef\n"
    assert apply_edits(source, [edit(1, 1, 1, 4, "X"), edit(1, 3, 1, 5, "Y")]) == "Xdef\n"


def test_only_safe_fixes_without_unsafe() -> None:
    source = "a = 1\nb = 2\n"
    safe = diagnostic("EL302", edit(1, 5, 1, 6, "10"))
    unsafe = diagnostic("EL501", edit(2, 5, 2, 6, "20"), safe=False, line=2)
    assert fix_source(source, [safe, unsafe], unsafe=False).fixed == "a = 10\nb = 2\n"
    outcome = fix_source(source, [safe, unsafe], unsafe=True)
    assert outcome.fixed == "a = 10\nb = 20\n"
    assert outcome.applied == ["EL302", "EL501"]


def test_overlapping_fix_waits_for_the_next_pass() -> None:
    source = "value = old\n"
    first = diagnostic("EL401", edit(1, 9, 1, 12, "new"))
    second = diagnostic("EL402", edit(1, 1, 1, 12, "value = other"))
    passes: list[str] = []

    def relint(text: str) -> list[Diagnostic]:
        passes.append(text)
        return []

    outcome = fix_source(source, [second, first], unsafe=False, relint=relint)
    # "second" starts first in the source, so it wins the first pass; "first" overlaps it.
    assert passes == ["value = other\n"]
    assert outcome.fixed == "value = other\n"
    assert outcome.applied == ["EL402"]


def test_fixes_apply_until_stable() -> None:
    source = "x = 1\n"
    later = {"x = 2\n": [diagnostic("EL302", edit(1, 5, 1, 6, "3"))], "x = 3\n": []}
    outcome = fix_source(
        source, [diagnostic("EL302", edit(1, 5, 1, 6, "2"))], unsafe=False, relint=later.__getitem__
    )
    assert outcome.fixed == "x = 3\n"
    assert outcome.applied == ["EL302", "EL302"]


def test_a_fix_whose_result_does_not_parse_is_refused() -> None:
    source = "client.send(event)\nts = 1\n"
    broken = diagnostic("EL402", edit(1, 13, 1, 18, "event,,"))
    fine = diagnostic("EL302", edit(2, 6, 2, 7, "1700000000000"), line=2)
    outcome = fix_source(source, [broken, fine], unsafe=False)
    assert outcome.fixed == "client.send(event)\nts = 1700000000000\n"
    assert outcome.skipped == ["fix for EL402 skipped: the result would not parse"]
    assert outcome.applied == ["EL302"]


def test_a_refused_fix_leaves_the_text_untouched() -> None:
    source = "x = 1\n"
    outcome = fix_source(source, [diagnostic("EL302", edit(1, 5, 1, 6, "("))], unsafe=False)
    assert not outcome.changed
    assert outcome.skipped == ["fix for EL302 skipped: the result would not parse"]


def test_unified_diff() -> None:
    assert unified_diff("app.py", "a = 1\nb = 2\n", "a = 1\nb = 3\n") == (
        "--- a/app.py\n+++ b/app.py\n@@ -1,2 +1,2 @@\n a = 1\n-b = 2\n+b = 3\n"
    )
    assert unified_diff("app.py", "same\n", "same\n") == ""


def test_read_and_write_keep_bom_cookie_encoding_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "legacy.py"
    path.write_bytes(b"# -*- coding: latin-1 -*-\r\nname = '\xe9'\r\n")
    source = read_source(path)
    assert source.text == "# -*- coding: latin-1 -*-\r\nname = 'é'\r\n"
    fixed = apply_edits(source.text, [edit(2, 8, 2, 11, "'è'\nother = 1")])
    write_fixed(path, source, fixed)
    assert path.read_bytes() == b"# -*- coding: latin-1 -*-\r\nname = '\xe8'\r\nother = 1\r\n"

    bom = tmp_path / "bom.py"
    bom.write_bytes(b"\xef\xbb\xbfx = 1\n")
    source = read_source(bom)
    assert source.text == "x = 1\n"
    write_fixed(bom, source, "x = 2\n")
    assert bom.read_bytes() == b"\xef\xbb\xbfx = 2\n"


def test_write_fixed_keeps_the_mode_and_leaves_no_temp_file(tmp_path: Path) -> None:
    path = tmp_path / "script.py"
    path.write_text("old\n")
    path.chmod(0o750)
    write_fixed(path, read_source(path), "new\n")
    assert path.read_text() == "new\n"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o750
    assert sorted(p.name for p in tmp_path.iterdir()) == ["script.py"]


# -- the rules' fixes through the installed event-lint -------------------------------------

HEADER = 'import time\n\nimport inngest\n\nclient = inngest.Inngest(app_id="shop")\n\n\n'
FUNCTION = (
    '@client.create_function(fn_id="pay", '
    'trigger=inngest.TriggerEvent(event="billing/invoice.created"))\n'
)
PAID = 'inngest.Event(name="billing/invoice.paid", id=f"invoice-paid-{ctx.event.id}")'


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text("[tool.event-lint]\n")
    return tmp_path


def test_fix_ts_seconds_to_milliseconds(shop: Path) -> None:
    path = shop / "app.py"
    path.write_text(
        HEADER
        + (
            "def ship(order_id: str) -> None:\n"
            '    client.send_sync(inngest.Event(name="order/order.shipped", '
            'id=f"order-shipped-{order_id}", ts=int(time.time())))\n'
        )
    )
    done = event_lint(shop, "--fix", "app.py")
    assert path.read_text() == HEADER + (
        "def ship(order_id: str) -> None:\n"
        '    client.send_sync(inngest.Event(name="order/order.shipped", '
        'id=f"order-shipped-{order_id}", ts=int(time.time() * 1000)))\n'
    )
    assert (done.returncode, done.stdout) == (0, "")
    assert done.stderr == "Found 1 error (1 fixed, 0 remaining).\n"


def test_fix_a_dict_event_into_inngest_event(shop: Path) -> None:
    path = shop / "app.py"
    path.write_text(
        HEADER
        + (
            "def place(order_id: str) -> None:\n"
            '    client.send_sync({"name": "order/order.placed", "data": {"orderId": order_id}, '
            '"id": f"order-placed-{order_id}"})\n'
        )
    )
    done = event_lint(shop, "--fix", "app.py")
    assert path.read_text() == HEADER + (
        "def place(order_id: str) -> None:\n"
        '    client.send_sync(inngest.Event(name="order/order.placed", '
        'data={"orderId": order_id}, id=f"order-placed-{order_id}"))\n'
    )
    assert done.returncode == 0


def test_send_in_function_is_fixed_only_with_unsafe_fixes(shop: Path) -> None:
    path = shop / "app.py"
    before = (
        HEADER
        + FUNCTION
        + (
            "async def pay(ctx: inngest.Context) -> None:\n"
            f"    await client.send({PAID})\n"
            "\n\n"
            + FUNCTION.replace('"pay"', '"pay-sync"')
            + "def pay_sync(ctx: inngest.ContextSync) -> None:\n"
            f"    client.send_sync({PAID})\n"
        )
    )
    path.write_text(before)
    done = event_lint(shop, "--fix", "app.py")
    assert path.read_text() == before
    assert done.returncode == 1
    assert [line.split()[1] for line in done.stdout.splitlines()] == ["EL501", "EL501"]

    done = event_lint(shop, "--fix", "--unsafe-fixes", "app.py")
    assert path.read_text() == before.replace(
        f"await client.send({PAID})",
        f'await ctx.step.send_event("send-billing-invoice-paid", {PAID})',
    ).replace(
        f"client.send_sync({PAID})",
        f'ctx.step.send_event("send-billing-invoice-paid", {PAID})',
    )
    assert done.returncode == 0
    assert done.stderr == "Found 2 errors (2 fixed, 0 remaining).\n"


def test_diff_prints_the_patch_and_writes_nothing(shop: Path) -> None:
    path = shop / "app.py"
    source = HEADER + (
        "def ship(order_id: str) -> None:\n"
        '    client.send_sync(inngest.Event(name="order/order.shipped", '
        'id=f"order-shipped-{order_id}", ts=int(time.time())))\n'
    )
    path.write_text(source)
    stat_before = path.stat()
    done = event_lint(shop, "--diff", "app.py")
    assert path.read_text() == source
    assert path.stat().st_mtime_ns == stat_before.st_mtime_ns
    assert sorted(p.name for p in shop.iterdir()) == ["app.py", "pyproject.toml"]
    assert done.returncode == 1
    assert done.stdout == (
        "--- a/app.py\n+++ b/app.py\n@@ -6,4 +6,4 @@\n \n \n"
        " def ship(order_id: str) -> None:\n"
        '-    client.send_sync(inngest.Event(name="order/order.shipped", '
        'id=f"order-shipped-{order_id}", ts=int(time.time())))\n'
        '+    client.send_sync(inngest.Event(name="order/order.shipped", '
        'id=f"order-shipped-{order_id}", ts=int(time.time() * 1000)))\n'
    )
    assert done.stderr == "Would fix 1 error.\n"


def test_fix_keeps_crlf_line_endings(shop: Path) -> None:
    path = shop / "app.py"
    source = HEADER + (
        "def ship(order_id: str) -> None:\n"
        '    client.send_sync(inngest.Event(name="order/order.shipped", '
        'id=f"order-shipped-{order_id}", ts=int(time.time())))\n'
    )
    path.write_bytes(source.replace("\n", "\r\n").encode())
    assert event_lint(shop, "--fix", "app.py").returncode == 0
    expected = source.replace("int(time.time())", "int(time.time() * 1000)")
    assert path.read_bytes() == expected.replace("\n", "\r\n").encode()


def test_fix_on_stdin_prints_the_fixed_buffer(shop: Path) -> None:
    source = HEADER + (
        "def place(order_id: str) -> None:\n"
        '    client.send_sync({"name": "order/order.placed", "id": f"order-placed-{order_id}"})\n'
    )
    done = event_lint(shop, "--fix", "--stdin-filename", "app.py", "-", stdin=source)
    assert done.stdout == source.replace(
        '{"name": "order/order.placed", "id": f"order-placed-{order_id}"}',
        'inngest.Event(name="order/order.placed", id=f"order-placed-{order_id}")',
    )
    assert not (shop / "app.py").exists()
    assert done.returncode == 0
    assert done.stderr == "Found 1 error (1 fixed, 0 remaining).\n"


def test_a_fix_that_changes_nothing_does_not_loop() -> None:
    noop = diagnostic("EL302", edit(1, 5, 1, 6, "1"))
    calls: list[str] = []

    def relint(text: str) -> list[Diagnostic]:
        calls.append(text)
        return [noop]

    outcome = fix_source("x = 1\n", [noop], unsafe=False, relint=relint)
    assert (outcome.fixed, outcome.applied, calls) == ("x = 1\n", [], [])


def test_fix_on_stdin_that_does_not_decode_gives_the_buffer_back(shop: Path) -> None:
    data = b"# -*- coding: ascii -*-\nname = '\xe9'\n"
    done = subprocess.run(
        [str(EVENT_LINT), "--no-cache", "--fix", "--stdin-filename", "app.py", "-"],
        cwd=shop,
        input=data,
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert done.stdout == data
    assert done.returncode == 1
    assert done.stderr.startswith(b"app.py:2:1: EL902 ")
    assert done.stderr.endswith(b"\nFound 1 error.\n")


# -- a file that changes or vanishes while event-lint fixes it --------------------------
# (the race is staged in-process: the console script cannot be paused between its steps)

SHIP = HEADER + (
    "def ship(order_id: str) -> None:\n"
    '    client.send_sync(inngest.Event(name="order/order.shipped", '
    'id=f"order-shipped-{order_id}", ts=int(time.time())))\n'
)
SHIPPED = SHIP.replace("int(time.time())", "int(time.time() * 1000)")


def run_main(*args: str) -> int:
    from event_lint.cli import lint

    with pytest.raises(SystemExit) as exit_info:
        lint.main(["--no-cache", "--jobs", "1", *args])
    assert isinstance(exit_info.value.code, int)
    return exit_info.value.code


def after_lint(monkeypatch: pytest.MonkeyPatch, change: Callable[[], object]) -> None:
    """Run ``change`` once, right after the first lint (an editor saving mid-run)."""
    from event_lint.linter import engine

    lint_paths = engine.lint_paths
    changes = [change]

    def lint_then_change(*args: Any, **kwargs: Any) -> engine.LintResult:
        result = lint_paths(*args, **kwargs)
        while changes:
            changes.pop()()
        return result

    monkeypatch.setattr(engine, "lint_paths", lint_then_change)


def test_a_file_edited_after_the_lint_is_linted_again_before_fixing(
    shop: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = shop / "app.py"
    path.write_text(SHIP)
    monkeypatch.chdir(shop)
    edited = "# two lines the linted text\n# did not have\n" + SHIP
    after_lint(monkeypatch, lambda: path.write_text(edited))
    assert run_main("--fix", "app.py") == 0
    assert path.read_text() == "# two lines the linted text\n# did not have\n" + SHIPPED
    assert capsys.readouterr().err == "Found 1 error (1 fixed, 0 remaining).\n"


def test_a_file_changed_while_being_fixed_is_left_as_the_user_wrote_it(
    shop: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from event_lint.linter import fixes

    path = shop / "app.py"
    path.write_text(SHIP)
    monkeypatch.chdir(shop)
    real_fix_source = fixes.fix_source

    def fix_while_the_user_saves(*args: Any, **kwargs: Any) -> fixes.FixOutcome:
        outcome = real_fix_source(*args, **kwargs)
        path.write_text("# the user's new text\n" + SHIP)
        return outcome

    monkeypatch.setattr(fixes, "fix_source", fix_while_the_user_saves)
    assert run_main("--fix", "app.py") == 1
    assert path.read_text() == "# the user's new text\n" + SHIP
    assert capsys.readouterr().err == (
        "app.py: not fixed: it changed while being fixed (run event-lint again)\n"
        "Found 1 error (1 fixable with --fix).\n"
    )
    assert sorted(p.name for p in shop.iterdir()) == ["app.py", "pyproject.toml"]


def test_a_file_replaced_by_a_fifo_is_not_fixed_and_nothing_hangs(
    shop: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = shop / "app.py"
    path.write_text(SHIP)
    monkeypatch.chdir(shop)

    def replace_by_a_fifo() -> None:
        path.unlink()
        os.mkfifo(path)

    after_lint(monkeypatch, replace_by_a_fifo)
    assert run_main("--fix", "app.py") == 1
    assert stat.S_ISFIFO(os.lstat(path).st_mode)
    assert capsys.readouterr().err == (
        "app.py: not fixed: cannot read it again: not a regular file\n"
        "Found 1 error (1 fixable with --fix).\n"
    )


def test_a_file_that_cannot_be_written_keeps_its_text(
    shop: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from event_lint.linter import fixes

    path = shop / "app.py"
    path.write_text(SHIP)
    monkeypatch.chdir(shop)

    def refuse(target: Path, data: bytes) -> None:  # root ignores chmod: refuse by hand
        raise PermissionError(13, "Permission denied", str(target))

    monkeypatch.setattr(fixes, "write_atomic", refuse)
    assert run_main("--fix", "app.py") == 1
    assert path.read_text() == SHIP
    assert capsys.readouterr().err == (
        "app.py: not fixed: Permission denied\nFound 1 error (1 fixable with --fix).\n"
    )


def test_write_fixed_refuses_a_file_that_changed_since_it_was_read(tmp_path: Path) -> None:
    path = tmp_path / "app.py"
    path.write_text("x = 1\n")
    source = read_source(path)
    path.write_text("x = 2\n")
    with pytest.raises(FileChanged, match="it changed while being fixed"):
        write_fixed(path, source, "x = 3\n")
    assert path.read_text() == "x = 2\n"


def test_read_source_refuses_what_is_not_a_regular_file(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fifo.py")
    with pytest.raises(NotRegularFile):
        read_source(tmp_path / "fifo.py")  # at once: opening a FIFO never waits


def test_a_fix_the_file_encoding_cannot_hold_keeps_the_file(
    shop: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from event_lint.linter import fixes

    path = shop / "app.py"
    source = "# -*- coding: latin-1 -*-\n" + SHIP
    path.write_text(source, encoding="latin-1")
    monkeypatch.chdir(shop)
    real_fix_source = fixes.fix_source

    def fix_with_a_euro(*args: Any, **kwargs: Any) -> fixes.FixOutcome:
        outcome = real_fix_source(*args, **kwargs)
        outcome.fixed += "# €\n"
        return outcome

    monkeypatch.setattr(fixes, "fix_source", fix_with_a_euro)
    assert run_main("--fix", "app.py") == 1
    assert path.read_text(encoding="latin-1") == source
    assert capsys.readouterr().err.startswith(
        "app.py: not fixed: 'latin-1' codec can't encode character '\\u20ac'"
    )
