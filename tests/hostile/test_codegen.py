"""Codegen on a registry a stranger wrote: the module it writes always imports (warnings are
errors), type-checks, lints clean, and its classes still keep payloads exactly."""

from __future__ import annotations

import json
import keyword
import os
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any

import pydantic
import pytest
from codegen.codegen_sources import MappingSource
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from event_lint.codegen import generate_module
from hostile.repo import TIME_LIMIT, build, event_registry, snapshot

BIN = Path(sys.executable).parent
REPO = Path(__file__).resolve().parents[2]

HOSTILE_TEXT = 'He said """hi""" \\ and \x00 NUL, \x1b esc, \u2028 sep, ends with "'
HOSTILE_KEYS = [
    "model_dump",
    "model_config",
    "class",
    "__class__",
    "fooBar",
    "foo_bar",
    "foo-bar",
    "",
    "payload",
    "str",
    "int",
    "copy",
    "1st",
    "a\x00b",
    "Integer",
    "DataModel",
    "_SCHEMAS",
    "quote\"key'",
]
LONG_PATTERN = "^(" + "a" * 60 + "|" + "b" * 60 + ")$"
PAYLOAD = {
    **{key: "x" for key in HOSTILE_KEYS},
    "class": 1,
    "__class__": 2,
    "int": 3,
    "Integer": {"x": 1},
    "quote\"key'": "a\x00",
    "money": {"cents": 5},
    "pat": "a" * 60,
    "big": 2**70,
}


def hostile_schema() -> dict[str, Any]:
    properties: dict[str, Any] = {key: {"type": "string"} for key in HOSTILE_KEYS}
    properties.update(
        {
            "class": {"type": "integer", "description": HOSTILE_TEXT},
            "__class__": {"type": "integer", "description": "back\\"},
            "int": {"type": "integer"},
            "Integer": {"$ref": "#/$defs/Integer"},
            "quote\"key'": {"enum": ["a\x00", '"', "'\"'"]},
            "money": {"$ref": "../../_defs/2money.json"},
            "pat": {"type": "string", "pattern": LONG_PATTERN},
            "big": {"type": "number", "maximum": 1e308, "minimum": -1e308},
        }
    )
    return {
        "type": "object",
        "description": HOSTILE_TEXT,
        "title": '"',
        "properties": properties,
        "$defs": {"Integer": {"type": "object", "properties": {"x": {"type": "integer"}}}},
    }


def hostile_repo(root: Path) -> Path:
    money = {"type": "object", "description": 'ends with "', "properties": {"cents": {}}}
    plain = {"type": "object", "properties": {"x": {"type": "string"}}}
    return build(
        root,
        {
            "pyproject.toml": "[tool.event-lint]\nregistry = \"schemas\"\nname-pattern = '^.+$'\n",
            "schemas/_defs/2money.json": json.dumps(money),
            "schemas/1abc/2x.y/1.json": json.dumps(hostile_schema()),
            # Two names that become the same class name, ABCDV1.
            "schemas/a/b.c-d/1.json": json.dumps(plain),
            "schemas/a/b.c_d/1.json": json.dumps(plain),
            "app/.keep": "",
        },
    )


def python(cwd: Path, code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-W", "error", "-c", code],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=TIME_LIMIT,
        check=False,
    )


def test_a_hostile_registry_generates_a_module_that_imports_and_keeps_payloads(
    tmp_path: Path,
) -> None:
    root = hostile_repo(tmp_path)
    before = snapshot(root)
    result = event_registry(root, "codegen", "--out", "app/events.py")
    assert (result.returncode, result.stdout, result.stderr) == (0, "app/events.py: written\n", "")
    assert snapshot(root) - before == {root / "app/events.py"}
    check = f"""
import events
payload = {PAYLOAD!r}
event = events.Event1abc2xYV1(data=payload).to_event()
assert event.name == "1abc/2x.y" and event.data == payload, event.data
data = events.Event1abc2xYV1Data.model_validate(payload)
assert (data.field_model_dump, data.class_, data.class__, data.int_) == ("x", 1, 2, 3)
assert (data.foo_bar, data.foo_bar_, data.foo_bar__) == ("x", "x", "x")
assert data.integer.x == 1 and data.money.cents == 5 and data.big == 2**70
assert events.ABCDV1.name == "a/b.c-d" and events.ABCDV1_2.name == "a/b.c_d"
assert "ends with \\"" in events.Event1abc2xYV1Data.__doc__
for bad in ({{**payload, "class": "1"}}, {{**payload, "pat": "c"}}, {{**payload, "big": 1e309}}):
    try:
        events.Event1abc2xYV1(data=bad)
    except Exception as exc:
        assert type(exc).__name__ == "ValidationError", exc
    else:
        raise AssertionError(bad)
"""
    run = python(root / "app", check)
    assert (run.returncode, run.stderr) == (0, ""), run.stderr
    assert_tools_pass(root / "app/events.py")


def assert_tools_pass(path: Path) -> None:
    mypy = subprocess.run(
        [BIN / "mypy", "--strict", "--no-incremental", str(path)],
        capture_output=True,
        text=True,
        cwd=path.parent,
        env={**os.environ, "MYPYPATH": str(REPO)},
        timeout=TIME_LIMIT,
    )
    assert mypy.returncode == 0, mypy.stdout
    for command in (
        ["check", "--isolated", "--select", "E,F,W,I,B,UP,SIM,RUF"],
        ["format", "--isolated", "--check", "--diff"],
    ):
        ruff = subprocess.run(
            [BIN / "ruff", *command, str(path)], capture_output=True, text=True, timeout=TIME_LIMIT
        )
        assert ruff.returncode == 0, ruff.stdout + ruff.stderr


def import_text(text: str, name: str) -> dict[str, Any]:
    """Run the module's text with every warning an error (pydantic warns on shadowed names)."""
    module = type(sys)(name)
    sys.modules[name] = module  # pydantic resolves postponed annotations through it
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            exec(compile(text, f"<{name}>", "exec"), module.__dict__)
    finally:
        del sys.modules[name]
    return dict(module.__dict__)


def test_lone_surrogates_and_non_finite_numbers_still_import() -> None:
    """The loader refuses both in files; the generator stays safe for any registry source."""
    schema = {
        "type": "object",
        "description": "lone \ud800 surrogate",
        "properties": {
            "\udc00": {"type": "string"},
            "e": {"enum": ["\ud800", "ok", 1.5, None]},
            "n": {"type": "number", "maximum": float("nan"), "minimum": float("-inf")},
            "k": {"const": float("inf")},
        },
    }
    text = generate_module(MappingSource({"a/b.c": {"1": schema}}))
    module = import_text(text, "surrogates")
    data = module["ABCV1Data"].model_validate({"\udc00": "s", "e": "\ud800"})
    assert data.payload == {"\udc00": "s", "e": "\ud800"}


names = st.from_regex(r"[a-z0-9]{1,6}/[a-z0-9]{1,6}(\.[a-z0-9_-]{1,6}){1,2}", fullmatch=True)
keys = st.one_of(
    st.text(max_size=12),
    st.sampled_from([*keyword.kwlist, *dir(object), "model_dump", "payload", "Integer", ""]),
)
texts = st.text(max_size=40)


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    events=st.dictionaries(
        names, st.tuples(st.dictionaries(keys, texts, max_size=6), texts), min_size=1, max_size=3
    )
)
def test_any_names_keys_and_descriptions_give_a_module_that_imports(
    events: dict[str, tuple[dict[str, str], str]],
) -> None:
    registry = {
        name: {
            "1": {
                "type": "object",
                "description": doc,
                "properties": {k: {"type": "string", "description": d} for k, d in props.items()},
            }
        }
        for name, (props, doc) in events.items()
    }
    text = generate_module(MappingSource(registry))
    compile(text, "<generated>", "exec")
    module = import_text(text, "fuzzed_events")
    for name, (props, _doc) in events.items():
        cls = next(
            c for c in module.values() if isinstance(c, type) and getattr(c, "name", None) == name
        )
        payload = {k: "v" for k in props}
        assert cls(data=payload).to_event().data == payload


def test_boolean_and_typeless_roots_still_import() -> None:
    versions: dict[str, Any] = {"1": True, "2": {"anyOf": [{"type": "object"}]}, "3": False}
    module = import_text(generate_module(MappingSource({"a/b.c": versions})), "roots")
    assert module["ABCV1"](data={"x": 1}).to_event().data == {"x": 1}
    assert module["ABCV2"](data={}).to_event().data == {}
    with pytest.raises(pydantic.ValidationError):
        module["ABCV3"](data={})


def test_codegen_replaces_a_committed_symlink_and_reads_no_device(tmp_path: Path) -> None:
    """A pull request that commits app/events.py as a link: --check refuses a link to a
    device in one line, and writing replaces the link, never its target."""
    from hostile.repo import build, event_registry, snapshot

    repo = build(tmp_path / "repo", {"schemas/shop/order.placed/1.json": '{"type": "object"}'})
    (repo / "app").mkdir()
    (repo / "app" / "events.py").symlink_to("/dev/zero")
    check = event_registry(repo, "codegen", "--check", "--out", "app/events.py")
    assert check.returncode == 2, check.stderr
    assert check.stderr == "event-registry: error: app/events.py: cannot read: not a regular file\n"

    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "bashrc").write_text("keep\n")
    (repo / "app" / "events.py").unlink()
    (repo / "app" / "events.py").symlink_to(outside / "bashrc")
    before = snapshot(outside)
    written = event_registry(repo, "codegen", "--out", "app/events.py")
    assert written.returncode == 0, written.stderr
    assert (outside / "bashrc").read_text() == "keep\n"
    assert snapshot(outside) == before
    assert not (repo / "app" / "events.py").is_symlink()
