"""Repository layouts people use: the module an import means is found the way Python
(and ruff, mypy) find it, so a constant, a client or a function in another module of
the same application is seen, and one application never sees another's modules."""

from __future__ import annotations

from pathlib import Path

import pytest

from event_lint.config import Config
from event_lint.linter.engine import LintOptions, lint_paths

CLIENT = 'import inngest\n\ninngest_client = inngest.Inngest(app_id="{}")\n'
SEND_ORDER = """\
from app.client import inngest_client
from app.names import ORDER


def place() -> None:
    inngest_client.send_sync({"name": ORDER})
"""

# Each layout of docs/layouts.md, in one repository.
LAYOUTS: dict[str, str] = {
    # An application in a subfolder (backend/ is its root), with a namespace package
    # (workflows/ has no __init__.py) imported absolutely and relatively.
    "backend/app/__init__.py": "",
    "backend/app/client.py": CLIENT.format("backend"),
    "backend/app/workflows/events.py": 'CALL_UPLOADED = "call/Uploaded"\n',
    "backend/app/routes.py": """\
import inngest

from app.client import inngest_client
from app.workflows.events import CALL_UPLOADED


def upload() -> None:
    inngest_client.send_sync(inngest.Event(name=CALL_UPLOADED))
""",
    "backend/app/workflows/jobs.py": """\
import inngest

from ..client import inngest_client


@inngest_client.create_function(fn_id="transcribe", trigger=inngest.TriggerEvent(event="a/b.c"))
async def transcribe(ctx: inngest.Context) -> None:
    await inngest_client.send(inngest.Event(name="call/transcript.ready"))
""",
    # Two roots in one repository with the same module names: each resolves within
    # its own application (the worker's "client" is not an Inngest client).
    "services/api/app/__init__.py": "",
    "services/api/app/client.py": CLIENT.format("api"),
    "services/api/app/names.py": 'ORDER = "order/Placed"\n',
    "services/api/app/orders.py": SEND_ORDER,
    "services/worker/app/__init__.py": "",
    "services/worker/app/client.py": (
        "class Mailer:\n    def send_sync(self, message: object) -> None: ...\n\n\n"
        "inngest_client = Mailer()\n"
    ),
    "services/worker/app/names.py": 'ORDER = "order/item.placed"\n',
    "services/worker/app/orders.py": SEND_ORDER,
    # A package named inngest inside an application: `import inngest` is the SDK.
    "app/__init__.py": "",
    "app/inngest/__init__.py": "",
    "app/inngest/client.py": 'import inngest\n\nclient = inngest.Inngest(app_id="local")\n',
    "app/inngest/functions.py": """\
import inngest

from .client import client


@client.create_function(fn_id="greet", trigger=inngest.TriggerEvent(event="Greet"))
async def greet(ctx: inngest.Context) -> None:
    await client.send(inngest.Event(name="app/user.greeted"))
""",
    # Example apps, each with a top-level src/inngest package (the SDK's own examples):
    # the same module names twice, and a local `inngest` next to the SDK.
    "examples/one/app.py": (
        "from src.inngest import client\nfrom src.inngest.functions import hello\n\n"
        'client.inngest_client.send_sync({"name": "one/app.started"})\n'
    ),
    "examples/one/src/inngest/__init__.py": "from . import client\n",
    "examples/one/src/inngest/client.py": CLIENT.format("one"),
    "examples/one/src/inngest/functions.py": """\
import inngest

from . import client


@client.inngest_client.create_function(fn_id="hi", trigger=inngest.TriggerEvent(event="hi"))
async def hello(ctx: inngest.Context) -> str:
    return "Hello world!"
""",
    "examples/two/app.py": "from src.inngest.functions import hello\n\nhello()\n",
    "examples/two/src/inngest/__init__.py": "",
    "examples/two/src/inngest/client.py": CLIENT.format("two"),
    "examples/two/src/inngest/functions.py": """\
from .client import inngest_client


def hello() -> None:
    inngest_client.send_sync([{"name": "two/hello.sent"}])
""",
    # A package that re-exports from itself, in a cycle.
    "pkg/__init__.py": "from pkg import client\nfrom pkg.client import inngest_client\n",
    "pkg/client.py": (
        "import inngest\n\nfrom pkg import inngest_client\n\n"
        'inngest_client = inngest.Inngest(app_id="pkg")\n'
    ),
    "pkg/send.py": """\
import inngest

from pkg import client, inngest_client


def go() -> None:
    inngest_client.send_sync(inngest.Event(name="pkg/Sent"))
    client.inngest_client.send_sync(inngest.Event(name="Sent"))
""",
}

EXPECTED = [
    "app/inngest/functions.py:6:75: EL101",
    "app/inngest/functions.py:8:11: EL501",
    "backend/app/routes.py:8:49: EL101",  # the constant's use, through the namespace package
    "backend/app/workflows/events.py:1:17: EL101",
    "backend/app/workflows/jobs.py:8:11: EL501",
    "examples/one/app.py:4:33: EL402",  # through the local package's own `from . import`
    "examples/one/src/inngest/functions.py:6:87: EL101",
    "examples/two/src/inngest/functions.py:5:31: EL402",
    "pkg/send.py:7:49: EL101",
    "pkg/send.py:8:56: EL101",
    "services/api/app/names.py:1:9: EL101",
    "services/api/app/orders.py:6:30: EL402",
    "services/api/app/orders.py:6:39: EL101",  # its own app's ORDER, not the worker's
]


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def findings(root: Path, *paths: str, src: tuple[str, ...] = ()) -> list[str]:
    config = Config(root=root, src=src)
    result = lint_paths(
        [root / p for p in paths or ["."]], config, None, LintOptions(use_cache=False, jobs=1)
    )
    return [f"{d.path}:{d.span.line}:{d.span.col}: {d.code}" for d in result.diagnostics]


@pytest.fixture
def repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    write(tmp_path, LAYOUTS)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_every_layout_resolves_within_its_own_application(repository: Path) -> None:
    assert findings(repository) == EXPECTED


def test_a_root_found_by_src_when_inference_cannot_tell(repository: Path) -> None:
    write(
        repository,
        {
            "lib/common/names.py": CLIENT.format("tools") + 'REPORT = "Report"\n',
            "tools/scripts/run.py": (
                "import inngest\n\nfrom common.names import REPORT, inngest_client\n\n"
                "inngest_client.send_sync(inngest.Event(name=REPORT))\n"
            ),
        },
    )
    assert findings(repository, "lib", "tools") == []  # common.names is nowhere to be seen
    assert findings(repository, "lib", "tools", src=("lib", ".")) == [
        "lib/common/names.py:4:10: EL101",
        "tools/scripts/run.py:5:45: EL101",
    ]
