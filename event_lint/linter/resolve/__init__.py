"""FileFacts of many files -> ``model.Project``: follow imports, constants and clients.

A value tree from extraction names things (``Ref``, ``Imp``, ``Attr``); ``Symbols``
says what each name is across the project: the SDK, a client, a step, a project
class or function, a constant's value. ``_Builder`` then turns the candidate calls
of every file into the model's send sites, events, functions, waits and invokes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence

from event_lint.linter import facts as f
from event_lint.linter.model import Project
from event_lint.linter.resolve.build import build_in_chunks, build_project
from event_lint.linter.resolve.symbols import ClientSym, SdkSym, Symbols


def resolve(
    files: Sequence[f.FileFacts], load: Callable[[str], f.FileFacts | None] = lambda m: None
) -> Project:
    """Join the files' facts into the Project the rules read."""
    symbols = Symbols(files, load)
    return build_project(files, symbols)


def resolve_in_chunks(
    files: Sequence[f.FileFacts], load: Callable[[str], f.FileFacts | None], size: int
) -> Iterator[Project]:
    """The same model as ``resolve``, ``size`` files at a time: the rules run on each
    part and it is dropped, so memory does not grow with the number of sends."""
    return build_in_chunks(files, Symbols(files, load), size)


def inngest_bindings(files: Iterable[f.FileFacts]) -> frozenset[str]:
    """Module-level names bound to an Inngest client, the SDK module or an SDK class:
    the local names and, for imports, the imported names."""
    file_list = list(files)
    symbols = Symbols(file_list, lambda m: None)
    names: set[str] = set()
    for facts in file_list:
        index = symbols.index(facts.module)
        if index is None:
            continue
        for name, imp in facts.imports:
            if _is_inngest(symbols.sym(imp, index)):
                names.add(name)
                if imp.name is not None:
                    names.add(imp.name)
        for binding in facts.bindings:
            if _is_inngest(symbols.sym(binding.value, index)):
                names.add(binding.name)
    return frozenset(names)


def _is_inngest(sym: object) -> bool:
    return isinstance(sym, (ClientSym, SdkSym))
