"""The prefilter parses what can hold a send, and nothing else; it misses no send."""

from __future__ import annotations

import pytest

from event_lint.linter.prefilter import BindingMatcher, has_anchor, has_marker, imported_modules

from .conftest import Lint, Write, sends

CLIENT = 'import inngest\n\nclient = inngest.Inngest(app_id="shop")\n'


def test_anchors() -> None:
    for text in (b"import Inngest", b"x.send_event(", b"step.wait_for_event (", b"e.to_event()"):
        assert has_anchor(text), text
    assert has_anchor(b"from sdk import TriggerEvent")
    assert not has_anchor(b"sock.send(data)\nthreading.Event()\nself.resend_event = 1\n")
    assert not has_anchor(b"con.create_function('f', 1, f)\nif e.send_event: pass\n")


def test_markers() -> None:
    assert has_marker(b"c.send(x)") and has_marker(b"Event(name='a')")
    assert has_marker(b"@c.create_function(fn_id='f', trigger=cron)")
    assert not has_marker(b"print('hello')")


def test_binding_matcher_matches_whole_words_only() -> None:
    matcher = BindingMatcher({"client", "bus", "not an identifier"})
    assert matcher.names == {"client", "bus"}
    assert matcher.found(b"from app import client as c\nbus.send(x)") == {"client", "bus"}
    assert matcher.found(b"http_client.send(x); busy = 1; omnibus()") == frozenset()
    assert not BindingMatcher(set())


def test_imported_client_send_without_the_word_inngest_is_found(project: Write, lint: Lint) -> None:
    project(
        {
            "app/__init__.py": "from app.sdk import client\nfrom app.sdk import client as bus\n",
            "app/sdk.py": CLIENT,
            "app/orders.py": "from app import client as c\n\n\ndef paid(e):\n    c.send_sync(e)\n",
            "app/views.py": "from app import bus\n\n\nasync def paid(e):\n    await bus.send(e)\n",
            "app/plain.py": "import socket\n\n\ndef ping(s) -> None:\n    s.send(b'x')\n",
            "app/other.py": "def add(a, b):\n    return a + b\n",
        }
    )
    result = lint()
    assert sends(result) == [("app/orders.py", 5), ("app/views.py", 5)]
    assert result.files_checked == 6
    assert result.files_parsed == 4  # sdk, __init__ (re-exports), orders, views


def test_a_tree_without_inngest_parses_nothing(project: Write, lint: Lint) -> None:
    project(
        {"a.py": "import socket\nsocket.socket().send(b'x')\n", "b.py": "x = threading.Event()\n"}
    )
    result = lint()
    assert (result.files_checked, result.files_parsed, result.project, result.diagnostics) == (
        2,
        0,
        None,
        [],
    )


def test_an_explicit_file_that_may_send_through_an_import_is_parsed(
    project: Write, lint: Lint
) -> None:
    project(
        {
            "app/__init__.py": "",
            "app/client.py": CLIENT,
            "app/views.py": "from app.client import client as c\nc.send_sync(e)\n",
        }
    )
    result = lint("app/views.py")
    assert sends(result) == [("app/views.py", 2)]


def test_an_explicit_file_with_nothing_to_send_is_not_parsed(project: Write, lint: Lint) -> None:
    project({"util.py": "def add(a, b):\n    return a + b\n"})
    result = lint("util.py")
    assert (result.files_checked, result.files_parsed, result.diagnostics) == (1, 0, [])


@pytest.mark.parametrize(
    ("source", "module", "is_package", "expected"),
    [
        (
            b"from app.client import client\nimport os, app.names\n",
            "app.flows",
            False,
            {"app.client", "os", "app.names"},
        ),
        (
            b"from .client import client\nfrom .. import names\n",
            "app.sub.flows",
            False,
            {"app.sub.client", "app"},
        ),
        (b"from . import client\n", "app", True, {"app"}),
        (b"from ... import x\n", "app.flows", False, set()),  # past the top
        (b"x = 'from app.client import client'\n", "app.flows", False, set()),
    ],
)
def test_imported_modules_resolves_relative_imports(
    source: bytes, module: str, is_package: bool, expected: set[str]
) -> None:
    assert imported_modules(source, module, is_package) == expected
