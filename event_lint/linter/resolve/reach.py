"""Which Inngest function each call sits in: the functions of every file, and the
helpers they call, in their module and through imports a bounded number of modules
deep (``flow -> notify.queue_sms -> sms.deliver``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from event_lint.linter import facts as f
from event_lint.linter.model import InngestFunction
from event_lint.linter.resolve.functions import FunctionReader
from event_lint.linter.resolve.symbols import ClassSym, DefSym, Index, Symbols
from event_lint.linter.resolve.values import Evaluator


@dataclass(frozen=True)
class Context:
    """Where a call sits relative to Inngest functions."""

    function: InngestFunction | None
    qualname: str | None
    via_helper: str | None
    through: tuple[str, ...]  # the helpers between the function and ``via_helper``
    in_step_run: bool


@dataclass(frozen=True)
class _Reach:
    """How an Inngest function reaches a helper: the function (its file and handler),
    the functions of other modules called on the way (outermost first, ``module.name``),
    and whether through a ``step.run`` callable."""

    function: tuple[str, str]
    chain: tuple[str, ...]
    in_step_run: bool

    def named(self, module: str, qualname: str) -> tuple[str, tuple[str, ...]]:
        """The name of the helper ``qualname`` (of ``module``) in messages, and the
        helpers before it: the module is named for a helper reached through an import."""
        if self.chain and self.chain[-1] == f"{module}.{qualname}":
            return self.chain[-1], self.chain[:-1]
        return qualname, self.chain


# A call into another module still to follow: the callee as written, the file it is
# written in, how its caller is reached, whether in a step.run callable, and how many
# modules deep its caller is.
_Pending = tuple[f.Val, Index, _Reach, bool, int]


class CallGraph:
    """The Inngest functions of the linted files and the helpers each one reaches.
    A file is scanned once, when first needed: a send in one chunk may go through a
    helper in a file of a later chunk."""

    def __init__(
        self, symbols: Symbols, values: Evaluator, linted: set[str], max_depth: int
    ) -> None:
        self.symbols = symbols
        self.values = values
        self.reader = FunctionReader(symbols, values)
        self.linted = linted
        self.max_depth = max_depth  # modules followed through imports (max-call-depth)
        self.scanned: set[str] = set()  # paths whose functions and helpers are found
        # keyed by file path: two apps in one run may have modules of the same name
        self.functions: dict[tuple[str, str], InngestFunction] = {}
        self.handlers: dict[str, list[str]] = {}  # path -> qualnames of its handlers
        self.helpers: dict[tuple[str, str], _Reach] = {}  # (path, helper qualname) -> how

    def scan(self, index: Index) -> None:
        """Find the functions and helpers of a linted file, once."""
        if index.path not in self.scanned and index.path in self.linted:
            self.scanned.add(index.path)  # first: finding them may ask again
            for qualname, function in self.reader.registered(index):
                self.functions[(index.path, qualname)] = function
                self.handlers.setdefault(index.path, []).append(qualname)
            for qualname in self.handlers.get(index.path, []):
                self.reach(index, qualname)

    def scan_first(self, outlines: Sequence[f.FileFacts], size: int) -> None:
        """Scan the files that register Inngest functions (their outlines keep the
        registrations), loading each one's facts, before any chunk is built. What was
        loaded is dropped every ``size`` files, as after each chunk: held for every
        file it was ~40 KB per module, the run's peak."""
        for count, outline in enumerate(outlines, 1):
            if count % size == 0:
                self.symbols.forget()
            if not outline.calls or outline.problem is not None:
                continue
            facts = self.symbols.load(outline.module, outline.path)
            if facts is None or facts.path != outline.path or facts.problem is not None:
                continue
            try:
                self.scan(self.symbols.index_of(facts))
            except Exception:  # a resolver bug: scanned again, building the file reports it
                self.scanned.discard(facts.path)
        self.symbols.forget()

    def function_named(self, index: Index, qualname: str) -> InngestFunction | None:
        """The Inngest function whose handler is ``qualname`` in ``index``'s file."""
        self.scan(index)
        return self.functions.get((index.path, qualname))

    # -- the helpers a function reaches ---------------------------------------------

    def reach(self, index: Index, handler: str) -> None:
        """Mark what the handler ``handler`` calls, depth first, as reached from it.
        Followed with a stack, not recursion: ``max-call-depth`` may be large."""
        pending = self.mark(index, handler, _Reach((index.path, handler), (), False), 0)
        while pending:
            value, caller_index, how, step_run, depth = pending.pop()
            found = self.callee(value, caller_index)
            if found is None:
                continue
            callee_index, callee = found
            key = (callee_index.path, callee.qualname)
            if key in self.helpers or key in self.functions:
                continue
            chain = (*how.chain, f"{callee_index.facts.module}.{callee.qualname}")
            reached = _Reach(how.function, chain, how.in_step_run or step_run)
            self.helpers[key] = reached
            pending += self.mark(callee_index, callee.qualname, reached, depth + 1)

    def mark(self, index: Index, caller: str, how: _Reach, depth: int) -> list[_Pending]:
        """Mark the defs of ``index``'s module that ``caller`` calls, directly or through
        each other, as reached ``how``. Their calls into other modules come back, the
        first on top, when ``depth`` modules are fewer than ``max_depth``."""
        path = index.path
        todo = [d for d in index.facts.defs if _within(d.qualname, caller)]
        seen = {d.qualname for d in todo}
        imported: list[_Pending] = []
        while todo:
            definition = todo.pop()
            imported += [(v, index, how, False, depth) for v in definition.imported_calls]
            imported += [(v, index, how, True, depth) for v in definition.imported_step_callees]
            for callee in definition.calls:
                if callee in seen or (path, callee) in self.functions:
                    continue
                seen.add(callee)
                self.helpers.setdefault((path, callee), how)
                todo.extend(d for d in index.facts.defs if _within(d.qualname, callee))
        return imported[::-1] if depth < self.max_depth else []

    def callee(self, value: f.Val, index: Index) -> tuple[Index, f.Def] | None:
        """The def a call reaches: a function of another module, or the method of an
        object made by calling a project class (``Notifier().notify``)."""
        callee = self.symbols.sym(value, index)
        if isinstance(callee, DefSym):
            return None if callee.index.path == index.path else (callee.index, callee.definition)
        if not isinstance(value, f.Attr):
            return None
        made, made_index, _ = self.values.follow(value.value, index)
        if not isinstance(made, f.Call):
            return None
        cls = self.symbols.sym(made.func, made_index)
        if not isinstance(cls, ClassSym):
            return None
        method = cls.index.defs.get(f"{cls.cls.name}.{value.attr}")
        return (cls.index, method) if method is not None else None

    # -- where a call sits -------------------------------------------------------------

    def context(self, index: Index, scope: str | None, in_step_lambda: bool) -> Context:
        chain: list[f.Def] = []
        while scope is not None and scope in index.defs:
            chain.append(index.defs[scope])
            scope = index.defs[scope].parent
        in_step_run = in_step_lambda
        for definition in chain:
            function = self.function_named(index, definition.qualname)
            if function is not None:
                return Context(function, definition.qualname, None, (), in_step_run)
            in_step_run = in_step_run or definition.step_run_callee
        for definition in chain:
            how = self.helpers.get((index.path, definition.qualname))
            if how is not None:
                function = self.functions[how.function]
                helper, through = how.named(index.facts.module, definition.qualname)
                in_step_run = in_step_run or how.in_step_run
                return Context(function, how.function[1], helper, through, in_step_run)
        return Context(None, None, None, (), in_step_run)

    def takes_ctx(self, index: Index, scope: str | None) -> bool:
        """A ``(ctx, step)`` handler (SDK 0.3/0.4), registered or not."""
        while scope is not None and scope in index.defs:
            definition = index.defs[scope]
            names = [param.name for param in definition.params]
            if "step" in names:
                return "ctx" in names or self.function_named(index, scope) is not None
            scope = definition.parent
        return False


def _within(qualname: str, outer: str) -> bool:
    return qualname == outer or qualname.startswith(f"{outer}.<locals>.")
