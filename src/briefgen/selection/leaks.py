"""The last line of defence: scan a rendered brief for text it must not carry.

Two scans run on every brief. The ceiling scan looks for facts and sources its reader may
never see; the marking guard looks for facts and sources above the marking the brief was
given. Neither can happen through the template API (facts above the ceiling never reach a
template, and everything a template reads marks the brief), so a match means the text
arrived some other way: typed into a template, or one fact repeating another's words.

Matching is on whole texts and on their distinctive runs of words: six-word sequences that
no text the reader may see also contains. A text of three to five words matches whole, unless
a text the reader may see contains it too.
"""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass

from briefgen.content.model import Fact, Source
from briefgen.selection.index import MarkingKey
from briefgen.selection.textindex import RUN, Output, TextIndex, fact_texts

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")


@dataclass(frozen=True)
class Guarded:
    """Texts the output must not carry, under the name an error gives them ("fact 'x'")."""

    name: str
    texts: tuple[str, ...]
    why: str = ""


def source_texts(source: Source) -> tuple[str, ...]:
    """The parts of a source that say what it is: title, short name, note."""
    return tuple(t for t in (source.title, source.short, source.note) if t)


def guarded_fact(fact: Fact, why: str = "") -> Guarded:
    return Guarded(f"fact '{fact.id}'", fact_texts(fact), why)


def guarded_source(source: Source, why: str = "") -> Guarded:
    return Guarded(f"source '{source.id}'", source_texts(source), why)


def _words(text: str) -> list[str]:
    return [sys.intern(w.lower()) for w in _WORD.findall(text)]


def _runs(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i:i + RUN]) for i in range(len(words) - RUN + 1)}


@functools.lru_cache(maxsize=1 << 16)
def text_words(text: str) -> tuple[tuple[str, ...], frozenset[tuple[str, ...]]]:
    """A fact's or source's words and runs, kept: the same texts are scanned for every brief."""
    words = _words(text)
    return tuple(words), frozenset(_runs(words))


def output_of(text: str) -> Output:
    """A rendered text cut up for scanning (once, for every scan of it)."""
    return Output(text, _words)


class Scanner:
    """Scans outputs for guarded texts, ignoring runs of words that allowed texts also contain.

    The allowed texts are ``allowed``, and with an ``index``, every fact of the marking groups
    ``allowed_keys`` (looked up only for the runs an output shares with a guarded text).
    """

    def __init__(self, allowed: Iterable[str], index: TextIndex | None = None,
                 allowed_keys: Iterable[MarkingKey] = ()) -> None:
        self.allowed: set[tuple[str, ...]] = set()
        phrases = []
        for text in allowed:
            words, runs = text_words(text)
            self.allowed |= runs
            phrases.append(" ".join(words))
        self.phrases = f" {' | '.join(phrases)} "  # a short text these also contain is no evidence
        self.index = index
        self.keys = frozenset(allowed_keys)

    def _allowed_run(self, run: tuple[str, ...]) -> bool:
        return run in self.allowed or (self.index is not None and self.index.has_run(run, self.keys))

    def _allowed_phrase(self, phrase: str) -> bool:
        return phrase in self.phrases or (self.index is not None and self.index.has_phrase(phrase, self.keys))

    def scan(self, output: str | Output, guarded: Iterable[Guarded]) -> list[str]:
        """Evidence for each guarded item whose text appears in ``output``."""
        out = output_of(output) if isinstance(output, str) else output
        found = []
        for item in guarded:
            for text in item.texts:
                words, runs = text_words(text)
                phrase = f" {' '.join(words)} "
                if 3 <= len(words) < RUN and phrase in out.text and not self._allowed_phrase(phrase):
                    found.append(f"{item.name}{item.why}: its text \"{' '.join(words)}\" appears in the output")
                    break
                hits = {run for run in runs & out.runs if not self._allowed_run(run)}
                if hits:
                    phrase = " ".join(sorted(hits)[0])
                    found.append(f"{item.name}{item.why}: its words \"{phrase}\" appear in the output")
                    break
        return found


def scan(output: str, withheld: list[Fact], visible: list[Fact]) -> list[str]:
    """Ids and evidence of withheld facts whose text appears in ``output``."""
    scanner = Scanner(t for fact in visible for t in (fact.statement, *fact.wording.values()))
    return scanner.scan(output, [guarded_fact(f) for f in withheld])
