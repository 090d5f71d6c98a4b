"""A template's source read without running it: its literal text with line numbers, where it prints or
cites facts, and which parts are the team's own words (``{% call ours(...) %}``), partials included.

The uncited-claim check (:mod:`briefgen.checks.claims`) and the review baseline
(:mod:`briefgen.checks.review`) work from this: Jinja's own parser, so a line number is the line
the author wrote.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import jinja2
from jinja2 import meta, nodes

from briefgen.templating.ours import OURS_KINDS


@dataclass(frozen=True)
class Piece:
    """One thing a template writes, in order: literal text, a fact it prints or cites, or another value."""

    file: str  # the template's name inside templates/, e.g. partials/notes.md.j2
    line: int
    kind: str  # "text", "print" (a fact printed), "cite" (a fact cited), "value" (any other printed value)
    text: str = ""  # the literal text, for "text"
    fact: str | None = None  # the fact id, for a fact("id") call
    ours: str | None = None  # the kind of the enclosing ours block, if any


def templates_of(env: jinja2.Environment, name: str) -> list[str]:
    """``name`` and every template it includes, imports or extends, each once, in order found."""
    found: dict[str, None] = {}
    queue = [name]
    while queue:
        current = queue.pop(0)
        if current in found:
            continue
        found[current] = None
        source = env.loader.get_source(env, current)[0] if env.loader else ""
        queue += [n for n in meta.find_referenced_templates(env.parse(source)) if n and n not in found]
    return list(found)


def pieces(env: jinja2.Environment, name: str) -> list[Piece]:
    """What the template ``name`` writes, in source order (not including its partials)."""
    source = env.loader.get_source(env, name)[0] if env.loader else ""
    return list(_walk(env.parse(source), name, None))


def _fact_id(node: nodes.Node) -> str | None:
    if (isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name) and node.node.name == "fact"
            and node.args and isinstance(node.args[0], nodes.Const) and isinstance(node.args[0].value, str)):
        return node.args[0].value
    return None


def _ours_kind(node: nodes.CallBlock) -> str | None:
    call = node.call
    if isinstance(call.node, nodes.Name) and call.node.name == "ours":
        arg = call.args[0] if call.args else None
        kind = arg.value if isinstance(arg, nodes.Const) else None
        return kind if kind in OURS_KINDS else "framing"
    return None


def _walk(node: nodes.Node, name: str, ours: str | None) -> Iterator[Piece]:
    if isinstance(node, nodes.TemplateData):
        yield Piece(name, node.lineno, "text", text=node.data, ours=ours)
        return
    if isinstance(node, nodes.CallBlock):
        inner = _ours_kind(node) or ours
        for child in node.body:
            yield from _walk(child, name, inner)
        return
    if isinstance(node, nodes.Getattr) and _fact_id(node.node):
        yield Piece(name, node.lineno, "cite" if node.attr == "cite" else "print", fact=_fact_id(node.node), ours=ours)
        return
    if _fact_id(node):
        yield Piece(name, node.lineno, "print", fact=_fact_id(node), ours=ours)
        return
    if isinstance(node, nodes.Output):
        for child in node.nodes:
            if isinstance(child, nodes.TemplateData) or _fact_id(child) or (
                    isinstance(child, nodes.Getattr) and _fact_id(child.node)):
                yield from _walk(child, name, ours)
            else:
                found = list(_walk(child, name, ours))
                yield from found
                if not any(p.kind in ("print", "cite") for p in found):
                    yield Piece(name, child.lineno, "value", ours=ours)
        return
    for child in node.iter_child_nodes():
        yield from _walk(child, name, ours)


def fact_lines(env: jinja2.Environment, name: str, templates_dir: Path | None = None) -> dict[str, list[str]]:
    """For each fact id named in ``name`` or its partials, the 'file:line' of every use, in order."""
    uses: dict[str, list[str]] = {}
    prefix = f"{templates_dir.as_posix()}/" if templates_dir else ""
    for template in templates_of(env, name):
        for piece in pieces(env, template):
            if piece.fact:
                where = f"{prefix}{template}:{piece.line}"
                if where not in uses.setdefault(piece.fact, []):
                    uses[piece.fact].append(where)
    return uses
