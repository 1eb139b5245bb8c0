"""Per-file facts: what extraction records of one file, before the files are joined.

Extraction turns the expressions that matter (arguments of interesting calls, module
constants, class attributes) into a small value tree (``Val``). Names are bound as far
as one file can tell: an imported name becomes ``ImportedName``, a module-level name
``Ref``, a function-local name ``Local`` (with the value it was assigned, when that is
simple). Resolution (the ``event_lint.linter.resolve`` package) follows ``Ref`` and
``ImportedName`` across files.

Every node carries ``pos``, an index into ``FileFacts.span_table``. All types are
frozen, slotted and picklable: the engine caches them and ships them between processes,
so they pickle as the constructor's arguments (dataclasses' default ``__setstate__``
calls ``dataclasses.fields`` for every object: most of the cost of loading cached facts).
"""

from __future__ import annotations

import operator
from array import array
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from event_lint.diagnostics import Span
from event_lint.linter.model import FileProblem

Scalar = str | int | float | bool | None
_T = TypeVar("_T")


if TYPE_CHECKING:
    from typing_extensions import dataclass_transform
else:  # it only informs type checkers: importing typing_extensions costs ~35 ms cold

    def dataclass_transform(**_options: object) -> Callable[[_T], _T]:
        return lambda decorator: decorator


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
def _fact(cls: type[_T]) -> type[_T]:
    """Declare a fact: a frozen, slotted dataclass whose instances pickle as
    ``cls(*field values)``."""
    cls = dataclass(frozen=True, slots=True)(cls)
    names = [item.name for item in fields(cls)]  # type: ignore[arg-type]
    values: Callable[[Any], Any] = operator.attrgetter(*names)
    single = len(names) == 1

    def __reduce__(self: Any) -> tuple[type[_T], tuple[Any, ...]]:
        return cls, (values(self),) if single else values(self)

    cls.__reduce__ = __reduce__  # type: ignore[method-assign]
    return cls


@_fact
class Lit:
    """A literal: string, number, bool or None."""

    pos: int
    value: Scalar


@_fact
class ImportedName:
    """A name bound by an import: ``module`` and, for ``from m import x``, ``name`` = x."""

    pos: int
    module: str
    name: str | None


@_fact
class Ref:
    """A module-level name of this file (or a builtin): resolved later."""

    pos: int
    name: str


@_fact
class Local:
    """A function-local name or parameter.

    ``value`` is the one value it was assigned in the function, when there is one;
    ``annotation`` is a parameter's annotation; ``in_step`` is true when the value
    came from ``await step.run(...)`` (memoized, replay-safe).
    """

    pos: int
    name: str
    value: Val | None = None
    annotation: Val | None = None
    is_param: bool = False
    in_step: bool = False


@_fact
class Attr:
    pos: int
    value: Val
    attr: str


@_fact
class Kwarg:
    """One keyword argument; ``name`` None for ``**mapping``."""

    name: str | None
    name_pos: int
    value: Val


@_fact
class Call:
    pos: int
    func: Val
    args: tuple[Val, ...]
    kwargs: tuple[Kwarg, ...]


@_fact
class Star:
    """``*iterable`` in a call or a list."""

    pos: int
    value: Val


@_fact
class FStr:
    """An f-string or implicit concatenation: text parts and formatted values."""

    pos: int
    parts: tuple[str | Val, ...]


@_fact
class BinOp:
    pos: int
    op: str  # "+", "*", ...
    left: Val
    right: Val


@_fact
class DictItem:
    """A dict entry; ``key`` None for ``**spread``."""

    key: Val | None
    value: Val


@_fact
class Dict:
    pos: int
    items: tuple[DictItem, ...]


SeqKind = Literal["list", "tuple", "set", "comprehension", "generator"]


@_fact
class Seq:
    """A list/tuple/set display, or a comprehension (``items`` is its element).

    ``literal`` is false for a list built by ``append`` calls: its length is unknown.
    """

    pos: int
    kind: SeqKind
    items: tuple[Val, ...]
    literal: bool = True


@_fact
class Subscript:
    pos: int
    value: Val
    index: Val


@_fact
class Await:
    pos: int
    value: Val


@_fact
class Opaque:
    """Anything else (a conditional, a lambda, a comparison); ``inner`` keeps the
    calls found inside it, so the id rules still see ``uuid4()`` in ``a or uuid4()``."""

    pos: int
    inner: tuple[Val, ...] = ()


Val = (
    Lit
    | ImportedName
    | Ref
    | Local
    | Attr
    | Call
    | Star
    | FStr
    | BinOp
    | Dict
    | Seq
    | Subscript
    | Await
    | Opaque
)


CallKind = Literal[
    "send",
    "send_sync",
    "send_event",
    "wait_for_event",
    "invoke",
    "create_function",
    "register",
    "event",
    "imported_call",  # ``name(...)`` of an imported name: resolution tells if it sends
]


@_fact
class CallSite:
    """A call that may be tied to Inngest: resolution decides from its receiver.

    ``kind`` "register" is the call form ``client.create_function(...)(handler)``;
    "event" a call that may build an event (``Event(...)``, a generated class).
    ``scope`` is the qualname of the enclosing def (None at module level).
    """

    kind: CallKind
    call: Call
    scope: str | None
    awaited: bool
    statement: bool
    in_step_lambda: bool  # written inside a lambda passed to step.run


@_fact
class Param:
    name: str
    annotation: Val | None


@_fact
class DataRead:
    """A read of the triggering event's data with literal keys in an Inngest function's
    handler (or a def or lambda inside it): ``ctx.event.data["a"]["b"]`` or
    ``ctx.event.data.get("a")``, through the handler's first parameter, whatever its name."""

    pos: int
    keys: tuple[str, ...]


@_fact
class Def:
    """A function definition (any nesting level)."""

    qualname: str
    parent: str | None  # enclosing def's qualname
    is_async: bool
    params: tuple[Param, ...]
    decorators: tuple[Val, ...]
    step_alias: str | None  # local name assigned from ``<param>.step``
    calls: tuple[str, ...]  # qualnames of defs of this file it calls by name
    returns: tuple[Val, ...]
    step_run_callee: bool  # passed to step.run(...) in this file
    # What it calls through an import (``notify.queue_sms``, ``queue_sms`` imported from
    # another module) or as a method of an object a call made (``notifier.notify``), and
    # what it passes to ``step.run`` that way: resolving follows them (into other modules)
    # to find the sends an Inngest function reaches.
    imported_calls: tuple[Val, ...] = ()
    imported_step_callees: tuple[Val, ...] = ()
    data_reads: tuple[DataRead, ...] = ()  # recorded in Inngest functions' handlers only


@_fact
class ClassDef:
    pos: int
    name: str
    bases: tuple[Val, ...]
    attrs: tuple[tuple[str, Val], ...]


@_fact
class Binding:
    """A module-level name bound to a value (the last simple assignment)."""

    name: str
    value: Val


@_fact
class FileFacts:
    path: str
    module: str
    is_package: bool = False
    problem: FileProblem | None = None
    imports: tuple[tuple[str, ImportedName], ...] = ()  # final module-level import bindings
    bindings: tuple[Binding, ...] = ()
    classes: tuple[ClassDef, ...] = ()
    defs: tuple[Def, ...] = ()
    calls: tuple[CallSite, ...] = ()
    client_attrs: tuple[tuple[str, Val], ...] = ()  # ``obj.attr = <value>`` assignments of calls
    # line, col, end_line, end_col of each position, flat: one object per file instead
    # of a tuple per position (a third of the memory of loaded facts).
    span_table: array[int] = field(default_factory=lambda: array("I"))
    # The source text of some positions. Most lie inside another (a send call holds
    # its receiver, its event and the event's arguments), so the text is stored once,
    # in ``snippet_roots``, and each position is a slice of a root:
    # ``snippet_slices[3 * i : 3 * i + 3]`` is (root, start, end) for ``snippet_at[i]``.
    snippet_roots: tuple[str, ...] = ()
    snippet_at: array[int] = field(default_factory=lambda: array("I"))
    snippet_slices: array[int] = field(default_factory=lambda: array("I"))

    def outline(self) -> FileFacts:
        """What a module-level name of this file is, and nothing else: its imports,
        bindings, classes and top-level defs (bare), without spans, snippets or calls
        other than registrations (which tell the files with Inngest functions). Enough
        to tell clients and the SDK apart; a sixth of the facts' memory."""
        return replace(
            self,
            defs=tuple(
                Def(d.qualname, None, d.is_async, (), (), None, (), (), False)
                for d in self.defs
                if d.parent is None
            ),
            calls=tuple(c for c in self.calls if c.kind in ("create_function", "register")),
            span_table=array("I"),
            snippet_roots=(),
            snippet_at=array("I"),
            snippet_slices=array("I"),
        )

    def snippet(self, pos: int) -> str:
        """The source text of ``pos``; empty when it was not recorded."""
        at = self.snippet_at
        i = bisect_left(at, pos)
        if i == len(at) or at[i] != pos:
            return ""
        root, start, end = self.snippet_slices[3 * i : 3 * i + 3]
        return self.snippet_roots[root][start:end]

    @property
    def snippets(self) -> dict[int, str]:
        """Every recorded snippet by position."""
        return {pos: self.snippet(pos) for pos in self.snippet_at}

    def span(self, pos: int) -> Span:
        start = 4 * pos
        return Span(*self.span_table[start : start + 4])

    @property
    def spans(self) -> tuple[tuple[int, int, int, int], ...]:
        """(line, col, end_line, end_col) of each position."""
        table = self.span_table
        return tuple(
            (table[i], table[i + 1], table[i + 2], table[i + 3]) for i in range(0, len(table), 4)
        )
