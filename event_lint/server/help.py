"""Registry-aware help on event name strings: completion, hover, go to definition."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lsprotocol import types

if TYPE_CHECKING:
    from event_lint.registry import Registry
    from event_lint.server.usage import Usage

_MAX_KEYS = 20  # keys listed in a hover: a wide schema stays readable


def completions(registry: Registry, replace: types.Range) -> list[types.CompletionItem]:
    """Every event name, replacing the string's content (``replace``) typed so far: an
    event name has `/` and `.` in it, which most editors do not count as part of a word."""
    return [
        types.CompletionItem(
            label=name,
            kind=types.CompletionItemKind.EnumMember,
            detail=_versions_line(registry, name),
            documentation=_markdown(describe(registry, name)),
            text_edit=types.TextEdit(replace, name),
            filter_text=name,
        )
        for name in registry.names()
    ]


def payload_keys(
    registry: Registry, name: str, version: str | None, replace: types.Range
) -> list[types.CompletionItem]:
    """The keys of the event's payload schema (the latest version unless ``v=`` says)."""
    if not registry.has(name, version):
        return []
    schema = registry.schema(name, version)
    properties = schema.get("properties")
    if not isinstance(properties, dict):
        return []
    required = schema.get("required")
    needed = set(required) if isinstance(required, list) else set()
    shown = version or registry.latest(name)
    return [
        types.CompletionItem(
            label=key,
            kind=types.CompletionItemKind.Field,
            detail=f"{_type(spec)}{' (required)' if key in needed else ''} · {name} v{shown}",
            documentation=_description(spec),
            text_edit=types.TextEdit(replace, key),
            sort_text=f"{0 if key in needed else 1}{key}",
        )
        for key, spec in properties.items()
    ]


def describe(registry: Registry, name: str) -> str:
    """The hover text of an event: its description, versions and the latest's keys."""
    schema = registry.schema(name)
    parts = [f"**{name}** ({_versions_line(registry, name)})"]
    if isinstance(description := schema.get("description"), str):
        parts.append(description)
    keys = _keys(schema)
    if keys:
        parts.append("Payload keys (latest version):\n" + "\n".join(keys))
    return "\n\n".join(parts)


def definition(registry: Registry, name: str, version: str | None = None) -> types.Location | None:
    """The schema file of the version (default: the latest); a built-in event has none."""
    path = registry.schema_path(name, version)
    if path is None:
        return None
    start = types.Position(0, 0)
    return types.Location(path.resolve().as_uri(), types.Range(start, start))


def generated_definition(registry: Registry, word: str) -> types.Location | None:
    """The schema behind a name ``event-registry codegen`` generates: an event class
    (``ShopOrderPlacedV1``: that version) or a name constant (``SHOP_ORDER_PLACED``)."""
    from event_lint.codegen.naming import constant_name, event_class_name

    for name in registry.names():
        if constant_name(name) == word:
            return definition(registry, name)
        for version in registry.versions(name):
            if event_class_name(name, version) == word:
                return definition(registry, name, version)
    return None


def _versions_line(registry: Registry, name: str) -> str:
    versions = registry.versions(name)
    label = "version" if len(versions) == 1 else "versions"
    builtin = ", built-in" if registry.is_builtin(name) else ""
    return f"{label} {', '.join(versions)}{builtin}"


def _keys(schema: dict[str, Any]) -> list[str]:
    properties = schema.get("properties")
    if not isinstance(properties, dict):
        return []
    required = schema.get("required")
    needed = set(required) if isinstance(required, list) else set()
    lines = []
    for key, spec in list(properties.items())[:_MAX_KEYS]:
        mark = " (required)" if key in needed else ""
        lines.append(f"- `{key}`: {_type(spec)}{mark}")
    if len(properties) > _MAX_KEYS:
        lines.append(f"- … {len(properties) - _MAX_KEYS} more")
    return lines


def _type(spec: Any) -> str:
    kind = spec.get("type") if isinstance(spec, dict) else None
    return "|".join(map(str, kind)) if isinstance(kind, list) else str(kind or "any")


def _description(spec: Any) -> str | None:
    text = spec.get("description") if isinstance(spec, dict) else None
    return text if isinstance(text, str) else None


def _markdown(text: str) -> types.MarkupContent:
    return types.MarkupContent(kind=types.MarkupKind.Markdown, value=text)


def hover(registry: Registry, name: str, where: types.Range, usage: Usage | None) -> types.Hover:
    """The event's description, versions and payload keys, and how many places send and
    consume it in the project (when that is known)."""
    text = describe(registry, name)
    if usage is not None:
        text += "\n\n" + _usage_line(usage, name)
    return types.Hover(contents=_markdown(text), range=where)


def _usage_line(usage: Usage, name: str) -> str:
    sends, consumers = usage.producers_of(name), usage.consumers_of(name)
    return (
        f"In the project (saved files): {_count(sends, 'send')}; "
        f"{_count(consumers, 'consumer')} (triggers and waits)"
    )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
