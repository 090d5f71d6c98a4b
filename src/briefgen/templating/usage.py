"""What one render reached: every fact whose data a template read, and every other marked thing it showed.

The template API reports each read here (:meth:`Usage.use`), so a brief's marking follows its
data whatever path the data took: any attribute, any filter, any loop, any branch. Reads are
also tied to where their text lands, for portion marks:

- a value printed from data (a fact, an attribute, a source, anything computed from them) is
  wrapped in a *value tag* and its *end*, naming the reads it rests on
  (:mod:`briefgen.templating.traced` carries them through variables, filters and concatenation);
- a read made while no value was being computed (``{{ f.kind == 'x' }}``) tags the next chunk
  of output;
- a read that decides whether or how often text is written (an ``{% if %}`` test, a loop's
  iteration and condition) belongs to a *region*: markers around the whole ``if`` or ``for``,
  and every line with text inside them carries the region's reads, made before or after that
  line was written (:mod:`briefgen.templating.flow` puts the markers in);
- a read whose value cannot carry its reads (``None``, a marking) is *residue*: every later
  chunk of output carries it (rounding up, never down).

Tags and markers are private-use characters with a per-render token; :meth:`Usage.lines`
removes them before anything is written.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass

from briefgen.templating.mdtext import Markdown

_OPEN, _CLOSE = "\ue000", "\ue001"
#: Kinds of tag: reads tied to a point (no text of its own), a value's start and end, a region's
#: start and end.
#: Letters, which escaping never touches, so a tag survives text captured and printed again.
_POINT, _VALUE, _END, _REGION, _REGION_END = "p", "v", "e", "o", "c"
_OWN = re.compile(r"[^\W_]")  # a letter or digit: words

#: The usage of the render running in this thread or task (set while its output is produced).
CURRENT: ContextVar[Usage | None] = ContextVar("briefgen_usage", default=None)


@dataclass
class Line:
    """One line of a render's output: its text without tags, the keys of what it holds, and
    whether the template wrote words of its own in it (not printed from data)."""

    text: str
    keys: frozenset[str]
    own: bool


class Usage:
    """The reads of one render: facts used (in order of first use) and every marking shown."""

    def __init__(self) -> None:
        self.token = f"{secrets.randbelow(10 ** 9):09d}"  # never printed; fact text cannot forge a tag
        self.facts: dict[str, None] = {}
        #: What was shown, keyed 'fact:<id>', 'source:<id>' or 'withdrawn:<id>', with its marking.
        self.marks: dict[str, dict[str, str]] = {}
        self.pending: dict[str, None] = {}
        self.residue: dict[str, None] = {}
        self.spans: list[frozenset[str]] = []
        self.frames: list[set[str]] = []
        self.regions: list[set[str]] = []
        self.open: list[int] = []
        self.last_loop: int | None = None  # the region of the loop that last gave an item
        self.last_closed: int | None = None
        self._tag = re.compile(f"{_OPEN}{self.token}([pveoc])(\\d*){_CLOSE}")

    # Reads -----------------------------------------------------------------------------------

    def use(self, key: str, marking: dict[str, str]) -> None:
        """Record that the template read something marked ``marking``."""
        if key.startswith("fact:"):
            self.facts.setdefault(key[5:], None)
        self.marks.setdefault(key, marking)
        self.touch((key,))

    def touch(self, keys: Iterable[str]) -> None:
        """Something the template computes now rests on ``keys``: the value being computed, if
        any (:meth:`begin`), else the next chunk of output."""
        if self.frames:
            self.frames[-1].update(keys)
        else:
            self.pending.update(dict.fromkeys(keys))

    def begin(self) -> None:
        """Start collecting the reads of a value being computed (an assignment, a test)."""
        self.frames.append(set())

    def end(self) -> frozenset[str]:
        """The reads collected since the matching :meth:`begin`."""
        return frozenset(self.frames.pop())

    def round_up(self, keys: Iterable[str]) -> None:
        """Reads that could not be tracked to where they go: every later chunk of output carries them."""
        self.residue.update(dict.fromkeys(keys))

    # Regions ---------------------------------------------------------------------------------

    def region_open(self) -> Markdown:
        self.regions.append(set())
        self.open.append(len(self.regions) - 1)
        return Markdown(self._mark(_REGION, self.open[-1]))

    def region_close(self) -> Markdown:
        self.last_closed = self.open.pop()
        return Markdown(self._mark(_REGION_END, self.last_closed))

    def region_add(self, keys: Iterable[str], region: int | None = None) -> None:
        """Reads that decided what ``region`` (by default the innermost open one) writes."""
        if region is None and self.open:
            region = self.open[-1]
        if region is None:
            self.touch(keys)
        else:
            self.regions[region].update(keys)

    def active(self) -> frozenset[str]:
        """The regions open now, as keys ('region:3'): what a value computed here also rests on
        (resolved when the render is over, so reads made later in a region count too)."""
        return frozenset(f"region:{r}" for r in self.open)

    # Tags ------------------------------------------------------------------------------------

    def _mark(self, kind: str, number: int | None = None) -> str:
        return f"{_OPEN}{self.token}{kind}{'' if number is None else number}{_CLOSE}"

    def tag(self, keys: Iterable[str]) -> str:
        """A tag to print before text that came from ``keys``."""
        self.spans.append(frozenset(keys))
        return self._mark(_POINT, len(self.spans) - 1)

    def value(self, keys: Iterable[str], text: str) -> str:
        """``text`` (Markdown) printed from data resting on ``keys``."""
        self.spans.append(frozenset(keys))
        return self._mark(_VALUE, len(self.spans) - 1) + text + self._mark(_END)

    def embedded(self, text: str) -> frozenset[str]:
        """The keys of the tags inside ``text`` (text a template captured, then used as a value)."""
        keys: set[str] = set()
        for kind, number in self._tag.findall(text):
            if kind in (_POINT, _VALUE):
                keys |= self.spans[int(number)]
            elif kind == _REGION:
                keys.add(f"region:{number}")
        return frozenset(keys)

    def stream(self, chunks: Iterator[str]) -> str:
        """Join a template's output, tagging each chunk with the reads made while it was produced."""
        out: list[str] = []
        token = CURRENT.set(self)
        try:
            for chunk in chunks:
                if self.pending or self.residue:
                    body = chunk.lstrip()
                    if body:  # after leading blank space, so the tag lands on the chunk's first line
                        lead = chunk[:len(chunk) - len(body)]
                        chunk = lead + self.tag({**self.pending, **self.residue}) + body
                        self.pending = {}
                out.append(chunk)
        finally:
            CURRENT.reset(token)
        if self.pending:
            out.append(self.tag(self.pending))
            self.pending = {}
        return "".join(out)

    # Reading the output back -------------------------------------------------------------------

    def resolve(self, keys: Iterable[str]) -> frozenset[str]:
        """``keys`` with every region replaced by the reads it collected (through nested regions)."""
        found: set[str] = set()
        todo, seen = list(keys), set()
        while todo:
            key = todo.pop()
            if key in seen:
                continue
            seen.add(key)
            if key.startswith("region:"):
                todo.extend(self.regions[int(key[7:])])
            else:
                found.add(key)
        return frozenset(found)

    def lines(self, raw: str) -> Iterator[Line]:
        """The output's lines without tags, each with the keys of what it holds (its tags, and the
        regions open at any of its text) and whether the template wrote words of its own in it."""
        open_now: list[int] = []
        for tagged in raw.split("\n"):
            depth = 0  # a value never spans lines (printed values fold their whitespace)
            keys: set[str] = set()
            regions: set[int] = set()
            since: set[int] = set()  # regions opened or closed after the last text of this line
            seen = own = False
            pos = 0
            for match in [*self._tag.finditer(tagged), None]:
                text = tagged[pos:match.start() if match else len(tagged)]
                if text.strip():
                    regions |= set(open_now) | (since if seen else set())
                    seen, since = True, set()
                    own = own or (depth == 0 and bool(_OWN.search(text)))
                if match is None:
                    break
                pos = match.end()
                kind, number = match.group(1), match.group(2)
                if kind in (_POINT, _VALUE):
                    keys |= self.spans[int(number)]
                    depth += kind == _VALUE
                elif kind == _END:
                    depth = max(0, depth - 1)
                elif kind == _REGION:
                    open_now.append(int(number))
                    since.add(int(number))
                elif int(number) in open_now:
                    open_now.remove(int(number))
                    since.add(int(number))
            keys |= {f"region:{r}" for r in regions}
            yield Line(self._tag.sub("", tagged), self.resolve(keys), own)

    def untag(self, line: str) -> tuple[str, frozenset[str]]:
        """A line without its tags, and the keys its own tags name (regions not counted)."""
        found = next(self.lines(line))
        return found.text, found.keys
