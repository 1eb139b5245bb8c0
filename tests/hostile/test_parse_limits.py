"""Files a stranger wrote to crash, hang or exhaust the linter: each is one diagnostic
line, the other files are still linted, the exit code is 1 (findings), no traceback,
and the run ends in bounded time."""

from __future__ import annotations

import os
import pickle
import subprocess
from pathlib import Path

import commands
import pytest
from commands import EVENT_LINT

from hostile.repo import build, event_lint, run

SENDER = (
    'import inngest\nclient = inngest.Inngest(app_id="x")\n'
    'client.send_sync(inngest.Event(name="Bad Name"))\n'
)
# The other file's finding: proof that the run went on past the hostile file.
FINDING = 'src/ok.py:3:37: EL101 Event name "Bad Name" is not domain/noun.verb'
DEPTH = 100_000
CHAIN = 50_000  # links of a chain: under max-file-size


def lines(result: subprocess.CompletedProcess[str]) -> list[str]:
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    assert result.returncode == 1, output
    return result.stdout.splitlines()


def lint_hostile(
    tmp_path: Path, hostile: str | bytes, *args: str, settings: str = ""
) -> subprocess.CompletedProcess[str]:
    build(
        tmp_path,
        {
            "pyproject.toml": f"[tool.event-lint]\n{settings}",
            "src/ok.py": SENDER,
            "src/bad.py": hostile,
        },
    )
    return event_lint(tmp_path, "--no-cache", *args, "src")


# -- nesting that Python itself refuses never reaches libcst --------------------------

TOO_NESTED = {
    "parentheses": (
        "x = " + "(" * DEPTH + "1" + ")" * DEPTH,
        "2:205",
        "too many nested parentheses",
    ),
    "send-calls": (
        "x = " + "client.send_sync(" * 5000 + "1" + ")" * 5000,
        "2:3421",
        "too many nested parentheses",
    ),
    "brackets": ("x = " + "[" * DEPTH + "]" * DEPTH, "2:205", "too many nested parentheses"),
}
TOO_DEEP = {
    "unary-minus": "x = " + "- " * CHAIN + "1",
    "not": "x = " + "not " * CHAIN + "1",
    "power": "x = " + "2**" * CHAIN + "2",
    "conditional": "x = " + "a if b else " * CHAIN + "c",
    "attributes": "x = a" + ".y" * CHAIN,
    "subscripts": "x = a" + "[0]" * CHAIN,
    "calls": "x = f" + "()" * CHAIN,
    "lambdas": "x = " + "lambda: " * CHAIN + "1",
    "sum-on-one-700-kb-line": "x = " + "1+" * 350_000 + "1",
}


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("name", sorted(TOO_NESTED))
def test_parentheses_past_pythons_limit(tmp_path: Path, name: str, jobs: str) -> None:
    code, where, message = TOO_NESTED[name]
    result = lint_hostile(tmp_path, "import inngest\n" + code + "\n", "--jobs", jobs)
    assert lines(result) == [f"src/bad.py:{where}: EL900 syntax error: {message}", FINDING]


@pytest.mark.parametrize("name", sorted(TOO_DEEP))
def test_expressions_past_pythons_limit(tmp_path: Path, name: str) -> None:
    result = lint_hostile(tmp_path, "import inngest\n" + TOO_DEEP[name] + "\n", "--jobs", "1")
    assert lines(result) == [
        "src/bad.py:1:1: EL900 syntax error: the file nests too deeply for Python's parser",
        FINDING,
    ]


# -- a parser that crashes or runs too long costs one file, not the run ----------------

# Python accepts 1,000 subscripts; libcst recurses once per level and, on a 1 MiB stack,
# overflows it (SIGSEGV). The same happens on the default stack at some other depth.
SUBSCRIPTS = "import inngest\nx = a" + "[0]" * 1000 + "\n"


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_parser_crash_is_one_diagnostic(tmp_path: Path, jobs: str) -> None:
    build(tmp_path, {"src/ok.py": SENDER, "src/bad.py": SUBSCRIPTS})
    # Many files, so that with two workers the crash happens while others are busy.
    build(tmp_path, {f"src/more{i}.py": "import inngest\n" for i in range(40)})
    small_stack = 'ulimit -s 1024 && exec "$0" "$@"'
    result = run(
        Path("/bin/sh"),
        tmp_path,
        "-c",
        small_stack,
        str(EVENT_LINT),
        "--no-cache",
        "-j",
        jobs,
        "src",
    )
    assert lines(result) == [
        "src/bad.py:1:1: EL906 not linted: the parser crashed on this file (SIGSEGV)",
        FINDING,
    ]
    assert "Found 2 errors." in result.stderr


def test_a_file_that_parses_too_long_is_stopped(tmp_path: Path) -> None:
    # libcst needs tens of seconds for 3,000 subscripts (quadratic); Python accepts them.
    slow = "import inngest\nx = a" + "[0]" * 2900 + "\n"
    result = lint_hostile(tmp_path, slow, settings="file-timeout = 1\n")
    assert lines(result) == [
        "src/bad.py:1:1: EL905 not linted: parsing took longer than 1 s (file-timeout)",
        FINDING,
    ]


def test_a_module_loaded_while_resolving_is_guarded_too(tmp_path: Path) -> None:
    """``names.py`` holds nothing Inngest, so only resolution reads it (``load``)."""
    sender = (
        "import inngest\nfrom names import NAME\n"
        'client = inngest.Inngest(app_id="x")\n'
        "client.send_sync(inngest.Event(name=NAME))\n"
    )
    names = 'NAME = "Bad Name"\nx = a' + "[0]" * 2900 + "\n"
    settings = "[tool.event-lint]\nfile-timeout = 1\n"
    build(tmp_path, {"pyproject.toml": settings, "src/ok.py": sender, "src/names.py": names})
    result = event_lint(tmp_path, "--no-cache", "src/ok.py", "src/names.py")
    assert lines(result) == [
        "src/names.py:1:1: EL905 not linted: parsing took longer than 1 s (file-timeout)"
    ]


def test_stdin_is_guarded_too(tmp_path: Path) -> None:
    build(tmp_path, {"pyproject.toml": "[tool.event-lint]\nfile-timeout = 1\n"})
    slow = "import inngest\nx = a" + "[0]" * 2900 + "\n"
    result = commands.run(EVENT_LINT, tmp_path, "--stdin-filename", "src/bad.py", stdin=slow)
    assert lines(result) == [
        "src/bad.py:1:1: EL905 not linted: parsing took longer than 1 s (file-timeout)"
    ]


# -- size limits ------------------------------------------------------------------------


def test_a_file_over_the_default_size_limit_is_not_parsed(tmp_path: Path) -> None:
    big = "import inngest\n" + "x = 1\n" * 300_000  # 1.8 MB
    result = lint_hostile(tmp_path, big)
    assert lines(result) == [
        "src/bad.py:1:1: EL904 not linted: the file is larger than max-file-size (1,048,576 bytes)",
        FINDING,
    ]


def test_the_size_limit_is_a_setting(tmp_path: Path) -> None:
    result = lint_hostile(
        tmp_path, "import inngest\n" + "x = 1\n" * 200, settings="max-file-size = 1000\n"
    )
    assert lines(result) == [
        "src/bad.py:1:1: EL904 not linted: the file is larger than max-file-size (1,000 bytes)",
        FINDING,
    ]


def test_a_big_file_that_cannot_touch_inngest_is_not_reported(tmp_path: Path) -> None:
    result = lint_hostile(tmp_path, "x = 1\n" * 300_000)
    assert lines(result) == [FINDING]


@pytest.mark.parametrize("value", ["0", "-1", '"big"', "true", "nan", "inf"])
def test_bad_limit_settings_are_config_errors(tmp_path: Path, value: str) -> None:
    for key in ("max-file-size", "file-timeout"):
        result = lint_hostile(tmp_path, "x = 1\n", settings=f"{key} = {value}\n")
        assert "Traceback" not in result.stderr
        assert result.returncode == 2
        assert f"{key} must be a positive number" in result.stderr


# -- only regular files are read ---------------------------------------------------------


def test_devices_fifos_and_stdin_by_name_are_not_read(tmp_path: Path) -> None:
    build(tmp_path, {"src/ok.py": SENDER})
    os.symlink("/dev/zero", tmp_path / "src/zero.py")
    os.mkfifo(tmp_path / "src/fifo.py")
    result = event_lint(tmp_path, "--no-cache", "src", "/dev/stdin")
    assert lines(result) == [
        "/dev/stdin:1:1: EL902 cannot read file: not a regular file",
        "src/fifo.py:1:1: EL902 cannot read file: not a regular file",
        FINDING,
        "src/zero.py:1:1: EL902 cannot read file: not a regular file",
    ]


# -- a cache entry that loads but is wrong --------------------------------------------


def test_a_wrong_cache_entry_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from event_lint.linter.cache import seal, unseal, user_key

    repo = build(tmp_path / "repo", {"src/ok.py": SENDER})
    env = {"XDG_CACHE_HOME": str(tmp_path / "home")}
    assert lines(event_lint(repo, "src", env=env)) == [FINDING]
    monkeypatch.setenv("XDG_CACHE_HOME", env["XDG_CACHE_HOME"])  # this user's cache key
    index = repo / ".event_lint_cache/index.pickle"
    key = user_key(repo)
    payload = unseal(key, index.read_bytes())
    assert payload is not None
    salt, entries = pickle.loads(payload)
    path = str(repo / "src/ok.py")
    facts = pickle.loads(entries[path].facts.facts)
    # Facts that unpickle fine and break resolution: a call site that is not one.
    wrong = facts.__class__(facts.path, facts.module, calls=("not a call",))
    damaged = entries[path].facts._replace(facts=pickle.dumps(wrong))
    entries[path] = entries[path]._replace(facts=damaged)
    index.write_bytes(seal(key, pickle.dumps((salt, entries))))
    for _ in range(2):  # rebuilt, then served from the repaired entry
        assert lines(event_lint(repo, "src", env=env)) == [FINDING]
