"""What one render reached: every fact whose data a template read, and every other marked thing it showed.

The template API reports each read here (:meth:`Usage.use`), so a brief's marking follows its
data whatever path the data took: any attribute, any filter, any loop, any branch. Reads are
also tied to where their text lands, for portion marks: each chunk of output the template
yields is tagged with the reads made while it was produced, and fact data printed later
(from a variable, a macro, a captured block) carries its own tag. Tags are private-use
characters with a per-render token; :func:`untag` removes them before anything is written.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable, Iterator

from briefgen.templating.mdtext import Markdown, escape

_OPEN, _CLOSE = "\ue000", "\ue001"


class Usage:
    """The reads of one render: facts used (in order of first use) and every marking shown."""

    def __init__(self) -> None:
        self.token = f"{secrets.randbelow(10 ** 9):09d}"  # never printed; fact text cannot forge a tag
        self.facts: dict[str, None] = {}
        #: What was shown, keyed 'fact:<id>', 'source:<id>' or 'withdrawn:<id>', with its marking.
        self.marks: dict[str, dict[str, str]] = {}
        self.pending: dict[str, None] = {}
        self.spans: list[frozenset[str]] = []
        self._tag = re.compile(f"{_OPEN}{self.token}\\.(\\d+){_CLOSE}")

    def use(self, key: str, marking: dict[str, str]) -> None:
        """Record that the template read something marked ``marking``."""
        if key.startswith("fact:"):
            self.facts.setdefault(key[5:], None)
        self.marks.setdefault(key, marking)
        self.pending.setdefault(key, None)

    def tag(self, keys: Iterable[str]) -> str:
        """A tag to print before text that came from ``keys``."""
        self.spans.append(frozenset(keys))
        return f"{_OPEN}{self.token}.{len(self.spans) - 1}{_CLOSE}"

    def stream(self, chunks: Iterator[str]) -> str:
        """Join a template's output, tagging each chunk with the reads made while it was produced."""
        out: list[str] = []
        for chunk in chunks:
            if self.pending:
                body = chunk.lstrip()
                if body:  # after leading blank space, so the tag lands on the chunk's first line
                    lead = chunk[:len(chunk) - len(body)]
                    chunk = lead + self.tag(self.pending) + body
                    self.pending = {}
            out.append(chunk)
        if self.pending:
            out.append(self.tag(self.pending))
            self.pending = {}
        return "".join(out)

    def untag(self, line: str) -> tuple[str, frozenset[str]]:
        """A line without its tags, and the keys they named."""
        keys: set[str] = set()
        for index in self._tag.findall(line):
            keys |= self.spans[int(index)]
        return self._tag.sub("", line), frozenset(keys)


class Traced(str):
    """Fact or source data as a string. It behaves as the string; printed, it carries its tag."""

    def __new__(cls, value: str, usage: Usage, keys: tuple[str, ...]) -> Traced:
        traced = super().__new__(cls, value)
        traced._usage, traced._keys = usage, keys
        return traced

    _usage: Usage
    _keys: tuple[str, ...]

    def __markdown__(self) -> str:
        return self._usage.tag(self._keys) + escape(str(self))


class TracedMarkdown(Traced, Markdown):
    """Markdown made from fact or source data (already escaped), carrying its tag when printed."""

    def __markdown__(self) -> str:
        return self._usage.tag(self._keys) + str(self)
