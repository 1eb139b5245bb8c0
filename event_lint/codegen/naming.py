"""Python names for events, versions, nested classes and payload keys."""

from __future__ import annotations

import builtins
import keyword
import re

from event_lint.runtime.payload import DataModel

_WORD = re.compile(r"[A-Za-z0-9]+")
# Split camelCase and PascalCase words, keeping acronyms together (URLPath -> URL, Path).
_CAMEL = re.compile(r"[A-Z]+(?=[A-Z][a-z0-9])|[A-Z]?[a-z0-9]+|[A-Z]+")
# Attribute names that would shadow a member of the generated classes' base (``model_dump``,
# ``payload``, ``copy`` ...), a builtin the annotations use (``str``, ``int``) or an import.
_RESERVED = frozenset(
    {name for name in dir(DataModel) if not name.startswith("_")}
    | set(dir(builtins))
    | {"pydantic", "inngest", "typing"}
)


def pascal(text: str) -> str:
    """``invoice.paid`` -> ``InvoicePaid``; ``lineItems`` -> ``LineItems``."""
    return "".join(word[:1].upper() + word[1:] for word in _WORD.findall(text))


def event_class_name(name: str, v: str) -> str:
    """``billing/invoice.paid`` v ``2024-01-15.1`` -> ``BillingInvoicePaidV2024_01_15_1``."""
    stem = pascal(name)
    return f"{stem if stem[:1].isalpha() else 'Event' + stem}V{version_suffix(v)}"


def version_suffix(v: str) -> str:
    return "_".join(_WORD.findall(v))


def constant_name(name: str) -> str:
    """``billing/invoice.paid`` -> ``BILLING_INVOICE_PAID``."""
    words = [w for part in _WORD.findall(name) for w in _CAMEL.findall(part)]
    constant = "_".join(w.upper() for w in words)
    return constant if constant[:1].isalpha() else "EVENT_" + constant


def attribute_name(key: str) -> str:
    """A snake_case attribute for a payload key: ``invoiceId`` -> ``invoice_id``."""
    words = [w for part in _WORD.findall(key) for w in _CAMEL.findall(part)]
    name = "_".join(w.lower() for w in words) or "field"
    if name[0].isdigit():
        name = f"field_{name}"
    if name.startswith("model_"):
        name = "field_" + name  # pydantic reserves the whole prefix
    if keyword.iskeyword(name) or name in _RESERVED:
        name += "_"
    return name


def unique(name: str, taken: set[str]) -> str:
    """``name``, or ``name_`` (``name__`` ...) when another key already took it."""
    while name in taken:
        name += "_"
    taken.add(name)
    return name
