"""Choosing a briefing's facts, and removing those above its ceiling before any template runs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, field

from briefgen.content.model import Briefing, Fact, Settings, Source
from briefgen.selection.index import index_of


@dataclass(frozen=True)
class Selection:
    """What one briefing may use (``visible``) and what was withheld, with why.

    ``withheld_sources`` are the sources its reader may never see in any form: those above the
    ceiling, and those cited only by withheld facts. ``withheld`` may be shared by the briefings
    of one ceiling: never change it.
    """

    visible: dict[str, Fact]
    withheld: dict[str, str]
    stale: frozenset[str] = frozenset()
    omitted: frozenset[str] = frozenset()
    withheld_sources: frozenset[str] = frozenset()
    every: Collection[str] = field(default=(), compare=False, repr=False)

    @property
    def unselected(self) -> frozenset[str]:
        """Facts in the base that the spec does not draw (computed when asked: it spans the base)."""
        return frozenset(fid for fid in self.every
                         if fid not in self.visible and fid not in self.withheld and fid not in self.omitted)


def is_stale(fact: Fact, edition: dt.date) -> bool:
    """Past its review date on the edition date."""
    return fact.review_by is not None and fact.review_by < edition


_NO_SOURCES: dict[str, Source] = {}


def select(briefing: Briefing, facts: dict[str, Fact], settings: Settings,
           edition: dt.date | None = None, sources: dict[str, Source] | None = None) -> Selection:
    """Facts drawn by the spec's ids and tags, less excluded tags, filtered by the ceiling.

    With an edition date, facts past review are marked stale, or left out when the spec
    says ``stale: omit``. With the sources, a withheld fact's reason says where an inherited
    marking comes from, and the sources the reader may never see are listed.

    Every fact above the ceiling, drawn or not, is withheld and named as such. A fact carries at
    least the markings of the facts it is based on and of the sources it cites (facts.load raised
    them), so a judgement built on a withheld fact is withheld too. The cost is that of the facts
    drawn: the base is indexed once (:mod:`briefgen.selection.index`), and what is withheld is
    worked out once per ceiling.
    """
    index = index_of(facts, sources if sources is not None else _NO_SOURCES, settings)
    held = index.withheld(briefing.ceiling)
    withheld = held.facts
    visible = {fid: facts[fid] for fid in index.drawn(briefing.facts, briefing.tags, briefing.exclude_tags)
               if fid not in withheld}
    stale = frozenset(fid for fid, f in visible.items() if edition and is_stale(f, edition))
    omitted: frozenset[str] = frozenset()
    if briefing.stale == "omit" and stale:
        omitted, stale = stale, frozenset()
        visible = {fid: f for fid, f in visible.items() if fid not in omitted}
    return Selection(visible, withheld, stale, omitted, held.sources, facts.keys())
