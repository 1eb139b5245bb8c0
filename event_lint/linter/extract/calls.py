"""Calls: the call sites resolution may tie to Inngest (sends, waits, invokes,
registrations, events built), and what each function calls (its own helpers, imported
helpers, what it runs in ``step.run``), which lets resolution follow a function's sends.
"""

from __future__ import annotations

import dataclasses
from sys import intern

import libcst as cst

from event_lint.linter.extract.scopes import (
    FunctionScope,
    ModuleScope,
    Scope,
    def_qualname,
    is_imported,
    is_made_by_call,
    is_step_like,
    send_alias,
)
from event_lint.linter.extract.shapes import SEND_METHODS, may_build_event
from event_lint.linter.extract.tree import root_name
from event_lint.linter.extract.values import ValueConverter
from event_lint.linter.facts import Call, CallKind, CallSite


class CallRecorder:
    """Records call sites and, in each function's scope, what it calls."""

    def __init__(self, values: ValueConverter, module: ModuleScope) -> None:
        self.values = values
        self.pos = values.pos
        self.module = module
        self.sites: list[CallSite] = []
        self.step_lambdas: set[int] = set()  # id() of lambdas passed to step.run
        self.step_callees: set[str] = set()  # qualnames of this file's defs step.run runs
        # Qualnames of the defs registered as Inngest functions' handlers so far (the
        # names ``create_function(...)(handler)`` may mean, as resolution reads them).
        self.handlers: set[str] = set()

    def on_call(
        self, node: cst.Call, scope: Scope, in_step_lambda: bool, awaited: bool, statement: bool
    ) -> None:
        func = node.func
        alias = send_alias(func.value, scope, self.module) if isinstance(func, cst.Name) else None
        kind: CallKind | None
        if alias is not None:
            kind = intern(alias[0].attr.value)  # type: ignore[assignment]
        else:
            kind = self.callee_kind(node, scope, in_step_lambda)
        if kind is None and may_build_event(node):
            kind = "event"
        if kind is None and self.calls_imported_name(node, scope):
            kind = "imported_call"  # ``send(ev)``: maybe another module's ``send = client.send``
        if kind is not None:
            self.record(node, kind, alias, scope, in_step_lambda, awaited, statement)

    def callee_kind(self, node: cst.Call, scope: Scope, in_step_lambda: bool) -> CallKind | None:
        """The call's kind from its callee's shape; notes what the function calls."""
        func = node.func
        if isinstance(func, cst.Attribute):
            method = func.attr.value
            if method in SEND_METHODS:
                return intern(method)  # type: ignore[return-value]
            if method == "run":
                self.on_step_run(node, scope)
            else:
                self.on_imported_call(func, scope, step_run=in_step_lambda)
        elif isinstance(func, cst.Call) and isinstance(func.func, cst.Attribute):
            if func.func.attr.value == "create_function":
                return "register"
        elif isinstance(func, cst.Name) and isinstance(scope, FunctionScope):
            callee = def_qualname(func.value, scope, self.module)
            if callee is None:
                self.on_imported_call(func, scope, step_run=in_step_lambda)
            else:
                scope.calls.append(callee)
                if in_step_lambda:  # step.run("id", lambda: helper()): helper runs memoized
                    self.step_callees.add(callee)
        return None

    def calls_imported_name(self, node: cst.Call, scope: Scope) -> bool:
        """``name(...)`` with arguments in a function, where an import binds ``name``
        (not a class: ``Model(...)`` is not ``send = client.send``)."""
        func = node.func
        if not isinstance(func, cst.Name) or not node.args or func.value[:1].isupper():
            return False
        return isinstance(scope, FunctionScope) and is_imported(func.value, scope, self.module)

    def record(
        self,
        node: cst.Call,
        kind: CallKind,
        alias: tuple[cst.Attribute, Scope] | None,
        scope: Scope,
        in_step_lambda: bool,
        awaited: bool,
        statement: bool,
    ) -> None:
        func = node.func
        call = self.values.val(node, scope)
        assert isinstance(call, Call)
        for arg in node.args:
            self.pos(arg.value, snippet=True)
        if alias is not None:  # ``send(...)`` is read as the ``client.send(...)`` it names
            call = dataclasses.replace(call, func=self.values.val(*alias))
            self.pos(alias[0].value, snippet=True)
        elif isinstance(func, cst.Attribute):
            self.pos(func.value, snippet=True)  # the receiver, named in messages
        if kind in ("send", "send_sync", "send_event"):
            self.pos(node, snippet=True)  # its arguments' text, for the send_event fix
        elif kind == "register":
            self.note_handler(node, scope)
        self.sites.append(
            CallSite(
                kind=kind,
                call=call,
                scope=scope.qualname if isinstance(scope, FunctionScope) else None,
                awaited=awaited,
                statement=statement,
                in_step_lambda=in_step_lambda,
            )
        )

    def note_handler(self, node: cst.Call, scope: Scope) -> None:
        """``client.create_function(...)(handler)``: ``handler`` nested in this function,
        or at module level."""
        handler = node.args[0].value if node.args else None
        if isinstance(handler, cst.Name):
            if isinstance(scope, FunctionScope):
                self.handlers.add(scope.nested_qualname(handler.value))
            self.handlers.add(handler.value)

    def on_step_run(self, node: cst.Call, scope: Scope) -> None:
        """``step.run(step_id, callable, ...)``: the callable's code runs memoized."""
        func = node.func
        if len(node.args) < 2 or not isinstance(func, cst.Attribute):
            return
        if not is_step_like(func, scope):
            return
        target = node.args[1].value
        if isinstance(target, cst.Call) and target.args:  # functools.partial(fn, ...)
            target = target.args[0].value
        if isinstance(target, cst.Lambda):
            self.step_lambdas.add(id(target))
        elif isinstance(target, cst.Name):
            callee = def_qualname(target.value, scope, self.module)
            if callee is not None:
                self.step_callees.add(callee)
            else:
                self.on_imported_call(target, scope, step_run=True)
        elif isinstance(target, cst.Attribute):
            self.on_imported_call(target, scope, step_run=True)

    def on_imported_call(
        self, func: cst.Name | cst.Attribute, scope: Scope, step_run: bool
    ) -> None:
        """A function called (or passed to ``step.run``) through an import: ``queue_sms``
        or ``notify.queue_sms`` where the first name is imported; or a method of an object
        a call made (``notifier.notify`` after ``notifier = Notifier()``)."""
        if not isinstance(scope, FunctionScope):
            return
        owner: FunctionScope | None = scope
        while owner is not None and isinstance(owner.node, cst.Lambda):
            owner = owner.parent  # a lambda's calls are its def's (in a step.run lambda only)
        if owner is None or (owner is not scope and not step_run):
            return
        root = root_name(func)
        if not is_imported(root, scope, self.module) and not (
            isinstance(func, cst.Attribute) and is_made_by_call(root, scope, self.module)
        ):
            return
        value = self.values.val(func, scope)
        found = owner.imported_step_callees if step_run else owner.imported_calls
        found.append(value)
