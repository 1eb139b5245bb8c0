"""``event-registry codegen --out PATH [--check]``: typed event classes from the registry."""

from __future__ import annotations

from pathlib import Path

import click

from event_lint.codegen import generate_module, is_current, write_atomically


def register(group: click.Group) -> None:
    group.add_command(codegen)


@click.command("codegen")
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="The Python module to write (e.g. app/events.py).",
)
@click.option(
    "--check",
    is_flag=True,
    help="Write nothing; exit 1 when the file on disk is stale or missing, 0 when current.",
)
@click.pass_context
def codegen(ctx: click.Context, out: Path, check: bool) -> None:
    """Generate typed pydantic payload classes, one per event and version."""
    from event_lint.cli.registry import state  # the group imports this module

    text = generate_module(state(ctx).registry)
    current = is_current(out, text)
    if check:
        if not current:
            reason = "is stale" if out.exists() else "does not exist"
            click.echo(f"{out}: {reason}: run `event-registry codegen --out {out}`", err=True)
            ctx.exit(1)
        click.echo(f"{out}: up to date")
        return
    if current:
        click.echo(f"{out}: up to date")
        return
    write_atomically(out, text)
    click.echo(f"{out}: written")
