"""A finding repeated at its uses in other files ("(defined at ...)") follows the
suppression of its cause: silenced where it is written, it is silenced at every use;
a comment at one use silences only that use."""

from __future__ import annotations

from pathlib import Path

import pytest

from event_lint.config import Config
from event_lint.linter.engine import LintOptions, lint_paths

MESSAGE = (
    'EL101 Event name "appointment/waitlistJoined" is not domain/noun.verb;'
    ' use "appointment/waitlist.joined"'
)
ECHO = f"{MESSAGE} (defined at medibook/event_names.py:1)"


def sender(comment: str = "") -> str:
    return (
        "import inngest\n\nfrom medibook.event_names import WAITLIST_JOINED\n\n"
        'client = inngest.Inngest(app_id="medibook")\n\n\n'
        "def join() -> None:\n"
        f"    client.send_sync(inngest.Event(name=WAITLIST_JOINED)){comment}\n"
    )


def write(root: Path, names_comment: str = "", booking_comment: str = "") -> None:
    files = {
        "medibook/__init__.py": "",
        "medibook/event_names.py": (
            f'WAITLIST_JOINED = "appointment/waitlistJoined"{names_comment}\n'
        ),
        "medibook/bookings.py": sender(booking_comment),
        "medibook/waitlist.py": sender(),
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)


def findings(config: Config, *paths: str) -> list[str]:
    options = LintOptions(use_cache=False, jobs=1)
    result = lint_paths([Path(p) for p in paths], config, None, options)
    return [
        f"{d.path}:{d.span.line}:{d.span.col}: {d.code} {d.message}" for d in result.diagnostics
    ]


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_without_a_comment_the_cause_and_every_use_are_reported(root: Path) -> None:
    write(root)
    assert findings(Config(root=root), ".") == [
        f"medibook/bookings.py:9:41: {ECHO}",
        f"medibook/event_names.py:1:19: {MESSAGE}",
        f"medibook/waitlist.py:9:41: {ECHO}",
    ]


@pytest.mark.parametrize("comment", ["  # noqa: EL101", "  # noqa", "  # event-lint: ignore"])
def test_a_noqa_at_the_definition_silences_its_uses(root: Path, comment: str) -> None:
    write(root, names_comment=comment)
    config = Config(root=root)
    assert findings(config, ".") == []
    assert findings(config, "medibook/bookings.py") == []  # the pre-commit run agrees


def test_a_noqa_for_another_code_at_the_definition_silences_nothing(root: Path) -> None:
    write(root, names_comment="  # noqa: EL102")
    assert findings(Config(root=root), "medibook/bookings.py") == [
        f"medibook/bookings.py:9:41: {ECHO}"
    ]


def test_a_noqa_at_a_use_silences_only_that_use(root: Path) -> None:
    write(root, booking_comment="  # noqa: EL101")
    config = Config(root=root)
    assert findings(config, ".") == [
        f"medibook/event_names.py:1:19: {MESSAGE}",
        f"medibook/waitlist.py:9:41: {ECHO}",
    ]
    assert findings(config, "medibook/bookings.py") == []


def test_per_file_ignores_of_the_definition_silence_its_uses(root: Path) -> None:
    write(root)
    config = Config(root=root, per_file_ignores=(("medibook/event_names.py", ("EL101",)),))
    assert findings(config, ".") == []
    assert findings(config, "medibook/waitlist.py") == []


def test_per_file_ignores_of_a_use_silence_only_that_use(root: Path) -> None:
    write(root)
    config = Config(root=root, per_file_ignores=(("medibook/bookings.py", ("EL1",)),))
    assert findings(config, ".") == [
        f"medibook/event_names.py:1:19: {MESSAGE}",
        f"medibook/waitlist.py:9:41: {ECHO}",
    ]
