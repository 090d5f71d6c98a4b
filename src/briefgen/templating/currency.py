"""Values a template computes instead of typing: the spec's dates, and what the sources and facts the
brief draws on say about how current it is.

They are worked out from the facts the previous render pass used (``drawn``): the renderer runs the
template again until the facts it uses are those these values were computed from, as it does for the
brief's marking (:mod:`briefgen.templating.render`). Reading one marks the brief with the markings of
the sources it was computed from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from briefgen.content.facts import sources_of
from briefgen.content.locale import DEFAULT_LANG
from briefgen.content.model import Fact, Source
from briefgen.templating.dated import StyledDate, styled
from briefgen.templating.traced import taint

if TYPE_CHECKING:
    from briefgen.templating.template_api import RenderContext


def sources_behind(drawn: Iterable[str], facts: dict[str, Fact], sources: dict[str, Source]) -> list[Source]:
    """The sources behind the facts ``drawn``, each once, in order of first use."""
    seen: dict[str, None] = {}
    for fid in drawn:
        if fid in facts:
            seen.update(dict.fromkeys(sources_of(facts[fid], facts)))
    return [sources[sid] for sid in seen if sid in sources]


def newest(drawn: Iterable[str], facts: dict[str, Fact], sources: dict[str, Source]) -> Source | None:
    """The most recently published source behind ``drawn`` (None when none is dated)."""
    dated = [s for s in sources_behind(drawn, facts, sources) if s.published]
    return max(dated, key=lambda s: (s.published, s.id)) if dated else None


class Currency:
    """``brief.<name>`` values computed from what the brief draws on (see the README's template API)."""

    def __init__(self, ctx: RenderContext, drawn: tuple[str, ...]) -> None:
        self._ctx = ctx
        self._drawn = drawn
        self._sources = sources_behind(drawn, ctx.all_facts, ctx.sources)

    def _read(self, sources: Iterable[Source]) -> None:
        for source in sources:
            self._ctx.usage.use(f"source:{source.id}", source.markings)

    def _count(self, sources: list[Source]) -> int:
        self._read(self._sources)
        return len(sources)

    def _date(self, pick: str) -> StyledDate | None:
        dated = [s for s in self._sources if s.published]
        if not dated:
            return None
        chosen = (max if pick == "newest" else min)(dated, key=lambda s: (s.published, s.id))
        self._read([chosen])
        return styled(chosen.published, self._ctx.briefing.style, self._ctx.briefing.lang)

    def values(self) -> dict[str, Callable[[], object]]:
        """Each value by name, worked out (and read) only when the template asks for it; each traced
        with what it was computed from (:mod:`briefgen.templating.traced`), for portion marks."""
        s = self._sources
        by_facts = frozenset(f"fact:{f}" for f in self._drawn if f in self._ctx.all_facts)
        by_sources = by_facts | {f"source:{x.id}" for x in s}  # the facts carry their sources' markings
        return {
            "sources_used": lambda: taint(self._count(s), by_sources),
            "sources_undated": lambda: taint(self._count([x for x in s if x.published is None]), by_sources),
            "sources_unattributed": lambda: taint(self._count([x for x in s if x.publisher is None]), by_sources),
            "newest_source": lambda: taint(self._date("newest"), by_sources),
            "oldest_source": lambda: taint(self._date("oldest"), by_sources),
            "next_review": lambda: taint(self.next_review(), by_facts),
        }

    def next_review(self) -> StyledDate | None:
        """The earliest review date, on or after the edition date, of the facts the brief uses."""
        facts = self._ctx.all_facts
        due = [facts[f].review_by for f in self._drawn if f in facts and facts[f].review_by]
        ahead = [d for d in due if d is not None and d >= self._ctx.edition]
        return styled(min(ahead), self._ctx.briefing.style, self._ctx.briefing.lang) if ahead else None


def spec_dates(dates: dict[str, dt.date], style: str, lang: str = DEFAULT_LANG) -> dict[str, StyledDate]:
    return {name: StyledDate(value, style, lang) for name, value in dates.items()}


class BriefValues(dict[str, object]):
    """The ``brief`` template global: plain values, and computed ones worked out when first read (the
    brief's marking is one: the renderer notes whether a run read it)."""

    def __init__(self, plain: dict[str, object], computed: dict[str, Callable[[], object]]) -> None:
        super().__init__(plain)
        self._computed = computed

    def __getitem__(self, key: str) -> object:
        if key in self._computed and not dict.__contains__(self, key):
            return self._computed[key]()
        return super().__getitem__(key)

    def get(self, key: str, default: object = None) -> object:
        """As ``brief[key]``, so a computed value or the marking read this way is worked out (and seen
        read) too."""
        if key not in self:
            return default
        return self[key]

    def __contains__(self, key: object) -> bool:
        return key in self._computed or super().__contains__(key)
