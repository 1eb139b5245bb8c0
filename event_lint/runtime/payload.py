"""What generated ``data`` classes build on: the registry's own validator, and the payload
kept exactly as the caller gave it.

A generated root ``data`` class carries its event version's JSON Schema (embedded in the
generated module) and checks every payload with the validator ``Registry.validate`` uses
(same dialect, same ``$ref`` resolution, same format checker) before pydantic reads it. So a
class accepts a payload iff the registry does, and ``to_event()`` sends the payload it was given
(a deep copy), never a re-serialisation. Pydantic only builds the typed view for the developer:
its field types are supersets of what the schema allows, so it never rejects a valid payload.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Mapping
from typing import Annotated, Any, ClassVar

import pydantic
import referencing
from jsonschema.protocols import Validator
from pydantic_core import InitErrorDetails, PydanticCustomError

from event_lint.registry.dialects import FORMAT_CHECKER, dialect_of
from event_lint.registry.refs import resolver_registry, uri_for
from event_lint.registry.registry import ValidationIssue, issues_of, pointer_key


class PayloadSchemas:
    """The schema documents of one generated module, keyed by path in the registry
    (``billing/invoice.paid/1.json``, ``_defs/money.json``); compiled on first use."""

    def __init__(self, documents: Mapping[str, dict[str, Any]]) -> None:
        self._documents = documents

    def get(self, path: str) -> PayloadSchema:
        return PayloadSchema(self, path)

    @functools.cached_property
    def resolvers(self) -> referencing.Registry[Any]:
        return resolver_registry(iter(self._documents.items()))

    @functools.cache  # noqa: B019 (one instance per generated module, alive as long as it)
    def validator(self, path: str) -> Validator:
        schema = self._documents[path]
        if not isinstance(schema, dict):  # a boolean schema, as the object that means it
            schema = {} if schema else {"not": {}}
        cls = dialect_of(schema, path)[1]
        # As Registry.validate: relative $refs resolve against the file's own URI.
        schema = schema if "$id" in schema else {**schema, "$id": uri_for(path)}
        return cls(schema, registry=self.resolvers, format_checker=FORMAT_CHECKER)


class PayloadSchema:
    """One event version's schema: the errors of a payload, as pydantic line errors."""

    def __init__(self, schemas: PayloadSchemas, path: str) -> None:
        self._schemas = schemas
        self.path = path

    def check(self, title: str, payload: Any) -> None:
        """Raise ``pydantic.ValidationError``: one line per problem, at its payload key, worded
        as ``event-registry validate`` words it."""
        errors = self._schemas.validator(self.path).iter_errors(payload)
        issues = {issue for error in errors for issue in issues_of(error)}
        if issues:
            ordered = sorted(issues, key=lambda issue: (pointer_key(issue.path), issue))
            raise pydantic.ValidationError.from_exception_data(
                title, [_line_error(issue, payload) for issue in ordered]
            )


def _line_error(issue: ValidationIssue, payload: Any) -> InitErrorDetails:
    loc = tuple(
        int(part)
        if part.isascii() and part.isdigit()
        else part.replace("~1", "/").replace("~0", "~")
        for part in issue.path.split("/")[1:]
    )
    return InitErrorDetails(
        type=PydanticCustomError("json_schema", "{message}", {"message": issue.message}),
        loc=loc,
        input=_value_at(payload, loc),
    )


def _value_at(payload: Any, loc: tuple[str | int, ...]) -> Any:
    """The value at ``loc``, or the nearest object that holds it (a missing key's object)."""
    value = payload
    for step in loc:
        try:
            value = value[step]
        except (LookupError, TypeError):
            break
    return value


class DataModel(pydantic.BaseModel):
    """Base of the generated ``data`` classes.

    Construct from Python attribute names (``InvoicePaidV1Data(invoice_id=...)``) or validate
    the payload's own keys (``model_validate({"invoiceId": ...})``, or ``data={...}`` on the
    event class). Either way the payload is checked against the schema and kept as given;
    instances are frozen, so the typed view never drifts from what will be sent.
    """

    model_config = pydantic.ConfigDict(extra="ignore", frozen=True, use_attribute_docstrings=True)

    __payload_schema__: ClassVar[PayloadSchema | None] = None
    """Set on the classes of a whole event ``data`` (nested classes are checked with it)."""
    _send_none: ClassVar[frozenset[str]] = frozenset()
    """Optional fields whose schema allows null: ``None`` by name is sent as null there, and
    leaves the key out everywhere else (an optional key the schema does not allow as null)."""
    _payload: dict[str, Any] = pydantic.PrivateAttr(default_factory=dict)

    def __init__(self, **values: Any) -> None:
        super().__init__(**self._payload_of(values))

    # Validation (model_validate, a nested dict) must not call __init__: there the keys are
    # the payload's, not attribute names. This tells pydantic the __init__ is its own.
    __init__.__pydantic_base_init__ = True  # type: ignore[attr-defined]

    @classmethod
    def _payload_of(cls, values: dict[str, Any]) -> dict[str, Any]:
        """Attribute names -> payload keys; nested models -> their payloads."""
        payload = {}
        for name, value in values.items():
            field = cls.model_fields.get(name)
            optional = field is not None and not field.is_required()
            if value is None and optional and name not in cls._send_none:
                continue
            key = field.alias if field is not None and field.alias is not None else name
            payload[key] = _as_json(value)
        return payload

    @pydantic.model_validator(mode="wrap")
    @classmethod
    def _check_and_keep(
        cls, value: Any, handler: pydantic.ModelWrapValidatorHandler[DataModel]
    ) -> DataModel:
        if isinstance(value, cls):
            return value  # checked when it was built
        if isinstance(value, DataModel):
            value = value.payload
        if cls.__payload_schema__ is not None:
            cls.__payload_schema__.check(cls.__name__, value)
        if not isinstance(value, dict):
            return handler(value)  # pydantic names the wrong type
        keys = {field.alias or name for name, field in cls.model_fields.items()}
        model = handler({key: item for key, item in value.items() if key in keys})
        model._payload = copy.deepcopy(value)
        return model

    @property
    def payload(self) -> dict[str, Any]:
        """The payload as given (a copy): what ``to_event()`` sends."""
        return copy.deepcopy(self._payload)


def _as_json(value: Any) -> Any:
    if isinstance(value, DataModel):
        return value.payload
    if isinstance(value, (list, tuple)):
        return [_as_json(item) for item in value]
    if isinstance(value, dict):
        return {key: _as_json(item) for key, item in value.items()}
    return value


def _integer(value: Any) -> Any:
    # JSON Schema's integer includes 1.0 and 1e300; Python's int holds both exactly.
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _number(value: Any) -> Any:
    return value  # kept as given: 5 stays 5, 2**70 stays exact


# The payload was already checked against the schema: these only give the typed view its
# Python value, without pydantic's narrower number parsing (no 2**64 cap, no 5 -> 5.0).
Integer = Annotated[int, pydantic.PlainValidator(_integer)]
Number = Annotated[float, pydantic.PlainValidator(_number)]
