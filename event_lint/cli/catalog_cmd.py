"""``event-registry catalog``: a static site of every event, its producers and consumers.

Lints the source paths (``--src``, default: the config root) for the linter's project
model, joins it with the registry (``event_lint.catalog``) and writes the site to
``--out``, or prints the flow graph as mermaid (``--output-format mermaid``).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import click

from event_lint.cli.common import output_format as output_format_option
from event_lint.cli.common import path_option, state
from event_lint.config import Config
from event_lint.errors import UserError

if TYPE_CHECKING:
    from event_lint.diagnostics import Diagnostic
    from event_lint.linter.model import Project
    from event_lint.registry import Registry

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_URL_START = re.compile(r"^https?://[^\s/]+", re.IGNORECASE)


@click.command("catalog")
@path_option(
    "--out", help="Folder to write the site to (an empty or new folder, or one catalog wrote)."
)
@path_option(
    "--src",
    "sources",
    multiple=True,
    exists=True,
    help="Source folder or file to find producers and consumers in (repeatable; "
    "default: the folder of the pyproject.toml).",
)
@click.option(
    "--source-url",
    metavar="TEMPLATE",
    help="Link code locations: an http(s) URL with {path} and {line}, e.g. "
    "'https://github.com/org/repo/blob/main/{path}#L{line}' "
    "(default: catalog-source-url in [tool.event-lint]; else plain text).",
)
@output_format_option(
    "html", "mermaid", help="html: write the site to --out; mermaid: print the flow graph."
)
@click.option("--no-cache", is_flag=True, help="Do not read or write the lint cache.")
@click.pass_context
def catalog(
    ctx: click.Context,
    out: Path | None,
    sources: tuple[Path, ...],
    source_url: str | None,
    output_format: str,
    no_cache: bool,
) -> None:
    """Write a static site of every event: schemas, versions, compatibility, producers,
    consumers and the event flow. Works offline; the same input gives the same bytes."""
    from event_lint.catalog import graph, model
    from event_lint.catalog.render import site
    from event_lint.catalog.site import write_site

    current = state(ctx)
    if output_format == "html" and out is None:
        raise UserError("catalog needs --out FOLDER (or --output-format mermaid)")
    template = source_url if source_url is not None else current.config.catalog_source_url
    if template is not None:
        _check_template(template)
    registry = current.registry
    paths = sources or (current.config.root,)
    project, diagnostics = _lint(paths, current.config, registry, use_cache=not no_cache)
    found = model.build(registry, current.config, project, diagnostics)
    if output_format == "mermaid":
        click.echo(graph.mermaid(found.nodes, found.edges), nl=False)
        return
    assert out is not None
    write_site(out, site(found, template))
    count = len(found.events)
    click.echo(f"catalog of {count} event{'' if count == 1 else 's'}: {out / 'index.html'}")


def _lint(
    sources: tuple[Path, ...], config: Config, registry: Registry, *, use_cache: bool
) -> tuple[Project, list[Diagnostic]]:
    """The project model of ``sources`` and the lint findings in them."""
    from event_lint.linter.engine import LintOptions, lint_paths
    from event_lint.linter.model import Project

    result = lint_paths(
        list(sources), config, registry, LintOptions(use_cache=use_cache, keep_project=True)
    )
    return result.project or Project(), result.diagnostics


def _check_template(template: str) -> None:
    """Only an http(s) URL with {path} and {line}: a page link never runs script."""
    where = f"source URL template {template!r}"
    if not _URL_START.match(template):
        raise UserError(f"{where}: must start with http:// or https://")
    names = set(_PLACEHOLDER.findall(template))
    unknown = sorted(names - {"path", "line"})
    if unknown:
        raise UserError(
            f"{where}: unknown placeholder {{{unknown[0]}}} (known: {{path}}, {{line}})"
        )
    if "path" not in names:
        raise UserError(f"{where}: needs {{path}} (and usually {{line}})")
    if any(ord(c) < 0x21 or c in '"<>`' for c in template):
        raise UserError(f"{where}: holds a space, a quote or a control character")
