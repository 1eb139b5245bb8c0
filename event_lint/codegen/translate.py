"""JSON Schema -> class definitions and type expressions, faithfully or not at all.

Every assertion a schema makes either becomes part of the Python type (a type, a ``Literal``,
a ``Field`` constraint, ``extra="forbid"``) or stops generation with a ``UserError`` naming
the schema path: generated code never accepts a payload the registry would reject.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urldefrag, urljoin

import referencing
from referencing._core import Resolver

from event_lint.codegen.layout import Group, Node, flat
from event_lint.codegen.model import ClassDef, FieldDef
from event_lint.codegen.naming import attribute_name, pascal, unique
from event_lint.errors import UserError

# Keywords that only annotate: they never reject a payload, so ignoring them is faithful.
_ANNOTATIONS = frozenset(
    {
        "$schema",
        "$id",
        "$anchor",
        "$comment",
        "$defs",
        "definitions",
        "title",
        "description",
        "default",
        "examples",
        "deprecated",
        "readOnly",
        "writeOnly",
        "contentMediaType",
        "contentEncoding",
        "$vocabulary",
        "$dynamicAnchor",
    }
)
# Assertions with no pydantic equivalent.
_INEXPRESSIBLE = (
    "not",
    "if",
    "then",
    "else",
    "patternProperties",
    "propertyNames",
    "dependentRequired",
    "dependentSchemas",
    "dependencies",
    "minProperties",
    "maxProperties",
    "prefixItems",
    "contains",
    "minContains",
    "maxContains",
    "unevaluatedItems",
    "$dynamicRef",
    "$recursiveRef",
)
_STRING_CONSTRAINTS = {"minLength": "min_length", "maxLength": "max_length", "pattern": "pattern"}
_NUMBER_CONSTRAINTS = {
    "minimum": "ge",
    "maximum": "le",
    "exclusiveMinimum": "gt",
    "exclusiveMaximum": "lt",
    "multipleOf": "multiple_of",
}
_ARRAY_CONSTRAINTS = {"minItems": "min_length", "maxItems": "max_length"}
_OBJECT_KEYWORDS = ("properties", "required", "additionalProperties", "unevaluatedProperties")
_ARRAY_KEYWORDS = ("items", "minItems", "maxItems", "uniqueItems")
_FORMATS = {
    "date-time": "pydantic.AwareDatetime",  # RFC 3339 requires an offset, so naive is rejected
    "date": "datetime.date",
    "uuid": "uuid.UUID",
}
# jsonschema's own email check is `"@" in value`; this is stricter and needs no extra package.
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+$"
_SCALARS = (str, int, bool, type(None))
_JSON_TYPES = ("null", "boolean", "object", "array", "number", "integer", "string")


@dataclass(frozen=True)
class Typed:
    node: Node
    nullable: bool


class Translator:
    """Builds the classes of every event in one module, sharing classes for shared ``$ref``s."""

    def __init__(self, resolver_registry: referencing.Registry[Any]) -> None:
        self._registry = resolver_registry
        self.classes: list[ClassDef] = []
        self.imports: set[str] = set()
        self._owners: dict[str, str] = {}  # class name -> what it was generated for
        self._by_uri: dict[str, Typed] = {}  # resolved $ref target -> its type, built once

    def data_class(self, label: str, uri: str, schema: dict[str, Any], name: str) -> str:
        """Translate the ``data`` schema of one event version into a class named ``name``."""
        scope = _Scope(label, uri, self._registry.resolver(base_uri=uri), name.removesuffix("Data"))
        typed = self._by_uri.get(uri)
        if typed is None:
            self._check_expressible(scope, schema, "")
            typed = self._object(scope, schema, "", name, root=True)
            self._by_uri[uri] = typed
        if typed.node != name:
            # Another event's data schema is the same document: alias, not a copy.
            return flat(typed.node)
        return name

    def _claim(self, name: str, origin: str) -> None:
        owner = self._owners.setdefault(name, origin)
        if owner != origin:
            raise UserError(f"generated class name {name} is needed for both {owner} and {origin}")

    # -- dispatch ------------------------------------------------------------------------

    def type_of(self, scope: _Scope, schema: Any, where: str, hint: str) -> Typed:
        if schema is True or schema == {}:
            return self._json_value()
        if not isinstance(schema, dict):
            raise scope.error(where, "a 'false' schema")
        self._check_expressible(scope, schema, where)
        if "$ref" in schema:
            return self._ref(scope, schema, where, hint)
        for keyword in ("anyOf", "oneOf", "allOf"):
            if keyword in schema:
                return self._combinator(scope, schema, keyword, where, hint)
        if "const" in schema:
            return self._literal(scope, [schema["const"]], where + "/const")
        if "enum" in schema:
            return self._literal(scope, schema["enum"], where + "/enum")
        types = _types(schema)
        if types is None:
            return (
                self._json_value()
                if not _assertions(schema)
                else self._untyped(scope, schema, where)
            )
        if isinstance(types, str):
            return self._single(scope, schema, types, where, hint)
        options = [self._single(scope, schema, t, where, hint) for t in types]
        return _union(options)

    def _check_expressible(self, scope: _Scope, schema: dict[str, Any], where: str) -> None:
        for keyword in _INEXPRESSIBLE:
            if keyword in schema:
                raise scope.error(where, repr(keyword))

    def _single(
        self, scope: _Scope, schema: dict[str, Any], kind: str, where: str, hint: str
    ) -> Typed:
        if kind == "null":
            return Typed("None", True)
        if kind == "boolean":
            return Typed("bool", False)
        if kind == "string":
            return self._string(scope, schema, where)
        if kind in ("integer", "number"):
            base = "int" if kind == "integer" else "float"
            return Typed(self._constrained(base, schema, _NUMBER_CONSTRAINTS), False)
        if kind == "array":
            return self._array(scope, schema, where, hint)
        if kind == "object":
            return self._object(scope, schema, where, hint)
        raise scope.error(where + "/type", f"type {kind!r}")

    def _untyped(self, scope: _Scope, schema: dict[str, Any], where: str) -> Typed:
        raise scope.error(where, "a schema without 'type' that still constrains values")

    # -- scalars -------------------------------------------------------------------------

    def _string(self, scope: _Scope, schema: dict[str, Any], where: str) -> Typed:
        fmt = schema.get("format")
        if fmt is None:
            return Typed(self._constrained("str", schema, _STRING_CONSTRAINTS), False)
        if fmt == "email":
            if "pattern" in schema:
                raise scope.error(where + "/pattern", "'pattern' together with format 'email'")
            return Typed(
                self._constrained("str", {**schema, "pattern": EMAIL_PATTERN}, _STRING_CONSTRAINTS),
                False,
            )
        if fmt not in _FORMATS:
            raise scope.error(where + "/format", f"format {fmt!r}")
        if any(k in schema for k in _STRING_CONSTRAINTS):
            raise scope.error(where, f"length or pattern constraints on format {fmt!r}")
        base = _FORMATS[fmt]
        self.imports.add(base.split(".")[0])
        # Lax for this one field: the payload carries the value as an ISO string.
        return Typed(self._annotated(base, ["strict=False"]), False)

    def _constrained(self, base: Node, schema: dict[str, Any], keywords: dict[str, str]) -> Node:
        args = [
            f"{arg}={literal_source(schema[key])}" for key, arg in keywords.items() if key in schema
        ]
        return self._annotated(base, args)

    def _annotated(self, base: Node, field_args: list[str]) -> Node:
        if not field_args:
            return base
        self.imports.add("Annotated")
        return Group("Annotated[", (base, Group("pydantic.Field(", tuple(field_args), ")")), "]")

    def _literal(self, scope: _Scope, values: Any, where: str) -> Typed:
        if not isinstance(values, list) or not values:
            raise scope.error(where, "an empty enum")
        if not all(isinstance(v, _SCALARS) for v in values):
            raise scope.error(
                where, "an enum or const that is not a string, integer, boolean or null"
            )
        nullable = None in values
        literals = [v for v in values if v is not None]
        options = []
        if literals:
            self.imports.add("Literal")
            options.append(
                Typed(Group("Literal[", tuple(literal_source(v) for v in literals), "]"), False)
            )
        if nullable:
            options.append(Typed("None", True))
        return _union(options)

    def _json_value(self) -> Typed:
        return Typed("pydantic.JsonValue", True)

    # -- containers ----------------------------------------------------------------------

    def _array(self, scope: _Scope, schema: dict[str, Any], where: str, hint: str) -> Typed:
        if schema.get("uniqueItems") is True:
            raise scope.error(where + "/uniqueItems", "'uniqueItems'")
        items = schema.get("items", True)
        if isinstance(items, list):
            raise scope.error(where + "/items", "a list of 'items' (a tuple)")
        item = self.type_of(scope, items, where + "/items", hint + "Item")
        node = Group("list[", (item.node,), "]")
        return Typed(self._constrained(node, schema, _ARRAY_CONSTRAINTS), False)

    def _object(
        self, scope: _Scope, schema: dict[str, Any], where: str, hint: str, root: bool = False
    ) -> Typed:
        """A class, or ``dict[str, T]`` for a map without named keys (never for ``data``)."""
        properties = schema.get("properties", {})
        extra = schema.get("additionalProperties", True)
        if schema.get("unevaluatedProperties") is False:
            extra = False
        elif "unevaluatedProperties" in schema:
            raise scope.error(
                where + "/unevaluatedProperties", "a non-false 'unevaluatedProperties'"
            )
        if not root and not properties and not schema.get("required") and extra is not False:
            values = self.type_of(scope, extra, where + "/additionalProperties", hint + "Value")
            return Typed(Group("dict[", ("str", values.node), "]"), False)
        self._claim(hint, f"{scope.label} at {where or '/'}")
        cls = ClassDef(name=hint, doc=_doc(schema), forbid_extra=extra is False)
        if extra not in (True, False):
            cls.extra_type = self.type_of(
                scope, extra, where + "/additionalProperties", hint + "Value"
            ).node
        cls.fields = self._fields(scope, schema, properties, where, hint)
        self.classes.append(cls)
        return Typed(hint, False)

    def _fields(
        self,
        scope: _Scope,
        schema: dict[str, Any],
        properties: dict[str, Any],
        where: str,
        hint: str,
    ) -> list[FieldDef]:
        required = list(schema.get("required", []))
        keys = list(properties) + [key for key in required if key not in properties]
        taken: set[str] = set()
        fields = []
        for key in keys:
            sub = properties.get(key, True)
            attr = unique(attribute_name(key), taken)
            typed = self.type_of(
                scope, sub, f"{where}/properties/{_escape(key)}", hint + pascal(key)
            )
            fields.append(_field(key, attr, typed, sub, key in required))
        return fields

    # -- references and combinators ------------------------------------------------------

    def _ref(self, scope: _Scope, schema: dict[str, Any], where: str, hint: str) -> Typed:
        siblings = set(schema) - _ANNOTATIONS - {"$ref"}
        if siblings:
            raise scope.error(where, f"'$ref' next to {sorted(siblings)[0]!r}")
        ref = schema["$ref"]
        uri = urljoin(scope.base_uri, ref)
        known = self._by_uri.get(uri)
        if known is not None:
            return known
        resolved = scope.resolver.lookup(ref)
        document, fragment = urldefrag(uri)
        target = _Scope(scope.label, document, resolved.resolver, scope.event_class)
        name = _ref_class_name(
            document, fragment, scope.event_class if document == scope.base_uri else ""
        )
        # Registered before translating, so a recursive definition refers to itself by name.
        self._by_uri[uri] = Typed(name, False)
        typed = self.type_of(target, resolved.contents, f"{document}#{fragment}", name)
        self._by_uri[uri] = typed
        return typed

    def _combinator(
        self, scope: _Scope, schema: dict[str, Any], keyword: str, where: str, hint: str
    ) -> Typed:
        branches = schema[keyword]
        siblings = set(schema) - _ANNOTATIONS - {keyword}
        if siblings:
            raise scope.error(where, f"{keyword!r} next to {sorted(siblings)[0]!r}")
        here = f"{where}/{keyword}"
        if keyword == "allOf":
            if len(branches) != 1:
                raise scope.error(here, "'allOf' with more than one schema")
            return self.type_of(scope, branches[0], here + "/0", hint)
        if keyword == "oneOf" and not self._exclusive(scope, branches):
            raise scope.error(here, "'oneOf' whose branches can match the same value")
        options = [
            self.type_of(scope, branch, f"{here}/{i}", hint + _branch_name(branch, i))
            for i, branch in enumerate(branches)
        ]
        return _union(options)

    def _exclusive(self, scope: _Scope, branches: list[Any]) -> bool:
        """True when no value can match two branches: distinct JSON types, or objects told
        apart by a required property with a distinct ``const`` in each."""
        resolved = [self._deref(scope, b) for b in branches]
        kinds = [_kinds(b) for b in resolved]
        if all(kinds) and sum(len(k) for k in kinds) == len(set().union(*kinds)):
            return True
        return _discriminator(resolved) is not None

    def _deref(self, scope: _Scope, schema: Any) -> Any:
        while isinstance(schema, dict) and "$ref" in schema:
            resolved = scope.resolver.lookup(schema["$ref"])
            scope = _Scope(scope.label, scope.base_uri, resolved.resolver, scope.event_class)
            schema = resolved.contents
        return schema


@dataclass(frozen=True)
class _Scope:
    label: str  # "billing/invoice.paid v1"
    base_uri: str
    resolver: Resolver[Any]
    event_class: str  # "BillingInvoicePaidV1": names the event's own $defs

    def error(self, where: str, what: str) -> UserError:
        return UserError(
            f"{self.label} at {where or '/'}: {what} cannot be expressed in Python types"
        )


def _types(schema: dict[str, Any]) -> str | list[str] | None:
    declared = schema.get("type")
    if isinstance(declared, str):
        return declared
    if isinstance(declared, list):
        return [t for t in _JSON_TYPES if t in declared]
    if any(k in schema for k in _OBJECT_KEYWORDS):
        return "object"
    if any(k in schema for k in _ARRAY_KEYWORDS):
        return "array"
    return None


def _assertions(schema: dict[str, Any]) -> set[str]:
    return set(schema) - _ANNOTATIONS


def _kinds(schema: Any) -> set[str]:
    """The JSON types a branch can match (``integer`` counts as ``number``); empty if unknown."""
    if not isinstance(schema, dict):
        return set()
    if "const" in schema or "enum" in schema:
        values = [schema["const"]] if "const" in schema else list(schema["enum"])
        return {_json_type(v) for v in values}
    types = _types(schema)
    if types is None:
        return set()
    names = [types] if isinstance(types, str) else types
    return {"number" if t == "integer" else t for t in names}


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def _discriminator(branches: list[Any]) -> str | None:
    if not all(isinstance(b, dict) and _kinds(b) == {"object"} for b in branches):
        return None
    candidates = set.intersection(*(set(b.get("required", [])) for b in branches))
    for key in sorted(candidates):
        consts = [b.get("properties", {}).get(key, {}) for b in branches]
        values = [c.get("const") for c in consts if isinstance(c, dict) and "const" in c]
        if len(values) == len(branches) and len({json.dumps(v) for v in values}) == len(values):
            return str(key)
    return None


def _branch_name(branch: Any, index: int) -> str:
    if (
        isinstance(branch, dict)
        and isinstance(branch.get("title"), str)
        and pascal(branch["title"])
    ):
        return pascal(branch["title"])
    return f"Variant{index + 1}"


def _ref_class_name(document: str, fragment: str, event_class: str) -> str:
    """``.../_defs/money.json#/$defs/cents`` -> ``MoneyCents``; a ref inside the same document
    is named after the event class, so two events' ``#/$defs/Money`` never collide."""
    parts = [p for p in fragment.split("/") if p and p not in ("$defs", "definitions")]
    if event_class:
        return event_class + "".join(pascal(p) for p in parts)
    stem = document.rstrip("/").rsplit("/", 1)[-1].removesuffix(".json")
    return pascal(stem) + "".join(pascal(p) for p in parts)


def _union(options: Iterable[Typed]) -> Typed:
    unique_nodes: list[Node] = []
    nullable = False
    for option in options:
        nullable = nullable or option.nullable
        if option.node != "None" and option.node not in unique_nodes:
            unique_nodes.append(option.node)
    if nullable and "pydantic.JsonValue" not in unique_nodes:
        unique_nodes.append("None")
    if len(unique_nodes) == 1:
        return Typed(unique_nodes[0], nullable)
    if unique_nodes[-1] == "None" and len(unique_nodes) == 2:
        return Typed(with_none(unique_nodes[0]), True)
    return Typed(" | ".join(flat(n) for n in unique_nodes), nullable)


def with_none(node: Node) -> Node:
    """``T | None``, keeping ``Field`` constraints outside: ``Annotated[T | None, Field(...)]``."""
    if isinstance(node, Group) and node.open == "Annotated[":
        return Group(node.open, (f"{flat(node.items[0])} | None", *node.items[1:]), node.close)
    return f"{flat(node)} | None"


def _field(key: str, attr: str, typed: Typed, schema: Any, required: bool) -> FieldDef:
    sub = schema if isinstance(schema, dict) else {}
    default: str | None = None
    if "const" in sub:
        default = literal_source(sub["const"])
    elif not required:
        value = sub.get("default")
        default = literal_source(value) if isinstance(value, _SCALARS) else "None"
    node = typed.node
    omit_none = not required and not typed.nullable and default == "None"
    if omit_none:
        node = with_none(node)
    return FieldDef(
        attr=attr, key=key, annotation=node, default=default, doc=_doc(sub), omit_none=omit_none
    )


def _doc(schema: dict[str, Any]) -> str | None:
    text = schema.get("description") or schema.get("title")
    return str(text).strip() if isinstance(text, str) and text.strip() else None


def literal_source(value: object) -> str:
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return repr(value)


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")
