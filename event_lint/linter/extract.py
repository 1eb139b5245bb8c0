"""libcst source -> ``FileFacts``: the calls, definitions and constants of one file.

The tree is parsed once and walked iteratively over each node type's child fields
(no ``CSTVisitor``, no metadata: both cost more than the parse). Positions are
computed at the end, in one code-generation pass, for the nodes facts point at.
"""

from __future__ import annotations

import ast
import dataclasses
import io
import itertools
import re
import symtable
import tokenize
import warnings
from array import array
from collections.abc import Sequence
from sys import intern
from typing import TypeGuard

import libcst as cst

from event_lint.diagnostics import Span
from event_lint.linter import facts as f
from event_lint.linter.model import FileProblem, Located
from event_lint.linter.positions import node_spans, split_lines

_SEND_METHODS = {"send", "send_sync", "send_event", "wait_for_event", "invoke", "create_function"}
_EVENT_KWARGS = {"name", "data", "id", "ts"}
# Child fields that never hold code: whitespace, punctuation, comments.
_SKIPPED_FIELD_WORDS = ("whitespace", "lpar", "rpar", "comma", "leading_lines", "lines_after")
_SKIPPED_FIELDS = {
    "semicolon",
    "colon",
    "header",
    "footer",
    "equal",
    "operator",
    "asynchronous",
    "dot",
    "lbracket",
    "rbracket",
    "lbrace",
    "rbrace",
    "arrow",
    "star_tok",
}
_BINARY_OPS = {
    cst.Add: "+",
    cst.Subtract: "-",
    cst.Multiply: "*",
    cst.Divide: "/",
    cst.FloorDivide: "//",
    cst.Modulo: "%",
    cst.Power: "**",
    cst.MatrixMultiply: "@",
    cst.BitOr: "|",
    cst.BitAnd: "&",
    cst.BitXor: "^",
    cst.LeftShift: "<<",
    cst.RightShift: ">>",
}
# Returned expressions that may hold events a caller sends (``return Event(...)``).
_EVENT_HOLDERS = (cst.Call, cst.Name, cst.Dict, cst.List, cst.Tuple, cst.ListComp, cst.GeneratorExp)
# Parameter annotations that make a parameter a client or a step.
_SDK_TYPES = {"Inngest", "Step", "StepSync"}
_MAX_VALUE_NODES = 5000
# Nodes with their own scope (their names are not the function's locals).
_OWN_SCOPES = {cst.Lambda, cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp}
# Nodes that bind a function-local name (or append to a local list).
_BINDING_NODES = {
    cst.Assign,
    cst.AnnAssign,
    cst.AugAssign,
    cst.NamedExpr,
    cst.For,
    cst.AsName,
    cst.Import,
    cst.ImportFrom,
    cst.Call,
}  # a bigger module constant (a docs table) is kept opaque

_field_cache: dict[type, tuple[str, ...]] = {}


def _child_fields(node_type: type) -> tuple[str, ...]:
    cached = _field_cache.get(node_type)
    if cached is None:
        all_names = [field.name for field in dataclasses.fields(node_type)]
        names = [
            name
            for name in all_names
            if name not in _SKIPPED_FIELDS and not any(w in name for w in _SKIPPED_FIELD_WORDS)
        ]
        cached = _field_cache[node_type] = tuple(names)
    return cached


# Nodes that hold nothing any walk looks for (calls, bindings, definitions, ...).
_LEAVES = (
    cst.Name,
    cst.Integer,
    cst.Float,
    cst.Imaginary,
    cst.SimpleString,
    cst.FormattedStringText,
    cst.Ellipsis,
    cst.Pass,
    cst.Break,
    cst.Continue,
    cst.ImportStar,
    cst.BaseParenthesizableWhitespace,
    cst.EmptyLine,
    cst.Newline,
    cst.TrailingWhitespace,
    cst.Comment,
    cst.Dot,
)
_walked_types: dict[type, bool] = {}


def _is_walked(value: object) -> bool:
    """A node that may hold something of interest; isinstance against libcst's
    abstract base classes is slow, so the answer is cached per type."""
    kind = type(value)
    known = _walked_types.get(kind)
    if known is None:
        known = _walked_types[kind] = isinstance(value, cst.CSTNode) and not issubclass(
            kind, _LEAVES
        )
    return known


def children(node: cst.CSTNode) -> list[cst.CSTNode]:
    """The child nodes a walk must enter, in source order."""
    found: list[cst.CSTNode] = []
    for name in _field_cache.get(type(node)) or _child_fields(type(node)):
        value = getattr(node, name)
        kind = type(value)
        if kind is tuple or kind is list:
            found.extend(item for item in value if _is_walked(item))
        elif _is_walked(value):
            found.append(value)
    return found


def extract_file(path: str, source: bytes, module: str) -> f.FileFacts:
    """The facts of one file; never raises (a bad file gets ``problem`` set)."""
    is_package = path.replace("\\", "/").rsplit("/", 1)[-1] == "__init__.py"

    def problem(line: int, col: int, code: str, message: str) -> f.FileFacts:
        where = Located(path, Span(line, col, line, col + 1))
        return f.FileFacts(path, module, is_package, problem=FileProblem(where, code, message))

    try:
        text = decode_source(source)
    except (SyntaxError, UnicodeDecodeError, LookupError) as error:
        return problem(*_decode_problem(error, source))
    too_deep = _too_deep_for_python(text, path)
    if too_deep is not None:
        return problem(*too_deep)
    try:
        tree = cst.parse_module(text)
    except cst.ParserSyntaxError as error:
        return problem(*_parse_problem(text, error))
    except RecursionError:
        return problem(1, 1, "EL901", _TOO_DEEP_FOR_US)
    try:
        return _Extractor(tree, text, path, module, is_package).run()
    except RecursionError:
        return problem(1, 1, "EL901", _TOO_DEEP_FOR_US)
    except MemoryError:  # the worker's limit: its supervisor reports it
        raise
    except Exception as error:  # one bad file must not stop the run
        message = f"internal error while reading {path}: {type(error).__name__}: {error}"
        return problem(1, 1, "EL903", message)


def decode_source(source: bytes) -> str:
    """Decode like Python does: a BOM or a PEP 263 coding cookie, else UTF-8."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(source).readline)
    except SyntaxError:
        source.decode("utf-8")  # not UTF-8: the UnicodeDecodeError says where
        raise
    return source.decode(encoding)


_Problem = tuple[int, int, str, str]  # line, col, code, message

_TOO_DEEP_FOR_US = "libcst cannot parse this file (it nests too deeply)"
# CPython's own limits on nesting (its tokenizer, its parser's stack).
_PYTHON_TOO_DEEP = ("too many nested parentheses", "too many levels of indentation")


def _too_deep_for_python(text: str, path: str) -> _Problem | None:
    """EL900 for a file nested past CPython's limits, before libcst sees it: libcst's
    native parser has no such limits, and on such a file overflows its stack (the
    process dies) or runs for minutes. ``symtable`` runs CPython's parser and a
    depth-checked walk without building Python objects: half of ``ast.parse``'s
    cost, ~3% of extraction. Other syntax errors are left to libcst, which may accept
    syntax newer than this Python."""
    try:
        with warnings.catch_warnings():  # "invalid escape sequence" is not ours to print
            warnings.simplefilter("ignore")
            symtable.symtable(text, path, "exec")
    except SyntaxError as error:
        if not error.msg.startswith(_PYTHON_TOO_DEEP):
            return None
        return error.lineno or 1, error.offset or 1, "EL900", f"syntax error: {error.msg}"
    except (RecursionError, MemoryError):  # depth past the parser's or the walk's limit
        return 1, 1, "EL900", "syntax error: the file nests too deeply for Python's parser"
    except ValueError:  # null bytes (Python < 3.12): libcst's error is reported
        return None
    return None


def _decode_problem(error: Exception, source: bytes) -> _Problem:
    if isinstance(error, UnicodeDecodeError):
        line = source.count(b"\n", 0, error.start) + 1
        byte = source[error.start : error.start + 1].hex()
        message = f"cannot decode the file as {error.encoding}: byte 0x{byte} on line {line}"
        return line, 1, "EL902", message
    return 1, 1, "EL902", f"cannot decode the file: {error}"


def _parse_problem(text: str, error: cst.ParserSyntaxError) -> _Problem:
    """EL900 when Python rejects the file too, EL901 when only libcst does."""
    try:
        ast.parse(text)
    except SyntaxError as python_error:
        line = python_error.lineno or error.raw_line
        col = python_error.offset or error.raw_column + 1
        return line, col, "EL900", f"syntax error: {python_error.msg}"
    except (ValueError, RecursionError, MemoryError):
        first_line = error.message.splitlines()[0] if error.message else "parse error"
        return error.raw_line, error.raw_column + 1, "EL900", f"syntax error: {first_line}"
    found = re.search(r"error at (\d+):\d+", error.message)
    line = int(found.group(1)) if found else max(error.raw_line, 1)
    message = (
        f"libcst cannot parse this file, but Python can (libcst stops at line {line}); "
        "it was not linted"
    )
    return line, 1, "EL901", message


class _TooBig(Exception):
    """A module constant too large to be worth evaluating."""


class _FuncScope:
    """What one function (or lambda) binds: parameters, locals, nested defs, imports."""

    def __init__(
        self, qualname: str, parent: _FuncScope | None, node: cst.FunctionDef | cst.Lambda
    ):
        self.qualname = qualname
        self.parent = parent
        self.node = node
        self.params: dict[str, f.Val | None] = {}
        self.assigned: dict[str, list[cst.BaseExpression | None]] = {}
        self.appended: dict[str, list[tuple[cst.BaseExpression, bool]]] = {}  # (item, is_extend)
        self.imports: dict[str, f.Imp] = {}
        self.def_names: dict[str, str] = {}
        self.step_alias: str | None = None
        self.calls: list[str] = []
        self.imported_calls: list[f.Val] = []
        self.imported_step_callees: list[f.Val] = []
        self.returns: list[f.Val] = []
        self.decorators: tuple[f.Val, ...] = ()
        self.locals: dict[str, f.Local] = {}
        self.converting: set[str] = set()

    def binds(self, name: str) -> bool:
        return (
            name in self.params
            or name in self.assigned
            or name in self.def_names
            or name in self.imports
        )


class _ClassScope:
    def __init__(self, qualname: str) -> None:
        self.qualname = qualname
        self.attrs: dict[str, f.Val] = {}


_Scope = _FuncScope | _ClassScope | None  # None: module level


class _Extractor:
    def __init__(self, tree: cst.Module, text: str, path: str, module: str, is_package: bool):
        self.tree = tree
        self.text = text
        self.path = path
        self.module = module
        self.is_package = is_package
        self.nodes: list[cst.CSTNode] = []
        self.node_pos: dict[int, int] = {}
        self.snippet_pos: set[int] = set()
        self.memo: dict[int, f.Val] = {}
        self.module_kinds: dict[str, str] = {}  # name -> "import" | "assign" | "def" | "class"
        self.imports: dict[str, f.Imp] = {}
        self.bindings: dict[str, f.Val] = {}
        self.module_aliases: dict[str, cst.Attribute] = {}  # send = client.send
        self.classes: list[f.ClassDef] = []
        self.calls: list[f.CallSite] = []
        self.client_attrs: list[tuple[str, f.Val]] = []
        self.awaited: set[int] = set()
        self.statements: set[int] = set()
        self.step_lambdas: set[int] = set()
        self.step_callees: set[str] = set()
        self.pending: list[_FuncScope] = []
        self.functions: list[_FuncScope] = []
        self.budget: int | None = None
        self.comprehension_names: set[str] = set()

    # -- driving -------------------------------------------------------------------

    def run(self) -> f.FileFacts:
        self.walk(self.tree.body, None)
        while self.pending:
            scope = self.pending.pop(0)
            self.walk_function(scope)
        return self.finish()

    def finish(self) -> f.FileFacts:
        spans = node_spans(self.tree, self.nodes)
        roots, snippet_at, snippet_slices = _snippets(self.text, spans, self.snippet_pos)
        return f.FileFacts(
            path=self.path,
            module=self.module,
            is_package=self.is_package,
            imports=tuple(self.imports.items()),
            bindings=tuple(f.Binding(name, value) for name, value in self.bindings.items()),
            classes=tuple(self.classes),
            defs=tuple(self.make_def(scope) for scope in self.functions),
            calls=tuple(self.calls),
            client_attrs=tuple(self.client_attrs),
            span_table=_span_table(spans),
            snippet_roots=roots,
            snippet_at=snippet_at,
            snippet_slices=snippet_slices,
        )

    def make_def(self, scope: _FuncScope) -> f.Def:
        node = scope.node
        assert isinstance(node, cst.FunctionDef)
        return f.Def(
            qualname=scope.qualname,
            parent=scope.parent.qualname if scope.parent else None,
            is_async=node.asynchronous is not None,
            params=tuple(f.Param(name, ann) for name, ann in scope.params.items()),
            decorators=scope.decorators,
            step_alias=scope.step_alias,
            calls=tuple(dict.fromkeys(scope.calls)),
            returns=tuple(scope.returns),
            step_run_callee=scope.qualname in self.step_callees,
            imported_calls=tuple(scope.imported_calls),
            imported_step_callees=tuple(scope.imported_step_callees),
        )

    def pos(self, node: cst.CSTNode, snippet: bool = False) -> int:
        key = id(node)
        index = self.node_pos.get(key)
        if index is None:
            index = self.node_pos[key] = len(self.nodes)
            self.nodes.append(node)
        if snippet:
            self.snippet_pos.add(index)
        return index

    # -- the walk ------------------------------------------------------------------

    def walk(
        self, roots: Sequence[cst.CSTNode], scope: _Scope, in_step_lambda: bool = False
    ) -> None:
        stack: list[tuple[cst.CSTNode, bool]] = [(node, in_step_lambda) for node in reversed(roots)]
        while stack:
            node, in_lambda = stack.pop()
            kind = type(node)
            if kind is cst.FunctionDef:
                assert isinstance(node, cst.FunctionDef)
                self.on_def(node, scope)
                continue
            if kind is cst.ClassDef:
                assert isinstance(node, cst.ClassDef)
                self.on_class(node, scope)
                continue
            if kind is cst.Lambda:
                assert isinstance(node, cst.Lambda)
                self.on_lambda(node, scope, in_lambda or id(node) in self.step_lambdas)
                continue
            if kind is cst.Import or kind is cst.ImportFrom:
                if scope is None:
                    self.on_import(node, self.imports)
                continue
            if kind is cst.Call:
                assert isinstance(node, cst.Call)
                self.on_call(node, scope, in_lambda)
            elif kind is cst.Await:
                assert isinstance(node, cst.Await)
                self.awaited.add(id(node.expression))
            elif kind is cst.Expr:
                assert isinstance(node, cst.Expr)
                value = node.value
                self.statements.add(id(value))
                if isinstance(value, cst.Await):
                    self.statements.add(id(value.expression))
            elif kind is cst.Assign or kind is cst.AnnAssign:
                self.on_assign(node, scope)
            elif kind is cst.Return and isinstance(scope, _FuncScope):
                assert isinstance(node, cst.Return)
                if isinstance(node.value, _EVENT_HOLDERS):
                    scope.returns.append(self.val(node.value, scope))
            stack.extend((child, in_lambda) for child in reversed(children(node)))

    def walk_function(self, scope: _FuncScope) -> None:
        node = scope.node
        self.prescan(scope)
        if isinstance(node, cst.FunctionDef):
            self.functions.append(scope)
            self.walk([node.body], scope)

    def prescan(self, scope: _FuncScope) -> None:
        """Collect a function's parameters and local assignments before reading its body."""
        node = scope.node
        for param in _all_params(node.params):
            annotation = param.annotation
            scope.params[param.name.value] = (
                self.val(annotation.annotation, scope.parent)
                if annotation and _names_sdk_type(annotation.annotation)
                else None
            )
        body: cst.CSTNode = node.body
        stack: list[cst.CSTNode] = [body]
        while stack:
            current = stack.pop()
            kind = type(current)
            if kind in _OWN_SCOPES:
                continue
            if kind is cst.FunctionDef or kind is cst.ClassDef:
                assert isinstance(current, (cst.FunctionDef, cst.ClassDef))
                if isinstance(current, cst.FunctionDef):
                    scope.def_names[current.name.value] = _nested_qualname(
                        scope, current.name.value
                    )
                else:
                    scope.assigned.setdefault(current.name.value, []).append(None)
                continue
            if kind in _BINDING_NODES:
                self.prescan_node(current, scope)
            stack.extend(children(current))

    def prescan_node(self, node: cst.CSTNode, scope: _FuncScope) -> None:
        if isinstance(node, cst.Assign):
            for target in node.targets:
                self.note_target(target.target, node.value, scope)
        elif isinstance(node, cst.AnnAssign) and node.value is not None:
            self.note_target(node.target, node.value, scope)
        elif isinstance(node, cst.AugAssign):
            self.note_target(node.target, None, scope)
        elif isinstance(node, cst.NamedExpr):
            self.note_target(node.target, node.value, scope)
        elif isinstance(node, (cst.For, cst.CompFor)):
            self.note_target(node.target, None, scope)
        elif isinstance(node, cst.AsName):
            self.note_target(node.name, None, scope)
        elif isinstance(node, (cst.Import, cst.ImportFrom)):
            self.on_import(node, scope.imports)
        elif isinstance(node, cst.Call):
            self.note_append(node, scope)

    def note_target(
        self, target: cst.CSTNode, value: cst.BaseExpression | None, scope: _FuncScope
    ) -> None:
        if isinstance(target, cst.Name):
            scope.assigned.setdefault(target.value, []).append(value)
            if (
                isinstance(value, cst.Attribute)
                and value.attr.value == "step"
                and isinstance(value.value, cst.Name)
                and value.value.value in scope.params
            ):
                scope.step_alias = target.value
        elif isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                self.note_target(element.value, None, scope)
        elif isinstance(target, cst.StarredElement):
            self.note_target(target.value, None, scope)

    def note_append(self, call: cst.Call, scope: _FuncScope) -> None:
        func = call.func
        if (
            isinstance(func, cst.Attribute)
            and func.attr.value in ("append", "extend")
            and isinstance(func.value, cst.Name)
            and call.args
        ):
            is_extend = func.attr.value == "extend"
            scope.appended.setdefault(func.value.value, []).append((call.args[0].value, is_extend))

    # -- statements ----------------------------------------------------------------

    def on_def(self, node: cst.FunctionDef, scope: _Scope) -> None:
        name = node.name.value
        if isinstance(scope, _FuncScope):
            qualname = _nested_qualname(scope, name)
            parent: _FuncScope | None = scope
        else:
            qualname = f"{scope.qualname}.{name}" if scope else name
            parent = None
            if scope is None:
                self.module_kinds[name] = "def"
        decorators = [d.decorator for d in node.decorators]
        self.walk(decorators, scope)
        function = _FuncScope(qualname, parent, node)
        function.decorators = tuple(self.val(d, scope) for d in decorators)
        self.pending.append(function)

    def on_class(self, node: cst.ClassDef, scope: _Scope) -> None:
        name = node.name.value
        self.walk([d.decorator for d in node.decorators] + [a.value for a in node.bases], scope)
        class_scope = _ClassScope(f"{scope.qualname}.{name}" if scope else name)
        self.walk([node.body], class_scope)
        if scope is None:
            self.module_kinds[name] = "class"
            bases = tuple(self.val(base.value, None) for base in node.bases)
            self.classes.append(
                f.ClassDef(self.pos(node.name), name, bases, tuple(class_scope.attrs.items()))
            )

    def on_lambda(self, node: cst.Lambda, scope: _Scope, in_step_lambda: bool) -> None:
        parent = scope if isinstance(scope, _FuncScope) else None
        qualname = scope.qualname if scope else "<module>"
        lambda_scope = _FuncScope(qualname, parent, node)
        for param in _all_params(node.params):
            lambda_scope.params[param.name.value] = None
        self.walk([node.body], lambda_scope, in_step_lambda)

    def on_import(self, node: cst.CSTNode, table: dict[str, f.Imp]) -> None:
        if isinstance(node, cst.Import):
            for alias in node.names:
                dotted = _dotted(alias.name)
                if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                    self.bind_import(
                        table, alias.asname.name.value, f.Imp(self.pos(alias), dotted, None)
                    )
                else:
                    top = dotted.split(".", 1)[0]
                    self.bind_import(table, top, f.Imp(self.pos(alias), top, None))
        elif isinstance(node, cst.ImportFrom) and not isinstance(node.names, cst.ImportStar):
            source = self.import_source(node)
            for alias in node.names:
                imported = _dotted(alias.name)
                local = imported
                if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                    local = alias.asname.name.value
                self.bind_import(table, local, f.Imp(self.pos(alias), source, imported))

    def bind_import(self, table: dict[str, f.Imp], name: str, imp: f.Imp) -> None:
        table[name] = imp
        if table is self.imports:
            self.module_kinds[name] = "import"
            self.bindings.pop(name, None)

    def import_source(self, node: cst.ImportFrom) -> str:
        named = _dotted(node.module) if node.module is not None else ""
        level = len(node.relative)
        if level == 0:
            return named
        package = self.module.split(".")
        if not self.is_package:
            package = package[:-1]
        base = package[: len(package) - (level - 1)] if level > 1 else package
        return ".".join([*base, named] if named else base)

    def on_assign(self, node: cst.CSTNode, scope: _Scope) -> None:
        if isinstance(node, cst.Assign):
            targets = [target.target for target in node.targets]
            value: cst.BaseExpression | None = node.value
        elif isinstance(node, cst.AnnAssign):
            targets, value = [node.target], node.value
        else:
            return
        for target in targets:
            if isinstance(target, cst.Attribute) and isinstance(value, _CLIENT_VALUES):
                self.client_attrs.append((target.attr.value, self.val(value, scope)))
            elif isinstance(target, cst.Name) and value is not None:
                self.bind_name(target.value, value, scope)
            elif scope is None:
                for name in _target_names(target):
                    self.module_kinds[name] = "assign"
                    self.bindings[name] = f.Opaque(self.pos(target))
                    self.imports.pop(name, None)

    def bind_name(self, name: str, value: cst.BaseExpression, scope: _Scope) -> None:
        if isinstance(scope, _ClassScope):
            scope.attrs[name] = self.val(value, None)
        elif scope is None:
            self.budget = _MAX_VALUE_NODES
            try:
                converted = self.val(value, None)
            except _TooBig:
                converted = f.Opaque(self.pos(value))
            finally:
                self.budget = None
            self.module_kinds[name] = "assign"
            self.bindings[name] = converted
            self.imports.pop(name, None)
            if _is_send_method(value):
                self.module_aliases[name] = value
            else:
                self.module_aliases.pop(name, None)

    # -- calls ---------------------------------------------------------------------

    def on_call(self, node: cst.Call, scope: _Scope, in_step_lambda: bool) -> None:
        func = node.func
        kind: f.CallKind | None = None
        alias = self.send_alias(func.value, scope) if isinstance(func, cst.Name) else None
        if alias is not None:
            kind = intern(alias[0].attr.value)  # type: ignore[assignment]
        elif isinstance(func, cst.Attribute):
            method = func.attr.value
            if method in _SEND_METHODS:
                kind = intern(method)  # type: ignore[assignment]
            elif method == "run":
                self.on_step_run(node, scope)
            else:
                self.on_imported_call(func, scope, step_run=in_step_lambda)
        elif isinstance(func, cst.Call) and isinstance(func.func, cst.Attribute):
            if func.func.attr.value == "create_function":
                kind = "register"
        elif isinstance(func, cst.Name) and isinstance(scope, _FuncScope):
            callee = self.def_qualname(func.value, scope)
            if callee is not None:
                scope.calls.append(callee)
                if in_step_lambda:  # step.run("id", lambda: helper()): helper runs memoized
                    self.step_callees.add(callee)
            else:
                self.on_imported_call(func, scope, step_run=in_step_lambda)
        if kind is None and _may_build_event(node):
            kind = "event"
        if kind is None:
            return
        call = self.val(node, scope)
        assert isinstance(call, f.Call)
        for arg in node.args:
            self.pos(arg.value, snippet=True)
        if alias is not None:  # ``send(...)`` is read as the ``client.send(...)`` it names
            call = dataclasses.replace(call, func=self.val(*alias))
            self.pos(alias[0].value, snippet=True)
        elif isinstance(func, cst.Attribute):
            self.pos(func.value, snippet=True)  # the receiver, named in messages
        if kind in ("send", "send_sync", "send_event"):
            self.pos(node, snippet=True)  # its arguments' text, for the send_event fix
        self.calls.append(
            f.CallSite(
                kind=kind,
                call=call,
                scope=scope.qualname if isinstance(scope, _FuncScope) else None,
                awaited=id(node) in self.awaited,
                statement=id(node) in self.statements,
                in_step_lambda=in_step_lambda,
            )
        )

    def send_alias(self, name: str, scope: _Scope) -> tuple[cst.Attribute, _Scope] | None:
        """``client.send`` (and the scope it is written in) when ``name`` is bound to it
        once, in an enclosing function or at module level: ``send = client.send``."""
        current = scope
        while isinstance(current, _FuncScope):
            if current.binds(name):
                assigned = current.assigned.get(name, [])
                if len(assigned) == 1 and _is_send_method(assigned[0]):
                    return assigned[0], current
                return None
            current = current.parent
        found = self.module_aliases.get(name)
        if found is None or self.module_kinds.get(name) != "assign":
            return None
        return found, None

    def on_step_run(self, node: cst.Call, scope: _Scope) -> None:
        """``step.run(step_id, callable, ...)``: the callable's code runs memoized."""
        func = node.func
        if len(node.args) < 2 or not isinstance(func, cst.Attribute):
            return
        if not self.is_step_like(func, scope):
            return
        target = node.args[1].value
        if isinstance(target, cst.Call) and target.args:  # functools.partial(fn, ...)
            target = target.args[0].value
        if isinstance(target, cst.Lambda):
            self.step_lambdas.add(id(target))
        elif isinstance(target, cst.Name):
            callee = self.def_qualname(target.value, scope)
            if callee is not None:
                self.step_callees.add(callee)
            else:
                self.on_imported_call(target, scope, step_run=True)
        elif isinstance(target, cst.Attribute):
            self.on_imported_call(target, scope, step_run=True)

    def on_imported_call(
        self, func: cst.Name | cst.Attribute, scope: _Scope, step_run: bool
    ) -> None:
        """A function called (or passed to ``step.run``) through an import: ``queue_sms``
        or ``notify.queue_sms`` where the first name is imported; or a method of an object
        a call made (``notifier.notify`` after ``notifier = Notifier()``)."""
        if not isinstance(scope, _FuncScope):
            return
        owner: _FuncScope | None = scope
        while owner is not None and isinstance(owner.node, cst.Lambda):
            owner = owner.parent  # a lambda's calls are its def's (in a step.run lambda only)
        if owner is None or (owner is not scope and not step_run):
            return
        root = _root_name(func)
        if not self.is_imported(root, scope) and not (
            isinstance(func, cst.Attribute) and self.is_made_by_call(root, scope)
        ):
            return
        value = self.val(func, scope)
        found = owner.imported_step_callees if step_run else owner.imported_calls
        found.append(value)

    def is_made_by_call(self, name: str | None, scope: _FuncScope) -> bool:
        """Whether ``name``, seen from ``scope``, is bound once to a call's result."""
        current: _Scope = scope
        while isinstance(current, _FuncScope):
            if current.binds(name or ""):
                assigned = current.assigned.get(name or "", [])
                return len(assigned) == 1 and isinstance(assigned[0], cst.Call)
            current = current.parent
        return name is not None and isinstance(self.bindings.get(name), f.Call)

    def is_imported(self, name: str | None, scope: _FuncScope) -> bool:
        """Whether ``name``, seen from ``scope``, is bound by an import."""
        current: _Scope = scope
        while isinstance(current, _FuncScope):
            if current.binds(name or ""):
                return name in current.imports
            current = current.parent
        return name is not None and self.module_kinds.get(name) == "import"

    def is_step_like(self, func: cst.Attribute, scope: _Scope) -> bool:
        receiver = func.value
        if isinstance(receiver, cst.Attribute):
            return receiver.attr.value == "step"
        if not isinstance(receiver, cst.Name):
            return False
        name = receiver.value
        while isinstance(scope, _FuncScope):
            if name == scope.step_alias or (name == "step" and scope.binds(name)):
                return True
            annotation = scope.params.get(name)
            if annotation is not None:
                return _last_name(annotation) in ("Step", "StepSync")
            scope = scope.parent
        return False

    def def_qualname(self, name: str, scope: _Scope) -> str | None:
        """The qualname of the def a bare name refers to, seen from ``scope``."""
        while isinstance(scope, _FuncScope):
            if name in scope.def_names:
                return scope.def_names[name]
            if scope.binds(name):
                return None
            scope = scope.parent
        return name if self.module_kinds.get(name) == "def" else None

    # -- expressions -> values -----------------------------------------------------

    def val(self, node: cst.CSTNode, scope: _Scope) -> f.Val:
        cached = self.memo.get(id(node))
        if cached is not None:
            return cached
        if self.budget is not None:
            self.budget -= 1
            if self.budget < 0:
                raise _TooBig
        try:
            value = self.convert(node, scope)
        except RecursionError:
            value = f.Opaque(self.pos(node))
        self.memo[id(node)] = value
        return value

    def convert(self, node: cst.CSTNode, scope: _Scope) -> f.Val:
        pos = self.pos(node)
        if isinstance(node, cst.SimpleString):
            literal = _string_value(node)
            return f.Lit(pos, intern(literal)) if isinstance(literal, str) else f.Opaque(pos)
        if isinstance(node, (cst.Integer, cst.Float)):
            return f.Lit(pos, _number(node))
        if isinstance(node, cst.Name):
            return self.name_val(node, pos, scope)
        if isinstance(node, cst.Attribute):
            return f.Attr(pos, self.val(node.value, scope), intern(node.attr.value))
        if isinstance(node, cst.Call):
            return self.call_val(node, pos, scope)
        if isinstance(node, (cst.FormattedString, cst.ConcatenatedString)):
            return self.string_val(node, pos, scope)
        if isinstance(node, cst.BinaryOperation):
            op = _BINARY_OPS.get(type(node.operator), "?")
            return f.BinOp(pos, op, self.val(node.left, scope), self.val(node.right, scope))
        if isinstance(node, cst.Dict):
            return f.Dict(pos, tuple(self.dict_item(element, scope) for element in node.elements))
        if isinstance(node, (cst.List, cst.Tuple, cst.Set)):
            kind: f.SeqKind = (
                "list"
                if isinstance(node, cst.List)
                else ("tuple" if isinstance(node, cst.Tuple) else "set")
            )
            return f.Seq(pos, kind, tuple(self.element_val(e, scope) for e in node.elements))
        if isinstance(node, (cst.ListComp, cst.GeneratorExp)):
            return self.comprehension_val(node, pos, scope)
        if isinstance(node, cst.Subscript) and len(node.slice) == 1:
            index = node.slice[0].slice
            if isinstance(index, cst.Index):
                return f.Subscript(pos, self.val(node.value, scope), self.val(index.value, scope))
        if isinstance(node, cst.Await):
            return f.Await(pos, self.val(node.expression, scope))
        if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Minus):
            inner = self.val(node.expression, scope)
            if isinstance(inner, f.Lit) and isinstance(inner.value, (int, float)):
                return f.Lit(pos, -inner.value)
        if isinstance(node, cst.Lambda):
            return f.Opaque(pos)
        return f.Opaque(pos, tuple(self.val(call, scope) for call in _calls_inside(node)))

    def name_val(self, node: cst.Name, pos: int, scope: _Scope) -> f.Val:
        name = intern(node.value)
        if name in ("True", "False", "None"):
            return f.Lit(pos, {"True": True, "False": False, "None": None}[name])
        if name in self.comprehension_names:
            return f.Local(pos, name)
        current = scope
        while isinstance(current, _FuncScope):
            if current.binds(name):
                return self.local_val(name, pos, current)
            current = current.parent
        if self.module_kinds.get(name) == "import":
            imp = self.imports[name]
            return f.Imp(pos, imp.module, imp.name)
        return f.Ref(pos, name)

    def local_val(self, name: str, pos: int, scope: _FuncScope) -> f.Val:
        if name in scope.imports:
            imp = scope.imports[name]
            return f.Imp(pos, imp.module, imp.name)
        if name in scope.params:
            return f.Local(pos, name, annotation=scope.params[name], is_param=True)
        assigned = scope.assigned.get(name, [])
        if len(assigned) != 1 or assigned[0] is None or name in scope.converting:
            return f.Local(pos, name)
        source = assigned[0]
        scope.converting.add(name)
        try:
            value = self.val(source, scope)
        finally:
            scope.converting.discard(name)
        if name in scope.appended and isinstance(value, f.Seq) and value.kind == "list":
            value = self.appended_list(value, scope.appended[name], scope)
        return f.Local(pos, name, value=value, in_step=_is_step_result(source))

    def appended_list(
        self, initial: f.Seq, appended: list[tuple[cst.BaseExpression, bool]], scope: _FuncScope
    ) -> f.Seq:
        items = list(initial.items)
        for item, is_extend in appended:
            value = self.val(item, scope)
            items.append(f.Star(value.pos, value) if is_extend else value)
        return f.Seq(initial.pos, "list", tuple(items), literal=False)

    def call_val(self, node: cst.Call, pos: int, scope: _Scope) -> f.Call:
        args: list[f.Val] = []
        kwargs: list[f.Kwarg] = []
        for arg in node.args:
            value = self.val(arg.value, scope)
            if arg.keyword is not None:
                kwargs.append(f.Kwarg(intern(arg.keyword.value), self.pos(arg.keyword), value))
            elif arg.star == "**":
                kwargs.append(f.Kwarg(None, self.pos(arg), value))
            elif arg.star == "*":
                args.append(f.Star(self.pos(arg), value))
            else:
                args.append(value)
        return f.Call(pos, self.val(node.func, scope), tuple(args), tuple(kwargs))

    def dict_item(self, element: cst.BaseDictElement, scope: _Scope) -> f.DictItem:
        if isinstance(element, cst.DictElement):
            return f.DictItem(self.val(element.key, scope), self.val(element.value, scope))
        assert isinstance(element, cst.StarredDictElement)
        return f.DictItem(None, self.val(element.value, scope))

    def element_val(self, element: cst.BaseElement, scope: _Scope) -> f.Val:
        value = self.val(element.value, scope)
        if isinstance(element, cst.StarredElement):
            return f.Star(self.pos(element), value)
        return value

    def comprehension_val(
        self, node: cst.ListComp | cst.GeneratorExp, pos: int, scope: _Scope
    ) -> f.Val:
        names: set[str] = set()
        clause: cst.CompFor | None = node.for_in
        while clause is not None:
            names.update(_target_names(clause.target))
            clause = clause.inner_for_in
        added = names - self.comprehension_names
        self.comprehension_names |= added
        try:
            element = self.val(node.elt, scope)
        finally:
            self.comprehension_names -= added
        kind: f.SeqKind = "comprehension" if isinstance(node, cst.ListComp) else "generator"
        return f.Seq(pos, kind, (element,), literal=False)

    def string_val(self, node: cst.BaseExpression, pos: int, scope: _Scope) -> f.Val:
        parts: list[str | f.Val] = []
        stack: list[cst.CSTNode] = [node]
        while stack:  # iterative: thousands of adjacent literals must not recurse
            current = stack.pop()
            if isinstance(current, cst.ConcatenatedString):
                stack.append(current.right)
                stack.append(current.left)
            elif isinstance(current, cst.SimpleString):
                literal = _string_value(current)
                if not isinstance(literal, str):
                    return f.Opaque(pos)
                parts.append(literal)
            elif isinstance(current, cst.FormattedString):
                parts.extend(self.fstring_parts(current, scope))
            else:
                return f.Opaque(pos)
        merged = _merge_text(parts)
        if len(merged) == 1 and isinstance(merged[0], str):
            return f.Lit(pos, intern(merged[0]))
        return f.FStr(pos, tuple(intern(p) if isinstance(p, str) else p for p in merged))

    def fstring_parts(self, node: cst.FormattedString, scope: _Scope) -> list[str | f.Val]:
        prefix = node.prefix.lower().replace("f", "")
        quote = node.quote
        parts: list[str | f.Val] = []
        for part in node.parts:
            if isinstance(part, cst.FormattedStringText):
                parts.append(_unescape(part.value, prefix, quote))
            elif isinstance(part, cst.FormattedStringExpression):
                parts.append(self.val(part.expression, scope))
        return parts


def _span_table(spans: list[Span]) -> array[int]:
    flat = [n for span in spans for n in (span.line, span.col, span.end_line, span.end_col)]
    return array("H" if max(flat, default=0) < 1 << 16 else "I", flat)


def _snippets(
    text: str, spans: list[Span], positions: set[int]
) -> tuple[tuple[str, ...], array[int], array[int]]:
    """The snippets of ``positions`` as ``FileFacts`` stores them: root texts, then
    each position as a slice of the first root that contains it."""
    line_starts = [0, *itertools.accumulate(map(len, split_lines(text)))]

    def offset(line: int, col: int) -> int:
        return line_starts[line - 1] + col - 1

    ranges = sorted(
        (offset(span.line, span.col), -offset(span.end_line, span.end_col), pos)
        for pos in positions
        for span in (spans[pos],)
    )
    roots: list[str] = []
    slices: dict[int, tuple[int, int, int]] = {}
    root_start = root_end = -1
    for start, negative_end, pos in ranges:
        end = -negative_end
        if not root_start <= start <= end <= root_end:
            roots.append(text[start:end])
            root_start, root_end = start, end
        slices[pos] = (len(roots) - 1, start - root_start, end - root_start)
    at = sorted(slices)
    flat = [n for pos in at for n in slices[pos]]
    return tuple(roots), array("I", at), array("I", flat)


# Literal values are read without ``ast.literal_eval`` (and libcst's ``evaluated_value``,
# which calls it): its nested closures are reference cycles, garbage that only the
# cycle collector frees, and the engine runs with the collector off.


def _number(node: cst.Integer | cst.Float) -> int | float:
    text = node.value.replace("_", "")
    return int(text, 0) if isinstance(node, cst.Integer) else float(text)


def _literal(code: str) -> object:
    """The value of one string literal token (prefix and quotes included), or None
    when Python rejects it (``"\\N{NO SUCH NAME}"``)."""
    with warnings.catch_warnings():  # "invalid escape sequence" is not ours to print
        warnings.simplefilter("ignore")
        try:
            expression = ast.parse(code, mode="eval").body
        except (SyntaxError, ValueError):
            return None
    return expression.value if isinstance(expression, ast.Constant) else None


def _string_value(node: cst.SimpleString) -> str | bytes | None:
    """The string's value; the common case (no escapes, no bytes) without parsing."""
    if "\\" not in node.value and "b" not in node.prefix.lower():
        return node.raw_value
    value = _literal(node.value)
    return value if isinstance(value, (str, bytes)) else None


def _unescape(raw: str, prefix: str, quote: str) -> str:
    text = raw.replace("{{", "{").replace("}}", "}")
    if "\\" not in text:
        return text
    value = _literal(f"{prefix}{quote}{text}{quote}")
    return value if isinstance(value, str) else text


def _merge_text(parts: list[str | f.Val]) -> list[str | f.Val]:
    merged: list[str | f.Val] = []
    for part in parts:
        if isinstance(part, str) and merged and isinstance(merged[-1], str):
            merged[-1] += part
        else:
            merged.append(part)
    return merged or [""]


def _names_sdk_type(annotation: cst.BaseExpression) -> bool:
    if isinstance(annotation, cst.SimpleString):
        return annotation.raw_value.rsplit(".", 1)[-1] in _SDK_TYPES
    if isinstance(annotation, cst.Attribute):
        return annotation.attr.value in _SDK_TYPES
    return isinstance(annotation, cst.Name) and annotation.value in _SDK_TYPES


def _all_params(params: cst.Parameters) -> list[cst.Param]:
    found = [*params.posonly_params, *params.params, *params.kwonly_params]
    for star in (params.star_arg, params.star_kwarg):
        if isinstance(star, cst.Param):
            found.append(star)
    return found


def _nested_qualname(scope: _FuncScope, name: str) -> str:
    return f"{scope.qualname}.<locals>.{name}"


def _dotted(node: cst.CSTNode) -> str:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return f"{_dotted(node.value)}.{node.attr.value}"
    return ""


# What ``self.client = ...`` may assign a client with: ``Inngest(...)``, ``client``,
# ``config.client`` (resolving keeps the attribute only when the value is a client).
_CLIENT_VALUES = (cst.Call, cst.Name, cst.Attribute)


def _is_send_method(node: cst.BaseExpression | None) -> TypeGuard[cst.Attribute]:
    """``client.send`` or ``client.send_sync``, not called: a name bound to it sends."""
    return isinstance(node, cst.Attribute) and node.attr.value in ("send", "send_sync")


def _root_name(node: cst.Name | cst.Attribute) -> str | None:
    """``a`` of ``a``, ``a.b`` or ``a.b.c``: the name a dotted call starts with."""
    current: cst.BaseExpression = node
    while isinstance(current, cst.Attribute):
        current = current.value
    return current.value if isinstance(current, cst.Name) else None


def _last_name(value: f.Val) -> str | None:
    if isinstance(value, f.Attr):
        return value.attr
    if isinstance(value, f.Imp):
        return value.name or value.module.rsplit(".", 1)[-1]
    if isinstance(value, (f.Ref, f.Local)):
        return value.name
    if isinstance(value, f.Lit) and isinstance(value.value, str):  # a string annotation
        return value.value.rsplit(".", 1)[-1]
    return None


def _target_names(target: cst.CSTNode) -> list[str]:
    if isinstance(target, cst.Name):
        return [target.value]
    if isinstance(target, (cst.Tuple, cst.List)):
        return [name for element in target.elements for name in _target_names(element.value)]
    if isinstance(target, cst.StarredElement):
        return _target_names(target.value)
    return []


def _may_build_event(node: cst.Call) -> bool:
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


def _is_step_result(node: cst.BaseExpression) -> bool:
    """``await step.run(...)`` (or ``step.run(...)`` in a sync function)."""
    if isinstance(node, cst.Await):
        node = node.expression
    return (
        isinstance(node, cst.Call)
        and isinstance(node.func, cst.Attribute)
        and node.func.attr.value == "run"
    )


def _calls_inside(node: cst.CSTNode) -> list[cst.Call]:
    """The outermost calls inside ``node`` (not inside lambdas)."""
    found: list[cst.Call] = []
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, cst.Call) and current is not node:
            found.append(current)
        elif not isinstance(current, cst.Lambda):
            stack.extend(children(current))
    return found
