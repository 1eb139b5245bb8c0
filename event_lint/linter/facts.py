"""Per-file facts: what extraction records of one file, before the files are joined.

Extraction turns the expressions that matter (arguments of interesting calls, module
constants, class attributes) into a small value tree (``Val``). Names are bound as far
as one file can tell: an imported name becomes ``Imp``, a module-level name ``Ref``, a
function-local name ``Local`` (with the value it was assigned, when that is simple).
Resolution (``resolve.py``) follows ``Ref``/``Imp`` across files.

Every node carries ``pos``, an index into ``FileFacts.spans``. All types are frozen,
slotted and picklable: the engine caches them and ships them between processes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from event_lint.diagnostics import Span
from event_lint.linter.model import FileProblem

Scalar = str | int | float | bool | None


@dataclass(frozen=True, slots=True)
class Lit:
    """A literal: string, number, bool or None."""

    pos: int
    value: Scalar


@dataclass(frozen=True, slots=True)
class Imp:
    """A name bound by an import: ``module`` and, for ``from m import x``, ``name`` = x."""

    pos: int
    module: str
    name: str | None


@dataclass(frozen=True, slots=True)
class Ref:
    """A module-level name of this file (or a builtin): resolved later."""

    pos: int
    name: str


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
class Attr:
    pos: int
    value: Val
    attr: str


@dataclass(frozen=True, slots=True)
class Kwarg:
    """One keyword argument; ``name`` None for ``**mapping``."""

    name: str | None
    name_pos: int
    value: Val


@dataclass(frozen=True, slots=True)
class Call:
    pos: int
    func: Val
    args: tuple[Val, ...]
    kwargs: tuple[Kwarg, ...]


@dataclass(frozen=True, slots=True)
class Star:
    """``*iterable`` in a call or a list."""

    pos: int
    value: Val


@dataclass(frozen=True, slots=True)
class FStr:
    """An f-string or implicit concatenation: text parts and formatted values."""

    pos: int
    parts: tuple[str | Val, ...]


@dataclass(frozen=True, slots=True)
class BinOp:
    pos: int
    op: str  # "+", "*", ...
    left: Val
    right: Val


@dataclass(frozen=True, slots=True)
class DictItem:
    """A dict entry; ``key`` None for ``**spread``."""

    key: Val | None
    value: Val


@dataclass(frozen=True, slots=True)
class Dict:
    pos: int
    items: tuple[DictItem, ...]


SeqKind = Literal["list", "tuple", "set", "comprehension", "generator"]


@dataclass(frozen=True, slots=True)
class Seq:
    """A list/tuple/set display, or a comprehension (``items`` is its element).

    ``literal`` is false for a list built by ``append`` calls: its length is unknown.
    """

    pos: int
    kind: SeqKind
    items: tuple[Val, ...]
    literal: bool = True


@dataclass(frozen=True, slots=True)
class Subscript:
    pos: int
    value: Val
    index: Val


@dataclass(frozen=True, slots=True)
class Await:
    pos: int
    value: Val


@dataclass(frozen=True, slots=True)
class Opaque:
    """Anything else (a conditional, a lambda, a comparison); ``inner`` keeps the
    calls found inside it, so the id rules still see ``uuid4()`` in ``a or uuid4()``."""

    pos: int
    inner: tuple[Val, ...] = ()


Val = (
    Lit
    | Imp
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
]


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
class Param:
    name: str
    annotation: Val | None


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
class ClassDef:
    pos: int
    name: str
    bases: tuple[Val, ...]
    attrs: tuple[tuple[str, Val], ...]


@dataclass(frozen=True, slots=True)
class Binding:
    """A module-level name bound to a value (the last simple assignment)."""

    name: str
    value: Val


@dataclass(frozen=True, slots=True)
class FileFacts:
    path: str
    module: str
    is_package: bool = False
    problem: FileProblem | None = None
    imports: tuple[tuple[str, Imp], ...] = ()  # final module-level import bindings
    bindings: tuple[Binding, ...] = ()
    classes: tuple[ClassDef, ...] = ()
    defs: tuple[Def, ...] = ()
    calls: tuple[CallSite, ...] = ()
    client_attrs: tuple[tuple[str, Val], ...] = ()  # ``obj.attr = <value>`` assignments of calls
    # (line, col, end_line, end_col) of each position: plain tuples pickle at a third
    # of the size of Span objects.
    spans: tuple[tuple[int, int, int, int], ...] = ()

    def span(self, pos: int) -> Span:
        return Span(*self.spans[pos])

    snippets: dict[int, str] = field(default_factory=dict)  # source text of some positions
