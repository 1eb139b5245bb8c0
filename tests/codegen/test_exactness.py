"""The property behind the generated classes: for every version of the example registry and
of a varied test registry, a class accepts a payload iff the registry's validator accepts it,
and ``to_event().data`` is that payload, to the type (``5`` stays ``5``, ``2**70`` exact).

Payloads come from hypothesis-jsonschema (valid ones, mostly) and from mutating each of them:
deleted keys, Python-named keys, wrong types, format and number edges, explicit nulls."""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pydantic
import pytest
from compat.oracle import from_schema  # with its shim for Hypothesis 6.1xx
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from event_lint.codegen import generate_module
from event_lint.registry import Registry

REPO = Path(__file__).resolve().parents[2]
MINIMUM_PAYLOADS = 10_000

STAMP = {"type": "string", "format": "date-time"}
MONEY = {
    "type": "object",
    "additionalProperties": False,
    "required": ["cents", "currency"],
    "properties": {
        "cents": {"type": "integer", "minimum": 0, "maximum": 2**60},
        "currency": {"enum": ["usd", "eur"], "maxLength": 3},
    },
}
# One event per family of schema features the classes must get exactly right.
VARIED: dict[str, dict[str, Any]] = {
    "shop/order.placed": {
        "type": "object",
        "additionalProperties": False,
        "required": ["orderId", "placedAt", "total", "kind"],
        "properties": {
            "orderId": {"type": "string", "format": "uuid"},
            "placedAt": STAMP,
            "placedOn": {"type": "string", "format": "date"},
            "total": {"$ref": "../../_defs/money.json"},
            "kind": {"const": "order"},
            "note": {"type": ["string", "null"], "maxLength": 20},
            "email": {"type": "string", "format": "email"},
            "count": {"type": "integer", "exclusiveMinimum": 0, "multipleOf": 2},
            "ratio": {"type": "number", "minimum": 0, "maximum": 1},
            "currency": {"type": "string", "default": "usd", "pattern": "^[a-z]{3}$"},
        },
    },
    "shop/payment.made": {
        "type": "object",
        "required": ["method"],
        "properties": {
            "method": {
                "oneOf": [
                    {
                        "type": "object",
                        "title": "card",
                        "required": ["type", "last4"],
                        "properties": {
                            "type": {"const": "card"},
                            "last4": {"type": "string", "pattern": "^[0-9]{4}$"},
                        },
                    },
                    {
                        "type": "object",
                        "title": "bank",
                        "required": ["type", "iban"],
                        "properties": {
                            "type": {"const": "bank"},
                            "iban": {"type": "string", "minLength": 5, "maxLength": 34},
                        },
                    },
                ]
            },
            "amount": {"anyOf": [{"type": "integer"}, {"type": "string", "pattern": "^[0-9]+$"}]},
            "tags": {"type": "array", "items": {"type": "string"}, "uniqueItems": True},
            "meta": {"type": "object", "additionalProperties": {"type": ["integer", "boolean"]}},
            "ip": {"type": "string", "format": "ipv4"},
            "site": {"type": "string", "format": "uri"},
            "host": {"type": "string", "format": "hostname"},
        },
    },
    "tree/node.added": {
        "type": "object",
        "required": ["id"],
        "properties": {
            "id": {"type": "integer"},
            "parent": {"$ref": "#"},
            "children": {"type": "array", "maxItems": 3, "items": {"$ref": "#/$defs/leaf"}},
        },
        "$defs": {
            "leaf": {
                "type": "object",
                "required": ["label"],
                "properties": {"label": {"type": "string"}, "next": {"$ref": "#/$defs/leaf"}},
            }
        },
    },
    "odd/shape.seen": {
        "type": "object",
        "properties": {
            "loose": {"properties": {"a": {"type": "string"}}},
            "anything": {},
            "either": {"type": ["string", "integer", "null"]},
            "notString": {"not": {"type": "string"}},
            "conditional": {
                "type": "object",
                "if": {"required": ["a"]},
                "then": {"required": ["b"]},
            },
            "patterned": {"type": "object", "patternProperties": {"^n_": {"type": "integer"}}},
            "both": {"allOf": [{"type": "object"}, {"required": ["x"]}]},
            "big": {"type": "integer", "maximum": 2**64},
            "fixed": {"type": "array", "minItems": 1, "items": {"enum": [1, "1", True, None]}},
            "longUnion": {
                "anyOf": [
                    {
                        "type": "object",
                        "title": f"a rather long branch title number {n}",
                        "required": [f"k{n}"],
                    }
                    for n in range(3)
                ]
                + [{"type": "array", "items": {"type": "object", "properties": {"z": {}}}}]
            },
        },
        "dependentRequired": {"anything": ["either"]},
    },
    "legacy/thing.done": {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "type": "object",
        "required": ["fireAt"],
        "properties": {
            "fireAt": STAMP,
            "items": {"type": "array", "items": [{"type": "string"}, {"type": "integer"}]},
            "count": {"type": "integer"},
        },
    },
}


def write_registry(root: Path) -> Path:
    schemas = root / "schemas"
    for name, schema in VARIED.items():
        path = schemas / name / "1.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(schema))
    (schemas / "_defs").mkdir()
    (schemas / "_defs/money.json").write_text(json.dumps(MONEY))
    return schemas


def load_module(text: str, path: Path) -> Any:
    path.write_text(text)
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[path.stem] = module
    spec.loader.exec_module(module)
    return module


# -- payloads --------------------------------------------------------------------------------


def inline(schema: Any, resolver: Any, depth: int = 0) -> Any:
    """``schema`` with every ``$ref`` replaced by its target (hypothesis-jsonschema resolves
    none across files, nor recursion): past a small depth a ref becomes ``null``."""
    if isinstance(schema, list):
        return [inline(item, resolver, depth) for item in schema]
    if not isinstance(schema, dict):
        return schema
    if isinstance(schema.get("$ref"), str):
        if depth > 2:
            return {"type": "null"}
        resolved = resolver.lookup(schema["$ref"])
        return inline(resolved.contents, resolved.resolver, depth + 1)
    skipped = ("$defs", "definitions", "$id", "$schema", "const", "enum", "default", "examples")
    out = {k: inline(v, resolver, depth) for k, v in schema.items() if k not in skipped}
    out.update({k: schema[k] for k in ("const", "enum") if k in schema})
    return out


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)


def payloads(registry: Registry, name: str, v: str) -> st.SearchStrategy[Any]:
    resolver = registry.resolver_registry.resolver(base_uri=registry.schema_uri(name, v))
    schema = inline(registry.schema(name, v), resolver)
    if "items" in schema.get("properties", {}) and isinstance(
        schema["properties"]["items"].get("items"), list
    ):
        schema["properties"]["items"] = {"type": "array"}  # a draft-07 tuple: not in 2020-12
    try:
        strategy = from_schema(schema)
    except Exception:  # a keyword hypothesis-jsonschema does not know
        strategy = st.nothing()
    keys = list(registry.schema(name, v).get("properties", {}))
    fallback = st.fixed_dictionaries({}, optional={k: JSON for k in keys})
    return st.one_of(strategy, fallback)


EDGE_VALUES: list[Any] = [
    None,
    True,
    0,
    1,
    1.0,
    5.0,
    -0.0,
    2**53 + 1,
    2**70,
    1e308,
    "",
    "x",
    "5",
    [],
    {},
    [1, 1],
    "2024-05-01T12:30:00Z",
    "2024-05-01 12:30:00Z",
    "2024-05-01T12:30:00+0200",
    "2016-12-31T23:59:60Z",
    "2024-05-01T12:30:00",
    "2024-02-30T00:00:00Z",
    "2024-05-01",
    "A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11",
    "a0eebc999c0b4ef8bb6d6bb9bd380a11",
    "{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}",
    "urn:uuid:a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
    "a@b",
    "not an email",
    "1.2.3.4",
    "256.1.1.1",
    {"type": "card", "last4": "1234"},
]


def snake(key: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", key).lower()


def mutants(payload: Any) -> Iterator[Any]:
    """The payload itself, then small breakages of it (each one change)."""
    yield payload
    if not isinstance(payload, dict):
        return
    for key in list(payload)[:4]:
        yield {k: v for k, v in payload.items() if k != key}
        if snake(key) != key:
            yield {(snake(k) if k == key else k): v for k, v in payload.items()}
        for edge in EDGE_VALUES[len(key) % 5 :: 5]:
            yield {**payload, key: edge}
        value = payload[key]
        if isinstance(value, dict):
            for inner in mutants(value):
                yield {**payload, key: inner}
                break
    yield {**payload, "unknownKey": 1}


def exact(value: Any) -> str:
    """A rendering that tells 5 from 5.0 and True from 1."""
    return json.dumps(value, sort_keys=False, default=repr)


class Counter:
    payloads = 0
    accepted = 0


def check(cls: Any, registry: Registry, name: str, v: str, payload: Any) -> None:
    registry_accepts = not registry.validate(name, payload, v)
    try:
        event = cls(data=payload)
    except pydantic.ValidationError:
        assert not registry_accepts, f"{name} v{v} rejects a valid payload: {payload!r}"
    else:
        assert registry_accepts, f"{name} v{v} accepts an invalid payload: {payload!r}"
        assert exact(event.to_event().data) == exact(payload), payload
        Counter.accepted += 1
    Counter.payloads += 1


@pytest.fixture(scope="module")
def targets(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Any, Registry, str, str, Any]]:
    root = tmp_path_factory.mktemp("exactness")
    out = []
    for label, path in (("example", REPO / "schemas"), ("varied", write_registry(root))):
        registry = Registry.load(path)
        module = load_module(generate_module(registry), root / f"exact_{label}_events.py")
        classes = {
            (c.name, c.v): c
            for c in vars(module).values()
            if isinstance(c, type) and issubclass(c, module.EventModel) and hasattr(c, "v")
        }
        for name in registry.names():
            for v in registry.versions(name):
                out.append((classes[(name, v)], registry, name, v, payloads(registry, name, v)))
    return out


def test_the_varied_module_is_ruff_clean(
    targets: list[tuple[Any, Registry, str, str, Any]],
) -> None:
    """Long unions, recursive TypedDicts, draft-07 tuples: formatted as ruff formats them."""
    path = Path(sys.modules[targets[-1][0].__module__].__file__ or "")
    for command in (["check", "--select", "E,F,W,I,B,UP,SIM,RUF"], ["format", "--check", "--diff"]):
        ruff = subprocess.run(
            [Path(sys.executable).parent / "ruff", *command, "--isolated", str(path)],
            capture_output=True,
            text=True,
        )
        assert ruff.returncode == 0, ruff.stdout


def test_classes_accept_exactly_what_the_registry_accepts_and_send_it_unchanged(
    targets: list[tuple[Any, Registry, str, str, Any]],
) -> None:
    @settings(
        max_examples=10,
        derandomize=True,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
    )
    @given(st.data())
    def run(data: st.DataObject) -> None:
        for cls, registry, name, v, strategy in targets:
            for payload in mutants(data.draw(strategy, label=f"{name} v{v}")):
                check(cls, registry, name, v, payload)

    run()
    assert Counter.payloads >= MINIMUM_PAYLOADS, Counter.payloads
    assert Counter.accepted >= MINIMUM_PAYLOADS // 10, Counter.accepted
