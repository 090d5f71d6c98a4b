"""``briefgen watch``."""

from __future__ import annotations

from pathlib import Path

import click

from briefgen.commands.completion import complete_audiences, complete_briefings
from briefgen.commands.options import EPILOG, FORMATS, as_of_option, edition_reader, project_option, report_rebuilt


@click.command(epilog=EPILOG)
@click.argument("briefing_ids", nargs=-1, metavar="[BRIEFING_ID]...", shell_complete=complete_briefings)
@click.option("--audience", "-a", "audiences", multiple=True, help="Only this audience (repeatable).",
              shell_complete=complete_audiences)
@click.option("--format", "-f", "formats", multiple=True, type=click.Choice(FORMATS),
              help="Only this format (repeatable).")
@as_of_option
@project_option
def watch(briefing_ids: tuple[str, ...], audiences: tuple[str, ...], formats: tuple[str, ...],
          as_of: str | None, project_dir: Path) -> None:
    """Rebuild the affected briefs whenever a fact, spec, template or stylesheet is saved. Ctrl-C or SIGTERM stops."""
    from briefgen.build.options import Options  # lazy: keeps CLI start-up fast
    from briefgen.build.run import BuildInterrupted  # lazy: keeps CLI start-up fast
    from briefgen.build.terminate import sigterm_interrupts  # lazy: keeps CLI start-up fast
    from briefgen.build.watch import watch as run_watch  # lazy: keeps CLI start-up fast

    root = project_dir.resolve()

    edition, report = edition_reader(root, as_of), report_rebuilt

    opts = Options(ids=briefing_ids, audiences=audiences, formats=formats, wait=True)
    click.echo(f"watching {root} (Ctrl-C to stop)")
    with sigterm_interrupts() as stop:
        try:
            run_watch(root, opts, edition, click.echo, report)
        except BuildInterrupted as exc:  # stopped during a build: what was finished is recorded
            click.echo(f"stopped: {exc.format_message()}")
        except KeyboardInterrupt:
            click.echo(stop.message())
