"""``briefgen merge``: the trees of a sharded build's N shards made into one build of the project."""

from __future__ import annotations

from pathlib import Path

import click

from briefgen.commands.options import EPILOG, project_root


def _resolve_into(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path:
    return project_root(value)


@click.command(epilog=EPILOG)
@click.argument("shards", nargs=-1, required=True, metavar="DIR...",
                type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--into", "into", type=click.Path(file_okay=False, path_type=Path), callback=_resolve_into,
              metavar="DIR", help="The project to merge into (its build/ and editions folder). Default: the "
                                  "current folder or the nearest one above it that is a project.")
@click.option("--wait", is_flag=True, help="If a build of that project is running, wait for it.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing unless something fails.")
def merge(shards: tuple[Path, ...], into: Path, wait: bool, quiet: bool) -> None:
    """Merge the trees of the N shards of one build (`build --shard K/N` or `publish --shard K/N`) into a
    project, as one ordinary build of it would have left it.

    Each DIR holds one shard's build/ (with build/.briefgen-shard.json) and, when it published, its
    editions folder: a copy of the project the shard was built in, or just those two folders. Give
    every shard, 1 to N, once. Refused, changing nothing, when a shard is missing or given twice, or
    when the shards were built for different --as-of dates, from different inputs (facts, briefings,
    templates, assets, settings, source archive) or with different versions, or when the project has
    other inputs than theirs: the message names each difference.

    The project's build/ gets every shard's outputs and depfiles and one state recording them all;
    each briefing's editions folder is taken from the shard that builds it, and the feeds and
    indexes are rewritten from the merged editions.
    """
    from briefgen.build.merge import merge as run_merge  # lazy: keeps CLI start-up fast

    done = run_merge(into, list(shards), wait=wait)
    if not quiet:
        editions = f", {done.editions} edition folders" if done.editions else ""
        click.echo(f"briefgen: merged {done.shards} shards into {into}: {done.targets} targets{editions} "
                   f"(edition {done.edition})")
