"""What the rules see: the Inngest usage of a project, resolved across files (a rule
sees one chunk of it at a time: see ``Project``).

Extraction (libcst) turns one file into picklable per-file facts; resolution joins
the files (imports, constants, clients, helpers) and produces these objects. Rules
read only this module's types: they never touch libcst.

What the code may or may not make known statically is partial, never guessed: a
``Text`` has ``None`` for each unknown part (and ``value`` is ``None`` unless every
part is known), an ``Expr``'s ``value`` has ``UNKNOWN`` where it could not be worked out,
and a field that is ``None`` (an event's ``name``, ``id``, ``v``) was not written or not
resolved.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, TypeVar

from event_lint.diagnostics import Span


class _Unknown:
    """A value the linter cannot know statically (a parameter, a call's result)."""

    _instance: _Unknown | None = None

    def __new__(cls) -> _Unknown:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNKNOWN"

    def __reduce__(self) -> str:
        return "UNKNOWN"


UNKNOWN = _Unknown()


@dataclass(frozen=True, slots=True)
class Located:
    """A piece of source: the file and span it is written at."""

    path: str
    span: Span


@dataclass(frozen=True, slots=True)
class Text:
    """A string as the code writes it: a literal, a constant, an f-string, a concatenation.

    ``parts`` holds the known text and ``None`` for each unknown piece, so
    ``f"invoice-paid-{invoice_id}"`` is ``("invoice-paid-", None)``. ``value`` is the
    whole string when every part is known. ``where`` is where the text is written
    (a constant's definition in another module, or the call itself); ``via`` names
    the constant or enum member it came through, if any (``"events.SIGNUP"``).
    """

    parts: tuple[str | None, ...]
    where: Located
    via: str | None = None
    # Where the code that uses the text names it, when that is in another file than
    # ``where`` (``name=USER_SIGNED_UP``, ``BillingInvoicePaidV1(...)``): findings at
    # ``where`` are reported there too (``event_lint.linter.uses``).
    used: Located | None = None

    @property
    def value(self) -> str | None:
        if any(part is None for part in self.parts):
            return None
        return "".join(p for p in self.parts if p is not None)

    @property
    def quoted(self) -> str:
        """``"user/{...}.created"``: the text in quotes, ``{...}`` for each unknown part."""
        return '"' + "".join("{...}" if part is None else part for part in self.parts) + '"'


# How an expression was formed, for the id and ts rules.
ExprKind = Literal[
    "literal",  # a constant literal (after resolving constants)
    "fstring",  # an f-string or concatenation with at least one unknown part
    "name",  # a bare variable or parameter whose value is unknown
    "attribute",  # a bare attribute (``order.id``) whose value is unknown
    "call",  # a call's result
    "other",  # anything else (subscript, arithmetic, ...)
]


@dataclass(frozen=True, slots=True)
class Expr:
    """A partially evaluated expression: what the linter knows of one argument.

    ``value`` is the JSON-like evaluation: str, int, float, bool, None, lists and dicts
    of those, ``UNKNOWN`` where not known (dicts and lists keep known keys/items with
    UNKNOWN leaves). ``calls`` lists the dotted names of every call inside the
    expression, resolved to their origin where the linter can (``"uuid.uuid4"``,
    ``"time.time"``, ``"datetime.datetime.now"``); ``multiplied`` is true when the
    expression multiplies (``time.time() * 1000``). ``source`` is the expression's
    source text, for messages and fixes.
    """

    kind: ExprKind
    value: object
    where: Located
    source: str
    calls: tuple[str, ...] = ()
    multiplied: bool = False
    text: Text | None = None  # set when the expression is a string (known or partly known)
    python_type: str | None = None  # "int", "float", "str", "datetime", "dict", ... when known
    in_step: bool = False  # computed inside a step.run callable (so replay-safe)


@dataclass(frozen=True, slots=True)
class DictEntry:
    """One key of a dict literal, with where the key and the value are written."""

    key: str
    key_where: Located
    value: Expr
    children: tuple[DictEntry, ...] = ()  # nested dict literal entries
    items: tuple[tuple[DictEntry, ...] | Expr, ...] = ()  # list literal items


@dataclass(frozen=True, slots=True)
class Payload:
    """The ``data`` of an event as the code writes it, for checks against the schema.

    ``entries`` are the keys of the dict literal (or of the visible dict a name refers
    to); ``spread`` is true when a ``**mapping`` makes the full key set unknowable.
    ``known`` is false when the payload is not a visible dict at all.
    """

    where: Located
    entries: tuple[DictEntry, ...]
    spread: bool
    known: bool


EventApi = Literal["inngest.Event", "dict", "generated"]


@dataclass(frozen=True, slots=True)
class EventSite:
    """One event as the code builds it: ``inngest.Event(...)``, a dict, or a generated class."""

    where: Located
    api: EventApi
    name: Text | None
    data: Payload | None
    id: Expr | None
    ts: Expr | None
    v: Text | None  # from a generated class (its class-level v) or step.invoke(v=)
    dropped_fields: tuple[tuple[str, Located], ...] = ()  # v=, user=, unknown kwargs on Event
    generated_class: str | None = None  # "BillingInvoicePaidV1"
    inside_function: str | None = None  # qualname of the Inngest function it is built in
    # api "dict": the dict literal itself (its keys name/data/id/ts/..., where is the
    # whole ``{...}``), for the fix that rewrites it to ``inngest.Event(...)``.
    dict_literal: Payload | None = None
    # How this module spells ``inngest.Event`` (``inngest.Event``, ``sdk.Event``, ``Event``);
    # None when the module does not import the SDK.
    event_class: str | None = None
    scope: str | None = None  # qualname of the def it is written in (None: module level)


SendApi = Literal["send", "send_sync", "send_event"]
EventsShape = Literal[
    "event", "list", "comprehension", "dict", "list_of_dicts", "tuple", "generator", "unknown"
]


@dataclass(frozen=True, slots=True)
class SendSite:
    """One call that sends events: ``client.send``, ``client.send_sync``, ``step.send_event``."""

    where: Located
    api: SendApi
    receiver: str  # source text of the client or step (``inngest_client``, ``ctx.step``)
    events: tuple[EventSite, ...]  # the events the linter could see
    shape: EventsShape  # what was passed: one Event, a list, a dict (wrong), ...
    count: int | None  # number of events in a literal list
    awaited: bool
    statement: bool  # the call is a bare expression statement (its result dropped)
    function: str | None  # qualname of the enclosing Inngest function, directly or via a helper
    # The helper through which the function reaches this send: its qualname in the same
    # module, ``module.qualname`` for one in another module (reached through an import).
    via_helper: str | None
    in_step_run: bool  # inside a step.run callable
    # How the enclosing function refers to its step (``ctx.step``, ``step``).
    step_object: str | None
    function_is_async: bool = False
    step_id: Text | None = None  # send_event's first argument
    # The source text between the call's parentheses, verbatim (comments, newlines),
    # for the fix that rewrites ``client.send(...)`` to ``step.send_event(...)``.
    args_source: str | None = None
    argument: Located | None = None  # where the events argument is written
    # The helpers called between the function and ``via_helper``, outermost first.
    called_through: tuple[str, ...] = ()
    scope: str | None = None  # qualname of the def it is written in (None: module level)


@dataclass(frozen=True, slots=True)
class CelExpression:
    """A CEL expression argument: ``if_exp``, ``expression``, ``key``, ``idempotency``, ..."""

    where: Located
    text: Text
    # "TriggerEvent.expression", "Cancel.if_exp", "wait_for_event.if_exp", "Debounce.key", ...
    argument: str
    event_names: tuple[Text, ...]  # what ``event`` refers to: the function's trigger names
    async_name: Text | None  # what ``async`` refers to: the awaited or cancelling event


@dataclass(frozen=True, slots=True)
class Trigger:
    where: Located
    event: Text | None  # None for a cron trigger
    cron: Text | None
    expression: CelExpression | None


@dataclass(frozen=True, slots=True)
class Cancel:
    where: Located
    event: Text | None
    if_exp: CelExpression | None


@dataclass(frozen=True, slots=True)
class Wait:
    """``step.wait_for_event(step_id, event=..., if_exp=...)``."""

    where: Located
    event: Text | None
    if_exp: CelExpression | None
    function: str | None
    scope: str | None = None  # qualname of the def it is written in (None: module level)


@dataclass(frozen=True, slots=True)
class Invoke:
    """``step.invoke(step_id, function=fn, data=..., v=...)``: carries a ``v``."""

    where: Located
    function_ref: str
    data: Payload | None
    v: Text | None
    target_events: tuple[Text, ...]  # trigger names of the invoked function, when resolved
    scope: str | None = None  # qualname of the def it is written in (None: module level)


@dataclass(frozen=True, slots=True)
class EventDataRead:
    """A read of the triggering event's data with literal keys in a handler:
    ``ctx.event.data["a"]["b"]`` (or ``.get("b")``) reads ``("a", "b")``."""

    where: Located
    keys: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class InngestFunction:
    """A function registered with ``client.create_function(...)``."""

    where: Located  # the create_function call
    qualname: str  # handler's qualified name in its module
    fn_id: Text | None
    triggers: tuple[Trigger, ...]
    cancels: tuple[Cancel, ...]
    expressions: tuple[CelExpression, ...]  # every CEL argument of the registration
    on_failure: str | None
    is_async: bool
    step_object: str | None  # ``ctx.step`` (0.5), ``step`` (0.3/0.4 handlers)
    # In the handler and the defs in it, in source order (a read inside a longer one,
    # ``data["a"]`` of ``data["a"]["b"]``, is not listed; one written apart is).
    data_reads: tuple[EventDataRead, ...] = ()


@dataclass(frozen=True, slots=True)
class FileProblem:
    """A file the linter could not read or parse (one diagnostic for the file)."""

    where: Located
    code: str
    message: str


@dataclass(frozen=True, slots=True)
class Project:
    """Everything the rules look at: the model of one chunk of at most 256 linted files
    (the engine resolves and checks a big tree a chunk at a time, so its memory does not
    grow with the tree; see ``RuleContext``), or of a whole run once ``join``-ed (what
    ``--coverage`` reads)."""

    sends: tuple[SendSite, ...] = ()
    events: tuple[EventSite, ...] = ()  # every event built, sent or not
    functions: tuple[InngestFunction, ...] = ()
    waits: tuple[Wait, ...] = ()
    invokes: tuple[Invoke, ...] = ()
    # Every event name written (sent, triggered, cancelled, awaited), once per place.
    names: tuple[Text, ...] = ()
    problems: tuple[FileProblem, ...] = ()
    files: tuple[str, ...] = ()  # every file linted

    @staticmethod
    def join(parts: Sequence[Project]) -> Project:
        """The Project of a whole run from the Projects of its chunks. An event sent
        through a helper in another chunk's file is in both chunks: it is kept once."""
        return Project(
            sends=by_place(s for part in parts for s in part.sends),
            events=by_place(e for part in parts for e in part.events),
            functions=by_place(fn for part in parts for fn in part.functions),
            waits=by_place(w for part in parts for w in part.waits),
            invokes=by_place(i for part in parts for i in part.invokes),
            names=by_place(t for part in parts for t in part.names),
            problems=tuple(problem for part in parts for problem in part.problems),
            files=tuple(path for part in parts for path in part.files),
        )


_Placed = TypeVar("_Placed", SendSite, EventSite, InngestFunction, Wait, Invoke, Text)


def where_key(
    item: SendSite | EventSite | InngestFunction | Wait | Invoke | Text,
) -> tuple[str, Span]:
    """The model's order: by file, then place in the file."""
    return (item.where.path, item.where.span)


def by_place(items: Iterable[_Placed]) -> tuple[_Placed, ...]:
    """``items`` once per place (and, for texts, per written parts), in the model's order."""
    unique: dict[object, _Placed] = {}
    for item in items:
        key = (item.where, item.parts) if isinstance(item, Text) else item.where
        unique.setdefault(key, item)
    return tuple(sorted(unique.values(), key=where_key))
