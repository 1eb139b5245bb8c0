"""``max-call-depth``: how many modules deep ``event-lint`` follows an Inngest
function's calls (default 3), set in ``[tool.event-lint]``; a bad value is one line
and exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest
from commands import event_lint

CLIENT = 'import inngest\n\nclient = inngest.Inngest(app_id="clinic")\n'
SENDER = (
    "import inngest\n\nfrom clinic.client import client\n\n\n"
    "async def hop() -> None:\n"
    '    await client.send(inngest.Event(name="sms/message.queued"))\n'
)
FLOW = (
    "import inngest\n\nfrom clinic import m{top}\nfrom clinic.client import client\n\n\n"
    '@client.create_function(fn_id="booking", '
    'trigger=inngest.TriggerEvent(event="booking/slot.booked"))\n'
    "async def booking_flow(ctx: inngest.Context) -> None:\n"
    "    await m{top}.hop()\n"
)


def chain(root: Path, modules: int, settings: str) -> None:
    """``flows.py`` calls ``m{modules-1}.hop``, which calls the next module's, down to
    ``m0.hop``, which sends: the send is ``modules`` modules deep."""
    files = {
        "pyproject.toml": f"[tool.event-lint]\n{settings}",
        "clinic/__init__.py": "",
        "clinic/client.py": CLIENT,
        "clinic/m0.py": SENDER,
        "flows.py": FLOW.format(top=modules - 1),
    }
    for level in range(1, modules):
        files[f"clinic/m{level}.py"] = (
            f"from clinic import m{level - 1}\n\n\n"
            f"async def hop() -> None:\n    await m{level - 1}.hop()\n"
        )
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)


def el501(modules: int) -> str:
    through = "".join(f"`clinic.m{level}.hop()` <- " for level in range(1, modules))
    return (
        f"clinic/m0.py:7:11: EL501 `client.send()` in `clinic.m0.hop()`, called by {through}"
        "Inngest function `booking_flow`, runs again on every replay; "
        "use `ctx.step.send_event()` in the function\n"
    )


@pytest.mark.parametrize(
    ("settings", "modules", "found"),
    [
        ("", 3, True),  # the default: 3 modules deep
        ("", 4, False),
        ("max-call-depth = 5\n", 5, True),
        ("max-call-depth = 5\n", 6, False),
        ("max-call-depth = 1\n", 1, True),
        ("max-call-depth = 1\n", 2, False),
        ("max-call-depth = 0\n", 1, False),  # only the function's own module
    ],
)
def test_sends_are_followed_as_deep_as_the_setting_says(
    tmp_path: Path, settings: str, modules: int, found: bool
) -> None:
    chain(tmp_path, modules, settings)
    done = event_lint(tmp_path, ".")
    assert (done.returncode, done.stdout) == ((1, el501(modules)) if found else (0, ""))


def test_depth_0_still_follows_helpers_of_the_functions_own_module(tmp_path: Path) -> None:
    chain(tmp_path, 1, "max-call-depth = 0\n")
    flow = (tmp_path / "flows.py").read_text().replace("await m0.hop()", "await local()")
    local = (
        "\n\nasync def local() -> None:\n"
        '    await client.send(inngest.Event(name="sms/message.queued"))\n'
    )
    (tmp_path / "flows.py").write_text(flow + local)
    done = event_lint(tmp_path, ".")
    assert (done.returncode, done.stdout) == (
        1,
        "flows.py:13:11: EL501 `client.send()` in `local()`, called by Inngest function "
        "`booking_flow`, runs again on every replay; use `ctx.step.send_event()` in the "
        "function\n",
    )


@pytest.mark.parametrize(
    ("value", "shown"),
    [("-1", "-1"), ("2.5", "2.5"), ('"3"', "'3'"), ("true", "True"), ("[3]", "[3]")],
)
def test_a_bad_value_is_one_line_and_exit_2(tmp_path: Path, value: str, shown: str) -> None:
    chain(tmp_path, 1, f"max-call-depth = {value}\n")
    done = event_lint(tmp_path, ".")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        f"event-lint: error: {tmp_path / 'pyproject.toml'}: [tool.event-lint]: "
        f"max-call-depth must be a whole number, 0 or more, not {shown}\n"
    )
