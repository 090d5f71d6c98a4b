"""Options and helpers shared by the commands."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from briefgen.content.model import FORMATS

if TYPE_CHECKING:
    from briefgen.content.project import Project

__all__ = ["EPILOG", "FORMATS", "as_of_option", "load_project", "project_option"]

EPILOG = "Exit codes: 0 success, 1 content or build error, 2 usage error, 3 stale facts under --strict."
project_option = click.option(
    "--project", "-p", "project_dir", type=click.Path(file_okay=False, path_type=Path),
    default=".", show_default=True, help="The content repository.",
)
as_of_option = click.option(
    "--as-of", metavar="YYYY-MM-DD",
    help="Edition date. Default: SOURCE_DATE_EPOCH's date, else today in the project's time zone.",
)


def load_project(project_dir: Path) -> Project:
    """Load and validate the project, raising one error that lists every problem."""
    from briefgen.content import project

    return project.load(project_dir)
