"""Never crash: random import graphs over generated modules resolve and lint without
an exception (cycles, star imports, re-exports through ``__init__``, ``from . import x``,
relative imports past the top, names bound to each other in loops, send aliases called
through imports)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from event_lint.config import Config
from event_lint.diagnostics import Diagnostic
from event_lint.linter.facts import CallSite
from event_lint.linter.model import Project, SendSite
from event_lint.linter.project import project_from_sources
from event_lint.linter.resolve import inngest_bindings
from event_lint.linter.resolve.symbols import Index
from event_lint.linter.rules import all_rules, run_rules
from event_lint.linter.rules.base import RuleContext

MODULES = ("pkg", "pkg.client", "pkg.events", "pkg.sub", "pkg.sub.deep", "top", "ns.mod")
NAMES = ("client", "x", "NAME", "inngest", "Event", "helper", "pkg", "sub")


def path_of(module: str) -> str:
    parts = module.split(".")
    if module in ("pkg", "pkg.sub"):
        return "/".join(parts) + "/__init__.py"
    return "/".join(parts) + ".py"


module = st.sampled_from(MODULES)
name = st.sampled_from(NAMES)
dots = st.integers(min_value=1, max_value=5).map(lambda n: "." * n)

statement = st.one_of(
    st.builds("from {} import {}".format, module, name),
    st.builds("from {} import *".format, module),
    st.builds("from {} import {}".format, dots, name),
    st.builds(
        "from {}{} import {}".format, dots, st.sampled_from(("client", "sub", "events")), name
    ),
    st.builds("from {}{} import *".format, dots, st.sampled_from(("client", "sub"))),
    st.builds("import {}".format, module),
    st.builds("import {} as {}".format, module, name),
    st.just("import inngest"),
    st.just("from inngest import Event, Inngest"),
    st.builds("{} = {}".format, name, name),
    st.builds("{} = {}.{}".format, name, name, name),
    st.builds("{} = [{}, {}]".format, name, name, name),
    st.builds("{} = {}()".format, name, name),
    st.builds('{} = f"{{{}}}/x.y"'.format, name, name),
    st.builds("{} = {} + {}".format, name, name, name),
    st.builds('{} = inngest.Inngest(app_id="a")'.format, name),
    st.builds("{} = {}.send".format, name, name),  # a send alias, maybe imported elsewhere
    st.builds("{} = {}.send_sync".format, name, name),
    st.builds('{} = {{"k": {}}}["k"]'.format, name, name),
    st.builds('{} = {{"name": {}, "data": {}}}'.format, name, name, name),
    st.builds("{}.send_sync(inngest.Event(name=NAME, data={}))".format, name, name),
    st.builds('{}.create_function(fn_id="g", trigger={})(helper)'.format, name, name),
    st.builds("{}.send_sync(inngest.Event(name={}))".format, name, name),
    st.builds("{}.send_sync([{}, *{}])".format, name, name, name),
    st.builds(
        textwrap.dedent(
            """\
            @{}.create_function(fn_id="f", trigger=inngest.TriggerEvent(event={}))
            async def handler(ctx):
                await {}.send(inngest.Event(name={}))
                return {}()
            """
        ).format,
        name,
        name,
        name,
        name,
        name,
    ),
    st.builds(
        textwrap.dedent(
            """\
            @{}.create_function(fn_id="h", trigger=inngest.TriggerEvent(event="a/b.c"))
            async def flow(ctx):
                await {}(inngest.Event(name={}))
                {}.{}({})
            """
        ).format,
        name,
        name,
        name,
        name,
        name,
        name,
    ),
    st.builds(
        textwrap.dedent(
            """\
            class {}:
                NAME = {}
                client = {}
            """
        ).format,
        name,
        name,
        name,
    ),
    st.builds(
        textwrap.dedent(
            """\
            def {}():
                return {}
            """
        ).format,
        name,
        name,
    ),
)

graphs = st.dictionaries(module, st.lists(statement, max_size=8), min_size=1)


def lint(project: Project) -> list[Diagnostic]:
    context = RuleContext(project, Config(root=Path(".")), None)
    return run_rules(context, list(all_rules()))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(graphs)
@example(
    {
        "top": [
            "import inngest",
            'x = inngest.Inngest(app_id="a")',
            "NAME = [sub]",
            "sub = [NAME]",
            'x.create_function(fn_id="g", trigger=NAME)(helper)',
            "x.send_sync(NAME)",
        ]
    }
)
@example(
    {
        "top": [
            "import inngest",
            'x = inngest.Inngest(app_id="a")',
            'NAME = {"k": sub}',
            'sub = {"k": NAME}',
            "x.send_sync(inngest.Event(name=NAME, data=sub))",
        ]
    }
)
@example(
    {
        "pkg": ["from pkg.client import x"],
        "pkg.client": [
            "import inngest",
            'client = inngest.Inngest(app_id="a")',
            "from pkg import x",
            "x = client.send",
        ],
        "top": [
            "import inngest",
            "from pkg import x",
            "from pkg.client import client",
            '@client.create_function(fn_id="h", trigger=inngest.TriggerEvent(event="a/b.c"))\n'
            "async def flow(ctx):\n"
            '    await x(inngest.Event(name="a/b.c"))\n',
        ],
    }
)
def test_random_import_graphs_resolve_and_lint(graph: dict[str, list[str]]) -> None:
    sources = {path_of(m): "\n".join(lines) + "\n" for m, lines in graph.items()}
    project = project_from_sources(sources)
    assert not [p for p in project.problems if p.code == "EL903"], project.problems
    lint(project)


def test_a_package_that_re_exports_from_itself_resolves() -> None:
    project = project_from_sources(
        {
            "pkg/__init__.py": "from pkg import client\nfrom .client import *\n",
            "pkg/client.py": (
                'import inngest\nfrom pkg import client\nclient = inngest.Inngest(app_id="a")\n'
            ),
            "pkg/loop.py": "from pkg.loop import x\nfrom pkg import y\n",
            "main.py": (
                "import inngest\nfrom pkg.loop import x\nfrom pkg.client import client\n"
                "client.send_sync(inngest.Event(name=x))\n"
            ),
        }
    )
    assert [(s.where.path, s.where.span.line) for s in project.sends] == [("main.py", 4)]
    assert [e.name for s in project.sends for e in s.events] == [None]


def test_a_chain_longer_than_the_limit_is_cut_not_crashed() -> None:
    sources = {f"m{i}.py": f"from m{i + 1} import x\n" for i in range(400)}
    sources["m400.py"] = 'x = "shop/order.placed"\n'
    sources["main.py"] = (
        'import inngest\nfrom m0 import x\nc = inngest.Inngest(app_id="a")\n'
        "c.send_sync(inngest.Event(name=x))\n"
    )
    project = project_from_sources(sources)
    assert [e.name for s in project.sends for e in s.events] == [None]


def test_inngest_bindings_survive_cycles() -> None:
    from event_lint.linter.extract import extract_file

    files = [
        extract_file("a.py", b"from b import x\n", "a"),
        extract_file("b.py", b"from a import x\n", "b"),
    ]
    by_module = {facts.module: facts for facts in files}
    assert inngest_bindings(files, lambda module, importer: by_module.get(module)) == frozenset()


def test_a_resolver_crash_costs_one_file_not_the_run(monkeypatch: pytest.MonkeyPatch) -> None:
    from event_lint.linter.resolve.build import _Builder

    original = _Builder.send_site

    def broken(self: _Builder, site: CallSite, index: Index) -> SendSite | None:
        if index.path == "bad.py":
            raise RuntimeError("boom")
        return original(self, site, index)

    monkeypatch.setattr(_Builder, "send_site", broken)
    send = 'import inngest\nc = inngest.Inngest(app_id="a")\nc.send_sync(inngest.Event(name="x"))\n'
    project = project_from_sources({"bad.py": send, "good.py": send})
    assert [(p.where.path, p.code, p.message) for p in project.problems] == [
        (
            "bad.py",
            "EL903",
            "internal error resolving this file: RuntimeError: boom; please report it",
        )
    ]
    assert [s.where.path for s in project.sends] == ["good.py"]
    assert [e.where.path for e in project.events] == ["good.py"]
