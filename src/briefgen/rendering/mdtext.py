"""Putting untrusted text into Markdown as literal text, and trusted fragments as-is."""

from __future__ import annotations

import re

# Characters that can start inline markup anywhere in a line (CommonMark plus the
# table, strikethrough and footnote extensions we enable).
_INLINE = re.compile(r"([\\`*_<>&~|])")
# Brackets matter only where they can open a link, image, note or reference: "](", "][", "]:",
# "[^" and "![". Elsewhere they stay bare, so the Markdown edition reads cleanly.
_BRACKETS = re.compile(r"\](?=[(\[:])|\[(?=\^)|!(?=\[)|\[(?=[^\]]*\][(\[:])")
# Block markers that matter only at the start of a line.
_BLOCK_START = re.compile(r"^([#>+=-])")
_ORDERED_START = re.compile(r"^(\d+)([.)])")


class Markdown(str):
    """A fragment of trusted Markdown: passed through without escaping."""

    def __markdown__(self) -> str:
        return str(self)


def escape(text: object) -> Markdown:
    """``text`` as Markdown that renders back to exactly that text.

    Whitespace runs (newlines included) fold to one space, so a value can never
    start a block or end a line with a hard break.
    """
    if hasattr(text, "__markdown__"):
        return Markdown(text.__markdown__())
    folded = " ".join(str(text).split())
    escaped = _INLINE.sub(r"\\\1", folded)
    escaped = _BRACKETS.sub(lambda m: "\\" + m.group(), escaped)
    escaped = _BLOCK_START.sub(r"\\\1", escaped)
    escaped = _ORDERED_START.sub(r"\1\\\2", escaped)
    return Markdown(escaped)
