"""Random schema files for the registry loader and ``event-registry check``: every outcome
is a loaded registry or one RegistryError (exit 0, 1 or 2), never another exception."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from event_lint.cli.registry import main
from event_lint.registry import Registry, RegistryError

_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=8),
)
_NAMES = st.one_of(st.sampled_from(["a", "b", "invoiceId"]), st.text(max_size=4))
_REFS = st.sampled_from(
    ["#", "#/$defs/a", "#/$defs/b", "#a", "../../_defs/a.json", "../../_defs/a.json#/$defs/a",
     "2.json", "1.json#/properties/a", "https://example.com/s.json", "#/properties/a/items"]
)  # fmt: skip
_TYPES = st.sampled_from(["object", "string", "integer", "number", "array", "null", "boolean"])
_DIALECTS = st.sampled_from(
    ["https://json-schema.org/draft/2020-12/schema", "https://json-schema.org/draft/2019-09/schema",
     "http://json-schema.org/draft-07/schema#"]
)  # fmt: skip


def _schema_like(depth: int) -> st.SearchStrategy[Any]:
    """An object of schema keywords, each (nearly always) with a value of its own kind, so
    that the loader's deeper checks (refs, anchors, cycles, dialects) run often."""
    child = st.booleans() if depth == 0 else st.one_of(st.booleans(), _schema_like(depth - 1))
    values: dict[str, st.SearchStrategy[Any]] = {
        "type": st.one_of(_TYPES, st.lists(_TYPES, min_size=1, max_size=3, unique=True)),
        "required": st.lists(_NAMES, max_size=3, unique=True),
        "$id": st.sampled_from(["a.json", "https://registry.example/x.json", "#x", "sub/"]),
        "$anchor": st.sampled_from(["a", "b"]),
        "$dynamicAnchor": st.sampled_from(["a", "b"]),
        "$schema": _DIALECTS,
        "enum": st.lists(_SCALARS, min_size=1, max_size=3),
        "const": _SCALARS,
        "default": _SCALARS,
        "minimum": st.integers(-5, 5),
        "maximum": st.floats(-5, 5),
        "maxLength": st.integers(0, 5),
        "pattern": st.sampled_from(["^[a-z]+$", "a|b", "\\d"]),
        "format": st.sampled_from(["date-time", "uuid", "email", "nope"]),
        "description": st.text(max_size=8),
        "deprecated": st.booleans(),
    }
    for keyword in ("$ref", "$dynamicRef", "$recursiveRef"):
        values[keyword] = _REFS
    for keyword in ("properties", "$defs", "patternProperties", "dependentSchemas"):
        values[keyword] = st.dictionaries(_NAMES, child, max_size=3)
    for keyword in ("items", "additionalProperties", "not", "if", "then", "else"):
        values[keyword] = child
    for keyword in ("prefixItems", "allOf", "anyOf", "oneOf"):
        values[keyword] = st.lists(child, min_size=1, max_size=3)
    pairs = st.sampled_from(sorted(values)).flatmap(
        lambda keyword: st.tuples(st.just(keyword), values[keyword])
    )
    return st.lists(pairs, max_size=6).map(dict)


SCHEMAS = _schema_like(3)
FILES = st.one_of(
    SCHEMAS.map(lambda schema: json.dumps(schema).encode()),
    st.binary(max_size=200),
    st.text(alphabet='{}[]":,0123456789aeflnrstu\\ NIay-', max_size=60).map(str.encode),
)
PLACES = ["billing/invoice.paid/1.json", "billing/invoice.paid/2.json", "_defs/a.json"]


@contextmanager
def _registry(files: list[bytes]) -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "reg"
        for place, content in zip(PLACES, files, strict=False):
            (root / place).parent.mkdir(parents=True, exist_ok=True)
            (root / place).write_bytes(content)
        (Path(folder) / "pyproject.toml").write_text('[tool.event-lint]\nregistry = "reg"\n')
        yield root


FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@FUZZ
@given(st.lists(FILES, min_size=1, max_size=3))
def test_loader_loads_or_raises_a_registry_error(files: list[bytes]) -> None:
    with _registry(files) as root:
        try:
            registry = Registry.load(root)
        except RegistryError as exc:
            assert "\n" not in str(exc)
            return
        for name in registry.names():
            registry.validate(name, {"invoiceId": "x"})


@FUZZ
@given(st.lists(SCHEMAS.map(lambda s: json.dumps(s).encode()), min_size=1, max_size=3))
@example([b'{"$ref": "2.json"}', b'{"$ref": "#/$defs/a"}'])  # a dangling ref one file away
def test_check_exits_0_1_or_2_without_an_exception(files: list[bytes]) -> None:
    with _registry(files) as root:
        cwd = os.getcwd()
        os.chdir(root.parent)
        try:
            result = CliRunner().invoke(main, ["check"])
        finally:
            os.chdir(cwd)
    assert result.exit_code in (0, 1, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), _trace(result)


def _trace(result: Any) -> str:
    import traceback

    return "".join(traceback.format_exception(result.exception)) + result.output
