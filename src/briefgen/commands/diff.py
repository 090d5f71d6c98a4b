"""``briefgen diff``."""

from __future__ import annotations

from pathlib import Path

import click

from briefgen.commands.completion import complete_briefings
from briefgen.commands.options import EPILOG, as_of_option, load_project, project_option
from briefgen.exceptions import relpath, visible


@click.command(epilog=EPILOG)
@click.argument("briefing_id", shell_complete=complete_briefings)
@click.option("--since", metavar="YYYY-MM-DD",
              help="The edition to compare with (its latest revision). Default: the one the brief compares with.")
@as_of_option
@project_option
def diff(briefing_id: str, since: str | None, as_of: str | None, project_dir: Path) -> None:
    """Print the facts added, changed and withdrawn in a brief since an earlier edition."""
    from briefgen.editions.dates import edition_date  # lazy: keeps CLI start-up fast
    from briefgen.editions.manifest import folder_of, scan  # lazy: keeps CLI start-up fast
    from briefgen.reports.diff import diff as run_diff  # lazy: keeps CLI start-up fast

    project = load_project(project_dir)
    edition = edition_date(as_of, project.settings.timezone)
    folder = folder_of(project.root, project.settings.editions, briefing_id)
    found = scan(folder, relpath(folder, project.root))
    for warning in found.warnings:  # an edition skipped (a manifest truncated or of the wrong types) is said
        click.echo(visible(f"warning: {warning}"), err=True)
    if not as_of:  # by default, the brief as of its latest edition, even one dated ahead of today
        edition = max([edition, *(e.date for e in found.editions)])
    since_date = edition_date(since, project.settings.timezone) if since else None
    click.echo(visible(run_diff(project, briefing_id, edition, since_date)))
