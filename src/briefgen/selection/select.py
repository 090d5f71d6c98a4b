"""Choosing a briefing's facts, and removing those above its ceiling before any template runs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from briefgen.content import markings
from briefgen.content.model import Briefing, Fact, Settings


@dataclass(frozen=True)
class Selection:
    """What one briefing may use (``visible``) and what was withheld, with why."""

    visible: dict[str, Fact]
    withheld: dict[str, str]
    unselected: frozenset[str]
    stale: frozenset[str] = frozenset()
    omitted: frozenset[str] = frozenset()


def is_stale(fact: Fact, edition: dt.date) -> bool:
    """Past its review date on the edition date."""
    return fact.review_by is not None and fact.review_by < edition


def select(briefing: Briefing, facts: dict[str, Fact], settings: Settings,
           edition: dt.date | None = None) -> Selection:
    """Facts drawn by the spec's ids and tags, less excluded tags, filtered by the ceiling.

    With an edition date, facts past review are marked stale, or left out when the spec
    says ``stale: omit``.
    """
    wanted = set(briefing.facts)
    tags, excluded = set(briefing.tags), set(briefing.exclude_tags)
    drawn = [
        f for f in facts.values()
        if f.id in wanted or (not tags.isdisjoint(f.tags) and excluded.isdisjoint(f.tags))
    ]
    visible: dict[str, Fact] = {}
    withheld: dict[str, str] = {}
    for fact in drawn:
        reason = markings.exceeds(fact.markings, briefing.ceiling, settings)
        if reason:
            withheld[fact.id] = f"fact '{fact.id}' is {reason}"
    # A judgement built on a withheld fact is withheld too: facts.load has already raised every
    # fact's marking to at least that of the facts it is based on, so the ceiling test covers it.
    for fact in drawn:
        if fact.id not in withheld:
            visible[fact.id] = fact
    # Facts outside the selection that are above the ceiling must also be named as such.
    ceiling_ok: dict[tuple[tuple[str, str], ...], str | None] = {}
    for fact in facts.values():
        if fact.id not in visible and fact.id not in withheld:
            key = tuple(fact.markings.items())
            if key not in ceiling_ok:
                ceiling_ok[key] = markings.exceeds(fact.markings, briefing.ceiling, settings)
            if ceiling_ok[key]:
                withheld[fact.id] = f"fact '{fact.id}' is {ceiling_ok[key]}"
    stale = frozenset(fid for fid, f in visible.items() if edition and is_stale(f, edition))
    omitted: frozenset[str] = frozenset()
    if briefing.stale == "omit" and stale:
        omitted, stale = stale, frozenset()
        visible = {fid: f for fid, f in visible.items() if fid not in omitted}
    unselected = frozenset(fid for fid in facts if fid not in visible and fid not in withheld and fid not in omitted)
    return Selection(visible, withheld, unselected, stale, omitted)
