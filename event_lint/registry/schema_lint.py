"""Schema lint: mistakes and omissions in the registry's schemas themselves.

The checks igluctl runs (contradictory bounds, keywords on the wrong type, undeclared
required names in closed objects, unknown formats, unbounded strings and numbers, version
gaps), plus: explicit ``additionalProperties`` on every object, a description on every
event, one property-name casing across the registry, one type per property name, and
event names that follow ``name-pattern`` (a name kept with ``check-name = false`` in its
``[tool.event-lint.events."NAME"]`` table is not reported).

Only the latest version of each event is linted (published versions are immutable, so a
finding there could not be fixed); built-in ``inngest/*`` events are exempt.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from event_lint.config import Config, EventSettings
from event_lint.diagnostics import Severity
from event_lint.registry import Finding, Registry
from event_lint.registry.compat.nodes import canonical, escape
from event_lint.registry.loader import name_problem
from event_lint.registry.versions import Scheme, parse_version


@dataclass(frozen=True)
class Lint:
    code: str
    severity: Severity
    summary: str


LINTS = {
    lint.code: lint
    for lint in (
        Lint("SL101", Severity.ERROR, "a minimum is greater than its maximum"),
        Lint("SL102", Severity.ERROR, "a keyword does not apply to the declared type"),
        Lint("SL103", Severity.ERROR, "a required name is not declared in a closed object"),
        Lint("SL104", Severity.WARNING, "$id does not end with the schema's <name>/<v>.json"),
        Lint("SL201", Severity.WARNING, "the root is not an object with properties"),
        Lint("SL202", Severity.WARNING, "unknown format"),
        Lint("SL203", Severity.INFO, "a string without maxLength, format, enum, const or pattern"),
        Lint("SL204", Severity.INFO, "a number without a minimum or a maximum"),
        Lint("SL205", Severity.WARNING, "an object without an explicit additionalProperties"),
        Lint("SL206", Severity.WARNING, "an event schema without a description"),
        Lint("SL207", Severity.INFO, "a property without a description"),
        Lint("SL301", Severity.WARNING, "a property name's casing differs from the registry's"),
        Lint("SL302", Severity.WARNING, "a property name has another type in another event"),
        Lint("SL303", Severity.WARNING, "an event name breaks name-pattern"),
        Lint("SL401", Severity.WARNING, "a gap between two versions"),
        Lint("SL402", Severity.WARNING, "the first version is not the first of its scheme"),
    )
}

KNOWN_FORMATS = frozenset(
    {
        "date-time",
        "date",
        "time",
        "duration",
        "email",
        "idn-email",
        "hostname",
        "idn-hostname",
        "ipv4",
        "ipv6",
        "uri",
        "uri-reference",
        "iri",
        "iri-reference",
        "uuid",
        "uri-template",
        "json-pointer",
        "relative-json-pointer",
        "regex",
    }
)

_BOUNDS = (
    ("minimum", "maximum"),
    ("exclusiveMinimum", "exclusiveMaximum"),
    ("minLength", "maxLength"),
    ("minItems", "maxItems"),
    ("minProperties", "maxProperties"),
    ("minContains", "maxContains"),
)
_TYPE_KEYWORDS = {
    "string": ("minLength", "maxLength", "pattern"),
    "number": ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"),
    "array": ("items", "prefixItems", "minItems", "maxItems", "uniqueItems", "contains"),
    "object": (
        "properties",
        "required",
        "additionalProperties",
        "patternProperties",
        "minProperties",
        "maxProperties",
        "dependentRequired",
        "propertyNames",
    ),
}
_SCHEMA_MAPS = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")
_SCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")
_SCHEMAS = (
    "additionalProperties",
    "items",
    "additionalItems",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
    "unevaluatedProperties",
    "unevaluatedItems",
)


def lint_registry(registry: Registry, config: Config) -> list[Finding]:
    """Every lint finding of the registry's user events, minus the config's skipped codes."""
    events = [name for name in registry.names() if not registry.is_builtin(name)]
    findings: list[Finding] = []
    for name in events:
        version = registry.latest(name)
        findings += _lint_name(name, config)
        findings += _lint_schema(name, version, registry.schema(name, version))
        findings += _lint_versions(name, registry.versions(name))
    findings += _lint_property_names(registry, events)
    return [f for f in findings if f.code not in config.skip_lints]


def _lint_name(name: str, config: Config) -> list[Finding]:
    problem = name_problem(name, config.name_pattern)
    if problem is None or not config.events.get(name, EventSettings()).check_name:
        return []
    keep = f'[tool.event-lint.events."{name}"] check-name = false'
    message = f"{problem}; to keep a published name, set {keep}"
    return [Finding("SL303", message, severity=LINTS["SL303"].severity, event=name)]


def _finding(code: str, message: str, name: str, version: str, pointer: str = "") -> Finding:
    return Finding(
        code,
        message,
        severity=LINTS[code].severity,
        file=f"{name}/{version}.json",
        json_path=pointer or None,
        event=name,
        version=version,
    )


# -- one schema -----------------------------------------------------------------------------


def subschemas(schema: Any, pointer: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """(JSON pointer, sub-schema) for the schema and every schema inside it."""
    if not isinstance(schema, dict):
        return
    yield pointer, schema
    for keyword in _SCHEMA_MAPS:
        children = schema.get(keyword)
        if isinstance(children, dict):
            for key, child in children.items():
                yield from subschemas(child, f"{pointer}/{keyword}/{escape(key)}")
    for keyword in _SCHEMA_LISTS:
        children = schema.get(keyword)
        if isinstance(children, list):
            for index, child in enumerate(children):
                yield from subschemas(child, f"{pointer}/{keyword}/{index}")
    for keyword in _SCHEMAS:
        child = schema.get(keyword)
        if isinstance(child, list):  # draft-07 tuple items
            for index, item in enumerate(child):
                yield from subschemas(item, f"{pointer}/{keyword}/{index}")
        else:
            yield from subschemas(child, f"{pointer}/{keyword}")


def _lint_schema(name: str, version: str, schema: dict[str, Any]) -> list[Finding]:
    findings = _lint_root(name, version, schema)
    for pointer, sub in subschemas(schema):
        for code, message in _lint_subschema(sub, pointer):
            findings.append(_finding(code, message, name, version, pointer))
    return findings


def _lint_root(name: str, version: str, schema: dict[str, Any]) -> list[Finding]:
    findings = []
    if schema.get("type") != "object" or not isinstance(schema.get("properties"), dict):
        findings.append(
            _finding("SL201", "the event's data should be an object with properties", name, version)
        )
    if not schema.get("description"):
        findings.append(_finding("SL206", "the event has no description", name, version))
    schema_id = schema.get("$id")
    if isinstance(schema_id, str) and not schema_id.endswith(f"{name}/{version}.json"):
        findings.append(
            _finding(
                "SL104",
                f"$id {schema_id!r} does not end with {name}/{version}.json",
                name,
                version,
                "/$id",
            )
        )
    return findings


def _lint_subschema(schema: dict[str, Any], pointer: str) -> Iterator[tuple[str, str]]:
    for low, high in _BOUNDS:
        if _number(schema.get(low)) and _number(schema.get(high)) and schema[low] > schema[high]:
            yield "SL101", f"{low} {schema[low]} is greater than {high} {schema[high]}"
    types = _types(schema)
    for kind, keywords in _TYPE_KEYWORDS.items():
        if types and kind not in types and not (kind == "number" and "integer" in types):
            for keyword in keywords:
                if keyword in schema:
                    yield "SL102", f"{keyword} applies to {kind}s, but the type is {_text(types)}"
    yield from _lint_object(schema, types)
    if "string" in types and not {"maxLength", "format", "enum", "const", "pattern"} & set(schema):
        yield "SL203", "a string without maxLength, format, enum, const or pattern"
    missing = _missing_bounds(schema)
    if types & {"number", "integer"} and not {"enum", "const"} & set(schema) and missing:
        kind = "an integer" if types == {"integer"} else "a number"
        yield "SL204", f"{kind} without {' or '.join(missing)}"
    schema_format = schema.get("format")
    if isinstance(schema_format, str) and schema_format not in KNOWN_FORMATS:
        yield "SL202", f"unknown format {schema_format!r}"
    if re.search(r"/properties/[^/]+$", pointer) and not schema.get("description"):
        yield "SL207", "the property has no description"


def _lint_object(schema: dict[str, Any], types: set[str]) -> Iterator[tuple[str, str]]:
    is_object = "object" in types or (not types and "properties" in schema)
    if not is_object:
        return
    if "additionalProperties" not in schema and "unevaluatedProperties" not in schema:
        yield (
            "SL205",
            "the object does not say whether it accepts undeclared keys (add additionalProperties)",
        )
    if schema.get("additionalProperties") is False:
        declared = schema.get("properties", {})
        patterns = list(schema.get("patternProperties", {}))
        for required in schema.get("required", []):
            if required not in declared and not any(re.search(p, required) for p in patterns):
                yield "SL103", f"{required!r} is required but the closed object does not declare it"


def _types(schema: dict[str, Any]) -> set[str]:
    value = schema.get("type")
    return {value} if isinstance(value, str) else set(value) if isinstance(value, list) else set()


def _text(types: set[str]) -> str:
    return " or ".join(sorted(types))


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _missing_bounds(schema: dict[str, Any]) -> list[str]:
    missing = []
    if "minimum" not in schema and "exclusiveMinimum" not in schema:
        missing.append("a minimum")
    if "maximum" not in schema and "exclusiveMaximum" not in schema:
        missing.append("a maximum")
    return missing


# -- versions -------------------------------------------------------------------------------


def _lint_versions(name: str, versions: list[str]) -> list[Finding]:
    parsed = [parse_version(v) for v in versions]
    first = parsed[0]
    findings = []
    expected_first = {Scheme.INTEGER: (1,), Scheme.SEMVER: (1, 0, 0)}
    if (
        first.scheme in expected_first
        and first.key[: len(expected_first[first.scheme])] != expected_first[first.scheme]
    ):
        label = "1" if first.scheme is Scheme.INTEGER else "1.0.0"
        findings.append(
            _finding("SL402", f"the first version is {first.text}, not {label}", name, first.text)
        )
    if first.scheme is Scheme.DATE and first.key[3] != 1:
        findings.append(
            _finding(
                "SL402",
                f"the first version is {first.text}, not serial 1 of its date",
                name,
                first.text,
            )
        )
    for before, after in itertools.pairwise(parsed):
        if not _next_to(before.scheme, before.key, after.key):
            findings.append(
                _finding(
                    "SL401",
                    f"version {after.text} does not follow {before.text} without a gap",
                    name,
                    after.text,
                )
            )
    return findings


def _next_to(scheme: Scheme, before: tuple[Any, ...], after: tuple[Any, ...]) -> bool:
    if scheme is Scheme.INTEGER:
        return bool(after[0] == before[0] + 1)
    if scheme is Scheme.DATE:  # a new date starts at serial 1; the same date counts up
        return bool(after[3] == (before[3] + 1 if after[:3] == before[:3] else 1))
    major, minor, patch = before[:3]
    return after[:3] in ((major, minor, patch + 1), (major, minor + 1, 0), (major + 1, 0, 0))


# -- across the registry --------------------------------------------------------------------

_CASINGS = (
    ("camelCase", re.compile(r"^[a-z][a-z0-9]*(?:[A-Z][a-z0-9]*)+$")),
    ("snake_case", re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)+$")),
    ("kebab-case", re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)+$")),
    ("PascalCase", re.compile(r"^[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)*$")),
)


@dataclass(frozen=True)
class _Property:
    event: str
    version: str
    pointer: str
    name: str
    schema: dict[str, Any]


def _properties(registry: Registry, events: list[str]) -> list[_Property]:
    found = []
    for event in events:
        version = registry.latest(event)
        for pointer, sub in subschemas(registry.schema(event, version)):
            for key, child in (
                sub.get("properties", {}).items() if isinstance(sub.get("properties"), dict) else ()
            ):
                if isinstance(child, dict):
                    where = f"{pointer}/properties/{escape(key)}"
                    found.append(_Property(event, version, where, key, child))
    return found


def _casing(name: str) -> str | None:
    """The casing a name shows; None for a single lowercase word (fits every casing)."""
    return next((label for label, pattern in _CASINGS if pattern.match(name)), None)


def _lint_property_names(registry: Registry, events: list[str]) -> list[Finding]:
    properties = _properties(registry, events)
    findings = []
    casings = Counter(c for p in properties if (c := _casing(p.name)) is not None)
    if len(casings) > 1:
        usual = casings.most_common(1)[0][0]
        for prop in properties:
            casing = _casing(prop.name)
            if casing is not None and casing != usual:
                findings.append(
                    _finding(
                        "SL301",
                        f"{prop.name!r} is {casing}; the registry mostly uses {usual}",
                        prop.event,
                        prop.version,
                        prop.pointer,
                    )
                )
    by_name: dict[str, list[_Property]] = defaultdict(list)
    for prop in properties:
        if "type" in prop.schema:
            by_name[prop.name].append(prop)
    for name, props in by_name.items():
        types = Counter(canonical(p.schema["type"]) for p in props)
        if len(types) < 2:
            continue
        usual = types.most_common(1)[0][0]
        for prop in props:
            mine = canonical(prop.schema["type"])
            if mine != usual:
                others = sorted({p.event for p in props if canonical(p.schema["type"]) == usual})
                findings.append(
                    _finding(
                        "SL302",
                        f"{name!r} has type {mine} here but {usual} in {', '.join(others)}",
                        prop.event,
                        prop.version,
                        prop.pointer,
                    )
                )
    return findings
