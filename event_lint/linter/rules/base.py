"""What a rule is: a code, its documentation, and a check over the Project; and the
shape of its examples.

Borrowed from fixit and ruff: the documentation (``--explain``, the README table, SARIF
help) lives in the rule itself, so it cannot drift from the code. The examples that the
generic test runs (``Flagged``, ``Passing``) are data beside the rule, in
``examples/<rule module>.toml``, as ruff keeps its fixtures apart from the rule code: the
rule module is only logic and docs, and each example is a whole project of its own (its
modules, config and schemas). ``tests/linter/test_rule_examples.py`` fails for a rule
without that file, so a rule still cannot exist without its examples.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, cast

from event_lint.diagnostics import Diagnostic, Severity

if TYPE_CHECKING:
    from event_lint.config import Config
    from event_lint.linter.model import Project
    from event_lint.registry import Registry

_T = TypeVar("_T")


# An example's own registry: event name -> version -> the JSON Schema of its ``data``.
ExampleSchemas = dict[str, dict[str, dict[str, Any]]]


@dataclass(frozen=True)
class Example:
    """A whole module to lint (``source``), and what the example project holds besides.

    In ``examples/<rule module>.toml`` an example is a ``[[flagged]]`` or ``[[passing]]``
    table of these fields (``config`` by ``Config`` field name, arrays for its tuples),
    with ``[flagged.files]`` and ``[flagged.schemas."<name>"]`` (``<v> = <schema>``)."""

    source: str
    # Other modules of the example project: {"app/names.py": "..."}.
    files: dict[str, str] = field(default_factory=dict, kw_only=True)
    config: dict[str, Any] = field(default_factory=dict, kw_only=True)  # non-default Config fields
    # The registry a registry rule checks the example against (empty: the built-in
    # ``inngest/*`` events only): its own, so no other schema change makes it false.
    schemas: ExampleSchemas = field(default_factory=dict, kw_only=True)


@dataclass(frozen=True)
class Flagged(Example):
    """An example that must be flagged: the exact diagnostics expected, each written
    ``"LINE:COL: CODE message"``. ``fixed`` is the source after ``--fix`` (and
    ``--unsafe-fixes`` when the fix is unsafe), when the rule fixes it."""

    expected: tuple[str, ...]
    fixed: str | None = None
    severity: Severity | None = None  # when ``config`` makes it other than the rule's default


@dataclass(frozen=True)
class Passing(Example):
    """An example that must not be flagged."""


@dataclass(frozen=True)
class RuleContext:
    """What ``Rule.check`` is given. The engine makes one per chunk of at most 256 files
    (``engine._MODEL_CHUNK``): ``project`` is that chunk's model, not the whole tree's,
    so a rule that counts or compares across files sees one chunk at a time. Project-wide
    questions (the coverage report, EL70x) are answered outside the rules, on the joined
    model (``Project.join``)."""

    project: Project
    config: Config
    registry: Registry | None  # None when no registry is configured: registry rules stay quiet
    _shared: dict[object, object] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )

    def shared(self, compute: Callable[[RuleContext], _T]) -> _T:
        """``compute(self)``, computed once per context: what several rules read from the
        same chunk (the payload findings of EL611 to EL614) is worked out once."""
        if compute not in self._shared:
            self._shared[compute] = compute(self)
        return cast(_T, self._shared[compute])


class Rule:
    """Subclass in a new module of ``event_lint/linter/rules/`` (one rule per file), fill
    in the class attributes, implement ``check``: ``all_rules()`` in
    ``event_lint/linter/rules/__init__.py`` finds every ``Rule`` subclass with a ``code``
    by importing the package's modules (not the ``_``-prefixed ones nor ``base``)."""

    code: ClassVar[str]  # "EL101"
    name: ClassVar[str]  # "event-name-style", kebab-case
    summary: ClassVar[str]  # one line
    severity: ClassVar[Severity] = Severity.ERROR
    # The four-part explanation (ruff's shape), plain text / Markdown.
    what_it_does: ClassVar[str]
    why_bad: ClassVar[str]
    example: ClassVar[str]  # bad code
    use_instead: ClassVar[str]  # good code
    fix_safety: ClassVar[str | None] = None
    needs_registry: ClassVar[bool] = False

    def check(self, ctx: RuleContext) -> Iterator[Diagnostic]:
        raise NotImplementedError

    @classmethod
    def explain(cls) -> str:
        """The text ``event-lint --explain CODE`` prints."""
        parts = [
            f"{cls.code} ({cls.name}): {cls.summary}",
            f"Default severity: {cls.severity.value}",
            "",
            "## What it does",
            cls.what_it_does.strip(),
            "",
            "## Why is this bad?",
            cls.why_bad.strip(),
            "",
            "## Example",
            "```python",
            cls.example.strip(),
            "```",
            "",
            "## Use instead",
            "```python",
            cls.use_instead.strip(),
            "```",
        ]
        if cls.fix_safety:
            parts += ["", "## Fix safety", cls.fix_safety.strip()]
        return "\n".join(parts) + "\n"
