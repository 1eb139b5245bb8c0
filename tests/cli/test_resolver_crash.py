"""A resolver bug on one file is that file's EL903 finding, like a syntax error (EL900):
the other files are still checked, the run exits 1 (0 when nothing else is found and
per-file-ignores silences it), and the message asks for a bug report."""

from __future__ import annotations

from pathlib import Path

import pytest

from event_lint.cli import lint
from event_lint.linter.resolve.build import _Builder
from event_lint.linter.resolve.symbols import Index

SENDER = (
    'import inngest\n\nclient = inngest.Inngest(app_id="shop")\n\n\n'
    "def pay() -> None:\n"
    '    client.send_sync(inngest.Event(name="{name}"))\n'
)
EL903 = (
    "app/bad.py:1:1: EL903 internal error resolving this file: RuntimeError: boom; please report it"
)
EL101 = 'app/good.py:7:41: EL101 Event name "InvoicePaid" is not domain/noun.verb'


@pytest.fixture
def crashing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project whose ``app/bad.py`` the resolver fails on."""
    original = _Builder.send_site

    def broken(self: _Builder, site: object, index: Index) -> object:
        if index.path == "app/bad.py":
            raise RuntimeError("boom")
        return original(self, site, index)  # type: ignore[arg-type]

    monkeypatch.setattr(_Builder, "send_site", broken)
    monkeypatch.chdir(tmp_path)
    for name, text in {
        "app/__init__.py": "",
        "app/bad.py": SENDER.format(name="billing/invoice.paid"),
        "app/good.py": SENDER.format(name="billing/invoice.paid"),
    }.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    with pytest.raises(SystemExit) as exit_info:
        lint.main(["--no-cache", "--jobs", "1", *args, "app"])
    code = exit_info.value.code
    assert isinstance(code, int)
    return code, capsys.readouterr().out.splitlines()


def test_the_file_gets_one_finding_and_the_run_exits_1(
    crashing: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys) == (1, [EL903])


def test_the_other_files_are_still_checked(
    crashing: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = crashing / "app" / "good.py"
    good.write_text(good.read_text().replace("billing/invoice.paid", "InvoicePaid"))
    assert run(capsys) == (1, [EL903, EL101])


def test_per_file_ignores_silence_it(crashing: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (crashing / "pyproject.toml").write_text(
        '[tool.event-lint]\nper-file-ignores = {"app/bad.py" = ["EL903"]}\n'
    )
    assert run(capsys) == (0, [])


def test_exit_zero_applies_to_it(crashing: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "--exit-zero") == (0, [EL903])
