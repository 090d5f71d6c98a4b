"""``briefgen serve``."""

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
              help="Only this format (repeatable); html is what the browser shows.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="The address to listen on. Anything but this machine (127.0.0.1, ::1, localhost) lets others "
                   "on the network read the briefs: a warning is printed.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="The port to listen on (0: any free port).")
@as_of_option
@project_option
def serve(briefing_ids: tuple[str, ...], audiences: tuple[str, ...], formats: tuple[str, ...], host: str,
          port: int, as_of: str | None, project_dir: Path) -> None:
    """Preview the briefs in a browser: serve their HTML editions (and each PDF one click away), rebuild
    whenever an input is saved, and reload the open page; a build error shows in the page. Ctrl-C or SIGTERM stops."""
    import threading  # lazy: keeps CLI start-up fast

    from briefgen.build.options import Options  # lazy: keeps CLI start-up fast
    from briefgen.build.serve import is_loopback, start  # lazy: keeps CLI start-up fast
    from briefgen.build.terminate import sigterm_interrupts  # lazy: keeps CLI start-up fast

    root = project_dir.resolve()

    edition, report = edition_reader(root, as_of), report_rebuilt

    if not is_loopback(host):
        click.echo(f"warning: serving on {host}, not this machine only: anyone who can reach it can read "
                   "every brief, whatever its marking", err=True)
    with sigterm_interrupts() as stop:
        running = start(root, Options(ids=briefing_ids, audiences=audiences, formats=formats, wait=True), edition,
                        host, port, click.echo, report)
        click.echo(f"serving {root} at {running.url} (Ctrl-C to stop)")
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            click.echo(stop.message())
        finally:
            running.stop()
