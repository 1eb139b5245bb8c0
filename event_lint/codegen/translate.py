"""JSON Schema -> the typed view of a payload: classes and type expressions.

The schema itself decides what a payload may be (it is embedded in the generated module and
checked with the registry's validator), so these types only need to hold every value the
schema accepts: each is a superset, never a restriction. Assertions without a Python type
(``pattern``, ``not``, ``if``, formats, bounds ...) are left to the schema, and no schema
stops generation.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urldefrag, urljoin

import referencing
import referencing.exceptions
from referencing._core import Resolver

from event_lint.codegen.layout import Group, Node, flat, union
from event_lint.codegen.model import ClassDef, FieldDef
from event_lint.codegen.naming import attribute_name, pascal, unique
from event_lint.codegen.pyliteral import encodable, py_literal

_JSON_TYPES = ("object", "array", "string", "integer", "number", "boolean", "null")
JSON_VALUE = "JsonValue"


@dataclass(frozen=True)
class Typed:
    node: Node
    nullable: bool


_ANY = Typed(JSON_VALUE, True)


class Translator:
    """Builds the classes of every event in one module, sharing classes for shared ``$ref``s."""

    def __init__(self, resolver_registry: referencing.Registry[Any]) -> None:
        self._registry = resolver_registry
        self.classes: list[ClassDef] = []
        self._taken: set[str] = set()  # class names already given out
        self._by_uri: dict[str, Typed] = {}  # resolved $ref target -> its type, built once
        self._ref_names: set[str] = set()  # claimed for a $ref target, not yet its class

    def data_class(self, uri: str, schema: Any, name: str) -> str:
        """Translate the ``data`` schema of one event version into a class named ``name``."""
        known = self._by_uri.get(uri)
        if known is not None:
            return flat(known.node)  # another version's file is the same document
        name = self.claim(name)
        schema = schema if isinstance(schema, dict) else {}  # true: any payload, no fields
        scope = _Scope(uri, self._registry.resolver(base_uri=uri), name.removesuffix("Data"))
        self._by_uri[uri] = Typed(name, False)  # a recursive "$ref": "#" names this class
        self._object(scope, schema, name, root=True)
        return name

    def reserve(self, names: Iterable[str]) -> None:
        self._taken.update(names)

    def claim(self, name: str) -> str:
        """``name``, or ``name_2`` ... when an earlier class took it."""
        taken, n = name, 1
        while taken in self._taken:
            n += 1
            taken = f"{name}_{n}"
        self._taken.add(taken)
        return taken

    # -- dispatch ------------------------------------------------------------------------

    def type_of(self, scope: _Scope, schema: Any, hint: str) -> Typed:
        if not isinstance(schema, dict):
            return _ANY
        for keyword in ("const", "enum"):
            if keyword in schema:
                return self._literal([schema["const"]] if keyword == "const" else schema["enum"])
        # Object or array keywords without "type" give no type: other JSON types pass them.
        types = _types(schema)
        if types:
            return _union(self._single(scope, schema, t, hint) for t in types)
        if isinstance(schema.get("$ref"), str):
            return self._ref(scope, schema["$ref"], hint)
        if isinstance(schema.get("allOf"), list) and schema["allOf"]:
            # Every branch holds the value, so any one branch's type is a superset.
            return self._first_informative(scope, schema["allOf"], hint)
        for keyword in ("anyOf", "oneOf"):
            branches = schema.get(keyword)
            if isinstance(branches, list) and branches:
                return _union(
                    self.type_of(scope, b, hint + _branch_name(b, i))
                    for i, b in enumerate(branches)
                )
        return _ANY

    def _first_informative(self, scope: _Scope, branches: list[Any], hint: str) -> Typed:
        for i, branch in enumerate(branches):
            typed = self.type_of(scope, branch, hint if i == 0 else hint + f"Part{i + 1}")
            if typed != _ANY:
                return typed
        return _ANY

    def _single(self, scope: _Scope, schema: dict[str, Any], kind: str, hint: str) -> Typed:
        if kind == "object":
            return self._object(scope, schema, hint)
        if kind == "array":
            items = schema.get("items", True)
            if not isinstance(items, dict):  # a tuple (draft-07 list) or "items": false
                return Typed(Group("list[", (JSON_VALUE,), "]"), False)
            return Typed(
                Group("list[", (self.type_of(scope, items, hint + "Item").node,), "]"), False
            )
        simple = {"string": "str", "integer": "Integer", "number": "Number", "boolean": "bool"}
        return Typed(simple[kind], False) if kind in simple else Typed("None", True)

    def _literal(self, values: Any) -> Typed:
        if not isinstance(values, list) or not values:
            return _ANY
        if all(_literal_ok(v) for v in values):
            literals = [v for v in values if v is not None]
            options = []
            if literals:
                node = Group("Literal[", tuple(py_literal(v) for v in literals), "]")
                options.append(Typed(node, False))
            if None in values:
                options.append(Typed("None", True))
            return _union(options)
        return _ANY  # floats, objects, arrays, strings Python cannot encode

    # -- objects -------------------------------------------------------------------------

    def _object(
        self, scope: _Scope, schema: dict[str, Any], hint: str, root: bool = False
    ) -> Typed:
        """A class, or ``dict[str, T]`` for a map without named keys (never for ``data``)."""
        properties = schema.get("properties")
        properties = properties if isinstance(properties, dict) else {}
        required = [k for k in schema.get("required", []) if isinstance(k, str)]
        if not root and not properties and not required:
            extra = schema.get("additionalProperties", True)
            values = self.type_of(scope, extra, hint + "Value")
            if "patternProperties" in schema:
                values = _ANY  # pattern keys have their own schemas
            return Typed(Group("dict[", ("str", values.node), "]"), False)
        if root or hint in self._ref_names:
            self._ref_names.discard(hint)
            name = hint
        else:
            name = self.claim(hint)
        cls = ClassDef(
            name=name,
            doc=_doc(schema),
            schema_path=scope.base_uri if root else None,
            dict_name=self.claim(name + "Dict"),
            closed=schema.get("additionalProperties") is False
            or schema.get("unevaluatedProperties") is False,
        )
        cls.fields = self._fields(scope, properties, required, name)
        self.classes.append(cls)  # after the classes of its fields: dependencies first
        return Typed(name, False)

    def _fields(
        self, scope: _Scope, properties: dict[str, Any], required: list[str], hint: str
    ) -> list[FieldDef]:
        keys = list(properties) + [key for key in required if key not in properties]
        taken: set[str] = set()
        fields = []
        for key in keys:
            if not encodable(key):
                continue  # pydantic cannot hold it; the payload still carries it
            sub = properties.get(key, True)
            attr = unique(attribute_name(key), taken)
            typed = self.type_of(scope, sub, hint + pascal(key))
            fields.append(_field(key, attr, typed, sub, key in required))
        return fields

    # -- references ----------------------------------------------------------------------

    def _ref(self, scope: _Scope, ref: str, hint: str) -> Typed:
        uri = urljoin(scope.base_uri, ref)
        document, fragment = urldefrag(uri)
        key = document if fragment in ("", "/") else uri
        known = self._by_uri.get(key)
        if known is not None:
            return known
        try:
            resolved = scope.resolver.lookup(ref)
        except referencing.exceptions.Unresolvable:
            return _ANY  # the registry refused it at load time; nothing to type
        target = _Scope(document, resolved.resolver, scope.event_class)
        name = _ref_class_name(document, fragment, scope.event_class, scope.base_uri)
        name = self.claim(name)
        self._ref_names.add(name)
        # Registered before translating, so a recursive definition refers to itself by name.
        self._by_uri[key] = Typed(name, False)
        typed = self.type_of(target, resolved.contents, name)
        if name in self._ref_names:  # not a class after all (a union, a scalar ...)
            self._ref_names.discard(name)
            self._taken.discard(name)
        self._by_uri[key] = typed
        return typed


@dataclass(frozen=True)
class _Scope:
    base_uri: str
    resolver: Resolver[Any]
    event_class: str  # "BillingInvoicePaidV1": names the event's own $defs


def _types(schema: dict[str, Any]) -> list[str]:
    declared = schema.get("type")
    if isinstance(declared, str):
        declared = [declared]
    if not isinstance(declared, list):
        return []
    names = [t for t in _JSON_TYPES if t in declared]
    return [t for t in names if not (t == "integer" and "number" in names)]


def _literal_ok(value: object) -> bool:
    if isinstance(value, str):
        return encodable(value)
    return value is None or isinstance(value, (bool, int))


def _branch_name(branch: Any, index: int) -> str:
    title = branch.get("title") if isinstance(branch, dict) else None
    if isinstance(title, str) and pascal(title):
        return pascal(title)
    return f"Variant{index + 1}"


def _ref_class_name(document: str, fragment: str, event_class: str, base_uri: str) -> str:
    """``.../_defs/money.json#/$defs/cents`` -> ``MoneyCents``; a ref inside the same document
    is named after the event class, so two events' ``#/$defs/Money`` never collide."""
    parts = [p for p in fragment.split("/") if p and p not in ("$defs", "definitions")]
    if document == base_uri and event_class:
        return event_class + "".join(pascal(p) for p in parts)
    stem = document.rstrip("/").rsplit("/", 1)[-1].removesuffix(".json")
    name = pascal(stem) + "".join(pascal(p) for p in parts)
    return name if name[:1].isalpha() else "Defs" + name


def _union(options: Iterable[Typed]) -> Typed:
    nodes: list[Node] = []
    nullable = False
    for option in options:
        if option == _ANY:
            return _ANY  # JsonValue holds every other option
        nullable = nullable or option.nullable
        if option.node != "None" and option.node not in nodes:
            nodes.append(option.node)
    if nullable:
        nodes.append("None")
    if len(nodes) == 1:
        return Typed(nodes[0], nullable)
    return Typed(union(tuple(nodes)), nullable)


def _field(key: str, attr: str, typed: Typed, schema: Any, required: bool) -> FieldDef:
    node = typed.node
    if not required and not typed.nullable:
        node = _union([typed, Typed("None", True)]).node
    return FieldDef(
        attr=attr,
        key=key,
        annotation=node,
        value=typed.node,
        default=None if required else "None",
        doc=_doc(schema) if isinstance(schema, dict) else None,
        send_none=not required and typed.nullable,
    )


def _doc(schema: dict[str, Any]) -> str | None:
    text = schema.get("description") or schema.get("title")
    return text.strip() if isinstance(text, str) and text.strip() else None
