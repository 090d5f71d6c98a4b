"""Blocks of a rendered brief and what each holds; portion marks ('(TLP:GREEN) ...') before paragraphs and bullets.

A template's raw output carries tags (see :mod:`briefgen.templating.usage`) saying which facts
and sources each piece of text came from. Here the output is cut into Markdown blocks
(paragraphs, list items, headings, notes, table rows), each block collects the tags on its
lines, and the tags are removed. With portion marks on, each paragraph and list item is
prefixed with the marking of what it holds.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from briefgen.templating.usage import Usage

_ITEM = re.compile(r"^(\s*(?:[-*+]|\d{1,9}[.)])\s+)")
#: Blocks that take no portion mark: headings, notes, table rows, fences, rules, and the fences of
#: a header block (``::: header uk`` ... ``:::``), whose lines inside are marked as any others.
_OTHER = re.compile(r"^\s*(?:#{1,6}\s|\[\^[^\]]+\]:|\||```|~~~|:::|(?:[-*_]\s*){3,}$)")


@dataclass
class Block:
    """One block of the brief: its lines (untagged), the keys ('fact:x', ...) of what it holds, and
    whether it holds words the template wrote itself (not printed from data)."""

    lines: list[str]
    keys: set[str] = field(default_factory=set)
    marked: bool = False  # a paragraph or a list item: it takes a portion mark
    own: bool = False

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def blocks(raw: str, usage: Usage) -> list[Block | str]:
    """The output as blocks, with blank lines kept between them as strings."""
    out: list[Block | str] = []
    current: Block | None = None
    fenced = False
    for found in usage.lines(raw):
        line, keys = found.text, found.keys
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            current = None
            out.append(Block([line], set(keys)))
            continue
        if fenced or not line.strip():
            if not line.strip() and current is not None and keys:
                current.keys |= keys
            current = None
            out.append(Block([line], set(keys)) if fenced else line)
            continue
        if _ITEM.match(line) or _OTHER.match(line) or current is None or not current.marked:
            current = Block([line], set(keys), marked=not _OTHER.match(line), own=found.own)
            out.append(current)
        else:  # a continuation line of a paragraph or list item
            current.lines.append(line)
            current.keys |= keys
            current.own |= found.own
    return out


def join(parts: list[Block | str], label: Callable[[Block], str] | None = None) -> str:
    """The text back from :func:`blocks`; with ``label``, each paragraph and list item starts with
    its portion mark, '(TLP:GREEN) '."""
    lines: list[str] = []
    for part in parts:
        if isinstance(part, str):
            lines.append(part)
            continue
        first, rest = part.lines[0], part.lines[1:]
        if label is not None and part.marked and first.strip():
            match = _ITEM.match(first)
            cut = match.end() if match else len(first) - len(first.lstrip())
            first = f"{first[:cut]}({label(part)}) {first[cut:]}"
        lines += [first, *rest]
    return "\n".join(lines)
