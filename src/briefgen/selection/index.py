"""The fact base indexed once per process: by tag, by position, by marking, by citing source.

A briefing's selection then costs what it draws, not the size of the base. What depends only on
a briefing's ceiling (the facts and sources withheld from it) is kept per ceiling, so briefings
that share a ceiling share that work.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from briefgen.content import markings
from briefgen.content.model import Fact, Settings, Source

MarkingKey = tuple[tuple[str, str], ...]


def marking_key(marking: dict[str, str]) -> MarkingKey:
    return tuple(sorted(marking.items()))


@dataclass
class Withheld:
    """What a reader at one ceiling may never see: facts (id -> why) and sources."""

    facts: dict[str, str]
    sources: frozenset[str]


@dataclass
class FactIndex:
    """Indexes of one fact base; built by :func:`index_of`, never changed after (but for its caches)."""

    facts: dict[str, Fact]
    sources: dict[str, Source]
    settings: Settings
    position: dict[str, int] = field(default_factory=dict)
    by_tag: dict[str, list[str]] = field(default_factory=dict)
    by_marking: dict[MarkingKey, list[str]] = field(default_factory=dict)
    cited_by: dict[str, list[str]] = field(default_factory=dict)
    withheld_cache: dict[MarkingKey, Withheld] = field(default_factory=dict)
    #: Facts visited by selections since the index was built: what keeps a briefing's cost flat.
    visits: int = 0

    def __post_init__(self) -> None:
        for n, (fid, fact) in enumerate(self.facts.items()):
            self.position[fid] = n
            for tag in dict.fromkeys(fact.tags):
                self.by_tag.setdefault(tag, []).append(fid)
            self.by_marking.setdefault(marking_key(fact.markings), []).append(fid)
            for sid in fact.sources:
                self.cited_by.setdefault(sid, []).append(fid)

    def withheld(self, ceiling: dict[str, str]) -> Withheld:
        """Every fact above ``ceiling``, drawn or not, with why; and the sources its reader may never
        see (above the ceiling, or cited only by withheld facts)."""
        key = marking_key(ceiling)
        if key not in self.withheld_cache:
            s = self.settings
            reasons: dict[str, str] = {}
            origins = markings.Origins(self.facts, self.sources)
            for fids in self.by_marking.values():
                reason = markings.exceeds(self.facts[fids[0]].markings, ceiling, s)
                if reason:
                    for fid in fids:
                        fact = self.facts[fid]
                        why = markings.described(fact, self.facts, self.sources, s, reason, origins)
                        reasons[fid] = f"fact '{fid}' is {why}"
            withheld = {fid: reasons[fid] for fid in sorted(reasons, key=self.position.__getitem__)}
            sources = frozenset(
                sid for sid, source in self.sources.items()
                if markings.exceeds(source.markings, ceiling, s)
                or (self.cited_by.get(sid) and all(fid in withheld for fid in self.cited_by[sid])))
            self.withheld_cache[key] = Withheld(withheld, sources)
        return self.withheld_cache[key]

    def drawn(self, ids: tuple[str, ...], tags: tuple[str, ...], excluded: tuple[str, ...]) -> list[str]:
        """The facts a spec draws by id and tag, less those with an excluded tag, in fact-base order."""
        found = {fid for fid in ids if fid in self.facts}
        no = set(excluded)
        for tag in tags:
            for fid in self.by_tag.get(tag, ()):
                self.visits += 1
                if no.isdisjoint(self.facts[fid].tags):
                    found.add(fid)
        return sorted(found, key=self.position.__getitem__)


_CACHE: list[FactIndex] = []
_KEEP = 4


def index_of(facts: dict[str, Fact], sources: dict[str, Source], settings: Settings) -> FactIndex:
    """The index of this fact base, built on first use; kept for the few fact bases a process uses
    at once (the last few, by identity: a project is loaded anew when its files change)."""
    for found in _CACHE:
        if found.facts is facts and found.sources is sources and found.settings is settings \
                and len(found.position) == len(facts):
            return found
    made = FactIndex(facts, sources, settings)
    _CACHE.insert(0, made)
    del _CACHE[_KEEP:]
    return made
