"""JSON Schema dialects the registry accepts, meta-schema checks and format assertions."""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Iterable
from typing import Any

from jsonschema import Draft7Validator, Draft201909Validator, Draft202012Validator, FormatChecker
from jsonschema.exceptions import best_match
from jsonschema.protocols import Validator
from jsonschema.validators import validator_for

from event_lint.registry.errors import RegistryError

DEFAULT_DIALECT = "https://json-schema.org/draft/2020-12/schema"

# Each accepted `$schema`, with and without the empty fragment people often write.
_DIALECTS: dict[str, tuple[str, type[Validator]]] = {}
for _uri, _label, _cls in (
    ("https://json-schema.org/draft/2020-12/schema", "2020-12", Draft202012Validator),
    ("https://json-schema.org/draft/2019-09/schema", "2019-09", Draft201909Validator),
    ("http://json-schema.org/draft-07/schema", "draft-07", Draft7Validator),
):
    _DIALECTS[_uri] = _DIALECTS[_uri + "#"] = (_label, _cls)


# The dialect of a schema without `$schema` is the config's `schema-dialect` (schemas
# imported from Confluent are draft-07 without one): its URI by the config's label. It
# goes with the registry (Registry.load's reading, then Registry.dialect) to the payload
# and compatibility checks; nothing in the process holds it.
DIALECT_URIS = {label: uri for uri, (label, _) in _DIALECTS.items() if not uri.endswith("#")}


def validator_class(dialect: str) -> type[Validator]:
    """The validator class of a ``$schema`` URI: any jsonschema knows, else 2020-12's."""
    return validator_for({"$schema": dialect}, default=Draft202012Validator)


def dialect_of(
    schema: dict[str, Any], where: str, default: str = DEFAULT_DIALECT
) -> tuple[str, type[Validator]]:
    """The (label, validator class) for a schema's ``$schema`` (``default`` when it has
    none); unknown dialects are errors."""
    uri = schema.get("$schema", default)
    if not isinstance(uri, str) or uri not in _DIALECTS:
        raise RegistryError(
            f"{where}: unknown $schema {uri!r} (supported: draft 2020-12, 2019-09, draft-07)"
        )
    return _DIALECTS[uri]


def check_meta_schema(
    schema: dict[str, Any], where: str, default: str = DEFAULT_DIALECT
) -> type[Validator]:
    """Raise when ``schema`` is not valid under its own dialect's meta-schema."""
    label, cls = dialect_of(schema, where, default)
    error = best_match(_meta_validator(cls).iter_errors(schema))
    if error is not None:
        at = json_pointer(error.absolute_path) or "/"
        raise RegistryError(f"{where}: not a valid {label} JSON Schema at {at}: {error.message}")
    return cls


@functools.cache
def _meta_validator(cls: type[Validator]) -> Validator:
    return cls(cls.META_SCHEMA, format_checker=cls.FORMAT_CHECKER)


def json_pointer(parts: Iterable[str | int]) -> str:
    """RFC 6901 pointer; the whole document is ``""``."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


# RFC 3339 section 5.6; jsonschema only checks date-time when an optional package is present.
_DATE_TIME = re.compile(
    r"^(\d{4}-\d{2}-\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$"
)

FORMAT_CHECKER = FormatChecker()

# RFC 3986 ``uri``: a scheme, then no character a URI cannot hold. jsonschema checks ``uri``
# only when an optional package is installed; ours is always on, so the registry's
# validator, the linter's payload check and generated classes give one verdict.
_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`]*")


@FORMAT_CHECKER.checks("uri")
def is_uri(value: object) -> bool:
    return not isinstance(value, str) or _URI.fullmatch(value) is not None


@FORMAT_CHECKER.checks("date-time")
def is_date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True  # format only constrains strings
    match = _DATE_TIME.match(value)
    if match is None:
        return False
    day, hour, minute, second = match.group(1), *(int(match.group(i)) for i in (2, 3, 4))
    try:
        datetime.date.fromisoformat(day)
    except ValueError:
        return False
    return hour < 24 and minute < 60 and second <= 60  # 60: a leap second
