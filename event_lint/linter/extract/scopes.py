"""What each scope of a file binds, and what a name means seen from one of them.

A function's bindings are collected before its body is read (``Extractor.prescan``),
so a name used before a later assignment still reads as the function's local, as
Python reads it. Module-level bindings accumulate in source order as the walk goes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import libcst as cst

from event_lint.linter.extract.shapes import is_send_method, last_name
from event_lint.linter.facts import Call, DataRead, ImportedName, Val

if TYPE_CHECKING:
    from event_lint.linter.extract.reads import EventNames

ModuleKind = Literal["import", "assign", "def", "class"]


class FunctionScope:
    """What one function (or lambda) binds: parameters, locals, nested defs, imports;
    and, for a def, what extraction learns of it while walking its body."""

    def __init__(
        self, qualname: str, parent: FunctionScope | None, node: cst.FunctionDef | cst.Lambda
    ):
        self.qualname = qualname
        self.parent = parent
        self.node = node
        self.params: dict[str, Val | None] = {}  # name -> annotation, for SDK types only
        self.assigned: dict[str, list[cst.BaseExpression | None]] = {}
        self.appended: dict[str, list[tuple[cst.BaseExpression, bool]]] = {}  # (item, is_extend)
        self.imports: dict[str, ImportedName] = {}
        self.def_names: dict[str, str] = {}  # nested def -> its qualname
        self.step_alias: str | None = None
        self.calls: list[str] = []
        self.imported_calls: list[Val] = []
        self.imported_step_callees: list[Val] = []
        self.returns: list[Val] = []
        self.decorators: tuple[Val, ...] = ()
        self.converting: set[str] = set()  # locals being converted: a cycle stays a Local
        # Set in an Inngest function's handler and the defs and lambdas inside it.
        self.event_names: EventNames | None = None
        self.data_reads: list[DataRead] = []

    def binds(self, name: str) -> bool:
        return (
            name in self.params
            or name in self.assigned
            or name in self.def_names
            or name in self.imports
        )

    def bind_import(self, name: str, imported: ImportedName) -> None:
        self.imports[name] = imported

    def nested_qualname(self, name: str) -> str:
        return f"{self.qualname}.<locals>.{name}"


class ClassScope:
    """A class body: its attributes (module-level classes keep them)."""

    def __init__(self, qualname: str) -> None:
        self.qualname = qualname
        self.attrs: dict[str, Val] = {}


Scope = FunctionScope | ClassScope | None  # None: module level


class ModuleScope:
    """The module-level names, bound in source order (the last binding wins)."""

    def __init__(self) -> None:
        self.kinds: dict[str, ModuleKind] = {}
        self.imports: dict[str, ImportedName] = {}
        self.bindings: dict[str, Val] = {}
        self.send_aliases: dict[str, cst.Attribute] = {}  # send = client.send

    def bind_import(self, name: str, imported: ImportedName) -> None:
        self.imports[name] = imported
        self.kinds[name] = "import"
        self.bindings.pop(name, None)

    def bind(self, name: str, value: Val) -> None:
        self.kinds[name] = "assign"
        self.bindings[name] = value
        self.imports.pop(name, None)

    def note_send_alias(self, name: str, value: cst.BaseExpression) -> None:
        if is_send_method(value):
            self.send_aliases[name] = value
        else:
            self.send_aliases.pop(name, None)


def binding_scope(name: str, scope: Scope) -> FunctionScope | None:
    """The innermost function around ``scope`` that binds ``name``; None when no
    function does (the name is the module's, or a builtin)."""
    current = scope
    while isinstance(current, FunctionScope):
        if current.binds(name):
            return current
        current = current.parent
    return None


def def_qualname(name: str, scope: Scope, module: ModuleScope) -> str | None:
    """The qualname of the def a bare name refers to, seen from ``scope``."""
    owner = binding_scope(name, scope)
    if owner is not None:
        return owner.def_names.get(name)
    return name if module.kinds.get(name) == "def" else None


def send_alias(name: str, scope: Scope, module: ModuleScope) -> tuple[cst.Attribute, Scope] | None:
    """``client.send`` (and the scope it is written in) when ``name`` is bound to it
    once, in an enclosing function or at module level: ``send = client.send``."""
    owner = binding_scope(name, scope)
    if owner is not None:
        assigned = owner.assigned.get(name, [])
        if len(assigned) == 1 and is_send_method(assigned[0]):
            return assigned[0], owner
        return None
    found = module.send_aliases.get(name)
    if found is None or module.kinds.get(name) != "assign":
        return None
    return found, None


def is_imported(name: str | None, scope: FunctionScope, module: ModuleScope) -> bool:
    """Whether ``name``, seen from ``scope``, is bound by an import."""
    owner = binding_scope(name or "", scope)
    if owner is not None:
        return name in owner.imports
    return name is not None and module.kinds.get(name) == "import"


def is_made_by_call(name: str | None, scope: FunctionScope, module: ModuleScope) -> bool:
    """Whether ``name``, seen from ``scope``, is bound once to a call's result."""
    owner = binding_scope(name or "", scope)
    if owner is not None:
        assigned = owner.assigned.get(name or "", [])
        return len(assigned) == 1 and isinstance(assigned[0], cst.Call)
    return name is not None and isinstance(module.bindings.get(name), Call)


def is_step_like(func: cst.Attribute, scope: Scope) -> bool:
    """Whether ``func``'s receiver is an Inngest step: ``step``, a parameter annotated
    ``Step``, an alias of ``ctx.step``, or ``<anything>.step``."""
    receiver = func.value
    if isinstance(receiver, cst.Attribute):
        return receiver.attr.value == "step"
    if not isinstance(receiver, cst.Name):
        return False
    name = receiver.value
    while isinstance(scope, FunctionScope):
        if name == scope.step_alias or (name == "step" and scope.binds(name)):
            return True
        annotation = scope.params.get(name)
        if annotation is not None:
            return last_name(annotation) in ("Step", "StepSync")
        scope = scope.parent
    return False
