"""``briefgen audit``."""

from __future__ import annotations

from pathlib import Path

import click

from briefgen.commands.completion import complete_briefings
from briefgen.commands.options import EPILOG, as_of_option, load_project, project_option
from briefgen.exceptions import visible


@click.command(epilog=EPILOG)
@click.argument("briefing_id", shell_complete=complete_briefings)
@as_of_option
@project_option
def audit(briefing_id: str, as_of: str | None, project_dir: Path) -> None:
    """Show the facts that went into a brief (ids and markings), those left out, and why."""
    from briefgen.editions.dates import edition_date  # lazy: keeps CLI start-up fast
    from briefgen.reports.audit import audit as run_audit  # lazy: keeps CLI start-up fast

    project = load_project(project_dir)
    click.echo(visible(run_audit(project, briefing_id, edition_date(as_of, project.settings.timezone))))
