"""The command line reference page (``docs/cli.md``), made from the click commands' own help.

``python -m briefgen.commands.clidoc`` (run by ``make golden``) rewrites the page; ``tests/test_docs_pages.py``
fails when it is out of step with the commands. The help is formatted at a fixed width, so the page does not
depend on the terminal it is made in.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import click

#: The page, from the repository root.
PAGE = "docs/cli.md"
#: The width the help is wrapped at on the page.
WIDTH = 100

HEAD = """# Command line reference

Every command's `--help`, as `briefgen <command> --help` prints it. This page is generated from the
commands themselves by `make golden` (`python -m briefgen.commands.clidoc`); a test keeps it in step.
[Operations](operations.md) explains the commands at more length.
"""


def commands(group: click.Group, ctx: click.Context) -> Iterator[tuple[str, click.Context]]:
    """Each command under ``group``, depth first in name order, with the context its help is made in."""
    for name in sorted(group.list_commands(ctx)):
        command = group.get_command(ctx, name)
        if command is None or command.hidden:
            continue
        sub = click.Context(command, info_name=name, parent=ctx, terminal_width=WIDTH, max_content_width=WIDTH)
        yield sub.command_path, sub
        if isinstance(command, click.Group):
            yield from commands(command, sub)


def page(cli: click.Group) -> str:
    """The reference page for ``cli``: its own help, then each command's under a heading of its path."""
    settings = {**cli.context_settings, "terminal_width": WIDTH, "max_content_width": WIDTH}
    root = click.Context(cli, info_name="briefgen", **settings)
    parts = [HEAD, "## briefgen\n", block(cli.get_help(root))]
    for path, ctx in commands(cli, root):
        parts += [f"## {path}\n", block(ctx.command.get_help(ctx))]
    return "\n".join(parts)


def block(text: str) -> str:
    """``text`` as a fenced block of plain text."""
    return f"```text\n{text.rstrip()}\n```\n"


def main(path: str = PAGE) -> None:
    from briefgen.commands import cli

    target = Path(path)
    text = page(cli)
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main(*sys.argv[1:2])
