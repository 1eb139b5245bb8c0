"""Resolve the parsed files a chunk at a time and run the rules on each chunk: the model
of a big tree is never held whole (unless the caller keeps it). A crash in a rule is an
EL903 naming the rule, said once, and the other rules go on; a crash resolving the
project is one EL903; both set ``internal_errors``."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Union

from event_lint.codes import INTERNAL_ERROR
from event_lint.config import Config
from event_lint.diagnostics import Diagnostic
from event_lint.linter.parsing import internal_error

if TYPE_CHECKING:
    from event_lint.linter.facts import FileFacts
    from event_lint.linter.model import Project
    from event_lint.linter.rules.base import Rule
    from event_lint.registry import Registry

# The registry, or a loader called only when some file needs it (it imports jsonschema).
RegistrySource = Union["Registry", Callable[[], Union["Registry", None]], None]
# A project module's facts by name, as imported from a file (resolution loads them).
Loader = Callable[[str, str], Union["FileFacts", None]]


def selected_rules(config: Config) -> list[type[Rule]]:
    """The rules ``select`` / ``extend-select`` / ``ignore`` leave on."""
    from event_lint.linter.rules import all_rules

    return [rule for rule in all_rules() if config.selects(rule.code)]


class Checker:
    """One pass of resolution and rules over a run's facts."""

    def __init__(self, config: Config, cwd: Path, keep_project: bool) -> None:
        self.config = config
        self.cwd = cwd
        self.keep_project = keep_project
        self.internal_errors = False
        self.broken_rules: set[str] = set()

    def failed(self, diagnostics: Iterable[Diagnostic]) -> bool:
        return self.internal_errors or any(d.code == INTERNAL_ERROR for d in diagnostics)

    def check(
        self, chunks: Iterator[Project], registry: RegistrySource
    ) -> tuple[list[Diagnostic], Project | None]:
        """The diagnostics of every chunk (rules, resolution problems, copies at uses),
        and the whole model when kept. The registry is loaded with the first chunk."""
        from event_lint.linter.model import Project
        from event_lint.linter.uses import at_uses

        diagnostics: list[Diagnostic] = []
        kept: list[Project] = []
        loaded: list[Registry | None] = []
        for part in chunks:
            if not loaded:
                loaded.append(registry() if callable(registry) else registry)
            diagnostics += [
                Diagnostic(p.where.path, p.where.span, p.code, p.message) for p in part.problems
            ]
            found = self.run_rules(part, loaded[0])
            # also at uses in other files, unless silenced where written
            diagnostics += found + at_uses(part, found, self.config, self.cwd)
            if self.keep_project:
                kept.append(part)
            del part  # not held while the next chunk is built
        return diagnostics, Project.join(kept) if kept else None

    def resolve(
        self,
        facts: Iterator[FileFacts],
        outlines: list[FileFacts],
        load: Loader,
        chunk: int,
        problems: list[Diagnostic],
        first: str,
    ) -> Iterator[Project]:
        """The model, ``chunk`` files at a time; a resolver crash ends it with an EL903
        (at ``first``) in ``problems``."""
        from event_lint.linter.resolve import resolve_in_chunks

        try:
            depth = self.config.max_call_depth
            yield from resolve_in_chunks(facts, outlines, load, chunk, depth)
        except Exception as exc:  # a resolver bug must not hide every other file's result
            self.internal_errors = True
            problems.append(internal_error(first, "resolving the project", exc))

    def run_rules(self, project: Project, registry: Registry | None) -> list[Diagnostic]:
        from event_lint.linter.rules import run_rules
        from event_lint.linter.rules.base import RuleContext

        first = project.files[0] if project.files else "."
        diagnostics: list[Diagnostic] = []
        try:
            rules = selected_rules(self.config)
        except Exception as exc:  # a rule module that fails to import
            self.internal_errors = True
            return [internal_error(first, "loading the rules", exc)]
        context = RuleContext(project=project, config=self.config, registry=registry)
        for rule in rules:
            if rule.code in self.broken_rules:
                continue
            try:
                diagnostics += run_rules(context, [rule])
            except Exception as exc:  # one broken rule must not stop the others
                self.internal_errors = True
                self.broken_rules.add(rule.code)  # said once, not once per chunk
                diagnostics.append(internal_error(first, f"rule {rule.code} ({rule.name})", exc))
        return diagnostics
