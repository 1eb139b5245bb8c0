"""CEL expressions as Inngest uses them: a parser, and the ``event.``/``async.`` paths read.

A small recursive-descent parser of the CEL grammar (cel-spec ``langdef.md``):
the linter only needs to know whether an expression parses, where it fails, and
which member paths it reads, and cel-python's parser costs ~160 ms to import and
build per run (lark tables, pendulum, ...) against ~1 ms for this module. The
tests compare both parsers' verdicts on the same expressions.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache

from event_lint.linter.model import Text

# --- tokens -------------------------------------------------------------------------------

_TOKEN = re.compile(
    r"""
    (?P<space>[\t\n\f\r ]+|//[^\n]*)
  | (?P<string>[rR]?[bB]?[rR]?(?:\"\"\"(?:\\.|[^\\])*?\"\"\"|'''(?:\\.|[^\\])*?'''
        |"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'))
  | (?P<number>0[xX][0-9a-fA-F]+[uU]?
        |(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?
        |[0-9]+[eE][+-]?[0-9]+|[0-9]+[uU]?)
  | (?P<ident>[_a-zA-Z][_a-zA-Z0-9]*)
  | (?P<op>\|\||&&|==|!=|<=|>=|[<>+\-*/%!?:.,\[\](){}])
    """,
    re.VERBOSE,
)
_LITERAL_WORDS = {"true": True, "false": False, "null": None}
_RESERVED = frozenset(
    {
        "as", "break", "const", "continue", "else", "for", "function", "if", "import",
        "let", "loop", "package", "namespace", "return", "var", "void", "while",
    }
)  # fmt: skip
_MACROS_BINDING = frozenset({"all", "exists", "exists_one", "map", "filter"})


@dataclass(frozen=True)
class _Token:
    kind: str  # "string", "number", "ident", "op", "end"
    text: str
    offset: int


class CelSyntaxError(Exception):
    """The expression does not parse; ``offset`` is 0-based in the expression text."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


def _tokens(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    offset = 0
    while offset < len(text):
        match = _TOKEN.match(text, offset)
        if match is None:
            raise CelSyntaxError(_bad_character(text, offset), offset)
        kind = match.lastgroup or "op"
        if kind != "space":
            tokens.append(_Token(kind, match.group(), offset))
        offset = match.end()
    tokens.append(_Token("end", "", len(text)))
    return tokens


def _bad_character(text: str, offset: int) -> str:
    char = text[offset]
    if char in "\"'":
        return "unterminated string"
    if text.startswith("=>", offset):  # the arrow of other languages: a >= typed backwards
        return "unexpected '=>' (use '>=' to compare)"
    if text.startswith("=<", offset):
        return "unexpected '=<' (use '<=' to compare)"
    if text.startswith("=", offset):
        return "unexpected '=' (use '==' to compare)"
    return f"unexpected character {char!r}"


# --- syntax tree --------------------------------------------------------------------------


@dataclass(frozen=True)
class Node:
    """One CEL node; ``children`` are its operands in source order."""

    kind: str  # "ident", "select", "index", "call", "literal", "op", "list", "map", "struct"
    offset: int
    end: int
    name: str = ""  # identifier, selected field, called function, operator
    value: object = None  # a literal's value
    children: tuple[Node, ...] = ()
    receiver: bool = False  # call: children[0] is the receiver (``x.exists(...)``)


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = _tokens(text)
        self.index = 0

    @property
    def token(self) -> _Token:
        return self.tokens[self.index]

    def take(self) -> _Token:
        token = self.token
        self.index += 1
        return token

    def accept(self, text: str) -> _Token | None:
        if self.token.kind == "op" and self.token.text == text:
            return self.take()
        return None

    def expect(self, text: str) -> _Token:
        token = self.accept(text)
        if token is None:
            raise self.error(f"expected '{text}'")
        return token

    def error(self, expected: str) -> CelSyntaxError:
        token = self.token
        if token.kind == "end":
            return CelSyntaxError(f"{expected}, found the end of the expression", token.offset)
        return CelSyntaxError(f"{expected}, found '{token.text}'", token.offset)

    def parse(self) -> Node:
        node = self.expr()
        if self.token.kind != "end":
            raise self.error("expected an operator")
        return node

    def expr(self) -> Node:
        condition = self.binary(0)
        if self.accept("?") is None:
            return condition
        then = self.binary(0)
        self.expect(":")
        otherwise = self.expr()
        return Node(
            "op", condition.offset, otherwise.end, "?:", children=(condition, then, otherwise)
        )

    _LEVELS: tuple[frozenset[str], ...] = (
        frozenset({"||"}),
        frozenset({"&&"}),
        frozenset({"<", "<=", ">=", ">", "==", "!=", "in"}),
        frozenset({"+", "-"}),
        frozenset({"*", "/", "%"}),
    )

    def binary(self, level: int) -> Node:
        if level == len(self._LEVELS):
            return self.unary()
        left = self.binary(level + 1)
        while self._operator_in(self._LEVELS[level]):
            operator = self.take().text
            right = self.binary(level + 1)
            left = Node("op", left.offset, right.end, operator, children=(left, right))
        return left

    def _operator_in(self, operators: frozenset[str]) -> bool:
        token = self.token
        return (token.kind == "op" or token.text == "in") and token.text in operators

    def unary(self) -> Node:
        token = self.token
        if token.kind == "op" and token.text in ("!", "-"):
            self.take()
            operand = self.unary()
            return Node("op", token.offset, operand.end, token.text, children=(operand,))
        return self.member()

    def member(self) -> Node:
        node = self.primary()
        while True:
            if self.accept("."):
                name = self.identifier()
                if self.accept("("):
                    args = self.arguments(")")
                    end = self.tokens[self.index - 1].offset + 1
                    node = Node(
                        "call", node.offset, end, name.text, children=(node, *args), receiver=True
                    )
                else:
                    node = Node(
                        "select",
                        node.offset,
                        name.offset + len(name.text),
                        name.text,
                        children=(node,),
                    )
            elif self.accept("["):
                index = self.expr()
                close = self.expect("]")
                node = Node("index", node.offset, close.offset + 1, children=(node, index))
            elif self.token.text == "{" and node.kind in ("ident", "select"):
                node = self.struct(node)
            else:
                return node

    def identifier(self) -> _Token:
        token = self.token
        if token.kind != "ident" or token.text in _LITERAL_WORDS or token.text == "in":
            raise self.error("expected a field name")
        if token.text in _RESERVED:
            raise CelSyntaxError(f"'{token.text}' is a reserved word", token.offset)
        return self.take()

    def arguments(self, close: str) -> list[Node]:
        args: list[Node] = []
        while self.accept(close) is None:
            args.append(self.expr())
            if self.accept(",") is None:
                self.expect(close)
                break
        return args

    def struct(self, type_name: Node) -> Node:
        self.expect("{")
        fields: list[Node] = [type_name]
        while self.accept("}") is None:
            self.identifier()
            self.expect(":")
            fields.append(self.expr())
            if self.accept(",") is None:
                self.expect("}")
                break
        end = self.tokens[self.index - 1].offset + 1
        return Node("struct", type_name.offset, end, children=tuple(fields))

    def primary(self) -> Node:
        token = self.token
        if token.kind == "ident":
            return self.name_or_call()
        if token.kind in ("string", "number"):
            self.take()
            return Node("literal", token.offset, token.offset + len(token.text), value=token.text)
        if token.kind == "op" and token.text == ".":
            self.take()  # a leading dot names the root namespace: ``.event``
            return self.name_or_call()
        if self.accept("("):
            inner = self.expr()
            close = self.expect(")")
            return Node("op", token.offset, close.offset + 1, "()", children=(inner,))
        if self.accept("["):
            items = self.arguments("]")
            return Node(
                "list", token.offset, self.tokens[self.index - 1].offset + 1, children=tuple(items)
            )
        if self.accept("{"):
            return self.map_literal(token)
        raise self.error("expected a value")

    def name_or_call(self) -> Node:
        token = self.token
        if token.text in _LITERAL_WORDS:
            self.take()
            end = token.offset + len(token.text)
            return Node("literal", token.offset, end, value=_LITERAL_WORDS[token.text])
        name = self.identifier()
        if self.accept("("):
            args = self.arguments(")")
            end = self.tokens[self.index - 1].offset + 1
            return Node("call", name.offset, end, name.text, children=tuple(args))
        return Node("ident", name.offset, name.offset + len(name.text), name.text)

    def map_literal(self, opening: _Token) -> Node:
        entries: list[Node] = []
        while self.accept("}") is None:
            entries.append(self.expr())
            self.expect(":")
            entries.append(self.expr())
            if self.accept(",") is None:
                self.expect("}")
                break
        return Node(
            "map", opening.offset, self.tokens[self.index - 1].offset + 1, children=tuple(entries)
        )


def parse(text: str) -> Node:
    """The syntax tree of a CEL expression; raises ``CelSyntaxError``."""
    if not text.strip():
        raise CelSyntaxError("empty expression", 0)
    return _Parser(text).parse()


# --- paths --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Path:
    """A member path read from ``event`` or ``async``: ``event.data.items[0].sku`` is
    root "event", parts ("data", "items", 0, "sku"). Offsets are in the expression."""

    root: str
    parts: tuple[str | int, ...]
    offset: int
    end: int

    def __str__(self) -> str:
        text = self.root
        for part in self.parts:
            text += f"[{part}]" if isinstance(part, int) else f".{part}"
        return text


ROOTS = frozenset({"event", "async"})


def paths(tree: Node) -> list[Path]:
    """Every maximal ``event.…``/``async.…`` member path, in source order."""
    return sorted(_paths(tree, frozenset()), key=lambda p: p.offset)


def _paths(node: Node, bound: frozenset[str]) -> Iterator[Path]:
    chain = _chain(node, bound)
    if chain is not None:
        yield chain[0]
        for index_node in chain[1]:
            yield from _paths(index_node, bound)
        return
    if (
        node.kind == "call"
        and node.receiver
        and node.name in _MACROS_BINDING
        and len(node.children) >= 3
    ):
        receiver, variable, *body = node.children
        yield from _paths(receiver, bound)
        inner = bound | {variable.name} if variable.kind == "ident" else bound
        for child in body:
            yield from _paths(child, inner)
        return
    for child in node.children:
        yield from _paths(child, bound)


@dataclass
class _Chain:
    end: int
    parts: list[str | int] = field(default_factory=list)
    dynamic: list[Node] = field(default_factory=list)  # index expressions to walk on their own


def _chain(node: Node, bound: frozenset[str]) -> tuple[Path, list[Node]] | None:
    """The path ``node`` reads, when it is a select/index chain rooted at event/async.
    A computed index ends the path there (``event.data[key].x`` reads ``event.data``)."""
    chain = _Chain(end=node.end)
    current = node
    while current.kind in ("select", "index"):
        if current.kind == "select":
            chain.parts.append(current.name)
        else:
            key = _literal_key(current.children[1])
            if key is None:
                chain.parts.clear()
                chain.dynamic.append(current.children[1])
                chain.end = current.children[0].end
            else:
                chain.parts.append(key)
        current = current.children[0]
    if current.kind != "ident" or current.name not in ROOTS or current.name in bound:
        return None
    path = Path(current.name, tuple(reversed(chain.parts)), current.offset, chain.end)
    return path, chain.dynamic


def _literal_key(node: Node) -> str | int | None:
    if node.kind != "literal" or not isinstance(node.value, str):
        return None
    text = node.value
    if text[:1] in "\"'" and len(text) >= 2 and "\\" not in text:
        return text[1:-1]
    if text.isdigit():
        return int(text)
    return None


@dataclass(frozen=True)
class Analysis:
    """What the linter needs of one expression: its syntax error or the paths it reads."""

    error: CelSyntaxError | None
    paths: tuple[Path, ...]


@cache
def analyze(text: str) -> Analysis:
    """Parse once per distinct expression text (the same key recurs across functions)."""
    try:
        tree = parse(text)
    except CelSyntaxError as error:
        return Analysis(error, ())
    return Analysis(None, tuple(paths(tree)))


def source_position(text: Text, offset: int) -> tuple[int, int]:
    """The source line and column of ``offset`` inside the string ``text``.

    Exact when the string is one plain literal on one line (no escapes, so each
    character is written as itself); otherwise the start of the string.
    """
    span = text.where.span
    value = text.value
    start = (span.line, span.col)
    if value is None or len(text.parts) != 1 or span.line != span.end_line:
        return start
    quoting = span.end_col - span.col - len(value)  # quotes and prefix: 2, 3, 6 or 7
    # Each escape makes the source longer than the value: with plain quotes (2 or 6
    # characters) there is none; with one more character it is an r prefix only when
    # nothing in the value would have needed an escape.
    if not value.isprintable() or quoting not in (2, 3, 6, 7):
        return start
    if quoting in (3, 7) and any(char in value for char in "\\'\""):
        return start
    return span.line, span.col + (quoting + 1) // 2 + offset
