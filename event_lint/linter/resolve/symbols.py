"""What a name in the facts refers to, across the project's modules."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from event_lint.diagnostics import Span
from event_lint.linter import facts as f
from event_lint.linter.model import Located

_MAX_DEPTH = 40  # import and constant chains longer than this are cycles
_SDK = "inngest"
_SEND_METHODS = ("send", "send_sync")  # a client's methods that send events
# (importer's folder, module, imported name) or (file path, global name)
_Key = tuple[str, str, str | None] | tuple[str, str]


class Index:
    """One file's facts, keyed for lookups."""

    def __init__(self, facts: f.FileFacts) -> None:
        self.facts = facts
        self.module = facts.module
        self.path = facts.path
        self.folder = facts.path.rpartition("/")[0]
        self.imports = dict(facts.imports)
        self.bindings = {binding.name: binding.value for binding in facts.bindings}
        self.classes = {cls.name: cls for cls in facts.classes}
        self.defs = {definition.qualname: definition for definition in facts.defs}
        self.names = {*self.imports, *self.bindings, *self.classes, *self.defs}
        self.located: dict[int, Located] = {}

    def where(self, pos: int) -> Located:
        found = self.located.get(pos)
        if found is None:  # shared: many model objects point at the same place
            table, start = self.facts.span_table, 4 * pos
            span = Span(table[start], table[start + 1], table[start + 2], table[start + 3])
            found = self.located[pos] = Located(self.path, span)
        return found

    def snippet(self, pos: int) -> str:
        return self.facts.snippet(pos)

    def def_scope(self, scope: str | None) -> str | None:
        """A call site's ``scope`` when it names a def of this file (a lambda's at module
        or class level is named ``<module>`` or after the class: None, as at module level)."""
        return scope if scope in self.defs else None


@dataclass(frozen=True)
class SdkSym:
    """The inngest SDK or something in it: ``inngest``, ``inngest.Event``."""

    dotted: str


_SDK_SYM = SdkSym(_SDK)


@dataclass(frozen=True)
class ExternalSym:
    """A module or name outside the project (``uuid.uuid4``) or a builtin (``int``)."""

    dotted: str


@dataclass(frozen=True)
class ModuleSym:
    """A module of the project: its file's index."""

    index: Index


@dataclass(frozen=True)
class ClientSym:
    """An ``inngest.Inngest`` instance."""


@dataclass(frozen=True)
class SendMethodSym:
    """A client's ``send`` or ``send_sync``, not called: ``send = client.send`` makes
    ``send(...)``, wherever ``send`` is imported, a send. ``method`` is that
    ``client.send``, written in ``index``'s file."""

    index: Index
    method: f.Attr


@dataclass(frozen=True)
class StepSym:
    """A step object (``ctx.step``, a ``step`` parameter)."""


@dataclass(frozen=True)
class ClassSym:
    index: Index
    cls: f.ClassDef


@dataclass(frozen=True)
class DefSym:
    index: Index
    definition: f.Def


@dataclass(frozen=True)
class ValueSym:
    """A constant's value as written (``value`` in ``index``); ``via`` names it."""

    index: Index
    value: f.Val
    via: str


Sym = (
    SdkSym
    | ExternalSym
    | ModuleSym
    | ClientSym
    | SendMethodSym
    | StepSym
    | ClassSym
    | DefSym
    | ValueSym
    | None
)


# A module's facts as an import in a file sees it: ``load(module, importer path)``
# (two apps in one repository may each have a module of that name), or None.
Load = Callable[[str, str], f.FileFacts | None]


class Symbols:
    """Answers about names, with files loaded on demand by ``load``. Show it every
    file with ``learn_client_attrs`` first; ``forget`` drops what was loaded."""

    def __init__(self, load: Load) -> None:
        self.load = load
        self.indexes: dict[str, Index] = {}  # by file path
        self.modules: dict[tuple[str, str], Index] = {}  # (importer's folder, module)
        self.missing: set[tuple[str, str]] = set()
        self.client_attrs: set[str] = set()
        # What imported and module-level names are: thousands of files name the same
        # few. Only answers that did not hit the depth limit are kept, so the memo
        # never changes an answer.
        self.imported_memo: dict[_Key, Sym] = {}
        self.global_memo: dict[_Key, Sym] = {}  # (file path, name)
        self.cut_short = 0  # how many lookups hit the depth limit or a cycle so far
        # The imports and names being looked up right now: meeting one again is a
        # cycle (a package re-exporting from itself), which names nothing.
        self.pending: set[tuple[int, _Key]] = set()

    def learn_client_attrs(self, facts: f.FileFacts) -> None:
        """Note the attributes ``facts`` assigns a client (``self.client = Inngest()``):
        they make every ``x.client`` a client. Every file is shown first, then
        ``forget`` drops the answers given before all of them were known."""
        if facts.client_attrs and facts.problem is None:
            index = self.index_of(facts)
            for attr, value in facts.client_attrs:
                if isinstance(self.sym(value, index), ClientSym):
                    self.client_attrs.add(attr)

    def forget(self) -> None:
        """Drop the loaded files and the memos (a chunk of the model is done): they
        are caches, so answers do not change, and memory stays bounded."""
        self.indexes.clear()
        self.modules.clear()
        self.imported_memo.clear()
        self.global_memo.clear()

    def index_of(self, facts: f.FileFacts) -> Index:
        """The index of a file being read: the loaded one when it is the same file."""
        found = self.indexes.get(facts.path)
        if found is not None:
            return found
        index = Index(facts)
        if facts.problem is None:
            self.indexes[facts.path] = index
        return index

    def index(self, module: str, near: Index) -> Index | None:
        """The file an import of ``module`` in ``near``'s file means, if in the project."""
        key = (near.folder, module)
        found = self.modules.get(key)
        if found is not None or key in self.missing or not module:
            return found
        loaded = self.load(module, near.path)
        if loaded is None or loaded.problem is not None:
            self.missing.add(key)
            return None
        found = self.modules[key] = self.index_of(loaded)
        return found

    # -- names -> symbols --------------------------------------------------------

    def sym(self, value: f.Val, index: Index, depth: int = 0) -> Sym:
        if depth > _MAX_DEPTH:
            self.cut_short += 1
            return None
        depth += 1
        kind = type(value)
        if kind is f.ImportedName:
            assert isinstance(value, f.ImportedName)
            return self.imported(value.module, value.name, index, depth)
        if kind is f.Ref:
            assert isinstance(value, f.Ref)
            return self.global_name(index, value.name, depth)
        if isinstance(value, f.Attr):
            if value.attr in self.client_attrs and not isinstance(value.value, f.ImportedName):
                return ClientSym()
            owner = self.sym(value.value, index, depth)
            if type(owner) is ClientSym and value.attr in _SEND_METHODS:
                return SendMethodSym(index, value)
            return self.member(owner, value.attr, depth)
        if isinstance(value, f.Local):
            return self.local(value, index, depth)
        if isinstance(value, f.Call):
            called = self.sym(value.func, index, depth)
            if called == SdkSym("inngest.Inngest"):
                return ClientSym()
        return None

    def local(self, value: f.Local, index: Index, depth: int) -> Sym:
        if value.value is not None:
            return self.deref(value.value, index, value.name, depth)
        if value.annotation is not None:
            annotated = self.sym(value.annotation, index, depth)
            if annotated == SdkSym("inngest.Inngest"):
                return ClientSym()
            if annotated in (SdkSym("inngest.Step"), SdkSym("inngest.StepSync")):
                return StepSym()
        return None

    def imported(self, module: str, name: str | None, near: Index, depth: int) -> Sym:
        """What ``from module import name`` (``import module``: name None) binds in
        ``near``'s file."""
        key = (near.folder, module, name)
        if key in self.imported_memo:
            return self.imported_memo[key]
        return self.guarded(
            self.imported_memo,
            key,
            lambda: self.lookup_import(module, name, near, depth + 1),
            depth,
        )

    def guarded(
        self, memo: dict[_Key, Sym], key: _Key, lookup: Callable[[], Sym], depth: int
    ) -> Sym:
        """``lookup()``, unless ``key`` is already being looked up (a cycle: a package
        that re-exports from itself) or the chain is too long: then nothing. Only
        answers reached without such a cut are memoized, so the memo never changes an
        answer."""
        pending = (id(memo), key)
        if depth > _MAX_DEPTH or pending in self.pending:
            self.cut_short += 1
            return None
        cut_short = self.cut_short
        self.pending.add(pending)
        try:
            found = lookup()
        finally:
            self.pending.discard(pending)
        if cut_short == self.cut_short:
            memo[key] = found
        return found

    def lookup_import(self, module: str, name: str | None, near: Index, depth: int) -> Sym:
        owner = self.module_sym(module, near)
        if name is None:
            return owner
        if owner == _SDK_SYM and self.index(module, near) is not None:
            return self.shadowed(module, name, near, depth)
        found = self.member(owner, name, depth)
        if isinstance(found, (ExternalSym, type(None))):
            submodule = self.index(f"{module}.{name}", near)
            if submodule is not None:  # ``from package import submodule``
                return ModuleSym(submodule)
        return found

    def module_sym(self, module: str, near: Index) -> Sym:
        is_sdk = module == _SDK or module.startswith(_SDK + ".")
        found = self.index(module, near)
        if found is not None and not (is_sdk and found.module != module):
            return _SDK_SYM if module == _SDK else ModuleSym(found)
        if is_sdk:
            return _SDK_SYM  # the SDK re-exports its classes at the top
        return ExternalSym(module)

    def shadowed(self, module: str, name: str, near: Index, depth: int) -> Sym:
        """``from inngest import name`` where the project has a top-level package named
        ``inngest``: its own name or submodule when it has one, else the SDK's."""
        local = self.index(module, near)
        if local is not None and name in local.names:
            found = self.global_name(local, name, depth)
            if found is not None:  # None: ``from . import name`` in the package itself
                return found
        submodule = self.index(f"{module}.{name}", near)
        return ModuleSym(submodule) if submodule is not None else SdkSym(f"{_SDK}.{name}")

    def member(self, owner: Sym, name: str, depth: int) -> Sym:
        if isinstance(owner, SdkSym):
            return SdkSym(f"{owner.dotted}.{name}")
        if isinstance(owner, ExternalSym):
            return ExternalSym(f"{owner.dotted}.{name}")
        if isinstance(owner, ModuleSym):
            found = self.global_name(owner.index, name, depth)
            if found is None or (isinstance(found, ExternalSym) and name not in owner.index.names):
                submodule = self.index(f"{owner.index.module}.{name}", owner.index)
                if submodule is not None:
                    return ModuleSym(submodule)
            return found
        if isinstance(owner, ClassSym):
            return self.class_attr(owner, name, depth)
        if isinstance(owner, ValueSym) and name == "value":  # Enum member's .value
            return owner
        return None

    def class_attr(self, owner: ClassSym, name: str, depth: int) -> Sym:
        for attr, value in owner.cls.attrs:
            if attr == name:
                return self.deref(value, owner.index, f"{owner.cls.name}.{name}", depth)
        return None

    def global_name(self, index: Index | None, name: str, depth: int) -> Sym:
        if index is None:
            return None
        key = (index.path, name)
        if key in self.global_memo:
            return self.global_memo[key]
        return self.guarded(
            self.global_memo, key, lambda: self.lookup_global(index, name, depth + 1), depth
        )

    def lookup_global(self, index: Index, name: str, depth: int) -> Sym:
        if name in index.bindings:
            return self.deref(index.bindings[name], index, name, depth)
        if name in index.imports:
            imp = index.imports[name]
            return self.imported(imp.module, imp.name, index, depth)
        if name in index.classes:
            return ClassSym(index, index.classes[name])
        if name in index.defs:
            return DefSym(index, index.defs[name])
        return ExternalSym(name)  # a builtin, or a star import we cannot see

    def deref(self, value: f.Val, index: Index, via: str, depth: int) -> Sym:
        """What a name assigned ``value`` is: a symbol when ``value`` names one, else
        the value itself."""
        if isinstance(value, (f.ImportedName, f.Ref, f.Attr, f.Local, f.Call)):
            found = self.sym(value, index, depth)
            if found is not None or not isinstance(value, f.Call):
                return found
        return ValueSym(index, value, via)

    # -- questions rules care about ----------------------------------------------

    def is_client(self, value: f.Val, index: Index) -> bool:
        return isinstance(self.sym(value, index), ClientSym)

    def sdk_name(self, value: f.Val, index: Index) -> str | None:
        found = self.sym(value, index)
        return found.dotted if isinstance(found, SdkSym) else None

    def dotted(self, value: f.Val, index: Index) -> str | None:
        """A called name as its origin: ``uuid.uuid4``, ``datetime.datetime.now``, ``int``."""
        found = self.sym(value, index)
        if isinstance(found, (SdkSym, ExternalSym)):
            return found.dotted
        if isinstance(found, DefSym):
            return f"{found.index.module}.{found.definition.qualname}"
        if isinstance(found, ClassSym):
            return f"{found.index.module}.{found.cls.name}"
        return written_name(value)


def written_name(value: f.Val) -> str | None:
    """The dotted name as the source writes it: ``OrderEvents.PLACED``, ``ctx.step``."""
    if isinstance(value, (f.Ref, f.Local)):
        return value.name
    if isinstance(value, f.ImportedName):
        return value.name or value.module
    if isinstance(value, f.Attr):
        base = written_name(value.value)
        return f"{base}.{value.attr}" if base else None
    return None
