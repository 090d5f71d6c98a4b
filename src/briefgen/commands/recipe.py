"""``briefgen recipe``: print a scheduling recipe for a content repository."""

from __future__ import annotations

import click

from briefgen.commands.options import EPILOG

NAMES = ("cron", "systemd", "github", "gitlab", "publish", "shard-github", "shard-kubernetes")


@click.command(epilog=EPILOG)
@click.argument("name", type=click.Choice(NAMES))
def recipe(name: str) -> None:
    """Print the scheduling recipe NAME for a content repository that installs briefgen from a package
    index, pinned to this version: cron (a crontab line), systemd (a service and a timer), github (a
    GitHub Actions workflow), gitlab (a GitLab CI job), publish (contrib/publish.sh, the step every
    recipe runs), shard-github (a GitHub Actions matrix of `publish --shard K/4`, then `merge`) or
    shard-kubernetes (a Kubernetes Indexed Job of shards, then a merge Job). `briefgen init` writes
    them all into contrib/. A recipe of several files prints each after a '# file: PATH' line."""
    from briefgen.content.starter import recipe as files  # lazy: keeps CLI start-up fast

    found = files(name)
    for path, text in found:
        if len(found) > 1:
            click.echo(f"# file: {path}")
        click.echo(text, nl=False)
