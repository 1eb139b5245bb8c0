"""Class definitions -> the text of one formatted Python module."""

from __future__ import annotations

import re
import textwrap

from event_lint.codegen.embed import relative
from event_lint.codegen.layout import INDENT, LINE_LENGTH, Group, Node, flat, is_union, lines, union
from event_lint.codegen.model import ClassDef, EventDef, FieldDef
from event_lint.codegen.pyliteral import encodable, py_node, py_string

# What the generated module imports from event_lint.runtime.models, always on one import
# line or one parenthesised list (sorted the same whether the project sorts event_lint as a
# first- or third-party package).
RUNTIME_NAMES = (
    "DataModel",
    "EventModel",
    "Field",
    "Integer",
    "JsonValue",
    "NotRequired",
    "Number",
    "TypedDict",
)
TYPING_NAMES = ("TYPE_CHECKING", "Annotated", "Any", "ClassVar", "Final", "Literal")
_NOQA_LONG = "  # noqa: E501"
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_STRING = re.compile(r"\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'")


def render_module(
    fingerprint: str,
    documents: dict[str, object],
    classes: list[ClassDef],
    events: list[EventDef],
    latest: dict[str, str],
    constants: dict[str, str],
) -> str:
    renderer = _Renderer(classes)
    parts = []
    remaining = {c.name: c for c in classes}
    for event in events:
        parts.extend(renderer.classes_before(event, remaining))
        parts.append(renderer.event_class(event))
    parts.extend(renderer.data_class(c) for c in remaining.values())
    if latest:
        parts.append("\n".join(f"{alias} = {target}" for alias, target in latest.items()))
    parts.append(_names_class(constants))
    head = _header(fingerprint, renderer.used) + "\n\n" + _schemas(documents)
    return "\n\n\n".join([head, *parts]) + "\n"


class _Renderer:
    """Renders classes in order, tracking the names they use (for the imports) and which
    TypedDicts exist yet (a recursive payload refers to its own TypedDict by a string)."""

    def __init__(self, classes: list[ClassDef]) -> None:
        self.by_name = {c.name: c for c in classes}
        self.used: set[str] = set()
        self._emitted: set[str] = set()

    def classes_before(self, event: EventDef, remaining: dict[str, ClassDef]) -> list[str]:
        """Every pending class up to the event's data class: dependencies come first."""
        out: list[str] = []
        if event.data_class not in remaining:
            return out
        for name in list(remaining):
            out.append(self.data_class(remaining.pop(name)))
            if name == event.data_class:
                break
        return out

    def data_class(self, cls: ClassDef) -> str:
        self.used.update(n for f in cls.fields for n in _names_in(_annotation(f)))
        return render_class(cls) + "\n\n\n" + self.typed_dict(cls)

    def typed_dict(self, cls: ClassDef) -> str:
        """``XDict = TypedDict("XDict", {"key": T, "opt": NotRequired[T]})``: the payload as
        a dict literal, checked by mypy (functional syntax: keys need not be identifiers)."""
        entries = []
        for field in cls.fields:
            value = self._dict_type(field.value)
            if field.default is not None:
                value = Group("NotRequired[", (value,), "]")
            entries.append(_prefixed(py_string(field.key) + ": ", value))
        self._emitted.add(cls.dict_name)
        self.used.update(n for e in entries for n in _names_in(e))
        self.used.add("TypedDict")
        body = Group("{", tuple(entries), "}", explode=True) if entries else "{}"
        call = Group("TypedDict(", (py_string(cls.dict_name), body), ")")
        return "\n".join(lines(call, "", f"{cls.dict_name} = "))

    def _dict_type(self, node: Node) -> Node:
        """The annotation with each class replaced by its TypedDict; quoted as a whole when
        it names one not defined yet (the values of a functional TypedDict are evaluated)."""
        mapped = self._map(node)
        forward = _names_in(mapped) & {c.dict_name for c in self.by_name.values()}
        return mapped if forward <= self._emitted else py_string(flat(mapped))

    def _map(self, node: Node) -> Node:
        if isinstance(node, Group):
            items = tuple(self._map(item) for item in node.items)
            return Group(node.open, items, node.close, node.explode, node.separator)
        cls = self.by_name.get(node)
        return cls.dict_name if cls is not None else node

    def event_class(self, event: EventDef) -> str:
        data = self.by_name[event.data_class]
        options: tuple[Node, ...] = (event.data_class, data.dict_name)
        if not data.closed:  # other keys are allowed: a TypedDict alone would refuse them
            options = (*options, "dict[str, Any]")
            self.used.add("Any")
        self.used.add("TYPE_CHECKING")
        params = ("self", "*", _prefixed("data: ", union(options)), 'id: str = ""', "ts: int = 0")
        init = lines(Group("def __init__(", params, ") -> None: ..."), INDENT * 2)
        doc = f"``{event.event}`` v{event.v}" + (" (deprecated)" if event.deprecated else "") + "."
        return "\n".join(
            [
                f"class {event.class_name}(EventModel):",
                *_docstring(doc, INDENT),
                "",
                f"{INDENT}name: ClassVar[str] = {py_string(event.event)}",
                f"{INDENT}v: ClassVar[str] = {py_string(event.v)}",
                f"{INDENT}data: {event.data_class}",
                "",
                f"{INDENT}if TYPE_CHECKING:",
                "",
                *init,
            ]
        )


def _prefixed(prefix: str, node: Node) -> Node:
    """``prefix`` + ``node`` as one item of a group."""
    if isinstance(node, Group):
        return Group(prefix + node.open, node.items, node.close, node.explode, node.separator)
    return prefix + node


def _header(fingerprint: str, used: set[str]) -> str:
    typing_names = [n for n in TYPING_NAMES if n in used or n in ("ClassVar", "Final")]
    runtime = sorted(
        {"DataModel", "EventModel", "PayloadSchemas"} | (used & set(RUNTIME_NAMES)),
        key=lambda n: (n.lower(), n),
    )
    imports = lines(Group("(", tuple(runtime), ")"), "", "from event_lint.runtime.models import ")
    if len(imports) > 1:  # ruff's isort writes a split import one name per line
        imports = ["from event_lint.runtime.models import (", *(f"{INDENT}{n}," for n in runtime)]
        imports.append(")")
    else:
        imports = ["from event_lint.runtime.models import " + ", ".join(runtime)]
    return "\n".join(
        [
            "# Generated by event-lint from the event registry. DO NOT EDIT: regenerate",
            "# with `event-registry codegen --out PATH`; `--check` tells if it is stale.",
            f"# Registry fingerprint: {fingerprint}",
            '"""Typed payload classes for the events in the registry."""',
            "",
            "from __future__ import annotations",
            "",
            f"from typing import {', '.join(typing_names)}",
            "",
            *imports,
        ]
    )


def _schemas(documents: dict[str, object]) -> str:
    """The schema of every event version (and the ``_defs`` they reach), validation keywords
    only: what each root class checks its payload against."""
    comment = "# The registry's schemas, checked with the registry's own validator."
    body = lines(Group("PayloadSchemas(", (py_node(documents),), ")"), "", "_SCHEMAS = ")
    body = [line + _NOQA_LONG if len(line) > LINE_LENGTH.get() else line for line in body]
    return "\n".join([comment, *body])


def render_class(cls: ClassDef) -> str:
    body: list[str] = []
    if cls.doc:
        body.extend(_docstring(cls.doc, INDENT))
    settings = []
    if cls.schema_path is not None:
        path = Group("_SCHEMAS.get(", (py_string(relative(cls.schema_path)),), ")")
        settings.extend(lines(path, INDENT, "__payload_schema__ = "))
    omitted = sorted(f.attr for f in cls.fields if f.send_none)
    if omitted:
        names = Group("{", tuple(py_string(n) for n in omitted), "}", explode=True)
        settings.extend(
            lines(
                Group("frozenset(", (names,), ")"),
                INDENT,
                "_send_none: ClassVar[frozenset[str]] = ",
            )
        )
    if settings:
        body.extend(["", *settings] if body else settings)
    for field in cls.fields:
        if body:
            body.append("")
        body.extend(_field(field))
    return f"class {cls.name}(DataModel):\n" + "\n".join(body or [f"{INDENT}pass"])


def _annotation(field: FieldDef) -> Node:
    if field.key == field.attr:
        return field.annotation
    alias = Group("Field(", (f"alias={py_string(field.key)}",), ")")
    return Group("Annotated[", (field.annotation, alias), "]")


def _names_in(node: Node) -> set[str]:
    """The names an annotation uses (string literals inside it left out)."""
    if isinstance(node, Group):
        return {n for item in node.items for n in _names_in(item)} | _names_in(node.open)
    return set(_NAME.findall(_STRING.sub("", node)))


def _field(field: FieldDef) -> list[str]:
    out = _annotated_assignment(field.attr, _annotation(field), field.default)
    if field.doc:
        out.extend(_docstring(field.doc, INDENT))
    return out


def _annotated_assignment(attr: str, annotation: Node, default: str | None) -> list[str]:
    """``attr: annotation = default``; like ruff, a long line splits the default (in
    parentheses) before it splits the annotation, unless the annotation is a union."""
    if default is None:
        return lines(annotation, INDENT, f"{attr}: ")
    one_line = lines(annotation, INDENT, f"{attr}: ", f" = {default}")
    head = f"{INDENT}{attr}: {flat(annotation)} = ("
    if len(one_line) == 1 or len(head) > LINE_LENGTH.get() or is_union(annotation):
        return one_line
    return [head, INDENT * 2 + default, INDENT + ")"]


def _names_class(constants: dict[str, str]) -> str:
    body = [f"{INDENT}{const}: Final = {py_string(name)}" for const, name in constants.items()]
    doc = "Event names for triggers: ``inngest.TriggerEvent(event=EventNames.X)``."
    return "\n".join(
        ["class EventNames:", *_docstring(doc, INDENT), "", *(body or [f"{INDENT}pass"])]
    )


def _docstring(text: str, indent: str) -> list[str]:
    text = _escape_doc(text)
    width = LINE_LENGTH.get() - len(indent) - len('"""')
    one_line = f'"""{text}"""'
    if "\n" not in text and len(one_line) <= width + len('"""'):
        return [indent + one_line]
    wrapped = _wrap(text, width)
    if len(wrapped) == 1:  # it fit only without the closing quotes: leave room for them
        wrapped = _wrap(text, width - len('"""'))
    if len(wrapped) == 1:  # ruff keeps a one-line docstring on one line, however long
        return [f'{indent}"""{wrapped[0]}"""']
    return [
        f'{indent}"""{wrapped[0]}',
        *[indent + w if w else "" for w in wrapped[1:]],
        f'{indent}"""',
    ]


def _wrap(text: str, width: int) -> list[str]:
    paragraphs = [
        textwrap.wrap(p, width, break_long_words=False, break_on_hyphens=False) or [""]
        for p in text.split("\n")
    ]
    return [line.rstrip() for para in paragraphs for line in para]


def _escape_doc(text: str) -> str:
    """Backslashes and unprintable characters escaped, lone surrogates spelled out; a quote
    escaped where it would end the docstring (before another quote, or last)."""
    out = []
    for i, char in enumerate(text):
        if char == "\\":
            out.append("\\\\")
        elif char == '"' and (i == 0 or i == len(text) - 1 or text[i + 1] == '"'):
            out.append('\\"')
        elif char == "\n" or (char.isprintable() and encodable(char)):
            out.append(char)
        elif encodable(char):
            out.append(py_string(char)[1:-1])
        else:  # a lone surrogate: shown as its escape, never held (pydantic cannot hold it)
            out.append(f"\\\\u{ord(char):04x}")
    return "".join(out)
