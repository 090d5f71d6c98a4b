"""The command line: a thin click layer; each command calls one function.

Exit codes: 0 success; 1 content, template or build error; 2 usage error.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from briefgen import __version__

EPILOG = "Exit codes: 0 success, 1 content or build error, 2 usage error, 3 stale facts under --strict."
project_option = click.option(
    "--project", "-p", "project_dir", type=click.Path(file_okay=False, path_type=Path),
    default=".", show_default=True, help="The content repository.",
)
as_of_option = click.option(
    "--as-of", metavar="YYYY-MM-DD",
    help="Edition date. Default: SOURCE_DATE_EPOCH's date, else today in the project's time zone.",
)


@click.group(epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="briefgen")
def cli() -> None:
    """Build sourced policy briefs from a YAML fact base, per audience, as Markdown and PDF."""


def _load(project_dir: Path):  # type: ignore[no-untyped-def]
    from briefgen.content import project

    return project.load(project_dir)


@cli.command(epilog=EPILOG)
@click.argument("briefing_ids", nargs=-1, metavar="[BRIEFING_ID]...")
@click.option("--audience", "-a", "audiences", multiple=True, help="Only this audience (repeatable).")
@click.option("--format", "-f", "formats", multiple=True, type=click.Choice(["md", "html", "pdf"]),
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
    from briefgen.build.run import Options, run
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


@cli.command(epilog=EPILOG)
@click.argument("briefing_id")
@click.option("--format", "-f", "fmt", type=click.Choice(["md", "html", "pdf"]), default="md",
              show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write here. Default: stdout (for pdf, only when stdout is not a terminal).")
@as_of_option
@project_option
def render(briefing_id: str, fmt: str, output: Path | None, as_of: str | None,
           project_dir: Path) -> None:
    """Render one brief in one format."""
    from briefgen.build.outputs import write_atomic
    from briefgen.build.run import Pipeline
    from briefgen.editions.dates import edition_date

    project = _load(project_dir)
    (briefing,) = project.select((briefing_id,))
    pipeline = Pipeline(project)
    rendered = pipeline.markdown(briefing, edition_date(as_of, project.settings.timezone))
    if output is None and fmt == "pdf" and sys.stdout.isatty():
        raise click.UsageError("a PDF is not written to a terminal: give -o FILE, or redirect stdout")
    data = pipeline.output(rendered, fmt)
    if output is None:
        if fmt == "pdf":
            sys.stdout.flush()
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        else:
            click.echo(data.decode("utf-8"), nl=False)
        return
    write_atomic(output, data)
    click.echo(f"wrote {output}", err=True)


@cli.command(epilog=EPILOG)
@click.option("--report", is_flag=True,
              help="Per brief: pages, words, reading score, longest sentences, flagged words, marking, sources.")
@click.option("--strict", is_flag=True, help="Treat failed quality gates and facts past review as errors (exit 1).")
@as_of_option
@project_option
def check(report: bool, strict: bool, as_of: str | None, project_dir: Path) -> None:
    """Validate facts, sources, specs and templates; list every problem and failed gate. Writes nothing."""
    from briefgen.build.check import check_project

    click.echo(check_project(project_dir, as_of, report=report, strict=strict))


@cli.command(name="list", epilog=EPILOG)
@click.option("--facts", "show_facts", is_flag=True, help="List the facts instead of the briefings.")
@project_option
def list_(show_facts: bool, project_dir: Path) -> None:
    """List the briefings (or, with --facts, the facts)."""
    from briefgen.content.tables import briefings_table, facts_table

    project = _load(project_dir)
    click.echo(facts_table(project) if show_facts else briefings_table(project))


@cli.command(epilog=EPILOG)
@click.argument("briefing_id")
@as_of_option
@project_option
def audit(briefing_id: str, as_of: str | None, project_dir: Path) -> None:
    """Show the facts that went into a brief (ids and markings), those left out, and why."""
    from briefgen.editions.dates import edition_date
    from briefgen.selection.audit import audit as run_audit

    project = _load(project_dir)
    click.echo(run_audit(project, briefing_id, edition_date(as_of, project.settings.timezone)))


@cli.command(epilog=EPILOG)
@click.argument("briefing_ids", nargs=-1, metavar="[BRIEFING_ID]...")
@click.option("--audience", "-a", "audiences", multiple=True, help="Only this audience (repeatable).")
@click.option("--format", "-f", "formats", multiple=True, type=click.Choice(["md", "html", "pdf"]),
              help="Only this format (repeatable).")
@as_of_option
@project_option
def watch(briefing_ids: tuple[str, ...], audiences: tuple[str, ...], formats: tuple[str, ...],
          as_of: str | None, project_dir: Path) -> None:
    """Rebuild the affected briefs whenever a fact, spec, template or stylesheet is saved. Ctrl-C stops."""
    from briefgen.build.run import Options
    from briefgen.build.watch import watch as run_watch
    from briefgen.content.settings import load as load_settings
    from briefgen.editions.dates import edition_date

    root = project_dir.resolve()

    def edition():  # type: ignore[no-untyped-def]
        return edition_date(as_of, load_settings(root)[0].timezone)

    def report(target: str, status: str, detail: str) -> None:
        if status != "current":
            click.echo(f"{status:>12}  build/{target}  ({detail})")

    opts = Options(briefing_ids, audiences, formats, wait=True)
    click.echo(f"watching {root} (Ctrl-C to stop)")
    try:
        run_watch(root, opts, edition, click.echo, report)
    except KeyboardInterrupt:
        click.echo("stopped")


@cli.command(epilog=EPILOG)
@click.argument("briefing_id")
@click.option("--since", metavar="YYYY-MM-DD", help="The edition to compare with. Default: the latest before now.")
@as_of_option
@project_option
def diff(briefing_id: str, since: str | None, as_of: str | None, project_dir: Path) -> None:
    """Print the facts added, changed and withdrawn in a brief since an earlier edition."""
    from briefgen.editions.dates import edition_date
    from briefgen.editions.manifest import edition_dates
    from briefgen.selection.audit import diff as run_diff

    project = _load(project_dir)
    edition = edition_date(as_of, project.settings.timezone)
    if not as_of:  # by default, the brief as of its latest edition, even one dated ahead of today
        edition = max([edition, *edition_dates(project.build_dir, briefing_id)])
    since_date = edition_date(since, project.settings.timezone) if since else None
    click.echo(run_diff(project, briefing_id, edition, since_date))


@cli.command(epilog=EPILOG)
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def init(directory: Path) -> None:
    """Create a new content repository in DIRECTORY that builds as it stands."""
    from briefgen.commands.init import scaffold

    for path in scaffold(directory):
        click.echo(f"created {path}")
    click.echo(f"\nNext: briefgen build --project {directory}")


@cli.command(epilog=EPILOG)
@click.argument("kind", type=click.Choice(["fact-file", "briefing", "settings"]), required=False)
def schema(kind: str | None) -> None:
    """Print JSON Schemas for fact files, briefing specs and settings (for editors)."""
    import json

    from briefgen.content.schema import schemas

    chosen = schemas()
    click.echo(json.dumps(chosen[kind] if kind else chosen, indent=2, sort_keys=True))


def main() -> None:
    """Entry point: run the CLI."""
    cli(prog_name="briefgen")
