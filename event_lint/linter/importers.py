"""The context of a run on named files (pre-commit): the project's files that may import
one of them (``importers``), and the modules that bind those importers' client
(``vouching_modules``), so that each named file gets the findings a full run gives it (a
constant of ``event_names.py`` is misnamed because ``billing.py`` sends it)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from event_lint.files import read_regular
from event_lint.linter.discover import Layout, Listings, SourceFile, Walker, display_path

if TYPE_CHECKING:
    import ast

    from event_lint.linter.cache import Cache
    from event_lint.linter.discover import ModuleFinder
    from event_lint.linter.scanner import Scanner


def importers(
    named: Sequence[SourceFile],
    root: Path,
    exclude: Sequence[str],
    cwd: Path,
    src: Sequence[str],
    names: Callable[[str, frozenset[bytes]], bool] | None = None,
    listings: Listings | None = None,
) -> list[SourceFile]:
    """The project's files (under ``root``) that may import one of ``named``: what a
    pre-commit run on a few files needs besides them to find what a full run finds
    there (a constant of ``event_names.py`` is misnamed because ``billing.py`` sends
    it). A file is kept when its text names the last part of a named module's name
    (``event_names``), or of a package whose ``__init__.py`` is kept (``from app
    import X`` re-exported there). Reading is cheap next to parsing: only the kept
    files that pass the prefilter are parsed, most from the cache. ``names(path,
    words)`` tells whether a file names one of ``words`` and can matter (default: every
    readable file that names one). The files come sorted by path."""
    words = frozenset(_last(file.module) for file in named if _needs_importers(file.path))
    if not words:
        return []
    walker = Walker(root.resolve(), exclude, listings)
    layout = Layout(walker.root, src)
    given = {str(file.path) for file in named}
    # unordered: the files kept are sorted once, at the end
    others = [path for path in walker.paths(walker.root, ordered=False) if path not in given]
    names = names or _names_on_disk
    kept = [path for path in others if names(path, words)]
    packages = frozenset(
        _last(layout.module_name(Path(path)))
        for path in kept
        if os.path.basename(path) == "__init__.py"
    )
    if packages:
        seen = set(kept)
        kept += [path for path in others if path not in seen and names(path, packages)]
    return [
        SourceFile(path, display_path(path, cwd), layout.module_name(path))
        for path in map(Path, sorted(kept))
    ]


def vouching_modules(
    context: Sequence[SourceFile],
    explicit: set[Path],
    scanner: Scanner,
    cache: Cache,
    modules: ModuleFinder,
) -> list[SourceFile]:
    """The anchored modules that the unanchored importers of a named file import: in a
    full run they are parsed, and their bindings (a client) make stage 2 parse the
    importer; a named run must see them too to give the named file the same findings."""
    from event_lint.linter.prefilter import imported_modules

    entries = scanner.entries
    unanchored = [
        f
        for f in context
        if f.path not in explicit and (e := entries.get(f.path)) and e.marker and not e.anchor
    ]
    anchored = cache.anchored_modules() if unanchored else set()
    if anchored is not None and not anchored:
        return []  # no such importer, or the cache knows no module that binds a client
    found: dict[Path, SourceFile] = {}
    for importer in unanchored:
        try:
            source = read_regular(importer.path, scanner.read_limit)
        except OSError:
            continue
        package = importer.path.name == "__init__.py"
        for module in imported_modules(source, importer.module, package):
            if anchored is not None and module not in anchored:
                continue
            target = modules.find(module, importer.path)
            if target is None or target.path in found:
                continue
            scanned = entries.get(target.path) or scanner.scan(target)
            if scanned is not None and scanned.anchor:
                found[target.path] = target
    return list(found.values())


def _last(module: str) -> bytes:
    return module.rpartition(".")[2].encode()


# ``NAME = "..."``, ``NAME: str = f"..."``, ``NAME = {"...``, ``NAME = [\n "...``: a
# string another file can use as an event name, id or data (what a full run may report
# in a file that the prefilter skips because it never mentions Inngest).
_TEXT_ASSIGNMENT = (
    rb"""(?m)^[ \t]*[A-Za-z_][\w.]*[ \t]*(?::[^=\n]*)?=[ \t]*[\[{(]?\s*[rRbBfFuU]{0,2}["']"""
)
_AST_LIMIT = 1024 * 1024  # a bigger file is taken to export text, unparsed


def _needs_importers(path: Path) -> bool:
    """Whether a file that imports ``path`` can give it a finding: when it may send (an
    Inngest function elsewhere may call its helpers: EL501-EL503 at the send), or assigns
    a string (or a dict or list holding one) where another module can import it. Else it
    needs no context, and the project is not searched. For the strings, the pattern is
    the quick test; it also matches keyword arguments and local variables, which ``ast``
    then tells apart."""
    import re

    from event_lint.linter.prefilter import has_anchor, has_marker

    try:
        source = read_regular(path)
    except OSError:
        return False
    if has_anchor(source) or has_marker(source):
        return True
    if re.search(_TEXT_ASSIGNMENT, source) is None:
        return False
    if len(source) > _AST_LIMIT:
        return True
    import _ast  # the node classes, without ast.py's own imports (~16 M instructions)

    try:
        tree = compile(source, str(path), "exec", _ast.PyCF_ONLY_AST)  # ast.parse
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return True  # the parse reports it; the context costs only time
    assert isinstance(tree, _ast.Module)
    return any(_holds_text(value) for value in _importable_values(tree.body))


def _importable_values(body: list[ast.stmt]) -> Iterator[ast.expr]:
    """The values assigned at module or class level (through ``if``, ``try``, ``with``
    and loops): what ``from module import NAME`` or ``Class.NAME`` can reach."""
    import _ast as ast  # ast.py's classes (see _needs_importers)

    for node in body:
        if isinstance(node, ast.Assign):
            if not any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
                yield node.value
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign)) and node.value is not None:
            yield node.value
        elif not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for field in ("body", "orelse", "finalbody"):
                yield from _importable_values(getattr(node, field, []))
            for branch in (*getattr(node, "handlers", []), *getattr(node, "cases", [])):
                yield from _importable_values(branch.body)


def _holds_text(value: ast.expr) -> bool:
    """A string or bytes literal, an f-string, a concatenation or a literal container
    with one at its top level."""
    import _ast as ast  # ast.py's classes (see _needs_importers)

    if isinstance(value, ast.Constant):
        return isinstance(value.value, (str, bytes))
    if isinstance(value, ast.JoinedStr):
        return True
    if isinstance(value, ast.BinOp):
        return _holds_text(value.left) or _holds_text(value.right)
    if isinstance(value, ast.Dict):
        return any(k is not None and _holds_text(k) for k in value.keys) or any(
            _holds_text(v) for v in value.values
        )
    if isinstance(value, (ast.List, ast.Tuple, ast.Set)):
        return any(_holds_text(element) for element in value.elts)
    return False


def words_named(source: bytes, words: frozenset[bytes]) -> frozenset[bytes]:
    """The ones of ``words`` that ``source`` holds as whole words."""
    # a substring search first: ten times quicker than the pattern's
    present = sorted(word for word in words if word in source)
    if not present:
        return frozenset()
    import re

    pattern = re.compile(rb"\b(?:" + b"|".join(map(re.escape, present)) + rb")\b")
    return frozenset(pattern.findall(source))


def _names_on_disk(path: str, words: frozenset[bytes]) -> bool:
    """Whether the file names one of ``words`` (a file that cannot be read is left out:
    a full run reports it, here it is only context)."""
    try:
        source = read_regular(Path(path))
    except OSError:
        return False
    return bool(words_named(source, words))
