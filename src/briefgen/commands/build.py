"""``briefgen build``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from briefgen.commands.options import EPILOG, as_of_option, project_option


@click.command(epilog=EPILOG)
@click.argument("briefing_ids", nargs=-1, metavar="[BRIEFING_ID]...")
@click.option("--audience", "-a", "audiences", multiple=True, help="Only this audience (repeatable).")
@click.option("--format", "-f", "formats", multiple=True, type=click.Choice(["md", "html", "pdf", "docx"]),
              help="Only this format (repeatable).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), help="Worker processes. Default: the number of cores.")
@click.option("--force", is_flag=True, help="Rebuild every target, current or not.")
@click.option("--dry-run", "-n", is_flag=True, help="Say what would be built; write nothing.")
@click.option("--explain", is_flag=True, help="Say for every target why it is or is not rebuilt.")
@click.option("--fail-fast", is_flag=True, help="Stop at the first failed target.")
@click.option("--strict", is_flag=True,
              help="Fail (exit code 3) rather than publish a brief showing facts past their review date.")
@click.option("--wait", is_flag=True, help="If another build of this project is running, wait for it.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing unless something fails.")
@as_of_option
@project_option
def build(briefing_ids: tuple[str, ...], audiences: tuple[str, ...], formats: tuple[str, ...],
          jobs: int | None, force: bool, dry_run: bool, explain: bool, fail_fast: bool, strict: bool,
          wait: bool, quiet: bool, as_of: str | None, project_dir: Path) -> None:
    """Build briefs into build/: all of them, or those named by id or audience.

    Only targets whose inputs changed are rebuilt; outputs are written only when
    their bytes change, atomically.
    """
    from briefgen.build.options import Options
    from briefgen.build.run import run
    from briefgen.content.settings import load as load_settings
    from briefgen.editions.dates import edition_date

    root = project_dir.resolve()
    settings, _ = load_settings(root)
    edition = edition_date(as_of, settings.timezone)
    opts = Options(briefing_ids, audiences, formats, jobs or 0, force, dry_run, fail_fast, wait, strict)
    verbose = explain or dry_run or (sys.stdout.isatty() and not quiet)

    def report(target: str, status: str, detail: str) -> None:
        if status in ("failed", "stale") or (verbose and (status != "current" or explain)):
            line = f"{status:>12}  build/{target}"
            click.echo(f"{line}  ({detail})" if detail and (explain or dry_run or status == "removed") else line)

    result = run(root, opts, edition, report)
    if not quiet:
        click.echo(result.summary(edition))
    result.raise_for_failures()
