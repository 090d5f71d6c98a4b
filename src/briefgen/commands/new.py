"""``briefgen new briefing``."""

from __future__ import annotations

from pathlib import Path

import click

from briefgen.commands.options import EPILOG, project_option


@click.group(epilog=EPILOG)
def new() -> None:
    """Add something to the project from the starter kit's pattern."""


@new.command(epilog=EPILOG)
@click.argument("briefing_id")
@click.option("--audience", "-a", required=True, help="The audience it is written for (its wording, template and "
                                                        "stylesheet are named after it).")
@project_option
def briefing(briefing_id: str, audience: str, project_dir: Path) -> None:
    """Write briefings/BRIEFING_ID.yaml and, when the audience has none yet, templates/AUDIENCE.md.j2 and
    templates/styles/AUDIENCE.css: they build as they stand."""
    from briefgen.content.new_briefing import new_briefing  # lazy: keeps CLI start-up fast

    for path, status in new_briefing(project_dir, briefing_id, audience):
        click.echo(f"{status:>8} {path.relative_to(project_dir)}")
    click.echo(f"\nNext: briefgen build {briefing_id} (or briefgen serve)")
