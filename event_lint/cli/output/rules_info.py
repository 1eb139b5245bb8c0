"""What the SARIF and GitHub formats say about a code: its name, summary and explanation.

Most codes are ``Rule`` classes; the file-level problems the engine reports (EL90x) are
not, so they are described here, and the coverage codes (EL70x) in ``linter/coverage.py``.
"""

from __future__ import annotations

from dataclasses import dataclass

from event_lint.diagnostics import Severity
from event_lint.linter.coverage import CODES as COVERAGE_CODES


@dataclass(frozen=True)
class RuleInfo:
    code: str
    name: str
    summary: str
    severity: Severity
    description: str  # what it does, plain text
    explanation: str  # the full ``--explain`` text, Markdown


_NOT_RULES: dict[str, tuple[str, str]] = {
    **COVERAGE_CODES,
    "EL900": ("syntax-error", "The file is not valid Python"),
    "EL901": ("parser-unsupported", "Python parses the file, but libcst cannot"),
    "EL902": ("unreadable-file", "The file cannot be read or decoded"),
    "EL903": ("internal-error", "event-lint failed on this file: please report it"),
    "EL904": ("file-too-large", "The file is larger than max-file-size, so it was not linted"),
    "EL905": ("file-timeout", "Parsing the file took longer than file-timeout; not linted"),
    "EL906": ("parser-crash", "The parser crashed on this file, so it was not linted"),
}


def rule_info(code: str) -> RuleInfo:
    from event_lint.linter.rules import get_rule

    rule = get_rule(code)
    if rule is not None:
        return RuleInfo(
            code=rule.code,
            name=rule.name,
            summary=rule.summary,
            severity=rule.severity,
            description=rule.what_it_does.strip(),
            explanation=rule.explain(),
        )
    name, summary = _NOT_RULES.get(code, ("unknown", code))
    return RuleInfo(code, name, summary, Severity.ERROR, summary, f"{code} ({name}): {summary}\n")


def is_known(code: str) -> bool:
    from event_lint.linter.rules import get_rule

    return get_rule(code) is not None or code in _NOT_RULES


def every_rule(extra_codes: set[str]) -> list[RuleInfo]:
    """Every rule, plus the other codes that occur in this run, sorted by code."""
    from event_lint.linter.rules import all_rules

    codes = {rule.code for rule in all_rules()} | extra_codes
    return [rule_info(code) for code in sorted(codes)]
