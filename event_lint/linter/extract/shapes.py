"""What Inngest code looks like to extraction: the calls, arguments and annotations
it recognizes before any name is resolved."""

from __future__ import annotations

from typing import TypeGuard

import libcst as cst

from event_lint.linter.facts import Attr, ImportedName, Lit, Local, Ref, Val

# Methods whose calls become call sites (``kind`` is the method's name).
SEND_METHODS = {"send", "send_sync", "send_event", "wait_for_event", "invoke", "create_function"}
# Returned expressions that may hold events a caller sends (``return Event(...)``).
EVENT_HOLDERS = (cst.Call, cst.Name, cst.Dict, cst.List, cst.Tuple, cst.ListComp, cst.GeneratorExp)
# What ``self.client = ...`` may assign a client with: ``Inngest(...)``, ``client``,
# ``config.client`` (resolving keeps the attribute only when the value is a client).
CLIENT_VALUES = (cst.Call, cst.Name, cst.Attribute)
_EVENT_KWARGS = {"name", "data", "id", "ts"}
# Parameter annotations that make a parameter a client or a step.
_SDK_TYPES = {"Inngest", "Step", "StepSync"}


def names_sdk_type(annotation: cst.BaseExpression) -> bool:
    """An annotation naming ``Inngest``, ``Step`` or ``StepSync`` (dotted or quoted)."""
    if isinstance(annotation, cst.SimpleString):
        return annotation.raw_value.rsplit(".", 1)[-1] in _SDK_TYPES
    if isinstance(annotation, cst.Attribute):
        return annotation.attr.value in _SDK_TYPES
    return isinstance(annotation, cst.Name) and annotation.value in _SDK_TYPES


def is_send_method(node: cst.BaseExpression | None) -> TypeGuard[cst.Attribute]:
    """``client.send`` or ``client.send_sync``, not called: a name bound to it sends."""
    return isinstance(node, cst.Attribute) and node.attr.value in ("send", "send_sync")


def may_build_event(node: cst.Call) -> bool:
    """``Event(...)`` or a generated class ``BillingInvoicePaidV1(data=..., id=...)``."""
    func = node.func
    name = (
        func.attr.value
        if isinstance(func, cst.Attribute)
        else (func.value if isinstance(func, cst.Name) else "")
    )
    if not name[:1].isupper():
        return False
    return name == "Event" or any(
        arg.star == "**" or (arg.keyword is not None and arg.keyword.value in _EVENT_KWARGS)
        for arg in node.args
    )


def is_step_result(node: cst.BaseExpression) -> bool:
    """``await step.run(...)`` (or ``step.run(...)`` in a sync function)."""
    if isinstance(node, cst.Await):
        node = node.expression
    return (
        isinstance(node, cst.Call)
        and isinstance(node.func, cst.Attribute)
        and node.func.attr.value == "run"
    )


def last_name(value: Val) -> str | None:
    """The last name a value is written with: ``Step`` of ``inngest.Step``."""
    if isinstance(value, Attr):
        return value.attr
    if isinstance(value, ImportedName):
        return value.name or value.module.rsplit(".", 1)[-1]
    if isinstance(value, (Ref, Local)):
        return value.name
    if isinstance(value, Lit) and isinstance(value.value, str):  # a string annotation
        return value.value.rsplit(".", 1)[-1]
    return None
