"""FileFacts of many files -> ``model.Project``: follow imports, constants and clients.

A value tree from extraction names things (``Ref``, ``ImportedName``, ``Attr``); ``Symbols``
says what each name is across the project: the SDK, a client, a step, a project
class or function, a constant's value. ``build.py`` then turns the candidate calls
of every file into the model's send sites, events, functions, waits and invokes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import suppress
from pathlib import PurePosixPath

from event_lint.config import DEFAULT_MAX_CALL_DEPTH
from event_lint.linter import facts as f
from event_lint.linter.discover import import_bases, module_files
from event_lint.linter.model import Project
from event_lint.linter.resolve.build import build_in_chunks
from event_lint.linter.resolve.symbols import ClientSym, Load, SdkSym, Symbols


def resolve(
    files: Sequence[f.FileFacts],
    load: Load = lambda module, importer: None,
    max_call_depth: int = DEFAULT_MAX_CALL_DEPTH,
) -> Project:
    """Join the files' facts into the Project the rules read."""
    loading = _loading(files, load)
    chunks = resolve_in_chunks(files, files, loading, len(files) or 1, max_call_depth)
    return Project.join(list(chunks))


def resolve_in_chunks(
    files: Iterable[f.FileFacts],
    outlines: Sequence[f.FileFacts],
    load: Load,
    size: int,
    max_call_depth: int = DEFAULT_MAX_CALL_DEPTH,
) -> Iterator[Project]:
    """The model of ``files``, ``size`` files at a time: the rules run on each part and
    it is dropped, so memory does not grow with the tree. ``files`` may be read lazily
    (the engine unpickles each when its chunk comes); ``outlines`` are the same files'
    outlines (``FileFacts.outline``); ``load`` gives any module's facts. An Inngest
    function's calls are followed ``max_call_depth`` modules deep (``max-call-depth``)."""
    symbols = _learned(outlines, load)
    return build_in_chunks(files, outlines, symbols, size, max_call_depth)


def inngest_bindings(outlines: Sequence[f.FileFacts], load: Load) -> frozenset[str]:
    """Module-level names bound to an Inngest client, the SDK module or an SDK class:
    the local names and, for imports, the imported names. ``load`` gives the outlines
    of the modules already read."""
    symbols = _learned(outlines, load)
    names: set[str] = set()
    for facts in outlines:
        if facts.problem is None:
            with suppress(Exception):  # a resolver bug: building the model reports it
                names |= _bindings_of(facts, symbols)
    return frozenset(names)


def _bindings_of(facts: f.FileFacts, symbols: Symbols) -> set[str]:
    names: set[str] = set()
    index = symbols.index_of(facts)
    for name, imp in facts.imports:
        if _is_inngest(symbols.sym(imp, index)):
            names.add(name)
            if imp.name is not None:
                names.add(imp.name)
    for binding in facts.bindings:
        if _is_inngest(symbols.sym(binding.value, index)):
            names.add(binding.name)
    return names


def _learned(outlines: Sequence[f.FileFacts], load: Load) -> Symbols:
    """Symbols that know every attribute the outlines assign a client."""
    symbols = Symbols(load)
    for outline in outlines:
        with suppress(Exception):  # a resolver bug: building the model reports it
            symbols.learn_client_attrs(outline)
    symbols.forget()
    return symbols


def _loading(files: Sequence[f.FileFacts], load: Load) -> Load:
    """``load`` that knows ``files`` first, looked up from the importer as the engine
    does (``discover.Layout``), with each file's root taken from its module name."""
    by_path = {PurePosixPath(facts.path): facts for facts in files if facts.problem is None}
    roots = sorted({_root_of(facts) for facts in files})

    def find(module: str, importer: str) -> f.FileFacts | None:
        own = by_path.get(PurePosixPath(importer))
        own_root = _root_of(own) if own else PurePosixPath(importer).parent
        for base in import_bases(own_root, PurePosixPath(importer).parent, roots):
            for candidate in module_files(module, base):
                if candidate in by_path:
                    return by_path[candidate]
        return load(module, importer)

    return find


def _root_of(facts: f.FileFacts) -> PurePosixPath:
    """The folder ``facts``' module name is relative to: its path less the module's."""
    path = PurePosixPath(facts.path)
    depth = facts.module.count(".") + (2 if path.name == "__init__.py" else 1)
    return path.parents[depth - 1] if len(path.parents) >= depth else path.parent


def _is_inngest(sym: object) -> bool:
    return isinstance(sym, (ClientSym, SdkSym))
