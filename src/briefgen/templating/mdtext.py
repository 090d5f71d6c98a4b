"""Putting untrusted text into Markdown as literal text, and trusted fragments as-is."""

from __future__ import annotations

import functools
import re

# Characters that can start inline markup anywhere in a line (CommonMark plus the
# table, strikethrough and footnote extensions we enable).
_INLINE = str.maketrans({char: "\\" + char for char in "\\`*_<>&~|"})
# What a "]" opens when followed by one of these: a link "](", a reference "][" or a definition "]:".
_OPENERS = ("(", "[", ":")
# Block markers that matter only at the start of a line.
_BLOCK_START = re.compile(r"[#>+=-]")
_ORDERED_START = re.compile(r"(\d+)([.)])")


class Markdown(str):
    """A fragment of trusted Markdown: passed through without escaping."""

    def __markdown__(self) -> str:
        return str(self)


def escape(text: object) -> Markdown:
    """``text`` as Markdown that renders back to exactly that text, in time linear in its length.

    Whitespace runs (newlines included) fold to one space, so a value can never
    start a block or end a line with a hard break.
    """
    if hasattr(text, "__markdown__"):
        return Markdown(text.__markdown__())
    return _escaped(str(text))


@functools.lru_cache(maxsize=1 << 16)
def _escaped(text: str) -> Markdown:
    """Escaping of a plain string, kept: the same fact texts recur in brief after brief."""
    folded = _fold(text)
    escaped = _escape_brackets(folded.translate(_INLINE))
    if _BLOCK_START.match(escaped):
        escaped = "\\" + escaped
    elif ordered := _ORDERED_START.match(escaped):
        escaped = f"{ordered.group(1)}\\{escaped[ordered.end(1):]}"
    return Markdown(escaped)


#: Whitespace that folds to one space: every kind but the no-break spaces (U+00A0, U+2007, U+202F), which keep
#: "3 000" and "12,5 %" together as the style guides and Babel's locale data set them.
_FOLDS = re.compile(r"[^\S\u00a0\u2007\u202f]+")


def _fold(text: str) -> str:
    """Runs of whitespace (newlines included) as one space, ends trimmed; no-break spaces kept inside."""
    return _FOLDS.sub(" ", text).strip()


def _escape_brackets(text: str) -> str:
    """Escape brackets only where they can open a link, image, note or reference, so that the
    Markdown edition reads cleanly elsewhere: "!" before "["; "[" before "^"; "]" before "(", "["
    or ":"; and every "[" whose next "]" is such a one.

    The text is cut at each "]": all the "[" of one piece share the same next "]", so each piece
    is handled whole, in one pass (a regular expression looking ahead for it was quadratic).
    """
    pieces = text.replace("![", "\\![").split("]")
    last = len(pieces) - 1
    out: list[str] = []
    for index, piece in enumerate(pieces):
        if index < last and pieces[index + 1][:1] in _OPENERS:
            out += [piece.replace("[", "\\["), "\\]"]
        else:
            out.append(piece.replace("[^", "\\[^"))
            if index < last:
                out.append("]")
    return "".join(out)
