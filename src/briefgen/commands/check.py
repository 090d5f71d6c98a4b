"""``briefgen check``."""

from __future__ import annotations

from pathlib import Path

import click

from briefgen.commands.options import EPILOG, as_of_option, project_option


@click.command(epilog=EPILOG)
@click.option("--report", is_flag=True,
              help="Per brief: pages, words, reading score, longest sentences, flagged words, marking, sources.")
@click.option("--strict", is_flag=True, help="Treat failed quality gates and facts past review as errors (exit 1).")
@as_of_option
@project_option
def check(report: bool, strict: bool, as_of: str | None, project_dir: Path) -> None:
    """Validate facts, sources, specs and templates; list every problem and failed gate. Writes nothing."""
    from briefgen.reports.check import check_project

    click.echo(check_project(project_dir, as_of, report=report, strict=strict))
