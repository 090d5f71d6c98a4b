"""The ``--shard K/N`` option of ``build`` and ``publish``."""

from __future__ import annotations

from typing import Any

import click

from briefgen.build.shard import Shard


class ShardType(click.ParamType[Shard]):
    """``K/N``: shard K (1-based) of N; anything else is a usage error (exit 2)."""

    name = "K/N"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Shard:
        if isinstance(value, Shard):
            return value
        try:
            return Shard.parse(str(value))
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


shard_option = click.option(
    "--shard", type=ShardType(), metavar="K/N",
    help="Build only shard K of N (1-based): the briefings whose id hashes to K (SHA-256 of the id, modulo N), "
         "so adding a briefing moves no other. Run the N shards on N machines with one --as-of, then "
         "`briefgen merge` their trees.",
)
