"""Every fact's words indexed once per process, grouped by marking, so that a leak scan costs what
the output holds and not the size of the fact base.

The scans of :mod:`briefgen.selection.leaks` ask two questions of the whole base: which facts of
some markings share a run of words (or a whole short text) with an output, and whether a run or a
phrase occurs in any fact of some markings. Both are answered here from indexes built once per
marking group, on first use.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from briefgen.content.model import Fact
from briefgen.selection.index import MarkingKey, marking_key

RUN = 6
SHORT = range(3, RUN)


def fact_texts(fact: Fact) -> tuple[str, ...]:
    """The texts of a fact a reader could recognise: its statement, its audience wordings and its
    attribution (who said it)."""
    return tuple(t for t in (fact.statement, *fact.wording.values(), fact.attribution) if t)


class Output:
    """A rendered text cut into words, six-word runs and the short phrases a short text could match;
    each worked out when first asked (a brief that shares no words with a guarded text needs none)."""

    def __init__(self, source: str, cut: Callable[[str], list[str]]) -> None:
        self.source = source
        self._cut = cut

    @functools.cached_property
    def words(self) -> list[str]:
        return self._cut(self.source)

    @functools.cached_property
    def text(self) -> str:
        return f" {' '.join(self.words)} "

    @functools.cached_property
    def runs(self) -> set[tuple[str, ...]]:
        w = self.words
        return {tuple(w[i:i + RUN]) for i in range(len(w) - RUN + 1)}

    @functools.cached_property
    def grams(self) -> set[tuple[str, ...]]:
        """Every three to five words in a row."""
        w = self.words
        return {tuple(w[i:i + n]) for n in SHORT for i in range(len(w) - n + 1)}


@dataclass
class _Group:
    """The facts of one marking: run -> facts holding it, whole short text -> facts."""

    runs: dict[tuple[str, ...], list[str]] = field(default_factory=dict)
    shorts: dict[tuple[str, ...], list[str]] = field(default_factory=dict)
    joined: list[str] = field(default_factory=list)


class TextIndex:
    """Words of every fact of one fact base, by marking group (built lazily, kept for the process)."""

    def __init__(self, facts: dict[str, Fact]) -> None:
        from briefgen.selection.leaks import text_words  # cycle: leaks imports textindex

        self.facts = facts
        self.position = {fid: n for n, fid in enumerate(facts)}
        self.members: dict[MarkingKey, list[str]] = {}
        for fid, fact in facts.items():
            self.members.setdefault(marking_key(fact.markings), []).append(fid)
        self._groups: dict[MarkingKey, _Group] = {}
        self._phrases: dict[str, frozenset[MarkingKey]] = {}
        self._words = text_words

    def sample(self, key: MarkingKey) -> dict[str, str]:
        """The marking of the group ``key`` (as its first fact states it)."""
        return self.facts[self.members[key][0]].markings

    def _group(self, key: MarkingKey) -> _Group:
        if key not in self._groups:
            group = _Group()
            for fid in self.members[key]:
                for text in fact_texts(self.facts[fid]):
                    words, runs = self._words(text)
                    for run in runs:
                        group.runs.setdefault(run, []).append(fid)
                    if len(words) in SHORT:
                        group.shorts.setdefault(words, []).append(fid)
                    group.joined.append(" ".join(words))
            self._groups[key] = group
        return self._groups[key]

    def candidates(self, out: Output, keys: Iterable[MarkingKey]) -> list[str]:
        """Facts of the groups ``keys`` sharing a run, or their whole short text, with ``out``; in
        fact-base order. Only these can match in a scan."""
        found: set[str] = set()
        for key in keys:
            group = self._group(key)
            if not group.runs and not group.shorts:
                continue
            for run in out.runs & group.runs.keys():
                found.update(group.runs[run])
            if group.shorts:
                for gram in out.grams & group.shorts.keys():
                    found.update(group.shorts[gram])
        return sorted(found, key=self.position.__getitem__)

    def has_run(self, run: tuple[str, ...], keys: Iterable[MarkingKey]) -> bool:
        """Whether some fact of the groups ``keys`` holds ``run``."""
        return any(run in self._group(key).runs for key in keys)

    def has_phrase(self, phrase: str, keys: Iterable[MarkingKey]) -> bool:
        """Whether some fact of the groups ``keys`` holds the words ``phrase`` (' a b c ') in a row."""
        if phrase not in self._phrases:
            self._phrases[phrase] = frozenset(
                key for key in self.members
                if any(phrase in f" {text} " for text in self._group(key).joined))
        return not self._phrases[phrase].isdisjoint(keys)


_CACHE: list[TextIndex] = []
_KEEP = 2


def text_index(facts: dict[str, Fact]) -> TextIndex:
    """The text index of this fact base, built on first use and kept (by identity) for the process."""
    for found in _CACHE:
        if found.facts is facts and len(found.position) == len(facts):
            return found
    made = TextIndex(facts)
    _CACHE.insert(0, made)
    del _CACHE[_KEEP:]
    return made
