"""``briefgen review`` and ``briefgen accept``."""

from __future__ import annotations

from pathlib import Path

import click

from briefgen.commands.options import EPILOG, as_of_option, load_project, project_option


@click.command(epilog=EPILOG)
@click.argument("briefing_id")
@as_of_option
@project_option
def review(briefing_id: str, as_of: str | None, project_dir: Path) -> None:
    """List the facts a brief's words rest on that changed since its review baseline (briefings/ID.lock),
    the template lines and wordings that rest on each, and a word diff of the change."""
    from briefgen.editions.dates import edition_date  # lazy: keeps CLI start-up fast
    from briefgen.reports.review import review_brief  # lazy: keeps CLI start-up fast

    project = load_project(project_dir)
    click.echo(review_brief(project, briefing_id, edition_date(as_of, project.settings.timezone)))


@click.command(epilog=EPILOG)
@click.argument("briefing_id")
@click.argument("fact_ids", nargs=-1)
@as_of_option
@project_option
def accept(briefing_id: str, fact_ids: tuple[str, ...], as_of: str | None, project_dir: Path) -> None:
    """Record that the brief's prose and wordings were reviewed against the facts now (FACT_IDS, or all):
    rewrites briefings/ID.lock, one line per fact."""
    from briefgen.editions.dates import edition_date  # lazy: keeps CLI start-up fast
    from briefgen.reports.review import accept as run_accept  # lazy: keeps CLI start-up fast

    project = load_project(project_dir)
    click.echo(run_accept(project, briefing_id, fact_ids, edition_date(as_of, project.settings.timezone)))
