"""Every diagnostic code event-lint reports, in one table, as ruff keeps one.

Each code has one place where it is written down:

- A lint rule's code, name, severity and explanation live in its ``Rule`` class
  (``event_lint/linter/rules/``), beside its check and its examples, so that adding a
  rule stays adding one file and its docs cannot drift from it. ``all_codes()`` reads
  them from there. EL611-EL614 are found by ``linter/payload.py`` while it walks a
  payload against its schema, and reported through their rules' classes.
- The codes that are not rules are written below: the file problems (EL90x), reported
  by the parser, the file reader and the engine, and the coverage findings (EL70x),
  which need the whole project rather than one chunk of it. Their producers import the
  constants, never a literal.

``--explain``, ``docs/rules.md`` (``scripts/gen_rules_doc.py``), SARIF rule metadata and
the statistics and GitHub formats read ``all_codes()`` / ``lookup()``. Importing this
module is cheap (the rules are imported on the first call): the engine and the parser
import it on every run.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Final

from event_lint.diagnostics import Severity


@dataclass(frozen=True)
class Code:
    code: str  # "EL101"
    name: str  # kebab-case, unique
    summary: str  # one line
    severity: Severity  # the default
    owner: str  # what produces it: a rule class, the parser, the engine, coverage
    description: str  # what it reports, plain text (SARIF's fullDescription)
    explanation: str  # the full ``--explain`` text, Markdown
    fix_safety: str | None = None  # a rule that fixes: why its fix is safe or unsafe
    is_rule: bool = False  # a ``Rule`` class: the rules' table in the docs, SARIF's rules


# -- the codes that are not rules ---------------------------------------------------------

NEVER_USED: Final = "EL701"
NEVER_SENT: Final = "EL702"
SYNTAX_ERROR: Final = "EL900"
PARSER_UNSUPPORTED: Final = "EL901"
UNREADABLE_FILE: Final = "EL902"
INTERNAL_ERROR: Final = "EL903"
FILE_TOO_LARGE: Final = "EL904"
FILE_TIMEOUT: Final = "EL905"
PARSER_CRASH: Final = "EL906"

_COVERAGE = "coverage (event_lint/linter/coverage.py), on the whole project"
_PARSER = "the parser (event_lint/linter/extract/)"
_ENGINE = "the engine (event_lint/linter/parsing.py)"
_READER = "the file reader (event_lint/linter/extract/problems.py, event_lint/linter/scanner.py)"
_ANYWHERE = "extraction, resolution or a rule (event_lint/linter/parsing.py, checking.py)"

# code, name, summary, owner
_NOT_RULES: tuple[tuple[str, str, str, str], ...] = (
    (
        NEVER_USED,
        "event-never-used",
        "A registry event that nothing sends nor triggers on",
        _COVERAGE,
    ),
    (
        NEVER_SENT,
        "triggered-event-never-sent",
        "A function triggers on an event that nothing sends",
        _COVERAGE,
    ),
    (SYNTAX_ERROR, "syntax-error", "The file is not valid Python", _PARSER),
    (
        PARSER_UNSUPPORTED,
        "parser-unsupported",
        "Python parses the file, but libcst cannot",
        _PARSER,
    ),
    (UNREADABLE_FILE, "unreadable-file", "The file cannot be read or decoded", _READER),
    (
        INTERNAL_ERROR,
        "internal-error",
        "event-lint failed on this file: please report it",
        _ANYWHERE,
    ),
    (
        FILE_TOO_LARGE,
        "file-too-large",
        "The file is larger than max-file-size, so it was not linted",
        _ENGINE,
    ),
    (
        FILE_TIMEOUT,
        "file-timeout",
        "Parsing the file took longer than file-timeout; not linted",
        _ENGINE,
    ),
    (
        PARSER_CRASH,
        "parser-crash",
        "The parser crashed on this file, so it was not linted",
        _ENGINE,
    ),
)


def _not_rule(code: str, name: str, summary: str, owner: str) -> Code:
    return Code(
        code, name, summary, Severity.ERROR, owner, summary, f"{code} ({name}): {summary}\n"
    )


NOT_RULES: Final[tuple[Code, ...]] = tuple(_not_rule(*entry) for entry in _NOT_RULES)


# -- the whole table ----------------------------------------------------------------------


@cache
def all_codes() -> tuple[Code, ...]:
    """Every code, the rules' and the others, sorted by code."""
    from event_lint.linter.rules import all_rules

    rules = [
        Code(
            code=rule.code,
            name=rule.name,
            summary=rule.summary,
            severity=rule.severity,
            owner=f"rule {rule.__name__} ({rule.__module__.replace('.', '/')}.py)",
            description=rule.what_it_does.strip(),
            explanation=rule.explain(),
            fix_safety=rule.fix_safety,
            is_rule=True,
        )
        for rule in all_rules()
    ]
    return tuple(sorted((*rules, *NOT_RULES), key=lambda entry: entry.code))


@cache
def _by_code() -> dict[str, Code]:
    return {entry.code: entry for entry in all_codes()}


def lookup(code: str) -> Code | None:
    """The table's entry for ``code`` (any case), or None for a code event-lint lacks."""
    return _by_code().get(code.upper())


def describe(code: str) -> Code:
    """The entry for ``code``; a code not in the table (a bug) still gets a row."""
    entry = lookup(code)
    return entry if entry is not None else _not_rule(code, "unknown", code, "unknown")
