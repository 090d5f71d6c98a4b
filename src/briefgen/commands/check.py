"""``briefgen check``."""

from __future__ import annotations

from pathlib import Path

import click

from briefgen.commands.options import EPILOG, as_of_option, project_option
from briefgen.exceptions import visible


@click.command(epilog=EPILOG)
@click.option("--report", is_flag=True,
              help="Per brief: pages, words, reading score, longest sentences, flagged words, marking, sources.")
@click.option("--strict", is_flag=True,
              help="Treat failed quality gates, facts past review, copying from a source, changed archived texts "
                   "and (where a briefing has require_evidence) facts without verified evidence as errors (exit 1).")
@click.option("--evidence", is_flag=True,
              help="Write one fact-check report per source to build/fact-check/: every fact resting on it, "
                   "with its phrases.")
@as_of_option
@project_option
def check(report: bool, strict: bool, evidence: bool, as_of: str | None, project_dir: Path) -> None:
    """Validate facts, sources, specs and templates; verify every evidence phrase against the source
    archive; list every problem and failed gate. Writes nothing unless --evidence."""
    from briefgen.reports.check import check_project  # lazy: keeps CLI start-up fast

    click.echo(visible(check_project(project_dir, as_of, report=report, strict=strict, evidence=evidence)))
