"""Choosing a briefing's facts, and removing those above its ceiling before any template runs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from briefgen.content import markings
from briefgen.content.model import Briefing, Fact, Settings, Source


@dataclass(frozen=True)
class Selection:
    """What one briefing may use (``visible``) and what was withheld, with why.

    ``withheld_sources`` are the sources its reader may never see in any form: those above the
    ceiling, and those cited only by withheld facts.
    """

    visible: dict[str, Fact]
    withheld: dict[str, str]
    unselected: frozenset[str]
    stale: frozenset[str] = frozenset()
    omitted: frozenset[str] = frozenset()
    withheld_sources: frozenset[str] = frozenset()


def is_stale(fact: Fact, edition: dt.date) -> bool:
    """Past its review date on the edition date."""
    return fact.review_by is not None and fact.review_by < edition


def select(briefing: Briefing, facts: dict[str, Fact], settings: Settings,
           edition: dt.date | None = None, sources: dict[str, Source] | None = None) -> Selection:
    """Facts drawn by the spec's ids and tags, less excluded tags, filtered by the ceiling.

    With an edition date, facts past review are marked stale, or left out when the spec
    says ``stale: omit``. With the sources, a withheld fact's reason says where an inherited
    marking comes from, and the sources the reader may never see are listed.
    """
    wanted = set(briefing.facts)
    tags, excluded = set(briefing.tags), set(briefing.exclude_tags)
    known = sources or {}
    # Every fact above the ceiling, drawn or not, is withheld and named as such. A fact carries at
    # least the markings of the facts it is based on and of the sources it cites (facts.load raised
    # them), so a judgement built on a withheld fact is withheld too.
    withheld: dict[str, str] = {}
    above: dict[tuple[tuple[str, str], ...], str | None] = {}
    for fact in facts.values():
        key = tuple(sorted(fact.markings.items()))
        if key not in above:
            above[key] = markings.exceeds(fact.markings, briefing.ceiling, settings)
        reason = above[key]
        if reason:
            withheld[fact.id] = f"fact '{fact.id}' is {markings.described(fact, facts, known, settings, reason)}"
    visible = {
        f.id: f for f in facts.values()
        if f.id not in withheld
        and (f.id in wanted or (not tags.isdisjoint(f.tags) and excluded.isdisjoint(f.tags)))
    }
    stale = frozenset(fid for fid, f in visible.items() if edition and is_stale(f, edition))
    omitted: frozenset[str] = frozenset()
    if briefing.stale == "omit" and stale:
        omitted, stale = stale, frozenset()
        visible = {fid: f for fid, f in visible.items() if fid not in omitted}
    unselected = frozenset(fid for fid in facts if fid not in visible and fid not in withheld and fid not in omitted)
    return Selection(visible, withheld, unselected, stale, omitted, _withheld_sources(briefing, facts, known,
                                                                                      withheld, settings))


def _withheld_sources(briefing: Briefing, facts: dict[str, Fact], sources: dict[str, Source],
                      withheld: dict[str, str], settings: Settings) -> frozenset[str]:
    """Sources above the ceiling, and sources cited only by withheld facts."""
    cited_by: dict[str, list[str]] = {}
    for fact in facts.values():
        for sid in fact.sources:
            cited_by.setdefault(sid, []).append(fact.id)
    return frozenset(
        sid for sid, source in sources.items()
        if markings.exceeds(source.markings, briefing.ceiling, settings)
        or (cited_by.get(sid) and all(fid in withheld for fid in cited_by[sid]))
    )
