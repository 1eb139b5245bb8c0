"""Memory: the model is resolved and checked a chunk of files at a time (the findings
must be the same as with one model of the whole tree, whatever the chunk size), and a
run leaves nothing behind for the cycle collector, which it keeps off."""

from __future__ import annotations

import gc
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from event_lint.config import load_config
from event_lint.diagnostics import Diagnostic
from event_lint.linter import engine
from event_lint.linter import rules as rules_package
from event_lint.linter.engine import LintOptions, LintResult, lint_paths
from event_lint.linter.rules.base import Rule, RuleContext
from event_lint.registry import Registry

from .conftest import Lint, Write, codes

REPO = Path(__file__).resolve().parents[2]

# An event built by a helper in one module and sent by a function in another: the
# helper's module sorts first, so with one file per chunk they are resolved apart.
CROSS_MODULE = {
    "app/__init__.py": "",
    "app/a_helpers.py": (
        "import uuid\n"
        "import inngest\n"
        "def paid_event(invoice_id: str) -> inngest.Event:\n"
        '    return inngest.Event(name="Invoice Paid", id=str(uuid.uuid4()))\n'
    ),
    "app/b_client.py": 'import inngest\nclient = inngest.Inngest(app_id="x")\n',
    "app/c_functions.py": (
        "import inngest\n"
        "from app.a_helpers import paid_event\n"
        "from app.b_client import client\n"
        '@client.create_function(fn_id="f", trigger=inngest.TriggerEvent(event="a/b.c"))\n'
        "async def handler(ctx: inngest.Context) -> None:\n"
        '    await client.send(paid_event(ctx.event.data["id"]))\n'
    ),
}


def lint_examples(tmp_path: Path, chunk: int, monkeypatch: pytest.MonkeyPatch) -> LintResult:
    shutil.copytree(REPO / "examples", tmp_path / "examples")
    shutil.copytree(REPO / "schemas", tmp_path / "schemas")
    (tmp_path / ".git").mkdir()  # a checkout: examples/ may read ../schemas
    monkeypatch.chdir(tmp_path / "examples")
    monkeypatch.setattr(engine, "_MODEL_CHUNK", chunk)
    config = load_config(Path.cwd())
    options = LintOptions(use_cache=False, jobs=1, keep_project=True)
    return lint_paths([Path("app")], config, lambda: Registry.load(config.registry), options)


def planted(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """The findings at their cause, without their copies at uses in other files."""
    return [d for d in diagnostics if "(defined at " not in d.message]


def test_one_file_per_chunk_finds_what_one_model_finds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = lint_examples(tmp_path / "whole", 10_000, monkeypatch)
    chunked = lint_examples(tmp_path / "chunked", 1, monkeypatch)
    assert len(planted(whole.diagnostics)) == 9  # the demo's planted mistakes
    assert chunked.diagnostics == whole.diagnostics
    assert chunked.project == whole.project


def test_an_event_built_in_another_chunk_is_reported_once(
    project: Write, lint: Lint, monkeypatch: pytest.MonkeyPatch
) -> None:
    project(CROSS_MODULE)
    whole = codes(lint())
    monkeypatch.setattr(engine, "_MODEL_CHUNK", 1)
    chunked = codes(lint())
    assert chunked == whole
    assert chunked == [
        ("app/a_helpers.py", 4, "EL101"),  # the bad name, at the helper
        ("app/a_helpers.py", 4, "EL203"),  # a random id: it is sent from a function
        ("app/c_functions.py", 6, "EL501"),  # client.send in a function
    ]


class Boom(Rule):
    code, name = "EL998", "boom"

    def check(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        raise ValueError("kaput")


def test_a_crashing_rule_is_reported_once_not_once_per_chunk(
    project: Write, lint: Lint, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rules_package, "all_rules", lambda: (Boom,))
    monkeypatch.setattr(engine, "_MODEL_CHUNK", 1)
    project(CROSS_MODULE)
    result = lint()
    assert result.internal_errors
    assert [(d.path, d.code) for d in result.diagnostics] == [("app/a_helpers.py", "EL903")]


def test_without_keep_project_the_model_is_not_kept(project: Write) -> None:
    root = project(CROSS_MODULE)
    config = load_config(root)
    result = lint_paths([root], config, None, LintOptions(use_cache=False, jobs=1))
    assert result.project is None
    assert result.diagnostics  # the rules still ran


def test_a_whole_run_leaves_no_garbage_cycles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Extraction, resolution in chunks and every rule, on the example app: what the
    run builds is freed by reference counting alone."""
    lint_examples(tmp_path / "warm", 1, monkeypatch)  # first imports leave their own garbage
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        result = lint_examples(tmp_path / "measured", 1, monkeypatch)
        gc.collect()
        assert gc.garbage == []
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
    assert len(planted(result.diagnostics)) == 9
