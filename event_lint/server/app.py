"""The language server: event-lint's findings, fixes and registry in the editor.

Each open Python document is linted with ``lint_source`` (the buffer's text, the rest of
the project from disk, as ``--stdin-filename`` does) on one lint thread, so the event
loop keeps answering the editor. A change waits ``debounce`` seconds for the next one;
each document has a change counter, and a lint whose document changed meanwhile is
dropped, not published. Saving any file lints the other open documents again: their
findings may depend on it (a constants module, a schema).
"""

from __future__ import annotations

import asyncio
import io
import logging
import os
import re
import tokenize
from collections.abc import Coroutine, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from event_lint import __version__
from event_lint.config import Config
from event_lint.diagnostics import Diagnostic
from event_lint.server import help
from event_lint.server.actions import FIX_ALL, code_actions
from event_lint.server.convert import SEVERITIES, SOURCE, Lines, to_lsp
from event_lint.server.memo import Memo
from event_lint.server.payload import payload_event
from event_lint.server.project import Context, Problem, Projects, Texts
from event_lint.server.scaffold import scaffolds
from event_lint.server.strings import StringAt, string_at
from event_lint.server.usage import Usages

if TYPE_CHECKING:
    from event_lint.registry import Registry

DEBOUNCE = 0.15  # seconds after the last change before linting
_PYTHON = (".py", ".pyi")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_WATCHED = ("**/*.py", "**/*.json", "**/pyproject.toml")  # modules, schemas, configs

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Linted:
    """A document's text as linted, and what was found in it."""

    text: str
    diagnostics: tuple[Diagnostic, ...]
    made: Mapping[str, tuple[Path, str]]  # schemas "add this event to the registry" creates


@dataclass
class _State:
    changes: dict[str, int] = field(default_factory=dict)  # uri -> change counter
    linted: dict[str, Linted] = field(default_factory=dict)
    # Per project root: the problems published per file, the load problems last shown.
    problems: dict[Path, dict[str, list[types.Diagnostic]]] = field(default_factory=dict)
    shown: dict[Path, frozenset[str]] = field(default_factory=dict)
    tasks: set[asyncio.Task[None]] = field(default_factory=set)


class EventLintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("event-lint", __version__)
        self.projects = Projects()
        self.lint_thread = ThreadPoolExecutor(1, thread_name_prefix="event-lint")
        self.debounce = DEBOUNCE
        self.state = _State()
        self.memos: dict[Path, Memo] = {}  # per project root, used on the lint thread only
        self.usages = Usages()

    # -- scheduling ---------------------------------------------------------------------

    def schedule(self, uri: str, delay: float) -> None:
        """Lint ``uri`` after ``delay`` seconds unless it changes again first."""
        change = self.state.changes.get(uri, 0) + 1
        self.state.changes[uri] = change
        self.spawn(self.lint_later(uri, change, delay))

    def spawn(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.ensure_future(work)
        self.state.tasks.add(task)  # held until done: the loop keeps only weak references
        task.add_done_callback(self.state.tasks.discard)

    def current(self, uri: str, change: int) -> bool:
        return self.state.changes.get(uri) == change

    async def lint_later(self, uri: str, change: int, delay: float) -> None:
        if delay:
            await asyncio.sleep(delay)
        if not self.current(uri, change):
            return
        document = self.workspace.get_text_document(uri)
        text, path = document.source, Path(document.path)
        if not is_python(uri, document.language_id):
            await self.check_registry(path, uri, change)
            return
        loop = asyncio.get_running_loop()
        try:
            context, found, made = await loop.run_in_executor(
                self.lint_thread, self.lint, path, text, self.unsaved()
            )
        except Exception as error:  # a bug must not stop the server: say it, keep serving
            message = f"event-lint: {path}: not linted: {type(error).__name__}: {error}"
            log.exception("linting %s", path)
            self.window_log_message(types.LogMessageParams(types.MessageType.Error, message))
            return
        if not self.current(uri, change):
            return  # changed meanwhile: the next lint publishes
        self.state.linted[uri] = Linted(text, tuple(found), made)
        lines = Lines(text, self.encoding)
        self.publish(uri, [to_lsp(d, lines) for d in found], document.version)
        self.report_problems(context)

    def lint(
        self, path: Path, text: str, unsaved: Texts
    ) -> tuple[Context, list[Diagnostic], dict[str, tuple[Path, str]]]:
        """On the lint thread: the document's context, findings and the schemas of the
        unknown events it sends."""
        from event_lint.linter.engine import lint_source

        context = self.projects.context(path, unsaved)
        memo = self.memos.setdefault(context.config.root, Memo(context.config.root))
        result = lint_source(str(path), _encoded(text), context.config, context.registry, memo)
        found = result.diagnostics
        made = scaffolds(found, result.project, context.registry, context.config)
        return context, found, made

    def changed_on_disk(self, uri: str) -> None:
        """A file was saved or changed: what was learned from it goes (the modules' facts
        on the lint thread, which uses them), and the other open documents are linted again."""
        self.lint_thread.submit(self.forget_facts, Path(to_fs_path(uri) or "."))
        self.usages.forget()
        self.lint_open_documents(but=uri)

    def forget_facts(self, path: Path) -> None:
        for memo in self.memos.values():
            memo.forget(path)

    def lint_open_documents(self, but: str | None = None) -> None:
        for uri in list(self.state.changes):
            if uri != but and uri in self.workspace.text_documents:
                self.schedule(uri, 0)

    async def check_registry(self, path: Path, uri: str = "", change: int = 0) -> None:
        """The problems of the registry of a schema file's project, as the open schema
        files read now (no Python file may be open); dropped if ``uri`` changed since."""
        loop = asyncio.get_running_loop()
        work = self.projects.context
        context = await loop.run_in_executor(self.lint_thread, work, path, self.unsaved())
        if not uri or self.current(uri, change):
            self.report_problems(context)

    def unsaved(self) -> Texts:
        """The text of each open JSON document, by its absolute path: the registry's
        problems are shown as the editor shows its files."""
        return {
            Path(os.path.abspath(document.path)): document.source.encode()
            for document in self.workspace.text_documents.values()
            if document.uri.startswith("file:") and document.uri.endswith(".json")
        }

    # -- publishing ---------------------------------------------------------------------

    @property
    def encoding(self) -> str:
        chosen = self.workspace.position_encoding  # a str enum: str() would give its name
        if isinstance(chosen, types.PositionEncodingKind):
            return chosen.value
        return chosen or types.PositionEncodingKind.Utf16.value

    def publish(self, uri: str, found: list[types.Diagnostic], version: int | None = None) -> None:
        params = types.PublishDiagnosticsParams(uri=uri, diagnostics=found, version=version)
        self.text_document_publish_diagnostics(params)

    def report_problems(self, context: Context) -> None:
        """Config and registry problems and schema lint findings as diagnostics on their
        files (cleared once fixed, sent again only when they change); a problem that kept
        the registry from loading also once in a message: its rules are off until then.
        Kept per project: a workspace may hold several."""
        key = context.config.root
        by_uri: dict[str, list[types.Diagnostic]] = {}
        for problem in context.problems:
            if problem.path is not None:
                by_uri.setdefault(problem.path.resolve().as_uri(), []).append(_problem(problem))
        before = self.state.problems.get(key, {})
        for uri in set(before) - set(by_uri):
            self.publish(uri, [])
        for uri, found in by_uri.items():
            if before.get(uri) != found:
                self.publish(uri, found)
        self.state.problems[key] = by_uri
        failed = [p for p in context.problems if p.code is None]
        messages = frozenset(p.message for p in failed)
        if messages and messages != self.state.shown.get(key):
            first = sorted(failed, key=lambda p: p.message)[0]
            where = f"{first.path}: " if first.path else ""
            text = f"event-lint: {where}{first.message} (linting without the registry)"
            self.window_show_message(types.ShowMessageParams(types.MessageType.Error, text))
        self.state.shown[key] = messages

    def forget(self, uri: str) -> None:
        self.state.changes.pop(uri, None)
        self.state.linted.pop(uri, None)
        self.publish(uri, [])

    # -- registry help ------------------------------------------------------------------

    def string_at(self, uri: str, position: types.Position) -> tuple[StringAt, Lines] | None:
        document = self.workspace.get_text_document(uri)
        lines = Lines(document.source, self.encoding)
        line, col = lines.column(position)
        found = string_at(lines.lines[line - 1], col - 1)
        return (found, lines) if found is not None else None

    def word_at(self, uri: str, position: types.Position) -> str:
        """The identifier under the cursor ("" if none)."""
        lines = Lines(self.workspace.get_text_document(uri).source, self.encoding)
        line, col = lines.column(position)
        text = lines.lines[line - 1]
        for match in _IDENTIFIER.finditer(text):
            if match.start() <= col - 1 <= match.end():
                return match.group()
        return ""

    async def event_at(
        self, uri: str, position: types.Position
    ) -> tuple[Registry, StringAt, Lines] | None:
        """The registry event named by the string at ``position``, if it names one."""
        found = self.string_at(uri, position)
        if found is None:
            return None
        registry = await self.registry_for(uri)
        if registry is None or not registry.has(found[0].value):
            return None
        return registry, *found

    async def registry_for(self, uri: str) -> Registry | None:
        """Off the event loop: the first call loads the registry."""
        return (await self.context_for(uri)).registry

    async def config_for(self, uri: str) -> Config:
        return (await self.context_for(uri)).config

    async def context_for(self, uri: str) -> Context:
        path = Path(to_fs_path(uri) or ".")
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(None, self.projects.context, path)


def _problem(problem: Problem) -> types.Diagnostic:
    start = types.Position(problem.line - 1, max(problem.col - 1, 0))
    end = max(problem.end_col - 1, start.character + 1) if problem.end_col else start.character + 1
    return types.Diagnostic(
        range=types.Range(start, types.Position(problem.line - 1, end)),
        message=problem.message,
        severity=SEVERITIES[problem.severity],
        code=problem.code,
        source=SOURCE,
    )


def _encoded(text: str) -> bytes:
    """The buffer as the file would hold it: in the encoding its coding cookie declares
    (the engine decodes by it), else UTF-8."""
    data = text.encode("utf-8")
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        return text.encode(encoding)
    except (SyntaxError, LookupError, UnicodeEncodeError):  # the engine reports the cookie
        return data


def is_python(document_uri: str, language_id: str | None) -> bool:
    return language_id == "python" or document_uri.endswith(_PYTHON)


server = EventLintServer()


@server.feature(types.INITIALIZE)
def initialize(ls: EventLintServer, params: types.InitializeParams) -> None:
    options = params.initialization_options
    if isinstance(options, dict) and isinstance(options.get("debounce_ms"), (int, float)):
        ls.debounce = max(0.0, float(options["debounce_ms"]) / 1000)


@server.feature(types.INITIALIZED)
async def initialized(ls: EventLintServer, params: types.InitializedParams) -> None:
    """Ask the editor to report changes made outside it, where it can watch files."""
    workspace = ls.client_capabilities.workspace
    watching = workspace.did_change_watched_files if workspace else None
    if watching is None or not watching.dynamic_registration:
        return
    watchers = [types.FileSystemWatcher(glob) for glob in _WATCHED]
    options = types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers)
    registration = types.Registration(
        "event-lint-files", types.WORKSPACE_DID_CHANGE_WATCHED_FILES, options
    )
    await ls.client_register_capability_async(types.RegistrationParams([registration]))


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: EventLintServer, params: types.DidOpenTextDocumentParams) -> None:
    document = params.text_document
    if is_python(document.uri, document.language_id) or document.uri.endswith(".json"):
        ls.schedule(document.uri, 0)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: EventLintServer, params: types.DidChangeTextDocumentParams) -> None:
    if params.text_document.uri in ls.state.changes:
        ls.schedule(params.text_document.uri, ls.debounce)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: EventLintServer, params: types.DidSaveTextDocumentParams) -> None:
    uri = params.text_document.uri
    ls.changed_on_disk(uri)
    if uri.endswith(".json"):
        ls.spawn(ls.check_registry(Path(to_fs_path(uri) or ".")))


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
def did_change_watched_files(
    ls: EventLintServer, params: types.DidChangeWatchedFilesParams
) -> None:
    """Files changed outside the editor (a checkout, a generator): as if saved."""
    for change in params.changes:
        ls.changed_on_disk(change.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: EventLintServer, params: types.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    if uri.endswith(".json"):  # its unsaved text is gone: the problems of the file as saved
        ls.state.changes.pop(uri, None)
        ls.spawn(ls.check_registry(Path(to_fs_path(uri) or ".")))
    elif uri in ls.state.changes:
        ls.forget(uri)


@server.feature(
    types.TEXT_DOCUMENT_CODE_ACTION,
    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL]),
)
async def code_action(
    ls: EventLintServer, params: types.CodeActionParams
) -> list[types.CodeAction]:
    uri = params.text_document.uri
    linted = ls.state.linted.get(uri)
    if linted is None or linted.text != ls.workspace.get_text_document(uri).source:
        return []  # findings of an older text: their edits would land in the wrong place
    only = params.context.only
    found = linted.text, linted.diagnostics, params.range, ls.encoding, only, linted.made
    loop = asyncio.get_running_loop()  # fixing all parses the result: off the event loop
    return await loop.run_in_executor(None, code_actions, uri, *found)


@server.feature(
    types.TEXT_DOCUMENT_COMPLETION,
    types.CompletionOptions(trigger_characters=['"', "'", "/", "."]),
)
async def completion(ls: EventLintServer, params: types.CompletionParams) -> types.CompletionList:
    found = ls.string_at(params.text_document.uri, params.position)
    items: list[types.CompletionItem] = []
    if found is not None:
        string, lines = found
        where = _content(string, params.position.line, lines)
        payload = None if string.names_event else _payload_of(string, params.position.line, lines)
        if string.names_event or payload is not None:
            registry = await ls.registry_for(params.text_document.uri)
            if registry is not None and payload is not None:
                items = help.payload_keys(registry, *payload, where)
            elif registry is not None:
                items = help.completions(registry, where)
    return types.CompletionList(is_incomplete=False, items=items)


def _payload_of(string: StringAt, line: int, lines: Lines) -> tuple[str, str | None] | None:
    """The event (and version) whose ``data={...}`` key the string is, if it is one."""
    offset = sum(len(text) + 1 for text in lines.lines[:line]) + string.start - 1
    return payload_event("\n".join(lines.lines), offset)


@server.feature(types.TEXT_DOCUMENT_HOVER)
async def hover(ls: EventLintServer, params: types.HoverParams) -> types.Hover | None:
    found = await ls.event_at(params.text_document.uri, params.position)
    if found is None:
        return None
    registry, string, lines = found
    config = await ls.config_for(params.text_document.uri)
    usage = await ls.usages.of(config.root)
    where = _content(string, params.position.line, lines)
    return help.hover(registry, string.value, where, usage)


@server.feature(types.TEXT_DOCUMENT_DEFINITION)
async def definition(ls: EventLintServer, params: types.DefinitionParams) -> types.Location | None:
    found = await ls.event_at(params.text_document.uri, params.position)
    if found is not None:
        return help.definition(found[0], found[1].value)
    word = ls.word_at(params.text_document.uri, params.position)
    registry = await ls.registry_for(params.text_document.uri) if word else None
    return help.generated_definition(registry, word) if registry is not None else None


def _content(string: StringAt, line: int, lines: Lines) -> types.Range:
    """The range of a string's content, in the client's units."""
    return types.Range(
        lines.position(line + 1, string.start + 1), lines.position(line + 1, string.end + 1)
    )
