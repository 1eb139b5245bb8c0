"""What the catalog reads of the code beyond the linter's model, with Python's ``ast``:
the function around a send outside any Inngest function (the model names only Inngest
functions), and the ``ctx.event.data[...]`` keys a handler reads (the model keeps CEL
expressions, not a handler's body). Files are read through ``read_regular``; one that
cannot be read or parsed gives nothing here (the linter reports it)."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)


@dataclass(frozen=True)
class Def:
    first: int
    last: int
    qualname: str  # as the linter spells it: Class.method, outer.<locals>.inner
    node: ast.FunctionDef | ast.AsyncFunctionDef


class Sources:
    def __init__(self, cwd: Path, limit: int) -> None:
        self.cwd = cwd
        self.limit = limit
        self._defs: dict[str, list[Def]] = {}

    def defs(self, path: str) -> list[Def]:
        if path not in self._defs:
            self._defs[path] = _defs(self.cwd / path, self.limit)
        return self._defs[path]

    def enclosing(self, path: str, line: int) -> str | None:
        """The qualified name of the innermost def around ``line``."""
        inside = [d for d in self.defs(path) if d.first <= line <= d.last]
        return max(inside, key=lambda d: d.first).qualname if inside else None

    def data_reads(self, path: str, qualname: str) -> list[tuple[int, str]]:
        """(line, ``event.data.key...``) of each read of the event's data with literal
        keys (``ctx.event.data["a"]["b"]``, ``.get("a")``) in the def and the defs in
        it, the longest path of each chain, in source order."""
        found = next((d for d in self.defs(path) if d.qualname == qualname), None)
        if found is None:
            return []
        reads: dict[str, int] = {}
        for node in ast.walk(found.node):
            try:
                keys = _data_keys(node)
            except RecursionError:  # a chain of thousands of subscripts: not a real read
                continue
            if keys and isinstance(node, ast.expr):
                text = "event.data." + ".".join(keys)
                reads[text] = min(reads.get(text, node.lineno), node.lineno)
        longest = [p for p in reads if not any(o.startswith(p + ".") for o in reads)]
        return sorted((reads[p], p) for p in longest)


def _defs(path: Path, limit: int) -> list[Def]:
    from event_lint.files import read_regular

    try:
        tree = ast.parse(read_regular(path, limit))
    except (OSError, SyntaxError, ValueError, RecursionError, MemoryError):
        return []
    found: list[Def] = []
    stack: list[tuple[ast.AST, str]] = [(tree, "")]
    while stack:  # iterative: a deeply nested file cannot exhaust the recursion limit
        node, prefix = stack.pop()
        for child in ast.iter_child_nodes(node):
            if isinstance(child, _FUNCTIONS):
                name = prefix + child.name
                found.append(Def(child.lineno, child.end_lineno or child.lineno, name, child))
                stack.append((child, name + ".<locals>."))
            elif isinstance(child, ast.ClassDef):
                stack.append((child, prefix + child.name + "."))
            else:
                stack.append((child, prefix))
    return sorted(found, key=lambda d: (d.first, d.qualname))


def _data_keys(node: ast.AST) -> list[str] | None:
    """The keys read when ``node`` is ``<event>.data["a"]["b"]`` or ``....get("a")``."""
    if isinstance(node, ast.Subscript):
        key = node.slice
        base = node.value
    elif (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "get"
        and node.args
    ):
        key = node.args[0]
        base = node.func.value
    else:
        return None
    if not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
        return None
    if _is_event_data(base):
        return [key.value]
    inner = _data_keys(base)
    return None if inner is None else [*inner, key.value]


def _is_event_data(node: ast.AST) -> bool:
    """``ctx.event.data`` (0.5) or ``event.data`` (0.3/0.4 handlers)."""
    if not (isinstance(node, ast.Attribute) and node.attr == "data"):
        return False
    event = node.value
    return (isinstance(event, ast.Attribute) and event.attr == "event") or (
        isinstance(event, ast.Name) and event.id == "event"
    )
