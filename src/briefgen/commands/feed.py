"""``briefgen feed``: rewrite the feeds and the index from the published editions."""

from __future__ import annotations

from pathlib import Path

import click

from briefgen.commands.options import EPILOG, load_project, project_option


@click.command(epilog=EPILOG)
@click.option("--wait", is_flag=True, help="If a build of this project is running, wait for it.")
@project_option
def feed(wait: bool, project_dir: Path) -> None:
    """Rewrite each brief's Atom feed and the index page from the editions folder.

    Publishing does this too; run it after changing base_url or author in briefgen.yaml.
    Warns about editions whose manifest is missing, truncated or invalid (they are left out).
    """
    from briefgen.build.lock import build_lock  # lazy: keeps CLI start-up fast
    from briefgen.editions.feed import write_feeds  # lazy: keeps CLI start-up fast

    project = load_project(project_dir.resolve())
    with build_lock(project.build_dir, wait=wait):
        warnings = write_feeds(project)
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(f"briefgen: feeds and index written in {project.settings.editions}/")
