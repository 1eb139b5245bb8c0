"""Hostile repositories, output: a file name or an event name a stranger chose never breaks
an output format, never reaches the terminal as an escape sequence, never fakes a GitHub
annotation; ``--fix`` writes through a symlink to its target."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from commands import EVENT_LINT

from hostile.repo import build, event_lint

SARIF_SCHEMA = Path(__file__).parent.parent / "data" / "sarif-schema-2.1.0.json"
FORMATS = ("text", "concise", "full", "json", "json-lines", "sarif", "github", "junit")

HEADER = 'import time\n\nimport inngest\n\nclient = inngest.Inngest(app_id="shop")\n'
SEND = "client.send_sync(inngest.Event(name={}))\n"

# Event names as Python literals: the file is valid Python, the names hold anything.
HOSTILE_NAMES = (
    r'"\x1b[31m\n::error file=app.py::pwned"',  # a colour, a fake annotation
    r'"\x00\u202e%0A::warning::x"',  # NUL, a bidi override, GitHub's own escape
    r'"\ud800\r\n::notice::y"',  # a lone surrogate (not valid UTF-8), CRLF
    r'"\x9b2J\x07\x7f\ufffe"',  # C1 CSI, BEL, DEL, a character XML cannot hold
    r'"##[error]forged ##[stop-commands]x"',  # GitHub's legacy commands, read mid-line
)
NON_UTF8 = os.fsdecode(b"bad\xff.py")
HOSTILE_FILE_NAMES = (
    NON_UTF8,
    "new\n::error file=x::line.py",
    "esc\x1b[2J.py",
    "100%,a:b.py",
    "tab\tbidi\u202e.py",
)
FINDINGS = len(HOSTILE_NAMES) + len(HOSTILE_FILE_NAMES)  # one EL101 each


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    files = {"src/app.py": HEADER + "".join(SEND.format(name) for name in HOSTILE_NAMES)}
    files |= {f"src/{name}": HEADER + SEND.format('"InvoicePaid"') for name in HOSTILE_FILE_NAMES}
    return build(tmp_path, files)


def assert_printable(result: subprocess.CompletedProcess[str]) -> None:
    """No traceback; valid UTF-8 (``run`` decodes with ``errors="replace"``); no character
    but a printable one or a line break on stdout or stderr."""
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    assert "\ufffd" not in output, output
    bad = [line for line in output.split("\n") if not line.isprintable()]
    assert bad == [], bad
    assert "##[" not in output, output


def assert_no_workflow_command(text: str) -> None:
    """No line a GitHub runner would read as ``::command::`` (it skips leading spaces)."""
    commands = [line for line in text.splitlines() if line.lstrip().startswith("::")]
    assert commands == [], commands


def parse(output_format: str, stdout: str) -> int:
    """The number of findings in a format's output, checking the document is valid."""
    if output_format in ("text", "concise"):
        lines = stdout.splitlines()
        assert all(re.match(r"src/.+:\d+:\d+: EL\d{3} ", line) for line in lines), lines
        return len(lines)
    if output_format == "full":
        return len(re.findall(r"^src/.+:\d+:\d+: EL\d{3} ", stdout, re.MULTILINE))
    if output_format == "json":
        return len(json.loads(stdout))
    if output_format == "json-lines":
        return len([json.loads(line) for line in stdout.splitlines()])
    if output_format == "sarif":
        log = json.loads(stdout)
        jsonschema.validate(log, json.loads(SARIF_SCHEMA.read_text()))
        return len(log["runs"][0]["results"])
    if output_format == "github":
        lines = stdout.splitlines()
        command = r"::error file=src/[^:,]+,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,"
        assert all(re.match(rf"{command}title=EL\d{{3}} [a-z-]+::", line) for line in lines)
        return len(lines)
    assert output_format == "junit"
    return len(list(ET.fromstring(stdout).iter("failure")))


@pytest.mark.parametrize("output_format", FORMATS)
def test_every_format_stays_valid_and_printable(repo: Path, output_format: str) -> None:
    result = event_lint(repo, "--no-cache", "--output-format", output_format, "src")
    assert_printable(result)
    assert result.returncode == 1, result.stderr
    assert parse(output_format, result.stdout) == FINDINGS
    assert result.stderr == f"Found {FINDINGS} errors.\n"
    if output_format != "github":  # (whose lines are commands: parse checked each)
        assert_no_workflow_command(result.stdout)


def test_a_file_name_never_starts_a_workflow_command(tmp_path: Path) -> None:
    send = HEADER + SEND.format('"InvoicePaid"')
    build(tmp_path, {"::error::x.py": send, " ::warning::y.py": send})
    result = event_lint(tmp_path, "--no-cache", ".")
    assert_printable(result)
    assert result.stdout == (
        './ ::warning::y.py:6:37: EL101 Event name "InvoicePaid" is not domain/noun.verb\n'
        './::error::x.py:6:37: EL101 Event name "InvoicePaid" is not domain/noun.verb\n'
    )
    for output_format in ("full", "junit", "json"):
        result = event_lint(tmp_path, "--no-cache", "--output-format", output_format, ".")
        assert_printable(result)
        assert_no_workflow_command(result.stdout)


def test_a_non_utf8_file_name_is_shown_alike_in_every_format(tmp_path: Path) -> None:
    build(tmp_path, {f"src/{NON_UTF8}": HEADER + SEND.format('"InvoicePaid"')})
    where = "src/bad\\xff.py:6:37"
    message = 'EL101 Event name "InvoicePaid" is not domain/noun.verb'

    def output(output_format: str) -> str:
        result = event_lint(tmp_path, "--no-cache", "--output-format", output_format, "src")
        assert_printable(result)
        assert result.returncode == 1
        return result.stdout

    assert output("text") == f"{where}: {message}\n"
    assert json.loads(output("json"))[0]["filename"] == "src/bad\\xff.py"
    assert json.loads(output("json-lines"))["filename"] == "src/bad\\xff.py"
    (result,) = json.loads(output("sarif"))["runs"][0]["results"]
    # A URI carries the name's bytes, percent-encoded: it names the file itself.
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == (
        "src/bad%FF.py"
    )
    assert output("github").startswith("::error file=src/bad\\xff.py,line=6,col=37,")
    failure = next(ET.fromstring(output("junit")).iter("failure"))
    assert failure.text == f"{where}: {message}"


def test_statistics_and_notes_stay_printable(repo: Path) -> None:
    result = event_lint(repo, "--no-cache", "--statistics", "src")
    assert_printable(result)
    assert result.stdout == f"{FINDINGS}  EL101  [ ] event-name-style\n"
    # An unknown code is quoted as Python would; a bad path in an error is escaped.
    result = event_lint(repo, "--explain", "\x1b[2J")
    assert_printable(result)
    assert result.stderr == (
        "event-lint: error: unknown rule code '\\x1b[2J': codes look like EL101 "
        "(see docs/rules.md)\n"
    )
    result = event_lint(repo, "--no-cache", "--registry", "x\x1b]0;pwned\x07\n::error::", "src")
    assert_printable(result)
    assert result.returncode == 2
    assert "\\x1b]0;pwned\\x07\\n::error::" in result.stderr


TS = 'client.send_sync(inngest.Event(name="a/b.c", ts=int(time.time())))\n'


def test_diff_and_fix_notes_show_a_hostile_file_name_escaped(tmp_path: Path) -> None:
    name = "esc\x1b[2J\n::error::x.py"
    build(tmp_path, {f"src/{name}": HEADER + TS})
    result = event_lint(tmp_path, "--no-cache", "--diff", "src")
    assert_printable(result)
    assert result.returncode == 1
    assert result.stdout.startswith(
        "--- a/src/esc\\x1b[2J\\n::error::x.py\n+++ b/src/esc\\x1b[2J\\n::error::x.py\n"
    )
    assert "+" + TS.replace("int(time.time())", "int(time.time() * 1000)") in result.stdout


def test_fix_writes_through_a_symlink_to_its_target(tmp_path: Path) -> None:
    build(tmp_path, {"real/app.py": HEADER + TS})
    (tmp_path / "src").mkdir()
    link = tmp_path / "src" / "app.py"
    link.symlink_to("../real/app.py")
    result = event_lint(tmp_path, "--no-cache", "--fix", "src")
    assert_printable(result)
    assert (result.returncode, result.stderr) == (0, "Found 1 error (1 fixed, 0 remaining).\n")
    assert link.is_symlink()
    assert os.readlink(link) == "../real/app.py"
    fixed = HEADER + TS.replace("int(time.time())", "int(time.time() * 1000)")
    assert (tmp_path / "real" / "app.py").read_text() == fixed
    assert sorted(p.name for p in (tmp_path / "src").iterdir()) == ["app.py"]
    assert sorted(p.name for p in (tmp_path / "real").iterdir()) == ["app.py"]


def test_the_coverage_report_stays_printable(tmp_path: Path) -> None:
    function = HEADER + (
        '@client.create_function(fn_id="pay", trigger=inngest.TriggerEvent(event={}))\n'
        "async def pay(ctx: inngest.Context) -> None:\n    pass\n"
    )
    build(
        tmp_path,
        {
            "pyproject.toml": '[tool.event-lint]\nregistry = "schemas"\n',
            "schemas/billing/invoice.paid/1.json": '{"type": "object"}\n',
            "src/app.py": function.format(r'"bill/x\x1b[31m.y\n::error::z"'),
            f"src/{NON_UTF8}": function.format(r'"bill/\ud800.y"'),
        },
    )
    result = event_lint(tmp_path, "--no-cache", "--coverage", "src")
    assert_printable(result)
    assert result.returncode == 0
    assert (
        'src/app.py:6:73: EL702 Function "pay" triggers on "bill/x\\x1b[31m.y\\n::error::z", '
        "but nothing in the linted files sends it\n"
    ) in result.stdout
    result = event_lint(tmp_path, "--no-cache", "--coverage", "--output-format", "json", "src")
    assert_printable(result)
    findings = json.loads(result.stdout)["findings"]
    assert {(f["filename"], f["event"]) for f in findings if f["code"] == "EL702"} == {
        ("src/app.py", "bill/x\\x1b[31m.y\\n::error::z"),
        ("src/bad\\xff.py", "bill/\\ud800.y"),
    }


def test_diff_to_a_terminal_escapes_the_source_and_piped_stays_exact(tmp_path: Path) -> None:
    comment = "# \x1b]0;pwned\x07 \x9b2J\n"
    build(tmp_path, {"src/app.py": HEADER + comment + TS})
    shown = on_a_terminal(tmp_path, "--no-cache", "--diff", "src")
    assert "\x1b" not in shown and "\x9b" not in shown, repr(shown)
    assert " # \\x1b]0;pwned\\x07 \\x9b2J\r\n" in shown  # (a terminal ends lines in CRLF)
    piped = event_lint(tmp_path, "--no-cache", "--diff", "src")
    assert " " + comment in piped.stdout  # a patch to apply is the file's text exactly


def on_a_terminal(cwd: Path, *args: str) -> str:
    """What ``event-lint ARGS`` prints on stdout when stdout is a terminal."""
    reader, writer = pty.openpty()
    process = subprocess.Popen(
        [str(EVENT_LINT), *args], cwd=cwd, stdin=subprocess.DEVNULL, stdout=writer
    )
    os.close(writer)
    chunks = []
    while True:
        try:
            chunk = os.read(reader, 1 << 16)
        except OSError:  # EIO: the other side is closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(reader)
    assert process.wait(timeout=60) == 1
    return b"".join(chunks).decode()


def test_fix_beside_files_that_are_not_regular_fixes_the_rest(tmp_path: Path) -> None:
    build(tmp_path, {"src/ok.py": HEADER + TS})
    os.mkfifo(tmp_path / "src" / "fifo.py")
    (tmp_path / "src" / "zero.py").symlink_to("/dev/zero")
    result = event_lint(tmp_path, "--no-cache", "--fix", "src", "src/fifo.py")
    assert_printable(result)
    assert result.returncode == 1
    assert result.stdout == (
        "src/fifo.py:1:1: EL902 cannot read file: not a regular file\n"
        "src/zero.py:1:1: EL902 cannot read file: not a regular file\n"
    )
    assert result.stderr == "Found 3 errors (1 fixed, 2 remaining).\n"
    fixed = HEADER + TS.replace("int(time.time())", "int(time.time() * 1000)")
    assert (tmp_path / "src" / "ok.py").read_text() == fixed
    assert os.readlink(tmp_path / "src" / "zero.py") == "/dev/zero"


def test_fix_writes_a_file_whose_name_is_not_utf8(tmp_path: Path) -> None:
    build(tmp_path, {f"src/{NON_UTF8}": HEADER + TS})
    result = event_lint(tmp_path, "--no-cache", "--fix", "src")
    assert_printable(result)
    assert (result.returncode, result.stderr) == (0, "Found 1 error (1 fixed, 0 remaining).\n")
    fixed = HEADER + TS.replace("int(time.time())", "int(time.time() * 1000)")
    assert os.listdir(os.fsencode(tmp_path / "src")) == [b"bad\xff.py"]
    assert (tmp_path / "src" / NON_UTF8).read_text() == fixed


def test_a_gitignore_that_is_a_fifo_does_not_hang_the_walk(tmp_path: Path) -> None:
    repo = build(tmp_path, {"src/app.py": "x = 1\n"})
    os.mkfifo(repo / "src" / ".gitignore")
    done = event_lint(repo, "--no-cache", "src")
    assert (done.returncode, done.stdout) == (0, ""), done.stderr
    assert "All checks passed (1 file)." in done.stderr
