"""Shell completion: briefing ids and audiences, read from the project's specs as the user types (formats
complete through their click.Choice); and ``briefgen completion SHELL``, which prints the script to load."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from click.shell_completion import CompletionItem, get_completion_class

from briefgen.layout import Layout, find_root

SHELLS = ("bash", "zsh", "fish")


def _root(ctx: click.Context) -> Path | None:
    given = ctx.params.get("project_dir")
    return find_root(Path(given) if given else Path.cwd(), walk_up=not given)


def _specs(ctx: click.Context) -> list[Path]:
    try:
        root = _root(ctx)
        return Layout(root).spec_files() if root else []
    except OSError:
        return []


def _read(spec: Path) -> Any:
    """A spec's data, read leniently (None when it cannot be read): completion does not validate."""
    import yaml  # lazy: keeps CLI start-up (and each TAB) fast

    try:
        return yaml.safe_load(spec.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None


def complete_briefings(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """The ids of the project's briefings that start with what was typed: its specs' file names, and the
    ids of the briefings a spec's matrix makes."""
    from briefgen.content.matrix import briefing_ids  # lazy: keeps CLI start-up fast

    return [CompletionItem(bid) for bid in briefing_ids(_specs(ctx), spec_ids=True) if bid.startswith(incomplete)]


def complete_audiences(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """The audiences the project's specs name, each once."""
    found: set[str] = set()
    for spec in _specs(ctx):
        data = _read(spec)
        audience = data.get("audience") if isinstance(data, dict) else None
        if isinstance(audience, str) and audience.startswith(incomplete):
            found.add(audience)
    return [CompletionItem(a) for a in sorted(found)]


@click.command()
@click.argument("shell", type=click.Choice(SHELLS))
def completion(shell: str) -> None:
    """Print the script that makes SHELL complete briefgen's commands, briefing ids, audiences and formats.
    Load it from your shell's start-up file, e.g. for bash: eval "$(briefgen completion bash)"."""
    cls = get_completion_class(shell)
    assert cls is not None  # every name in SHELLS is one of click's
    root = click.get_current_context().find_root().command
    click.echo(cls(root, {}, "briefgen", "_BRIEFGEN_COMPLETE").source())
