"""``briefgen publish``: build, then record each brief whose content changed as a new edition."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from briefgen.commands.build import build
from briefgen.commands.completion import complete_audiences, complete_briefings
from briefgen.commands.options import EPILOG, as_of_option, project_option
from briefgen.commands.shard_option import shard_option

if TYPE_CHECKING:
    from briefgen.build.shard import Shard


@click.command(epilog=EPILOG)
@click.argument("briefing_ids", nargs=-1, metavar="[BRIEFING_ID]...", shell_complete=complete_briefings)
@click.option("--audience", "-a", "audiences", multiple=True, help="Only this audience (repeatable).",
              shell_complete=complete_audiences)
@click.option("--jobs", "-j", type=click.IntRange(min=1), help="Worker processes. Default: the number of cores.")
@click.option("--explain", is_flag=True, help="Say for every target and edition what was done, and why.")
@click.option("--strict", is_flag=True,
              help="Fail (exit code 3) rather than publish a brief showing facts past their review date.")
@click.option("--wait", is_flag=True, help="If another build of this project is running, wait for it.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing unless something fails or needs repair.")
@click.option("--allow-older", is_flag=True, help="Allow an edition dated before the latest one (normally refused).")
@shard_option
@as_of_option
@project_option
@click.pass_context
def publish(ctx: click.Context, briefing_ids: tuple[str, ...], audiences: tuple[str, ...], jobs: int | None,
            explain: bool, strict: bool, wait: bool, quiet: bool, allow_older: bool, shard: Shard | None,
            as_of: str | None, project_dir: Path) -> None:
    """Build the briefs, then publish each whose content changed since its last edition.

    An edition is a copy of a brief's outputs with a manifest, in editions/<briefing>/<date>/
    (a later revision the same day: <date>.2). A brief whose content is that of its last edition
    makes no new one. The feeds (editions/<briefing>/feed.atom) and the index (editions/index.html)
    are rewritten. Same as `briefgen build --publish`.
    """
    ctx.invoke(build, briefing_ids=briefing_ids, audiences=audiences, formats=(), jobs=jobs, force=False,
               dry_run=False, explain=explain, fail_fast=False, strict=strict, wait=wait, quiet=quiet,
               publish=True, allow_older=allow_older, shard=shard, as_of=as_of, project_dir=project_dir)
