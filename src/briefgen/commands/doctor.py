"""``briefgen doctor``."""

from __future__ import annotations

from pathlib import Path

import click

from briefgen.commands.options import EPILOG, project_root
from briefgen.exceptions import BriefgenError
from briefgen.layout import find_root


@click.command(epilog=EPILOG)
@click.option("--project", "-p", "project_dir", type=click.Path(file_okay=False, path_type=Path), metavar="DIR",
              help="The project whose fonts to check. Default: the one around the current folder, if any.")
def doctor(project_dir: Path | None) -> None:
    """Check what briefgen needs on this machine: system libraries, HarfBuzz subsetting, the
    themes' fonts, test tools; show versions; say how to install what is missing (exit 1)."""
    from briefgen.reports.doctor import APT, diagnose, report  # lazy: keeps CLI start-up fast

    if project_dir is not None:
        root: Path | None = project_root(project_dir)
    else:
        try:
            root = find_root(Path.cwd())
        except FileNotFoundError:  # the current folder was removed: check the machine alone
            root = None
    diagnosis = diagnose(root)
    click.echo(report(diagnosis))
    if diagnosis.missing:
        packages = " ".join(dict.fromkeys(c.package for c in diagnosis.missing if c.package))
        how = f"; install with: {APT} {packages}" if packages else ""
        raise BriefgenError(f"missing: {', '.join(c.label for c in diagnosis.missing)}{how}")
