"""EL611-EL614 against the oracle: for generated (schema, data) pairs that jsonschema (the
registry's validator) accepts, the data written as a dict literal in a send is reported by
none of the payload rules. One registry and one source file hold every pair, linted once."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from compat.oracle import instances
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from event_lint.config import Config
from event_lint.linter.project import project_from_sources
from event_lint.linter.rules.base import RuleContext
from event_lint.linter.rules.payload_constraint import PayloadConstraint
from event_lint.linter.rules.payload_missing_key import PayloadMissingKey
from event_lint.linter.rules.payload_unknown_key import PayloadUnknownKey
from event_lint.linter.rules.payload_wrong_type import PayloadWrongType
from event_lint.registry import Registry
from event_lint.registry.compat.witness import validator

SCHEMAS = 400
PER_SCHEMA = 6
DRAFT_07 = "http://json-schema.org/draft-07/schema#"

S = {"type": "string"}
LEAVES: list[Any] = [
    S,
    {"type": "integer", "minimum": 0},
    {"type": ["string", "null"]},
    {"enum": ["a", "b"]},
    {"const": 1},
    {"type": "string", "maxLength": 3},
    {"type": "string", "pattern": "^a"},
    {"type": "array", "items": S, "maxItems": 2},
    {"type": "array", "prefixItems": [S], "items": {"type": "integer"}},
    {"type": "object", "properties": {"x": S}, "additionalProperties": False},
    {"anyOf": [S, {"type": "null"}]},
    {"oneOf": [S, {"type": "integer"}]},
    {"$ref": "#/$defs/d"},
    {"oneOf": [{"$ref": "#/$defs/d"}, {"type": "null"}]},
    {"allOf": [{"allOf": [S]}]},
    {"if": {"type": "string"}},
    {"not": {"type": "null"}},
    True,
]
KEYS = st.sampled_from(["a", "b", "c", "ab"])
# Object keywords beside properties, each a known source of false positives.
EXTRAS: list[dict[str, Any]] = [
    {},
    {"additionalProperties": False},
    {"additionalProperties": S},
    {"unevaluatedProperties": False},
    {"unevaluatedProperties": False, "additionalProperties": True},
    {"unevaluatedProperties": False, "patternProperties": {"^c": S}},
    {"additionalProperties": False, "patternProperties": {"^a": {"type": "integer"}}},
    {"unevaluatedProperties": False, "allOf": [{"properties": {"c": S}}]},
    {"unevaluatedProperties": False, "allOf": [{"additionalProperties": True}]},
    {"unevaluatedProperties": False, "allOf": [{"unevaluatedProperties": True}]},
    {"unevaluatedProperties": False, "dependentSchemas": {"a": {"properties": {"c": S}}}},
    {"unevaluatedProperties": False, "if": {"properties": {"c": S}}},
    {"unevaluatedProperties": False, "oneOf": [{"properties": {"c": S}}, {"required": ["b"]}]},
    {"dependentSchemas": {"a": {"required": ["b"]}}},
    {"dependentRequired": {"a": ["b"]}},
    {"propertyNames": {"maxLength": 2}},
    {"minProperties": 1, "maxProperties": 3},
]


def _schema(
    props: dict[str, Any], required: list[str], extra: dict[str, Any], draft7: bool
) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": "object",
        "description": "Generated.",
        "properties": props,
        **extra,
        "$defs": {"d": {"type": "string", "minLength": 1}},
    }
    if required:
        schema["required"] = sorted(set(required) & set(props))
    if draft7:  # draft-07 ignores keywords beside $ref, and has no unevaluated*/$defs
        schema = json.loads(json.dumps(schema).replace('"$defs"', '"definitions"'))
        schema = json.loads(json.dumps(schema).replace("#/$defs/", "#/definitions/"))
        schema = {k: v for k, v in schema.items() if not k.startswith(("unevaluated", "depend"))}
        schema["$schema"] = DRAFT_07
        schema["properties"]["r"] = {"$ref": "#/definitions/d", "maxLength": 0}
    return schema


SCHEMA_STRATEGY = st.builds(
    _schema,
    st.dictionaries(KEYS, st.sampled_from(LEAVES), max_size=3),
    st.lists(KEYS, max_size=2),
    st.sampled_from(EXTRAS),
    st.booleans(),
)


def generated_schemas(count: int) -> list[dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}

    @settings(
        max_examples=count * 2,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(SCHEMA_STRATEGY)
    def collect(schema: dict[str, Any]) -> None:
        if len(found) < count:
            found.setdefault(json.dumps(schema, sort_keys=True), schema)

    collect()
    return list(found.values())


def accepted(schema: dict[str, Any]) -> list[dict[str, Any]]:
    judge = validator(schema, None)
    valid = [i for i in instances(schema) if isinstance(i, dict) and judge.is_valid(i)]
    return valid[:PER_SCHEMA]


def test_the_payload_rules_report_nothing_the_validator_accepts(tmp_path: Path) -> None:
    registry_root = tmp_path / "schemas"
    sends = []
    cases = schemas = 0
    for index, schema in enumerate(generated_schemas(SCHEMAS)):
        datas = accepted(schema)
        if not datas:
            continue
        schemas += 1
        name = f"oracle/case{index}.sent"
        path = registry_root / name / "1.json"
        path.parent.mkdir(parents=True)
        path.write_text(json.dumps(schema))
        for data in datas:
            cases += 1
            sends.append(f"    await client.send(inngest.Event(name={name!r}, data={data!r}))\n")
    source = (
        'import inngest\n\nclient = inngest.Inngest(app_id="oracle")\n\n\n'
        "async def send_all() -> None:\n" + "".join(sends)
    )
    registry = Registry.load(registry_root)
    project = project_from_sources({"app.py": source})
    context = RuleContext(project, Config(root=Path(".")), registry)
    rules = (PayloadMissingKey, PayloadUnknownKey, PayloadWrongType, PayloadConstraint)
    found = [d for rule in rules for d in rule().check(context)]
    lines = source.splitlines()
    shown = [f"{d.code} {d.message}\n    {lines[d.span.line - 1].strip()}" for d in found[:20]]
    print(f"payload oracle: {cases} accepted payloads of {schemas} schemas")
    assert cases >= 1000
    assert not found, f"{len(found)} false positives:\n" + "\n".join(shown)
