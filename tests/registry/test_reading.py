"""Registry.load's ``reading``: the dialect of schemas without ``$schema``, passed with
the registry rather than set for the whole process, and texts read instead of files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from event_lint.registry import Registry, RegistryError
from event_lint.registry.compat import compare
from event_lint.registry.dialects import DIALECT_URIS
from event_lint.registry.loader import Reading

DRAFT_7 = DIALECT_URIS["draft-07"]
# `items` as a list: draft-07's tuple form, not a 2020-12 schema.
TUPLE = {"type": "object", "properties": {"tags": {"type": "array", "items": [{"type": "string"}]}}}


def _registry(tmp_path: Path, schema: dict[str, object]) -> Path:
    folder = tmp_path / "shop" / "order.placed"
    folder.mkdir(parents=True)
    (folder / "1.json").write_text(json.dumps(schema))
    return tmp_path


def test_a_registry_read_as_draft_7_beside_one_read_as_2020_12(tmp_path: Path) -> None:
    root = _registry(tmp_path, TUPLE)
    draft7 = Registry.load(root, reading=Reading(DRAFT_7))
    assert draft7.dialect == DRAFT_7
    [issue] = draft7.validate("shop/order.placed", {"tags": [1]})
    assert (issue.path, issue.keyword) == ("/tags/0", "type")
    with pytest.raises(RegistryError) as raised:
        Registry.load(root, reading=Reading(DIALECT_URIS["2020-12"]))
    assert list(raised.value.messages) == [
        f"{root}/shop/order.placed/1.json: not a valid 2020-12 JSON Schema at "
        "/properties/tags/items: [{'type': 'string'}] is not of type 'object', 'boolean'"
    ]
    assert Registry.load(root, reading=Reading(DRAFT_7)).has("shop/order.placed")  # unchanged


def test_compatibility_reads_schemas_in_the_dialect_given(tmp_path: Path) -> None:
    longer = {**TUPLE, "properties": {"tags": {"type": "array", "items": [{"type": "integer"}]}}}
    [change] = compare(TUPLE, longer, dialect=DRAFT_7)
    assert (change.code, change.new_path) == ("TYPE_CHANGED", "/properties/tags/items/0/type")
    # Read as draft-07, the validators confirm it with a payload each way.
    assert [(w.direction.value, w.payload) for w in change.witnesses] == [
        ("BACKWARD", {"tags": ["x"]}),
        ("FORWARD", {"tags": [0]}),
    ]
    [unsure] = compare(TUPLE, longer)  # read as 2020-12, `items` as a list means nothing
    assert unsure.possibly and unsure.witnesses == ()


def test_a_text_is_read_instead_of_its_file(tmp_path: Path) -> None:
    root = _registry(tmp_path, {"type": "object"})
    schema = root / "shop" / "order.placed" / "1.json"
    with pytest.raises(RegistryError) as raised:
        Registry.load(root, reading=Reading(texts={schema: b'{"type": "object",}'}))
    assert list(raised.value.messages) == [
        f"{root}/shop/order.placed/1.json:1:19: invalid JSON: Expecting property name "
        "enclosed in double quotes"
    ]
    edited = Registry.load(root, reading=Reading(texts={schema: b'{"type": "string"}'}))
    assert edited.schema("shop/order.placed") == {"type": "string"}
    assert json.loads(schema.read_text()) == {"type": "object"}  # the file is untouched
