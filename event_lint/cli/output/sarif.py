"""``sarif``: SARIF 2.1.0, the format GitHub code scanning uploads
(``github/codeql-action/upload-sarif``).

Locations are relative to the repository root under the base id ``%SRCROOT%``; columns are
1-based code points (``columnKind``), the end exclusive, as SARIF defines regions. A URI
percent-encodes the file name's bytes (so ``b"bad\\xff.py"`` is ``bad%FF.py``, the file
itself); messages are ``printable``.
``partialFingerprints`` lets code scanning follow a finding when lines move: it hashes the
code, the path, the finding's source line with whitespace collapsed, and which occurrence
of that same (code, path, line text) it is, never the line number.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import quote

from event_lint import __version__
from event_lint.cli.output import Report
from event_lint.codes import Code, all_codes, describe
from event_lint.diagnostics import Diagnostic, Severity

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT_KEY = "eventLint/v1"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_SPACES = re.compile(r"\s+")


def render(report: Report) -> str:
    return json.dumps(sarif_log(report), indent=2, ensure_ascii=False) + "\n"


def sarif_log(report: Report) -> dict[str, Any]:
    rules = _described({d.code for d in report.diagnostics})
    index = {rule.code: i for i, rule in enumerate(rules)}
    fingerprints = _fingerprints(report)
    results = [
        _result(report, d, index[d.code], fingerprint)
        for d, fingerprint in zip(report.diagnostics, fingerprints, strict=True)
    ]
    run = {
        "tool": {
            "driver": {
                "name": "event-lint",
                "version": __version__,
                "rules": [_rule(rule) for rule in rules],
            }
        },
        "originalUriBaseIds": {"%SRCROOT%": {"uri": report.srcroot.resolve().as_uri() + "/"}},
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def _described(used: set[str]) -> list[Code]:
    """Every rule, plus the other codes that occur in this run, sorted by code."""
    codes = {entry.code for entry in all_codes() if entry.is_rule} | used
    return [describe(code) for code in sorted(codes)]


def _rule(rule: Code) -> dict[str, Any]:
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.description},
        "help": {"text": rule.explanation, "markdown": rule.explanation},
        "defaultConfiguration": {"level": _LEVEL[rule.severity]},
    }


def _result(
    report: Report, diagnostic: Diagnostic, rule_index: int, fingerprint: str
) -> dict[str, Any]:
    span = diagnostic.span
    return {
        "ruleId": diagnostic.code,
        "ruleIndex": rule_index,
        "level": _LEVEL[diagnostic.severity],
        "message": {"text": diagnostic.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": _artifact(report, diagnostic),
                    "region": {
                        "startLine": span.line,
                        "startColumn": span.col,
                        "endLine": span.end_line,
                        "endColumn": span.end_col,
                    },
                }
            }
        ],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
    }


def _artifact(report: Report, diagnostic: Diagnostic) -> dict[str, str]:
    relative = report.repository_path(diagnostic)
    if relative is None:  # outside the repository: an absolute URI
        return {"uri": (report.cwd / diagnostic.path).resolve().as_uri()}
    return {"uri": quote(os.fsencode(relative)), "uriBaseId": "%SRCROOT%"}


def _fingerprints(report: Report) -> list[str]:
    seen: Counter[tuple[str, str, str]] = Counter()
    fingerprints = []
    for diagnostic in report.diagnostics:
        line = _SPACES.sub(" ", report.source_line(diagnostic) or "").strip()
        key = (diagnostic.code, Path(diagnostic.path).as_posix(), line)
        blob = "\0".join((*key, str(seen[key])))
        seen[key] += 1
        # surrogatepass: a file name's undecodable bytes are lone surrogates in ``path``.
        fingerprints.append(hashlib.sha256(blob.encode("utf-8", "surrogatepass")).hexdigest())
    return fingerprints
