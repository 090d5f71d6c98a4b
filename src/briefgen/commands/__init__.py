"""The command line: a thin click layer; each command calls one function.

Exit codes: 0 success; 1 content, template or build error; 2 usage error; 3 stale facts under --strict.
One module per command; each imports what it needs when it runs.
"""

from __future__ import annotations

import click

from briefgen import __version__
from briefgen.commands import audit as _audit
from briefgen.commands import build as _build
from briefgen.commands import check as _check
from briefgen.commands import completion as _completion
from briefgen.commands import diff as _diff
from briefgen.commands import doctor as _doctor
from briefgen.commands import feed as _feed
from briefgen.commands import init as _init
from briefgen.commands import list as _list
from briefgen.commands import merge as _merge
from briefgen.commands import new as _new
from briefgen.commands import publish as _publish
from briefgen.commands import recipe as _recipe
from briefgen.commands import render as _render
from briefgen.commands import review as _review
from briefgen.commands import schema as _schema
from briefgen.commands import serve as _serve
from briefgen.commands import watch as _watch
from briefgen.commands.options import EPILOG


@click.group(epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="briefgen")
def cli() -> None:
    """Build sourced policy briefs from a YAML fact base, per audience, as Markdown, HTML, PDF, plain text
    (for email) and Word."""


cli.add_command(_build.build)
cli.add_command(_render.render)
cli.add_command(_check.check)
cli.add_command(_list.list_)
cli.add_command(_audit.audit)
cli.add_command(_watch.watch)
cli.add_command(_serve.serve)
cli.add_command(_diff.diff)
cli.add_command(_init.init)
cli.add_command(_recipe.recipe)
cli.add_command(_new.new)
cli.add_command(_schema.schema)
cli.add_command(_doctor.doctor)
cli.add_command(_publish.publish)
cli.add_command(_feed.feed)
cli.add_command(_merge.merge)
cli.add_command(_review.review)
cli.add_command(_review.accept)
cli.add_command(_completion.completion)


def main() -> None:
    """Entry point: run the CLI."""
    cli(prog_name="briefgen")
