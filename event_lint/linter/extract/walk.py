"""The walk over one file's tree: statements, definitions and imports, in source order.

The module body is walked first; each def's body is walked after it (breadth-first),
once its parameters and locals are known (``prescan``). Values are converted by
``ValueConverter``, calls recorded by ``CallRecorder``; the walk keeps the rest.
"""

from __future__ import annotations

from collections.abc import Sequence

import libcst as cst

from event_lint.linter.extract.calls import CallRecorder
from event_lint.linter.extract.reads import EventNames, registers_function
from event_lint.linter.extract.scopes import ClassScope, FunctionScope, ModuleScope, Scope
from event_lint.linter.extract.shapes import CLIENT_VALUES, EVENT_HOLDERS, names_sdk_type
from event_lint.linter.extract.spans import Positions
from event_lint.linter.extract.tree import all_params, children, dotted, target_names
from event_lint.linter.extract.values import ValueConverter
from event_lint.linter.facts import (
    Binding,
    ClassDef,
    DataRead,
    Def,
    FileFacts,
    ImportedName,
    Opaque,
    Param,
    Val,
)

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
}
# The children of nodes listed by one walk, by id() of the parent, for the next.
_Children = dict[int, list[cst.CSTNode]]


class Extractor:
    """Walks one parsed file into its ``FileFacts``."""

    def __init__(self, tree: cst.Module, text: str, path: str, module: str, is_package: bool):
        self.tree = tree
        self.text = text
        self.path = path
        self.module_name = module
        self.is_package = is_package
        self.positions = Positions()
        self.pos = self.positions.pos
        self.module = ModuleScope()
        self.values = ValueConverter(self.positions, self.module)
        self.val = self.values.val
        self.calls = CallRecorder(self.values, self.module)
        self.classes: list[ClassDef] = []
        self.client_attrs: list[tuple[str, Val]] = []
        self.awaited: set[int] = set()  # id() of awaited expressions
        self.statements: set[int] = set()  # id() of expressions used as statements
        self.pending: list[FunctionScope] = []  # defs whose bodies are still to walk
        self.functions: list[FunctionScope] = []
        self.inner_reads: set[int] = set()  # id() of data reads inside a recorded one

    def run(self) -> FileFacts:
        self.walk(self.tree.body, None)
        while self.pending:
            self.walk_function(self.pending.pop(0))
        return self.finish()

    def finish(self) -> FileFacts:
        span_table, roots, snippet_at, snippet_slices = self.positions.tables(self.tree)
        module = self.module
        return FileFacts(
            path=self.path,
            module=self.module_name,
            is_package=self.is_package,
            imports=tuple(module.imports.items()),
            bindings=tuple(Binding(name, value) for name, value in module.bindings.items()),
            classes=tuple(self.classes),
            defs=tuple(_make_def(scope, self.calls.step_callees) for scope in self.functions),
            calls=tuple(self.calls.sites),
            client_attrs=tuple(self.client_attrs),
            span_table=span_table,
            snippet_roots=roots,
            snippet_at=snippet_at,
            snippet_slices=snippet_slices,
        )

    # -- the walk ------------------------------------------------------------------

    def walk(
        self,
        roots: Sequence[cst.CSTNode],
        scope: Scope,
        in_step_lambda: bool = False,
        known: _Children | None = None,
    ) -> None:
        """Walk ``roots`` in source order; ``known`` holds children already listed."""
        # ``in_step_lambda`` holds for the whole walk: a lambda's body is walked apart.
        stack = list(reversed(roots))
        known = known or {}
        # The scope when it is (inside) a handler, whose reads of the event's data count.
        reader = scope if isinstance(scope, FunctionScope) and scope.event_names else None
        while stack:
            node = stack.pop()
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
                self.on_lambda(node, scope, in_step_lambda or id(node) in self.calls.step_lambdas)
                continue
            if kind is cst.Import or kind is cst.ImportFrom:
                if scope is None:
                    self.on_import(node, self.module)
                continue
            if kind is cst.Call:
                assert isinstance(node, cst.Call)
                awaited, statement = id(node) in self.awaited, id(node) in self.statements
                self.calls.on_call(node, scope, in_step_lambda, awaited, statement)
                if reader is not None:  # ``ctx.event.data.get("key")``
                    self.on_data_read(node, reader)
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
            elif kind is cst.Return and isinstance(scope, FunctionScope):
                assert isinstance(node, cst.Return)
                if isinstance(node.value, EVENT_HOLDERS):
                    scope.returns.append(self.val(node.value, scope))
            elif reader is not None and kind is cst.Subscript:
                assert isinstance(node, cst.Subscript)
                self.on_data_read(node, reader)
            found = known.get(id(node))
            stack.extend(reversed(children(node) if found is None else found))

    def walk_function(self, scope: FunctionScope) -> None:
        node = scope.node
        known = self.prescan(scope)
        if isinstance(node, cst.FunctionDef):
            if scope.qualname in self.calls.handlers:
                scope.event_names = EventNames.of_handler(node, scope.assigned)
            elif scope.parent is not None:
                scope.event_names = scope.parent.event_names
            self.functions.append(scope)
            self.walk([node.body], scope, known=known)

    def on_data_read(self, node: cst.Subscript | cst.Call, scope: FunctionScope) -> None:
        """Record ``node`` on its def when it reads the event's data with literal keys."""
        if id(node) in self.inner_reads or scope.event_names is None:
            return
        found = scope.event_names.read(node)
        if found is None:
            return
        keys, inner = found
        self.inner_reads.update(inner)
        owner = scope
        while isinstance(owner.node, cst.Lambda) and owner.parent is not None:
            owner = owner.parent  # a lambda's reads are its def's
        owner.data_reads.append(DataRead(self.pos(node), keys))

    # -- a function's bindings, before its body --------------------------------------

    def prescan(self, scope: FunctionScope) -> _Children:
        """Collect a function's parameters and local assignments before reading its body;
        return the children listed on the way, which the walk of the body enters again."""
        node = scope.node
        for param in all_params(node.params):
            annotation = param.annotation
            scope.params[param.name.value] = (
                self.val(annotation.annotation, scope.parent)
                if annotation and names_sdk_type(annotation.annotation)
                else None
            )
        known: _Children = {}
        stack: list[cst.CSTNode] = [node.body]
        while stack:
            current = stack.pop()
            kind = type(current)
            if kind in _OWN_SCOPES:
                continue
            if kind is cst.FunctionDef:
                assert isinstance(current, cst.FunctionDef)
                name = current.name.value
                scope.def_names[name] = scope.nested_qualname(name)
                continue
            if kind is cst.ClassDef:
                assert isinstance(current, cst.ClassDef)
                scope.assigned.setdefault(current.name.value, []).append(None)
                continue
            if kind in _BINDING_NODES:
                self.prescan_node(current, scope)
            found = known[id(current)] = children(current)
            stack.extend(reversed(found))  # popped in source order: a later binding wins
        return known

    def prescan_node(self, node: cst.CSTNode, scope: FunctionScope) -> None:
        if isinstance(node, cst.Call):  # first: most of these nodes are calls
            _note_append(node, scope)
        elif isinstance(node, cst.Assign):
            for target in node.targets:
                _note_target(target.target, node.value, scope)
        elif isinstance(node, cst.AnnAssign) and node.value is not None:
            _note_target(node.target, node.value, scope)
        elif isinstance(node, cst.AugAssign):
            _note_target(node.target, None, scope)
        elif isinstance(node, cst.NamedExpr):
            _note_target(node.target, node.value, scope)
        elif isinstance(node, cst.For):
            _note_target(node.target, None, scope)
        elif isinstance(node, cst.AsName):
            _note_target(node.name, None, scope)
        elif isinstance(node, (cst.Import, cst.ImportFrom)):
            self.on_import(node, scope)

    # -- statements ----------------------------------------------------------------

    def on_def(self, node: cst.FunctionDef, scope: Scope) -> None:
        name = node.name.value
        if isinstance(scope, FunctionScope):
            qualname = scope.nested_qualname(name)
            parent: FunctionScope | None = scope
        else:
            qualname = f"{scope.qualname}.{name}" if scope else name
            parent = None
            if scope is None:
                self.module.kinds[name] = "def"
        decorators = [d.decorator for d in node.decorators]
        if registers_function(decorators):
            self.calls.handlers.add(qualname)
        self.walk(decorators, scope)
        function = FunctionScope(qualname, parent, node)
        function.decorators = tuple(self.val(d, scope) for d in decorators)
        self.pending.append(function)

    def on_class(self, node: cst.ClassDef, scope: Scope) -> None:
        name = node.name.value
        self.walk([d.decorator for d in node.decorators] + [a.value for a in node.bases], scope)
        class_scope = ClassScope(f"{scope.qualname}.{name}" if scope else name)
        self.walk([node.body], class_scope)
        if scope is None:
            self.module.kinds[name] = "class"
            bases = tuple(self.val(base.value, None) for base in node.bases)
            attrs = tuple(class_scope.attrs.items())
            self.classes.append(ClassDef(self.pos(node.name), name, bases, attrs))

    def on_lambda(self, node: cst.Lambda, scope: Scope, in_step_lambda: bool) -> None:
        parent = scope if isinstance(scope, FunctionScope) else None
        qualname = scope.qualname if scope else "<module>"
        lambda_scope = FunctionScope(qualname, parent, node)
        for param in all_params(node.params):
            lambda_scope.params[param.name.value] = None
        if parent is not None:
            lambda_scope.event_names = parent.event_names
        self.walk([node.body], lambda_scope, in_step_lambda)

    def on_import(self, node: cst.CSTNode, scope: FunctionScope | ModuleScope) -> None:
        _bind_imports(node, scope, self.positions, self.module_name, self.is_package)

    def on_assign(self, node: cst.CSTNode, scope: Scope) -> None:
        if isinstance(node, cst.Assign):
            targets = [target.target for target in node.targets]
            value: cst.BaseExpression | None = node.value
        elif isinstance(node, cst.AnnAssign):
            targets, value = [node.target], node.value
        else:
            return
        for target in targets:
            if isinstance(target, cst.Attribute) and isinstance(value, CLIENT_VALUES):
                self.client_attrs.append((target.attr.value, self.val(value, scope)))
            elif isinstance(target, cst.Name) and value is not None:
                self.bind_name(target.value, value, scope)
            elif scope is None:
                for name in target_names(target):
                    self.module.bind(name, Opaque(self.pos(target)))

    def bind_name(self, name: str, value: cst.BaseExpression, scope: Scope) -> None:
        if isinstance(scope, ClassScope):
            scope.attrs[name] = self.val(value, None)
        elif scope is None:
            self.module.bind(name, self.values.module_constant(value))
            self.module.note_send_alias(name, value)


def _make_def(scope: FunctionScope, step_run_callees: set[str]) -> Def:
    """The ``Def`` fact of a walked function."""
    node = scope.node
    assert isinstance(node, cst.FunctionDef)
    return Def(
        qualname=scope.qualname,
        parent=scope.parent.qualname if scope.parent else None,
        is_async=node.asynchronous is not None,
        params=tuple(Param(name, ann) for name, ann in scope.params.items()),
        decorators=scope.decorators,
        step_alias=scope.step_alias,
        calls=tuple(dict.fromkeys(scope.calls)),
        returns=tuple(scope.returns),
        step_run_callee=scope.qualname in step_run_callees,
        imported_calls=tuple(scope.imported_calls),
        imported_step_callees=tuple(scope.imported_step_callees),
        data_reads=tuple(scope.data_reads),
    )


def _bind_imports(
    node: cst.CSTNode,
    scope: FunctionScope | ModuleScope,
    positions: Positions,
    module: str,
    is_package: bool,
) -> None:
    """Bind, in ``scope``, the names an import statement binds."""
    if isinstance(node, cst.Import):
        for alias in node.names:
            name = dotted(alias.name)
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                imported = ImportedName(positions.pos(alias), name, None)
                scope.bind_import(alias.asname.name.value, imported)
            else:
                top = name.split(".", 1)[0]
                scope.bind_import(top, ImportedName(positions.pos(alias), top, None))
    elif isinstance(node, cst.ImportFrom) and not isinstance(node.names, cst.ImportStar):
        source = _import_source(node, module, is_package)
        for alias in node.names:
            imported_name = dotted(alias.name)
            local = imported_name
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                local = alias.asname.name.value
            scope.bind_import(local, ImportedName(positions.pos(alias), source, imported_name))


def _note_target(
    target: cst.CSTNode, value: cst.BaseExpression | None, scope: FunctionScope
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
            _note_target(element.value, None, scope)
    elif isinstance(target, cst.StarredElement):
        _note_target(target.value, None, scope)


def _note_append(call: cst.Call, scope: FunctionScope) -> None:
    """``items.append(x)`` / ``items.extend(xs)``: what a local list is built from."""
    func = call.func
    if (
        isinstance(func, cst.Attribute)
        and func.attr.value in ("append", "extend")
        and isinstance(func.value, cst.Name)
        and call.args
    ):
        is_extend = func.attr.value == "extend"
        scope.appended.setdefault(func.value.value, []).append((call.args[0].value, is_extend))


def _import_source(node: cst.ImportFrom, module: str, is_package: bool) -> str:
    """The absolute module ``from ... import`` reads from, relative imports resolved."""
    named = dotted(node.module) if node.module is not None else ""
    level = len(node.relative)
    if level == 0:
        return named
    package = module.split(".")
    if not is_package:
        package = package[:-1]
    base = package[: len(package) - (level - 1)] if level > 1 else package
    return ".".join([*base, named] if named else base)
