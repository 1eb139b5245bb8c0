"""The performance invariants of a pre-commit run, held by tests rather than by memory:
``event-lint`` on files with no Inngest code never imports libcst (the parse),
jsonschema or the registry, and the libcst it runs with is one the pin allows."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest
from packaging.requirements import Requirement

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

REPO = Path(__file__).resolve().parents[2]
EXPENSIVE = ("libcst", "jsonschema", "event_lint.registry")
# Runs the console script's own ``main`` in a fresh interpreter, then says which of the
# expensive modules were imported and the exit code, as JSON on the last line of stderr.
PROBE = """
import json, sys
from event_lint.cli.lint import main
try:
    main(sys.argv[2:])
except SystemExit as done:
    code = done.code
else:
    code = 0
loaded = [name for name in json.loads(sys.argv[1]) if name in sys.modules]
print(json.dumps({"code": code, "loaded": loaded}), file=sys.stderr)
"""
CONFIG = '[tool.event-lint]\nregistry = "schemas"\n'
SCHEMA = '{"type": "object", "description": "An invoice was paid."}\n'
PLAIN = "import json\n\n\ndef total(items: list[int]) -> str:\n    return json.dumps(sum(items))\n"
INNGEST = (
    "import inngest\n\nclient = inngest.Inngest(app_id='shop')\n"
    "client.send_sync(inngest.Event(name='billing/invoice.paid'))\n"
)


def _project(tmp_path: Path, source: str) -> Path:
    (tmp_path / "pyproject.toml").write_text(CONFIG)
    (tmp_path / "schemas" / "billing" / "invoice.paid").mkdir(parents=True)
    (tmp_path / "schemas" / "billing" / "invoice.paid" / "1.json").write_text(SCHEMA)
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "util.py").write_text(source)
    return tmp_path


def _probe(cwd: Path, *args: str, watched: tuple[str, ...] = EXPENSIVE) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(watched), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    result: dict[str, object] = json.loads(done.stderr.splitlines()[-1])
    return result


@pytest.mark.parametrize("cache", [(), ("--no-cache",)], ids=["cache", "no-cache"])
def test_a_file_without_inngest_code_imports_nothing_expensive(
    tmp_path: Path, cache: tuple[str, ...]
) -> None:
    project = _project(tmp_path, PLAIN)
    assert _probe(project, *cache, "app/util.py") == {"code": 0, "loaded": []}
    assert _probe(project, *cache, "app/util.py") == {"code": 0, "loaded": []}  # warm


def test_the_probe_sees_the_imports_when_there_is_inngest_code(tmp_path: Path) -> None:
    project = _project(tmp_path, INNGEST)
    assert _probe(project, "--no-cache", "app/util.py") == {
        "code": 0,
        "loaded": list(EXPENSIVE),
    }


def test_inngest_code_without_a_registry_never_imports_jsonschema(tmp_path: Path) -> None:
    """With no registry the registry rules are off, so the payload check (jsonschema,
    ~50 ms) is never loaded; the rules that report its findings load without it."""
    (tmp_path / "pyproject.toml").write_text("[tool.event-lint]\n")
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "util.py").write_text(INNGEST)
    watched = ("libcst", "jsonschema", "referencing", "event_lint.registry")
    assert _probe(tmp_path, "--no-cache", "app/util.py", watched=watched) == {
        "code": 0,
        "loaded": ["libcst"],
    }


@pytest.mark.parametrize(
    "flags",
    [(), ("--no-cache", "-q", "--output-format", "concise"), ("--jobs=1", "--exit-zero", "--diff")],
)
def test_a_run_with_the_common_flags_imports_neither_click_nor_the_parse(
    tmp_path: Path, flags: tuple[str, ...]
) -> None:
    """click costs a quarter of a pre-commit run on a file without Inngest code: ``main``
    parses paths and the common flags itself. Nothing is parsed, so neither the workers
    nor pickle are imported, nothing is found, so neither are the output formats, and
    nothing is written, so neither is tempfile."""
    project = _project(tmp_path, PLAIN)
    cheap = ("click", "pickle", "tempfile", "event_lint.linter.workers", "event_lint.cli.output")
    assert _probe(project, *flags, "app/util.py", watched=cheap) == {"code": 0, "loaded": []}


def test_the_other_options_still_go_through_click(tmp_path: Path) -> None:
    project = _project(tmp_path, PLAIN)
    assert _probe(project, "--select", "EL1", "app/util.py", watched=("click",)) == {
        "code": 0,
        "loaded": ["click"],
    }


def test_the_installed_libcst_is_one_the_pin_allows() -> None:
    """``positions.py`` subclasses libcst's private ``CodegenState``: the suite must run
    on a version inside pyproject.toml's range, which names the versions tested."""
    dependencies = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    pins = [Requirement(d) for d in dependencies["dependencies"]]
    libcst = next(pin for pin in pins if pin.name == "libcst")
    assert any(spec.operator == "<" for spec in libcst.specifier)
    assert libcst.specifier.contains(version("libcst"))
