"""``briefgen render``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from briefgen.commands.completion import complete_briefings
from briefgen.commands.options import EPILOG, FORMATS, as_of_option, load_project, project_option


@click.command(epilog=EPILOG)
@click.argument("briefing_id", shell_complete=complete_briefings)
@click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default="md",
              show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write here. Default: stdout (for pdf and docx, only when stdout is not a terminal).")
@as_of_option
@project_option
def render(briefing_id: str, fmt: str, output: Path | None, as_of: str | None,
           project_dir: Path) -> None:
    """Render one brief in one format."""
    from briefgen.build.outputs import write_atomic  # lazy: keeps CLI start-up fast
    from briefgen.build.pipeline import Pipeline  # lazy: keeps CLI start-up fast
    from briefgen.build.render_target import refuse_kept  # lazy: keeps CLI start-up fast
    from briefgen.editions.dates import edition_date  # lazy: keeps CLI start-up fast
    from briefgen.writers.registry import writer  # lazy: keeps CLI start-up fast

    project = load_project(project_dir)
    if output is not None:
        refuse_kept(project, output)
    briefing = project.one(briefing_id)
    pipeline = Pipeline(project)
    rendered = pipeline.markdown(briefing, edition_date(as_of, project.settings.timezone))
    binary = writer(fmt).binary
    if output is None and binary and sys.stdout.isatty():
        raise click.UsageError(f"a {fmt.upper()} is not written to a terminal: give -o FILE, or redirect stdout")
    data = pipeline.output(rendered, fmt)
    if output is None:
        if binary:
            sys.stdout.flush()
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        else:
            click.echo(data.decode("utf-8"), nl=False)
        return
    if output.exists() and not output.is_file() and not output.is_symlink():
        # A device or a pipe (-o /dev/null, a FIFO): written through, as a shell's > would; renaming a
        # file over it would replace /dev/null itself when run as root.
        with open(output, "wb") as handle:
            handle.write(data)
    else:
        write_atomic(output, data)
    click.echo(f"wrote {output}", err=True)
