"""libcst source -> ``FileFacts``: the calls, definitions and constants of one file.

The tree is parsed once and walked iteratively over each node type's child fields
(no ``CSTVisitor``, no metadata: both cost more than the parse). Positions are
computed at the end, in one code-generation pass, for the nodes facts point at.

- ``problems``: decoding, the guards run before libcst, and file problems (EL90x);
- ``walk``: ``Extractor``, the walk over statements, definitions and imports;
- ``scopes``: what each scope binds, and what a name means seen from one;
- ``calls``: the call sites and what each function calls;
- ``values``: expressions -> ``Val`` trees;
- ``reads``: a handler's reads of its event's data (``ctx.event.data["key"]``);
- ``spans``: the positions facts point at -> span table and snippets;
- ``shapes``: what Inngest code looks like (send methods, SDK types, events);
- ``tree``: the children a walk enters, and small libcst shape helpers.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import libcst as cst
from libcst._nodes.base import CSTNode

from event_lint.codes import INTERNAL_ERROR, PARSER_UNSUPPORTED
from event_lint.diagnostics import Span
from event_lint.linter.extract.problems import (
    TOO_DEEP_FOR_US,
    decode_problem,
    decode_source,
    parse_problem,
    too_deep_for_python,
)
from event_lint.linter.extract.walk import Extractor
from event_lint.linter.facts import FileFacts
from event_lint.linter.model import FileProblem, Located


def extract_file(path: str, source: bytes, module: str) -> FileFacts:
    """The facts of one file; never raises (a bad file gets ``problem`` set)."""
    is_package = path.replace("\\", "/").rsplit("/", 1)[-1] == "__init__.py"

    def problem(line: int, col: int, code: str, message: str) -> FileFacts:
        where = Located(path, Span(line, col, line, col + 1))
        return FileFacts(path, module, is_package, problem=FileProblem(where, code, message))

    try:
        text = decode_source(source)
    except (SyntaxError, UnicodeDecodeError, LookupError) as error:
        return problem(*decode_problem(error, source))
    too_deep = too_deep_for_python(text, path)
    if too_deep is not None:
        return problem(*too_deep)
    try:
        with _unvalidated_nodes():
            tree = cst.parse_module(text)
    except cst.ParserSyntaxError as error:
        return problem(*parse_problem(text, error))
    except RecursionError:
        return problem(1, 1, PARSER_UNSUPPORTED, TOO_DEEP_FOR_US)
    try:
        return Extractor(tree, text, path, module, is_package).run()
    except RecursionError:
        return problem(1, 1, PARSER_UNSUPPORTED, TOO_DEEP_FOR_US)
    except MemoryError:  # the worker's limit: its supervisor reports it
        raise
    except Exception as error:  # one bad file must not stop the run
        message = f"internal error while reading {path}: {type(error).__name__}: {error}"
        return problem(1, 1, INTERNAL_ERROR, message)


def _skip_validation(self: CSTNode) -> None:
    pass


@contextmanager
def _unvalidated_nodes() -> Iterator[None]:
    """Build nodes without ``CSTNode.__post_init__``'s ``_validate``: its checks guard
    trees written by hand, and the parser's output meets them by construction (libcst's
    own comment there says as much). They cost 13% of the parse. Nothing else in a
    process that extracts builds libcst nodes, so the switch is not made per thread."""
    validating = CSTNode.__post_init__
    CSTNode.__post_init__ = _skip_validation  # type: ignore[method-assign]
    try:
        yield
    finally:
        CSTNode.__post_init__ = validating  # type: ignore[method-assign]
