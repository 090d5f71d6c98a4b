"""Verifying every fact's evidence against its sources' archived texts.

Each phrase is verified (found in the archived text), not found (an error, shown with the closest
passage), or unverified (the source has no archived text here: one warning per source). A fact of
kind analysis, assessment or forecast that rests on other facts through ``based_on`` and cites no
source of its own has the evidence of its bases.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefgen.content import walks
from briefgen.content.archive import Archive
from briefgen.content.model import Evidence, Fact, Settings, Source

VERIFIED, NOT_FOUND, UNVERIFIED, NONE = "verified", "not found", "unverified", "no evidence"
#: A phrase from a source whose text cannot be kept here (``archive: offline``): a reviewer checks it
#: at the source's address. It satisfies ``require_evidence`` only when the source has one.
OFFLINE = "unverified offline"
#: The ``archive`` value of a source whose text cannot be kept in any archive of ours.
OFFLINE_ARCHIVE = "offline"
#: The kinds whose evidence may be that of the facts they rest on.
JUDGEMENT_KINDS = ("analysis", "assessment", "forecast")


@dataclass(frozen=True)
class PhraseCheck:
    """One phrase of one fact's evidence, and what the archive says of it."""

    fact: str
    source: str
    phrase: str
    locator: str | None
    status: str
    line: int
    #: For a phrase not found: the passage of the source most like it, when one is alike enough.
    closest: str | None = None


@dataclass
class Verification:
    """Every phrase of a fact base checked against the archive."""

    facts: dict[str, Fact]
    sources: dict[str, Source]
    archive: Archive
    checks: dict[str, list[PhraseCheck]] = field(default_factory=dict)
    #: Sources with no archived text here: id to where it was looked for (None: no archive folder).
    missing: dict[str, Path | None] = field(default_factory=dict)
    #: The SHA-256 of each archived text found.
    hashes: dict[str, str] = field(default_factory=dict)
    _statuses: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    def rests_on_bases(self, fact: Fact) -> bool:
        """Whether the fact's evidence is that of the facts it is based on."""
        return fact.kind in JUDGEMENT_KINDS and bool(fact.based_on) and not fact.sources

    def status(self, fid: str) -> str:
        """The fact's evidence as a whole: verified only when every source it cites has evidence and
        every phrase is found (for a judgement resting on its bases, every base is verified).

        Worked out once per fact, bases first, so that a deep or branching ``based_on`` graph costs
        one visit per fact and link (the checks are complete once :func:`verify` returns)."""
        for each in walks.bases_first(fid, self.facts, self._statuses):
            self._statuses[each] = self._own_status(each)
        return self._statuses[fid]

    def _own_status(self, fid: str) -> str:
        """The fact's status from its own checks, or its bases' statuses (worked out already)."""
        fact = self.facts[fid]
        if self.rests_on_bases(fact):
            bases = [self._statuses[b] for b in fact.based_on if b in self._statuses]
            return _worst(bases) if bases else NONE
        checks = self.checks.get(fid, [])
        cited = {e.source for e in fact.evidence}
        if not fact.sources or any(s not in cited for s in fact.sources):
            return _worst([NONE, *(c.status for c in checks)])
        return _worst([c.status for c in checks])

    def resting_on(self, sid: str) -> list[str]:
        """The facts that rest on a source: those citing it, and judgements built on them."""
        return sorted(walks.resting_on((fid for fid, f in self.facts.items() if sid in f.sources), self.facts))

    def changed_archives(self) -> dict[str, tuple[str, str]]:
        """Sources whose archived text no longer has the hash recorded: id to (recorded, now)."""
        return {sid: (s.archive_sha256, self.hashes[sid]) for sid, s in self.sources.items()
                if s.archive_sha256 and sid in self.hashes and s.archive_sha256.lower() != self.hashes[sid]}


_ORDER = (NOT_FOUND, NONE, UNVERIFIED, OFFLINE, VERIFIED)


def _worst(statuses: Iterable[str]) -> str:
    found = set(statuses)
    return next((s for s in _ORDER if s in found), VERIFIED)


def verify(facts: dict[str, Fact], sources: dict[str, Source], root: Path, settings: Settings) -> Verification:
    """Check every phrase of every fact against the archived text of its source."""
    result = Verification(facts, sources, Archive(root, settings))
    for sid, source in sources.items():
        if is_offline(source):
            continue
        text = result.archive.text(source)
        if text is None and sid not in result.archive.refused:
            result.missing[sid] = result.archive.path_of(source)
        elif text is None:
            continue
        else:
            result.hashes[sid] = text.sha256
    for fid, fact in facts.items():
        result.checks[fid] = [check for ev in fact.evidence for check in _check(fid, ev, sources, result)]
    return result


def _check(fid: str, ev: Evidence, sources: dict[str, Source], result: Verification) -> list[PhraseCheck]:
    source = sources.get(ev.source)
    offline = source is not None and is_offline(source)
    text = result.archive.text(source) if source and not offline else None
    lines = ev.lines or (0,) * len(ev.phrases)
    out = []
    for phrase, line in zip(ev.phrases, lines, strict=True):
        if offline:
            out.append(PhraseCheck(fid, ev.source, phrase, ev.locator, OFFLINE if source and source.url
                                   else UNVERIFIED, line))
        elif text is None:
            out.append(PhraseCheck(fid, ev.source, phrase, ev.locator, UNVERIFIED, line))
        elif text.contains(phrase):
            out.append(PhraseCheck(fid, ev.source, phrase, ev.locator, VERIFIED, line))
        else:
            out.append(PhraseCheck(fid, ev.source, phrase, ev.locator, NOT_FOUND, line, text.closest(phrase)))
    return out


def is_offline(source: Source) -> bool:
    """Whether the source's text cannot be archived here (its evidence is checked at its address)."""
    return source.archive == OFFLINE_ARCHIVE


def trail(fids: Iterable[str], facts: dict[str, Fact]) -> list[tuple[str, Evidence]]:
    """The evidence behind ``fids``: each fact's own, and for a judgement that of the facts it rests
    on (to any depth), each fact once, in order."""
    return [(fid, ev) for fid in walks.reachable(fids, facts) for ev in facts[fid].evidence]


def manifest_record(v: Verification, used: tuple[str, ...]) -> dict[str, Any]:
    """What a published edition's manifest keeps of the evidence of the facts it used."""
    return {
        "facts": {fid: {"status": v.status(fid),
                        "phrases": [{"source": c.source, "phrase": c.phrase, "locator": c.locator,
                                     "status": c.status} for c in v.checks.get(fid, [])],
                        **({"based_on": list(v.facts[fid].based_on)} if v.rests_on_bases(v.facts[fid]) else {})}
                  for fid in used},
        "archives": {sid: v.hashes.get(sid) for sid in sorted({e.source for _, e in trail(used, v.facts)})},
    }


def note_evidence(used: tuple[str, ...], sources: tuple[str, ...],
                  facts: dict[str, Fact]) -> dict[str, list[tuple[str, str | None]]]:
    """Per note label (the source's citation number, in ``sources`` order), the phrases of that source behind
    the claims a brief makes: those of the facts it ``used`` and of the facts its judgements rest on."""
    by_source: dict[str, dict[str, str | None]] = {}
    for _, ev in trail(used, facts):
        for phrase in ev.phrases:
            by_source.setdefault(ev.source, {}).setdefault(phrase, ev.locator)
    return {str(n): list(by_source[sid].items()) for n, sid in enumerate(sources, 1) if sid in by_source}
