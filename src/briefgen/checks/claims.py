"""Uncited claims: literal template sentences that state a date, a number, a name or a quotation and
neither print a fact, nor cite one, nor sit inside an ``ours`` block (the team's own words).

The template is read with Jinja's parser (:mod:`briefgen.templating.scan`), partials included, so each
finding names the file and line the author wrote. A sentence is cited when a fact is printed or cited
inside it, or right after its full stop (``...in May 2026.{{ fact("x").cite }}``). Headings, table
header rows, labels (``**Issue.**``, ``*What we ask:*``), contact lines and values printed from the
spec (``{{ brief.dates.meeting }}``) are not claims. A printed value that is not a fact covers only
itself: the sentence's literal text is still judged (``{{ brief.title }} was agreed on 3 March 2026.``
is an uncited claim).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import jinja2

from briefgen.layout import TEMPLATES_DIR
from briefgen.templating.scan import Piece, pieces, templates_of

_MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|December")
_DATE = re.compile(rf"\b(?:\d{{1,2}} (?:{_MONTHS})|(?:{_MONTHS}) \d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})\b")
_NUMBER = re.compile(r"\d")
_QUOTE = re.compile(r"[\"\u201c\u201d]|(?:^|\s)'[^']+'")
#: A bold or italic lead-in (``**Issue.**``): a label, unless it holds a digit (then it is judged).
_LABEL = re.compile(r"^\s*(?:[-*+]|\d+[.)])?\s*(?:\*\*[^*\d]+\*\*|\*[^*\d]+\*)\s*")
_INNER_LABEL = re.compile(r"\*[^*\d]+:\*")
_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\s*\|\s*")
#: Capitalised words that are not names.
_NOT_NAMES = {"I", "We", "Our", "You", "Your", "If", "The", "A", "An", "This", "That", "It", "AI", "IT"}
#: A list item's or quotation's marker at the start of a line.
_MARKER = re.compile(r"^\s*(?:>\s*)*(?:(?:[-*+]|\d+[.)])\s+)?")


@dataclass
class Sentence:
    """A sentence of template prose, with what it prints, cites, and whether it is the team's own."""

    file: str
    line: int
    text: str = ""
    prints: bool = False
    cites: bool = False
    values: bool = False  # prints a value that is not a fact (spec data, a computed date, a loop variable)
    ours: str | None = None

    def trigger(self) -> str | None:
        """Why it is a claim ('a date', 'a number', ...), or None when it is not one."""
        text = _INNER_LABEL.sub(" ", _LABEL.sub("", self.text))
        if not re.search(r"[A-Za-z]", text):
            return None
        if _DATE.search(text):
            return "a date"
        if _NUMBER.search(text):
            return "a number"
        if _QUOTE.search(text):
            return "a quotation"
        words = _WORD.findall(text)
        for word in words[1:]:
            if word[0].isupper() and word not in _NOT_NAMES:
                return f"a name ('{word}')"
        return None

    @property
    def status(self) -> str | None:
        """'fact' (prints a fact), 'cited', 'ours', 'uncited', or None when not a claim."""
        if self.prints:
            return "fact"
        if self.trigger() is None:
            return "fact" if self.values else None
        if self.cites:
            return "cited"
        return "ours" if self.ours else "uncited"


@dataclass
class Claims:
    """The claim sentences of a brief's templates."""

    sentences: list[Sentence] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for s in self.sentences if s.status == status)

    @property
    def total(self) -> int:
        return sum(1 for s in self.sentences if s.status)

    def uncited(self) -> list[Sentence]:
        return [s for s in self.sentences if s.status == "uncited"]


def claims(env: jinja2.Environment, template: str) -> Claims:
    """Every sentence of ``template`` and its partials, as claims."""
    found = Claims()
    for name in templates_of(env, template):
        found.sentences += [s for s in _sentences(f"{TEMPLATES_DIR}/{name}", pieces(env, name)) if s.text.strip()
                            or s.prints or s.values]
    return found


def message(sentence: Sentence) -> str:
    quoted = " ".join(sentence.text.split())
    quoted = quoted if len(quoted) <= 90 else quoted[:87] + "..."
    return (f"{sentence.file}:{sentence.line}: uncited claim ({sentence.trigger()}): \"{quoted}\"; cite a fact, "
            "print one, or mark it as our own words ({% call ours(\"kind\") %})")


def _lines(items: list[Piece]) -> Iterator[list[tuple[Piece, str, int]]]:
    """The template's output cut into lines: each a list of (piece, its text on this line, line number)."""
    line: list[tuple[Piece, str, int]] = []
    for piece in items:
        if piece.kind == "text" and line and piece.line > line[-1][2]:
            yield line  # a block tag between ate the line break (trim_blocks): a new line of the source
            line = []
        if piece.kind != "text":
            line.append((piece, "", piece.line))
            continue
        for offset, part in enumerate(piece.text.split("\n")):
            if offset:
                yield line
                line = []
            if part:
                line.append((piece, part, piece.line + offset))
    yield line


def _skipped(text: str, following: str) -> bool:
    """Headings, table header rows and rules, contact lines: not claims."""
    stripped = text.strip()
    if stripped.startswith("#") or re.fullmatch(r"[|\s:-]*", stripped):
        return True
    if stripped.startswith("|") and re.fullmatch(r"\|?[\s:|-]+\|?", following.strip() or "x"):
        return True
    return "@" in stripped or stripped.lower().startswith(("contact", "questions:"))


def _sentences(file: str, items: list[Piece]) -> Iterator[Sentence]:
    lines = list(_lines(items))
    for index, line in enumerate(lines):
        text = "".join(part for _, part, _ in line)
        following = "".join(part for _, part, _ in lines[index + 1]) if index + 1 < len(lines) else ""
        if not line or _skipped(text, following):
            continue
        first, part, number = line[0]
        if first.kind == "text":
            line[0] = (first, part[_MARKER.match(part).end():], number)  # type: ignore[union-attr]
        yield from _split(file, line)


def _split(file: str, line: list[tuple[Piece, str, int]]) -> Iterator[Sentence]:
    current: Sentence | None = None
    ended: Sentence | None = None  # the sentence just closed: a citation right after it is its own
    for piece, part, number in line:
        if piece.kind in ("print", "cite", "value"):
            target = current if current and current.text.strip() else (ended or current)
            if target is None:
                target = current = Sentence(file, number, ours=piece.ours)
            if piece.kind == "cite":
                target.cites = True
            elif piece.kind == "value":
                target.values = True
            else:
                target.prints = True
            continue
        chunks = _SENTENCE_END.split(part)
        for position, chunk in enumerate(chunks):
            if position:
                if current is not None:
                    yield current
                ended, current = current, None
            if not chunk.strip():
                continue
            if current is None:
                current = Sentence(file, number, ours=piece.ours)
                ended = None if position or current else ended
            current.text += chunk
            current.ours = current.ours or piece.ours
        if part.rstrip().endswith((".", "!", "?")) and current is not None:
            yield current
            ended, current = current, None
    if current is not None:
        yield current


def claim_report(env: jinja2.Environment, template: str) -> dict[str, int]:
    """How many claim sentences are fact text, cited prose, our own words, or uncited."""
    found = claims(env, template)
    return {status: found.count(status) for status in ("fact", "cited", "ours", "uncited")}
