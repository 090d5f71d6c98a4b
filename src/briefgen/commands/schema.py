"""``briefgen schema``."""

from __future__ import annotations

import click

from briefgen.commands.options import EPILOG


@click.command(epilog=EPILOG)
@click.argument("kind", type=click.Choice(["fact-file", "briefing", "settings"]), required=False)
def schema(kind: str | None) -> None:
    """Print JSON Schemas for fact files, briefing specs and settings (for editors)."""
    import json  # lazy: keeps CLI start-up fast

    from briefgen.content.schema import schemas  # lazy: keeps CLI start-up fast

    chosen = schemas()
    click.echo(json.dumps(chosen[kind] if kind else chosen, indent=2, sort_keys=True))
