"""``briefgen init``."""

from __future__ import annotations

from pathlib import Path

import click

from briefgen.commands.options import EPILOG


@click.command(epilog=EPILOG)
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def init(directory: Path) -> None:
    """Create a new content repository in DIRECTORY that builds as it stands."""
    from briefgen.content.starter import scaffold  # lazy: keeps CLI start-up fast

    for path in scaffold(directory):
        click.echo(f"created {path}")
    click.echo(f"\nNext: briefgen build --project {directory}")
