"""``briefgen build``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from briefgen.commands.completion import complete_audiences, complete_briefings
from briefgen.commands.options import EPILOG, FORMATS, as_of_option, project_option
from briefgen.commands.shard_option import shard_option
from briefgen.exceptions import visible

if TYPE_CHECKING:
    from briefgen.build.shard import Shard


@click.command(epilog=EPILOG)
@click.argument("briefing_ids", nargs=-1, metavar="[BRIEFING_ID]...", shell_complete=complete_briefings)
@click.option("--audience", "-a", "audiences", multiple=True, help="Only this audience (repeatable).",
              shell_complete=complete_audiences)
@click.option("--format", "-f", "formats", multiple=True, type=click.Choice(FORMATS),
              help="Only this format (repeatable).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), help="Worker processes. Default: the number of cores.")
@click.option("--force", is_flag=True, help="Rebuild every target, current or not.")
@click.option("--dry-run", "-n", is_flag=True, help="Say what would be built; write nothing.")
@click.option("--explain", is_flag=True,
              help="Say for every target why it is or is not rebuilt (and build it; with --dry-run, say why "
                   "without building).")
@click.option("--fail-fast", is_flag=True, help="Stop at the first failed target.")
@click.option("--strict", is_flag=True,
              help="Fail (exit code 3) rather than publish a brief showing facts past their review date, "
                   "and fail a brief that fails a quality gate (without it, each failed gate is a warning).")
@click.option("--wait", is_flag=True, help="If another build of this project is running, wait for it.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing unless something fails.")
@click.option("--publish", is_flag=True,
              help="Then record each brief whose content changed as a new edition (see: briefgen publish --help).")
@click.option("--allow-older", is_flag=True, help="With --publish: allow an edition dated before the latest one.")
@shard_option
@as_of_option
@project_option
def build(briefing_ids: tuple[str, ...], audiences: tuple[str, ...], formats: tuple[str, ...],
          jobs: int | None, force: bool, dry_run: bool, explain: bool, fail_fast: bool, strict: bool,
          wait: bool, quiet: bool, publish: bool, allow_older: bool, shard: Shard | None, as_of: str | None,
          project_dir: Path) -> None:
    """Build briefs into build/: all of them, or those named by id or audience.

    Only targets whose inputs changed are rebuilt; outputs are written only when
    their bytes change, atomically. Nothing is published unless --publish is given.
    A target that fails does not stop the others; set BRIEFGEN_DEBUG=1 to see the
    traceback of an internal error.
    """
    from briefgen.build.options import Options  # lazy: keeps CLI start-up fast
    from briefgen.build.run import run  # lazy: keeps CLI start-up fast
    from briefgen.content.settings import load as load_settings  # lazy: keeps CLI start-up fast
    from briefgen.editions.dates import edition_date  # lazy: keeps CLI start-up fast

    if publish and (formats or dry_run):
        raise click.UsageError("--publish records every format of a brief: it cannot be combined with "
                               f"{'--format' if formats else '--dry-run'}")
    if allow_older and not publish:
        raise click.UsageError("--allow-older is for publishing: give --publish too")
    root = project_dir.resolve()
    settings, _ = load_settings(root)
    edition = edition_date(as_of, settings.timezone)
    opts = Options(ids=briefing_ids, audiences=audiences, formats=formats, jobs=jobs or 0, force=force,
                   dry_run=dry_run, fail_fast=fail_fast, wait=wait, strict=strict, publish=publish,
                   allow_older=allow_older, shard=shard)
    verbose = explain or dry_run or (sys.stdout.isatty() and not quiet)

    def report(target: str, status: str, detail: str) -> None:
        if status == "warning":
            click.echo(visible(f"warning: {detail}"), err=True)
        elif status == "gate":
            click.echo(f"warning: {target}: quality gate: {detail}", err=True)
        elif status == "repaired":
            click.echo(f"repaired: {target}: {detail}", err=True)
        elif status in ("published", "same edition"):
            if verbose:
                click.echo(f"{status:>12}  {target}  ({detail})" if explain else f"{status:>12}  {target}")
        elif status in ("failed", "stale") or (verbose and (status != "current" or explain)):
            line = f"{status:>12}  build/{target}"
            click.echo(f"{line}  ({detail})" if detail and (explain or dry_run or status == "removed") else line)

    result = run(root, opts, edition, report)
    for warning in result.warnings:
        click.echo(visible(f"warning: {warning}"), err=True)
    if not quiet:
        click.echo(result.summary(edition))
    result.raise_for_failures()
