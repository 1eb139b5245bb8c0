"""Hostile import graphs through the real ``event-lint``: packages that re-export from
themselves, long re-export chains, relative imports past the top, a package that takes
the SDK's name, odd ``src`` settings. The run ends, with findings or none, never with a
traceback."""

from __future__ import annotations

import subprocess
from pathlib import Path

from hostile.repo import assert_clean_failure, build, event_lint

SEND = 'client.send_sync(inngest.Event(name="Bad"))\n'


def assert_linted(done: subprocess.CompletedProcess[str], *lines: str) -> None:
    output = done.stdout + done.stderr
    assert "Traceback" not in output and "EL903" not in output, output
    assert done.stdout.splitlines() == list(lines), output
    assert done.returncode == (1 if lines else 0), output


def test_an_sdk_like_package_that_re_exports_from_itself(tmp_path: Path) -> None:
    # The shape of the SDK's own repository: the package is named inngest, its
    # __init__ star-imports its modules, which import names back from the package.
    build(
        tmp_path,
        {
            "inngest/__init__.py": (
                "from .client import *\nfrom ._internal import client_lib\n"
                "from inngest import Inngest, Event\n"
                "from inngest._internal.client_lib import Inngest\n"
            ),
            "inngest/client.py": "from inngest import Inngest\nfrom . import client\n",
            "inngest/_internal/__init__.py": "from inngest._internal import client_lib\n",
            "inngest/_internal/client_lib.py": (
                "from inngest import Event\nfrom inngest._internal import client_lib\n"
                "from .client_lib import Inngest\n\n\nclass Inngest:\n    pass\n"
            ),
            "examples/app.py": ("import inngest\n\nclient = inngest.Inngest(app_id='x')\n" + SEND),
        },
    )
    bad = 'examples/app.py:4:37: EL101 Event name "Bad" is not domain/noun.verb'
    assert_linted(event_lint(tmp_path, ".", "--no-cache", "--output-format", "concise"), bad)
    assert_linted(event_lint(tmp_path, "examples", "--no-cache", "--output-format", "concise"), bad)


def test_a_re_export_chain_longer_than_any_limit(tmp_path: Path) -> None:
    files = {f"pkg/m{i}.py": f"from pkg.m{i + 1} import NAME\n" for i in range(600)}
    files["pkg/__init__.py"] = ""
    files["pkg/m600.py"] = 'NAME = "Bad"\n'
    files["main.py"] = (
        "import inngest\n\nfrom pkg.m0 import NAME\n\nclient = inngest.Inngest(app_id='x')\n"
        "client.send_sync(inngest.Event(name=NAME))\n"
    )
    build(tmp_path, files)
    done = event_lint(tmp_path, ".", "--no-cache", "--output-format", "concise")
    output = done.stdout + done.stderr
    # followed as far as the resolver's depth limit, then cut: a finding or none, no crash
    assert "Traceback" not in output and "EL903" not in output, output
    assert done.returncode in (0, 1), output


def test_relative_imports_past_the_top(tmp_path: Path) -> None:
    build(
        tmp_path,
        {
            "top.py": "from ..... import client\nfrom ...x.y import NAME\nimport inngest\n" + SEND,
            "pkg/__init__.py": "from .... import client\n",
            "pkg/mod.py": "from ....... import *\nfrom .. import NAME\nimport inngest\n" + SEND,
        },
    )
    assert_linted(
        event_lint(tmp_path, ".", "--no-cache", "--output-format", "concise"),
        'pkg/mod.py:4:37: EL101 Event name "Bad" is not domain/noun.verb',
        'top.py:4:37: EL101 Event name "Bad" is not domain/noun.verb',
    )


def test_src_settings_that_point_nowhere_or_everywhere(tmp_path: Path) -> None:
    build(
        tmp_path,
        {
            "pyproject.toml": (
                '[tool.event-lint]\nsrc = ["missing", ".", "..", "/", "lib/../lib"]\n'
            ),
            "lib/names.py": 'NAME = "Bad"\n',
            "app.py": (
                "import inngest\n\nfrom names import NAME\n\nclient = inngest.Inngest(app_id='x')\n"
                "client.send_sync(inngest.Event(name=NAME))\n"
            ),
        },
    )
    assert_linted(
        event_lint(tmp_path, ".", "--no-cache", "--output-format", "concise"),
        'app.py:6:37: EL101 Event name "Bad" is not domain/noun.verb (defined at lib/names.py:1)',
        'lib/names.py:1:8: EL101 Event name "Bad" is not domain/noun.verb',
    )


def test_a_src_setting_that_is_not_a_list_of_strings(tmp_path: Path) -> None:
    build(tmp_path, {"pyproject.toml": '[tool.event-lint]\nsrc = "lib"\n', "a.py": ""})
    assert_clean_failure(event_lint(tmp_path, "."), "src must be a list of strings")
