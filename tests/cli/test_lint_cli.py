"""The installed ``event-lint`` console script on temporary projects: output, exit codes,
config, stdin, statistics, explain and coverage."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from commands import event_lint

from event_lint.cli.output.coverage import render_json, render_text
from event_lint.linter.coverage import coverage
from event_lint.linter.project import project_from_sources
from event_lint.registry import Registry

SARIF_SCHEMA = Path(__file__).resolve().parents[1] / "data" / "sarif-schema-2.1.0.json"

HEADER = 'import inngest\n\nclient = inngest.Inngest(app_id="shop")\n\n\n'
BAD_NAME = HEADER + (
    "async def pay(invoice_id: str) -> None:\n"
    '    await client.send(inngest.Event(name="InvoicePaid", id=f"invoice-paid-{invoice_id}"))\n'
)
CLEAN = BAD_NAME.replace("InvoicePaid", "billing/invoice.paid")
EL101 = 'EL101 Event name "{}" is not domain/noun.verb'


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "shop"\n\n[tool.event-lint]\n')
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "__init__.py").write_text("")
    return tmp_path


def write(project: Path, relative: str, source: str) -> Path:
    path = project / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(source)
    return path


def two_bad_files(project: Path) -> None:
    write(project, "app/billing.py", BAD_NAME)
    write(project, "app/orders.py", BAD_NAME.replace("InvoicePaid", "OrderPlaced"))


# -- output and exit codes -------------------------------------------------------------


def test_clean_project_exits_0(project: Path) -> None:
    write(project, "app/billing.py", CLEAN)
    done = event_lint(project)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "All checks passed (2 files).\n")


def test_problems_exit_1_with_sorted_lines_and_a_summary(project: Path) -> None:
    two_bad_files(project)
    done = event_lint(project)
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        "app/billing.py:7:42: " + EL101.format("InvoicePaid"),
        "app/orders.py:7:42: " + EL101.format("OrderPlaced"),
    ]
    assert done.stderr == "Found 2 errors.\n"


def test_quiet_drops_the_summary_and_exit_zero_the_status(project: Path) -> None:
    write(project, "app/billing.py", BAD_NAME)
    done = event_lint(project, "--quiet", "--exit-zero")
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == "app/billing.py:7:42: " + EL101.format("InvoicePaid") + "\n"


def test_a_file_that_cannot_touch_inngest_is_clean(project: Path) -> None:
    write(project, "app/mail.py", "import resend\n\n\ndef go(m):\n    resend.Emails.send(m)\n")
    done = event_lint(project, "app/mail.py")
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "All checks passed (1 file).\n")


def test_select_and_ignore_flags_override_the_config(project: Path) -> None:
    write(project, "pyproject.toml", '[tool.event-lint]\nignore = ["EL101"]\n')
    write(project, "app/billing.py", BAD_NAME)
    assert event_lint(project).returncode == 0
    assert event_lint(project, "--select", "EL1").returncode == 1
    assert event_lint(project, "--select", "EL1", "--ignore", "el101").returncode == 0
    assert event_lint(project, "--select", "EL2", "--extend-select", "EL10").returncode == 1


def test_noqa_is_honoured(project: Path) -> None:
    write(project, "app/billing.py", BAD_NAME.replace('}"))\n', '}"))  # noqa: EL101\n'))
    assert event_lint(project).returncode == 0


# -- usage, config and registry errors: one line, exit 2 ---------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--output-format", "xml"],
            "event-lint: error: Invalid value for '--output-format': 'xml' is not one of 'text', "
            "'concise', 'full', 'json', 'json-lines', 'sarif', 'github', 'junit'.",
        ),
        (["--no-such-flag"], "event-lint: error: No such option '--no-such-flag'."),
        (
            ["--select", "EL1,E501"],
            "event-lint: error: Invalid value for '--select': 'E501' is not a rule code or "
            "prefix (EL101, EL1, ALL)",
        ),
        (
            ["--explain", "EL999"],
            "event-lint: error: unknown rule code 'EL999': codes look like EL101 "
            "(see docs/rules.md)",
        ),
        (
            ["-"],
            "event-lint: error: reading the source from stdin ('-') needs --stdin-filename PATH",
        ),
    ],
)
def test_usage_errors(project: Path, args: list[str], message: str) -> None:
    done = event_lint(project, *args)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == message + "\n"


def test_bad_config_is_one_line_and_exit_2(project: Path) -> None:
    write(project, "pyproject.toml", '[tool.event-lint]\nselekt = ["EL1"]\n')
    write(project, "app/billing.py", CLEAN)
    done = event_lint(project)
    assert done.returncode == 2
    assert done.stderr.startswith(f"event-lint: error: {project / 'pyproject.toml'}: ")
    assert "unknown key 'selekt'" in done.stderr
    assert done.stderr.count("\n") == 1


def test_a_configured_registry_that_does_not_exist_is_exit_2(project: Path) -> None:
    write(project, "pyproject.toml", '[tool.event-lint]\nregistry = "events"\n')
    write(project, "app/billing.py", CLEAN)
    done = event_lint(project)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        f"event-lint: error: registry folder {project / 'events'} does not exist "
        f"(set in {project / 'pyproject.toml'})\n"
    )
    done = event_lint(project, "--registry", "missing")
    assert done.stderr == (
        f"event-lint: error: registry folder {project / 'missing'} does not exist "
        "(set in --registry)\n"
    )


def test_a_broken_registry_is_exit_2_when_a_file_needs_it(project: Path) -> None:
    schema = write(project, "schemas/billing/invoice.paid/1.json", '{"type": "object",\n')
    write(project, "app/billing.py", CLEAN)
    done = event_lint(project)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.startswith(f"event-lint: error: {schema}:2:1: invalid JSON")
    assert done.stderr.count("\n") == 1


def test_no_registry_and_no_schemas_folder_turns_registry_checks_off(project: Path) -> None:
    unknown = CLEAN.replace("billing/invoice.paid", "billing/never.registered")
    write(project, "app/billing.py", unknown)
    assert event_lint(project).returncode == 0


def test_an_internal_error_exits_2(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from event_lint.cli import lint
    from event_lint.linter.rules import get_rule

    rule = get_rule("EL101")
    assert rule is not None

    def crash(self: object, ctx: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(rule, "check", crash)
    monkeypatch.chdir(project)
    write(project, "app/billing.py", CLEAN)
    with pytest.raises(SystemExit) as exit_info:
        lint.main(["--no-cache", "--jobs", "1", "app/billing.py"])
    assert exit_info.value.code == 2
    out = capsys.readouterr().out
    assert "EL903 internal error in rule EL101 (event-name-style): RuntimeError: boom" in out


# -- stdin, explain, statistics, formats -----------------------------------------------


def test_stdin_filename_lints_the_buffer_not_the_file(project: Path) -> None:
    write(project, "app/billing.py", CLEAN)
    done = event_lint(
        project,
        "--stdin-filename",
        "app/billing.py",
        "--output-format",
        "json",
        "-",
        stdin=BAD_NAME,
    )
    assert done.returncode == 1
    (only,) = json.loads(done.stdout)
    assert (only["code"], only["filename"], only["location"]) == (
        "EL101",
        "app/billing.py",
        {"row": 7, "column": 42},
    )


def test_stdin_uses_the_config_above_the_named_file(project: Path) -> None:
    write(project, "pyproject.toml", '[tool.event-lint]\nignore = ["EL101"]\n')
    done = event_lint(
        project.parent, "--stdin-filename", str(project / "app" / "billing.py"), stdin=BAD_NAME
    )
    assert (done.returncode, done.stdout) == (0, "")


def test_explain_prints_the_rule_documentation(project: Path) -> None:
    from event_lint.linter.rules import get_rule

    rule = get_rule("EL302")
    assert rule is not None
    done = event_lint(project, "--explain", "el302")
    assert (done.returncode, done.stdout) == (0, rule.explain())
    assert done.stdout.startswith("EL302 (ts-not-milliseconds): ")
    done = event_lint(project, "--explain", "EL901")
    assert (done.returncode, done.stdout) == (
        0,
        "EL901 (parser-unsupported): Python parses the file, but libcst cannot\n",
    )


def test_statistics(project: Path) -> None:
    two_bad_files(project)
    dict_event = "def f() -> None:\n    client.send_sync({'name': 'a/b.c'})\n"
    write(project, "app/later.py", HEADER + dict_event)
    done = event_lint(project, "--statistics")
    assert done.returncode == 1
    assert done.stdout == "2  EL101  [ ] event-name-style\n1  EL402  [*] wrong-event-type\n"
    done = event_lint(project, "--statistics", "--output-format", "json")
    assert json.loads(done.stdout)[0] == {
        "code": "EL101",
        "name": "event-name-style",
        "count": 2,
        "fixable": False,
        "fixable_count": 0,
    }


def test_statistics_counts_a_code_that_is_partly_fixable(project: Path) -> None:
    seconds = (
        "import time\n\n"
        "def f() -> None:\n"
        "    client.send_sync(inngest.Event(name='a/b.c', ts=int(time.time())))\n"
        "    client.send_sync(inngest.Event(name='a/b.c', ts=int(time.time())))\n"
        "    client.send_sync(inngest.Event(name='a/b.c', ts=int(time.time()) + 60))\n"
    )
    write(project, "app/later.py", HEADER + seconds)
    done = event_lint(project, "--statistics")
    assert done.stdout == "3  EL302  [*] ts-not-milliseconds (2 of 3 fixable)\n"
    rows = json.loads(event_lint(project, "--statistics", "--output-format", "json").stdout)
    assert (rows[0]["fixable"], rows[0]["fixable_count"]) == (False, 2)


def test_github_format_through_the_cli_names_repository_paths(project: Path) -> None:
    (project / ".git").mkdir()
    write(project, "app/billing.py", BAD_NAME)
    done = event_lint(project / "app", "--output-format", "github", "billing.py")
    assert done.stdout == (
        "::error file=app/billing.py,line=7,col=42,endLine=7,endColumn=55,"
        "title=EL101 event-name-style::" + EL101.format("InvoicePaid").removeprefix("EL101 ") + "\n"
    )


def test_sarif_through_the_cli_validates_with_one_result_per_finding(project: Path) -> None:
    (project / ".git").mkdir()  # the repository root, for %SRCROOT%
    two_bad_files(project)
    done = event_lint(project / "app", "--output-format", "sarif", "..")
    log = json.loads(done.stdout)
    jsonschema.validate(log, json.loads(SARIF_SCHEMA.read_text()))
    results = log["runs"][0]["results"]
    assert len(results) == 2
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results]
    assert uris == ["app/billing.py", "app/orders.py"]


def test_junit_through_the_cli_is_well_formed(project: Path) -> None:
    import xml.etree.ElementTree as ET

    two_bad_files(project)
    root = ET.fromstring(event_lint(project, "--output-format", "junit").stdout)
    assert [case.attrib["name"] for case in root.iter("testcase")] == [
        "app/billing.py",
        "app/orders.py",
    ]


def test_summary_line_counts_severities_and_fixes() -> None:
    from event_lint.cli.lint import summary_line
    from event_lint.diagnostics import Diagnostic, Edit, Fix, Severity, Span

    span = Span(1, 1, 1, 2)
    edits = (Edit(span, "x"),)
    found = [
        Diagnostic("a.py", span, "EL302", "m", fix=Fix("f", edits, safe=True)),
        Diagnostic("a.py", span, "EL501", "m", fix=Fix("f", edits, safe=False)),
        Diagnostic("a.py", span, "EL603", "m", severity=Severity.WARNING),
    ]
    assert summary_line(found, 4, None, unsafe_fixes=False) == (
        "Found 2 errors and 1 warning "
        "(1 fixable with --fix, 1 more fixable with --fix --unsafe-fixes)."
    )
    assert summary_line(found, 4, None, unsafe_fixes=True) == (
        "Found 2 errors and 1 warning (2 fixable with --fix)."
    )
    assert summary_line(found[2:], 4, 2, unsafe_fixes=True) == (
        "Found 3 errors (2 fixed, 1 remaining)."
    )
    assert summary_line([], 1, None, unsafe_fixes=False) == "All checks passed (1 file)."


# -- coverage --------------------------------------------------------------------------


def test_coverage_needs_a_registry(project: Path) -> None:
    write(project, "app/billing.py", CLEAN)
    done = event_lint(project, "--coverage")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        "event-lint: error: --coverage needs a registry: set registry in [tool.event-lint] "
        "or pass --registry PATH\n"
    )


def test_coverage_prints_the_project_report(project: Path) -> None:
    schema = '{"type": "object", "description": "An invoice was paid."}\n'
    write(project, "schemas/billing/invoice.paid/1.json", schema)
    write(project, "schemas/billing/invoice.voided/1.json", schema)
    write(project, "app/billing.py", CLEAN)
    registry = Registry.load(project / "schemas")
    expected = coverage(project_from_sources({"app/billing.py": CLEAN}), registry)

    done = event_lint(project, "--coverage")
    assert (done.returncode, done.stdout) == (0, render_text(expected))
    assert "billing/invoice.voided" in done.stdout
    done = event_lint(project, "--coverage", "--output-format", "json")
    assert json.loads(done.stdout) == json.loads(render_json(expected))


def test_stdin_over_the_read_limit_is_one_line_and_exit_2(project: Path) -> None:
    from event_lint.files import DEFAULT_READ_LIMIT

    done = event_lint(
        project, "--stdin-filename", "app/x.py", "-", stdin="#" * (DEFAULT_READ_LIMIT + 1)
    )
    assert done.returncode == 2
    assert done.stderr == (
        f"event-lint: error: stdin: more than {DEFAULT_READ_LIMIT:,} bytes; not linted\n"
    )
