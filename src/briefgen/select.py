"""Choosing a briefing's facts, and removing those above its ceiling before any template runs."""

from __future__ import annotations

from dataclasses import dataclass

from briefgen import markings
from briefgen.model import Briefing, Fact, Settings


@dataclass(frozen=True)
class Selection:
    """What one briefing may use (``visible``) and what was withheld, with why."""

    visible: dict[str, Fact]
    withheld: dict[str, str]
    unselected: frozenset[str]


def select(briefing: Briefing, facts: dict[str, Fact], settings: Settings) -> Selection:
    """Facts drawn by the spec's ids and tags, less excluded tags, filtered by the ceiling."""
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
    # A judgement built on a withheld fact is withheld too, whatever its own marking.
    changed = True
    while changed:
        changed = False
        for fact in drawn:
            if fact.id in withheld:
                continue
            hidden = [b for b in fact.based_on if b in withheld or (b in facts and markings.exceeds(
                facts[b].markings, briefing.ceiling, settings))]
            if hidden:
                withheld[fact.id] = f"fact '{fact.id}' is based on '{hidden[0]}', which is withheld"
                changed = True
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
    unselected = frozenset(fid for fid in facts if fid not in visible and fid not in withheld)
    return Selection(visible, withheld, unselected)
