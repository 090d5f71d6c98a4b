"""``briefgen list``."""

from __future__ import annotations

from pathlib import Path

import click

from briefgen.commands.options import EPILOG, load_project, project_option


@click.command(name="list", epilog=EPILOG)
@click.option("--facts", "show_facts", is_flag=True, help="List the facts instead of the briefings.")
@project_option
def list_(show_facts: bool, project_dir: Path) -> None:
    """List the briefings (or, with --facts, the facts)."""
    from briefgen.reports.tables import briefings_table, facts_table  # lazy: keeps CLI start-up fast

    project = load_project(project_dir)
    click.echo(facts_table(project) if show_facts else briefings_table(project))
