"""Options and helpers shared by the commands."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from briefgen.content.model import FORMATS
from briefgen.exceptions import ProjectUsageError
from briefgen.layout import BRIEFINGS_DIR, FACTS_DIR, SETTINGS_FILE, find_root

if TYPE_CHECKING:
    from briefgen.content.project import Project  # lazy: keeps CLI start-up fast

__all__ = ["EPILOG", "FORMATS", "as_of_option", "load_project", "project_option"]

EPILOG = "Exit codes: 0 success, 1 content or build error, 2 usage error, 3 stale facts under --strict."


def project_root(given: Path | None) -> Path:
    """The project's root, resolved: ``given`` itself, which must be one, or else the nearest
    folder from the current one up that is one (as git finds its repository).

    A folder that is not a project is refused before anything is written there.
    """
    if given is None:
        try:
            start = Path.cwd()
        except FileNotFoundError:
            raise ProjectUsageError("the current folder no longer exists") from None
        root = find_root(start)
        if root is None:
            raise ProjectUsageError(f"{_NOT_A_PROJECT} in {start} or its parents ({_HINT})")
        return root
    if not given.is_dir():
        raise ProjectUsageError(f"not a briefgen project: no folder {given.absolute()}")
    if not os.access(given, os.R_OK | os.X_OK):
        raise ProjectUsageError(f"cannot read {given.resolve()}: permission denied")
    root = find_root(given, walk_up=False)
    if root is None:
        above = find_root(given)
        hint = f"did you mean the project at {above}?" if above else _HINT
        raise ProjectUsageError(f"{_NOT_A_PROJECT} in {given.resolve()} ({hint})")
    return root


_NOT_A_PROJECT = f"not a briefgen project: no {SETTINGS_FILE}, {FACTS_DIR}/ or {BRIEFINGS_DIR}/"
_HINT = (f"a project's root holds {SETTINGS_FILE}, or both {FACTS_DIR}/ and {BRIEFINGS_DIR}/; "
         "`briefgen init DIR` creates one")


def _resolve_project(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path:
    return project_root(value)


project_option = click.option(
    "--project", "-p", "project_dir", type=click.Path(file_okay=False, path_type=Path),
    callback=_resolve_project, metavar="DIR",
    help=f"The project's root folder (holding {SETTINGS_FILE}, or {FACTS_DIR}/ and {BRIEFINGS_DIR}/). "
         "Default: the current folder or the nearest one above it that is a project.",
)
as_of_option = click.option(
    "--as-of", metavar="YYYY-MM-DD",
    help="Edition date. Default: SOURCE_DATE_EPOCH's date, else today in the project's time zone.",
)


def load_project(project_dir: Path) -> Project:
    """Load and validate the project, raising one error that lists every problem."""
    from briefgen.content import project  # lazy: keeps CLI start-up fast

    return project.load(project_dir)


def edition_reader(root: Path, as_of: str | None) -> Callable[[], dt.date]:
    """The edition date for `watch` and `serve`, read again at every rebuild (the settings' time zone may
    change while they run, and the day may turn)."""
    from briefgen.content.settings import load as load_settings  # lazy: keeps CLI start-up fast
    from briefgen.editions.dates import edition_date  # lazy: keeps CLI start-up fast

    def edition() -> dt.date:
        return edition_date(as_of, load_settings(root)[0].timezone)

    return edition


def report_rebuilt(target: str, status: str, detail: str) -> None:
    """One line per target that `watch` or `serve` rebuilt (current ones are not reported)."""
    if status != "current":
        click.echo(f"{status:>12}  build/{target}  ({detail})")
