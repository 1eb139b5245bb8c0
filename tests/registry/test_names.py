"""Event names that break ``name-pattern`` are schema-lint findings (SL303), never load
errors: a team's production names (``call/uploaded``) load, list, generate classes, and can
be kept with ``check-name = false``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from commands import event_registry

from .helpers import OBJECT_SCHEMA as S

DEFAULT = "(expected lowercase domain/noun.verb, e.g. billing/invoice.paid)"


def _sl303(name: str, expected: str = DEFAULT) -> str:
    return (
        f"{name}: SL303 event name {name!r} breaks the naming pattern {expected}; to keep a "
        f'published name, set [tool.event-lint.events."{name}"] check-name = false'
    )


def _registry(registry_dir: Callable[..., Path], config: str = "") -> Path:
    root = registry_dir(
        {"call/uploaded/1.json": S, "order/placed/1.json": S, "billing/invoice.paid/1.json": S}
    )
    (root.parent / "pyproject.toml").write_text(f'[tool.event-lint]\nregistry = "reg"\n{config}')
    return root.parent


def _errors(stdout: str) -> list[str]:
    """The lines of ``check`` that are not info findings (every property lacks a description)."""
    return [line for line in stdout.splitlines() if "SL207" not in line]


def test_names_that_break_the_pattern_load_and_are_findings(
    registry_dir: Callable[..., Path],
) -> None:
    project = _registry(registry_dir)
    check = event_registry(project, "check")
    assert (check.returncode, check.stderr) == (1, "")
    assert _errors(check.stdout) == [
        _sl303("call/uploaded"),
        _sl303("order/placed"),
        "2 findings (8 events, 8 versions, 0 example payloads checked; 3 info findings)",
    ]
    listing = event_registry(project, "list")
    assert listing.returncode == 0, listing.stderr
    assert "call/uploaded" in listing.stdout and "order/placed" in listing.stdout
    codegen = event_registry(project, "codegen", "--out", "events.py")
    assert codegen.returncode == 0, codegen.stderr
    generated = (project / "events.py").read_text()
    assert '"call/uploaded"' in generated and '"order/placed"' in generated


def test_a_kept_name_is_not_reported(registry_dir: Callable[..., Path]) -> None:
    project = _registry(
        registry_dir, '[tool.event-lint.events."call/uploaded"]\ncheck-name = false\n'
    )
    check = event_registry(project, "check")
    assert check.returncode == 1, check.stderr
    assert _errors(check.stdout)[:-1] == [_sl303("order/placed")]


def test_every_name_kept_passes(registry_dir: Callable[..., Path]) -> None:
    project = _registry(
        registry_dir,
        '[tool.event-lint.events."call/uploaded"]\ncheck-name = false\n'
        '[tool.event-lint.events."order/placed"]\ncheck-name = false\n',
    )
    check = event_registry(project, "check")
    assert (check.returncode, check.stderr) == (0, "")
    assert check.stdout.splitlines()[-1] == (
        "registry OK: 8 events, 8 versions, 0 example payloads checked; 3 info findings"
    )


def test_skip_lints_drops_every_name_finding(registry_dir: Callable[..., Path]) -> None:
    project = _registry(registry_dir, 'skip-lints = ["SL303"]\n')
    assert event_registry(project, "check").returncode == 0


def test_custom_pattern_is_named_in_the_finding(registry_dir: Callable[..., Path]) -> None:
    project = _registry(registry_dir, 'name-pattern = "^[a-z]+/[a-z]+$"\n')
    check = event_registry(project, "lint")
    assert check.returncode == 1, check.stderr
    assert (
        _sl303("billing/invoice.paid", "(name-pattern is ^[a-z]+/[a-z]+$)") + " [warning]"
        in check.stdout.splitlines()
    )
    assert "call/uploaded: SL303" not in check.stdout


def test_check_name_must_be_a_boolean(registry_dir: Callable[..., Path]) -> None:
    project = _registry(
        registry_dir, '[tool.event-lint.events."call/uploaded"]\ncheck-name = "no"\n'
    )
    check = event_registry(project, "check")
    assert (check.returncode, check.stdout) == (2, "")
    assert check.stderr == (
        f"event-registry: error: {project}/pyproject.toml: [tool.event-lint]"
        '.events."call/uploaded": check-name must be true or false\n'
    )


def test_folder_name_that_is_not_utf8_is_refused(registry_dir: Callable[..., Path]) -> None:
    root = registry_dir({"billing/invoice.paid/1.json": S})
    bad = Path(
        bytes(root).decode("utf-8") + "/" + b"bill\xffing".decode("utf-8", "surrogateescape")
    )
    (bad / "x.y").mkdir(parents=True)
    (bad / "x.y" / "1.json").write_text("{}")
    check = event_registry(root.parent, "--registry", "reg", "check")
    assert (check.returncode, check.stdout) == (2, "")
    assert check.stderr == (
        "event-registry: error: reg/bill\\xffing/x.y: the folder name holds a control character "
        "or bytes that are not UTF-8; refused\n"
    )
