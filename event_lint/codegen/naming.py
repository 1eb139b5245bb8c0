"""Python names for events, versions, nested classes and payload keys."""

from __future__ import annotations

import keyword
import re

_WORD = re.compile(r"[A-Za-z0-9]+")
# Split camelCase and PascalCase words, keeping acronyms together (URLPath -> URL, Path).
_CAMEL = re.compile(r"[A-Z]+(?=[A-Z][a-z0-9])|[A-Z]?[a-z0-9]+|[A-Z]+")
# Attribute names pydantic reserves or that shadow BaseModel members.
_RESERVED = frozenset(
    {
        "construct",
        "copy",
        "dict",
        "json",
        "parse_obj",
        "parse_raw",
        "parse_file",
        "schema",
        "schema_json",
        "update_forward_refs",
        "validate",
        "from_orm",
        "fields",
    }
)


def pascal(text: str) -> str:
    """``invoice.paid`` -> ``InvoicePaid``; ``lineItems`` -> ``LineItems``."""
    return "".join(word[:1].upper() + word[1:] for word in _WORD.findall(text))


def event_class_name(name: str, v: str) -> str:
    """``billing/invoice.paid`` v ``2024-01-15.1`` -> ``BillingInvoicePaidV2024_01_15_1``."""
    return f"{pascal(name)}V{version_suffix(v)}"


def version_suffix(v: str) -> str:
    return "_".join(_WORD.findall(v))


def constant_name(name: str) -> str:
    """``billing/invoice.paid`` -> ``BILLING_INVOICE_PAID``."""
    words = [w for part in _WORD.findall(name) for w in _CAMEL.findall(part)]
    return "_".join(w.upper() for w in words)


def attribute_name(key: str) -> str:
    """A snake_case attribute for a payload key: ``invoiceId`` -> ``invoice_id``."""
    words = [w for part in _WORD.findall(key) for w in _CAMEL.findall(part)]
    name = "_".join(w.lower() for w in words) or "field"
    if name[0].isdigit():
        name = f"field_{name}"
    if keyword.iskeyword(name) or name in _RESERVED or name.startswith("model_"):
        name += "_"
    return name


def unique(name: str, taken: set[str]) -> str:
    """``name``, or ``name_`` (``name__`` ...) when another key already took it."""
    while name in taken:
        name += "_"
    taken.add(name)
    return name
