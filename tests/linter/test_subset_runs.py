"""Pre-commit runs on a few files give the answers a full run gives for those files:
the rest of the project is context (the modules a file imports, and the files that
import it), and a finding caused in another file is reported at the use too."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from event_lint.config import Config, load_config
from event_lint.linter.engine import LintOptions, lint_paths
from event_lint.registry import Registry

REPO = Path(__file__).resolve().parents[2]
OPTIONS = LintOptions(use_cache=False, jobs=1)


def findings(config: Config, paths: list[Path], registry: Registry | None = None) -> list[str]:
    result = lint_paths(paths, config, registry, OPTIONS)
    return [
        f"{d.path}:{d.span.line}:{d.span.col}: {d.code} {d.message}" for d in result.diagnostics
    ]


def located_in(lines: list[str], rel: str) -> list[str]:
    return [line for line in lines if line.startswith(f"{rel}:")]


def each_file_alone_as_in_the_full_run(
    root: Path, config: Config, registry: Registry | None = None
) -> None:
    full = findings(config, [root], registry)
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(Path.cwd()).as_posix()
        assert findings(config, [path], registry) == located_in(full, rel), rel


def test_each_file_of_the_example_app_alone_finds_what_the_full_run_finds_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(REPO / "examples", tmp_path / "examples")
    shutil.copytree(REPO / "schemas", tmp_path / "schemas")
    (tmp_path / ".git").mkdir()  # a checkout: examples/ may read ../schemas
    monkeypatch.chdir(tmp_path / "examples")
    config = load_config(Path.cwd())
    assert config.registry is not None
    each_file_alone_as_in_the_full_run(
        Path("app").resolve(), config, Registry.load(config.registry)
    )


def test_a_misnamed_constant_is_reported_at_its_use_in_the_named_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(
        tmp_path,
        {
            "medibook/__init__.py": "",
            "medibook/event_names.py": 'WAITLIST_JOINED = "appointment/waitlistJoined"\n',
            "medibook/bookings.py": (
                "import inngest\n\nfrom medibook.event_names import WAITLIST_JOINED\n\n"
                'client = inngest.Inngest(app_id="medibook")\n\n\n'
                "def join() -> None:\n"
                "    client.send_sync(inngest.Event(name=WAITLIST_JOINED))\n"
            ),
        },
    )
    monkeypatch.chdir(tmp_path)
    config = Config(root=tmp_path)
    message = 'EL101 Event name "appointment/waitlistJoined" is not domain/noun.verb'
    assert findings(config, [Path("medibook/bookings.py")]) == [
        f"medibook/bookings.py:9:41: {message}; use"
        ' "appointment/waitlist.joined" (defined at medibook/event_names.py:1)'
    ]
    assert findings(config, [Path("medibook/event_names.py")]) == [
        f'medibook/event_names.py:1:19: {message}; use "appointment/waitlist.joined"'
    ]


def test_a_constant_sent_by_a_file_without_inngest_words_is_reported_in_its_module(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """flows.py never says "inngest": a full run parses it because it names the client that
    client.py binds. Named alone, names.py still gets the finding: the importer is parsed
    on its marker, since client.py is not in the run to vouch for it."""
    write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/client.py": 'import inngest\n\nclient = inngest.Inngest(app_id="x")\n',
            "app/events.py": "import inngest\n\nEvt = inngest.Event\n",
            "app/names.py": 'NAME = "shop/orderPlaced"\n',
            "app/flows.py": (
                "from app.client import client\nfrom app.events import Evt\n"
                "from app.names import NAME\n\n\n"
                "def go() -> None:\n    client.send_sync(Evt(name=NAME))\n"
            ),
        },
    )
    monkeypatch.chdir(tmp_path)
    config = Config(root=tmp_path)
    expected = [
        'app/names.py:1:8: EL101 Event name "shop/orderPlaced" is not domain/noun.verb;'
        ' use "shop/order.placed"'
    ]
    assert located_in(findings(config, [tmp_path / "app"]), "app/names.py") == expected
    assert findings(config, [Path("app/names.py")]) == expected
    cached = LintOptions(use_cache=True, jobs=1)  # the cache knows which modules are anchored
    for paths in ([tmp_path / "app"], [Path("app/names.py")], [Path("app/names.py")]):
        result = lint_paths(paths, config, None, cached)
        shown = [
            f"{d.path}:{d.span.line}:{d.span.col}: {d.code} {d.message}" for d in result.diagnostics
        ]
        assert located_in(shown, "app/names.py") == expected


# -- generated projects ---------------------------------------------------------------

GOOD, BAD = "shop/order.placed", "shop/orderPlaced"

name_value = st.sampled_from([GOOD, BAD, "Order Placed"])
use = st.sampled_from(["send", "trigger", "wait", "helper", "plain"])


@st.composite
def projects(draw: st.DrawFn) -> dict[str, str]:
    """A package with names (some re-exported through ``__init__``), a client module,
    helpers that build events, and modules that send, trigger and wait on them."""
    count = draw(st.integers(min_value=1, max_value=4))
    names = [draw(name_value) for _ in range(count)]
    files = {
        "shop/__init__.py": "from shop.names import NAME_0\n",
        "shop/names.py": "".join(f'NAME_{i} = "{value}"\n' for i, value in enumerate(names)),
        "shop/client.py": 'import inngest\n\nclient = inngest.Inngest(app_id="shop")\n',
        "shop/events.py": "import inngest\n\nEvt = inngest.Event\n",
        "shop/helpers.py": (
            "import inngest\n\nfrom shop.names import NAME_0\n\n\n"
            "def placed() -> inngest.Event:\n    return inngest.Event(name=NAME_0)\n"
        ),
    }
    for module in range(draw(st.integers(min_value=1, max_value=3))):
        kind = draw(use)
        name = f"NAME_{draw(st.integers(min_value=0, max_value=count - 1))}"
        if kind == "plain":  # no word of Inngest's: parsed for its client's name alone
            files[f"shop/flows/mod_{module}.py"] = (
                "from shop.client import client\nfrom shop.events import Evt\n"
                f"from shop.names import {name}\n\n\n"
                f"def go() -> None:\n    client.send_sync(Evt(name={name}))\n"
            )
            continue
        lines = ["import inngest", "", "from shop import NAME_0", "from shop.client import client"]
        lines += ["from shop.helpers import placed", "from shop.names import *  # noqa", ""]
        lines += [f"from shop.names import NAME_{i}" for i in range(count)]
        trigger = name if kind == "trigger" else '"shop/order.paid"'
        lines += [
            "",
            f'@client.create_function(fn_id="f{module}",',
            f"    trigger=inngest.TriggerEvent(event={trigger}))",
            "async def handle(ctx: inngest.Context) -> None:",
        ]
        if kind == "send":
            lines.append(f"    client.send_sync(inngest.Event(name={name}))")
        elif kind == "wait":
            lines.append(f'    await ctx.step.wait_for_event("w", event={name}, timeout=1)')
        else:
            lines.append("    await client.send(placed())")
        files[f"shop/flows/mod_{module}.py"] = "\n".join(lines) + "\n"
    return files


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(files=projects())
def test_each_file_of_a_generated_project_alone_finds_what_the_full_run_finds_there(
    files: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> None:
    root = tmp_path_factory.mktemp("project")
    write(root, files)
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        each_file_alone_as_in_the_full_run(root / "shop", Config(root=root))


def test_a_deprecated_generated_class_is_reported_at_each_use(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/events.py": (
                "import typing\n\nimport pydantic\n\n\n"
                "class ExamSubmittedV1(pydantic.BaseModel):\n"
                '    name: typing.ClassVar[str] = "exam/submitted"\n'
                '    v: typing.ClassVar[str] = "1"\n'
            ),
            "app/send.py": (
                "import inngest\n\nfrom app.events import ExamSubmittedV1\n\n"
                'client = inngest.Inngest(app_id="x")\n\n\n'
                "def go() -> None:\n"
                "    client.send_sync(ExamSubmittedV1(data={}).to_event())\n"
                "    client.send_sync(ExamSubmittedV1(data={}).to_event())\n"
            ),
        },
    )
    shutil.copytree(REPO / "schemas", tmp_path / "schemas")
    monkeypatch.chdir(tmp_path)
    registry = Registry.load(tmp_path / "schemas")
    deprecated = [
        line
        for line in findings(Config(root=tmp_path), [Path("app/send.py")], registry)
        if " EL603 " in line
    ]
    message = 'EL603 Event "exam/submitted" version "1" is deprecated (latest: "2")'
    assert deprecated == [
        f"app/send.py:9:22: {message} (defined at app/events.py:8)",
        f"app/send.py:10:22: {message} (defined at app/events.py:8)",
    ]
