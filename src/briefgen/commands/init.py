"""``briefgen init``."""

from __future__ import annotations

from pathlib import Path

import click

from briefgen.commands.options import EPILOG


@click.command(epilog=EPILOG)
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--no-git", is_flag=True, help="Do not run `git init` (it runs only where git is installed and "
                                             "DIRECTORY is not already inside a repository).")
def init(directory: Path, no_git: bool) -> None:
    """Create a new content repository in DIRECTORY that builds as it stands: the house theme with its
    fonts, the title, header, changes and notes partials, and two example audiences (md, html, pdf)."""
    from briefgen.content.starter import git_init, scaffold  # lazy: keeps CLI start-up fast

    for path in scaffold(directory):
        click.echo(f"created {path}")
    done = None if no_git else git_init(directory)
    if done:
        click.echo(done)
    click.echo(f"\nNext: cd {directory} && briefgen build, then briefgen serve to preview")
