"""Handling markings on ordered, configurable scales. Scales are never converted."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from briefgen.content.model import Fact, Settings, Source
from briefgen.content.yamlfile import Mapping
from briefgen.exceptions import Problem


def parse(labels: Iterable[str], settings: Settings) -> tuple[dict[str, str], str | None]:
    """Map marking labels to their scales. Returns (scale -> level, error or None)."""
    result: dict[str, str] = {}
    for label in labels:
        scale = settings.scale_of(label)
        if scale is None:
            known = "; ".join(f"{s.name}: {', '.join(s.levels)}" for s in settings.scales)
            return {}, f"expected a marking on a configured scale ({known}), found '{label}'"
        if scale.name in result:
            return {}, f"two markings on the '{scale.name}' scale: {result[scale.name]} and {label}"
        result[scale.name] = label
    return result, None


def default(settings: Settings) -> dict[str, str]:
    """The marking of a fact that states none: the lowest level of the default scale."""
    scale = settings.scale(settings.default_scale)
    return {scale.name: scale.levels[0]}


def highest(markings: Iterable[dict[str, str]], settings: Settings) -> dict[str, str]:
    """The highest level on each scale among ``markings``."""
    top: dict[str, str] = {}
    for marking in markings:
        for name, level in marking.items():
            scale = settings.scale(name)
            if name not in top or scale.rank(level) > scale.rank(top[name]):
                top[name] = level
    return top


def exceeds(marking: dict[str, str], ceiling: dict[str, str], settings: Settings,
            limit: str = "this briefing's ceiling") -> str | None:
    """Why ``marking`` is above ``ceiling``, or None when a reader at the ceiling may see it.

    A marking on a scale the ceiling does not name is above it: clearance on one
    scale says nothing about another. ``limit`` names the ceiling in the reason.
    """
    for name, level in marking.items():
        if name not in ceiling:
            return f"{level}, on the '{name}' scale, which {limit} does not cover"
        scale = settings.scale(name)
        if scale.rank(level) > scale.rank(ceiling[name]):
            return f"{level}, above {limit} {ceiling[name]}"
    return None


def label(marking: dict[str, str], settings: Settings) -> str:
    """The marking as shown on a brief, in scale order: 'TLP:CLEAR', 'TLP:AMBER / OFFICIAL'."""
    order = [s.name for s in settings.scales]
    return " / ".join(marking[name] for name in order if name in marking).upper()


def shown(marking: dict[str, str], floor: dict[str, str], settings: Settings) -> str:
    """A brief's marking as its reader sees it. A scale at its lowest level is left out unless the
    brief's floor names it, or nothing else would remain: 'LIMITE', not 'LIMITE / TLP:CLEAR' (the
    lowest level of a scale such as TLP:CLEAR allows anything, and beside a restrictive marking it
    reads as a contradiction). The full marking, every scale, is kept in the manifest and audit."""
    kept = {name: level for name, level in marking.items()
            if name in floor or settings.scale(name).rank(level) > 0}
    return label(kept or marking, settings)


def from_label(shown: object, settings: Settings) -> dict[str, str] | None:
    """The marking a label (as :func:`label` writes it) stands for, or None when it is not one."""
    if not isinstance(shown, str) or not shown.strip():
        return None
    levels = {level.upper(): level for scale in settings.scales for level in scale.levels}
    parts = [levels.get(part.strip()) for part in shown.split(" / ")]
    if any(part is None for part in parts):
        return None
    parsed, error = parse([p for p in parts if p], settings)
    return None if error else parsed


def or_default(marking: dict[str, str], settings: Settings) -> dict[str, str]:
    """``marking``, or the default marking when it names no level (a brief is never unmarked)."""
    return dict(marking) or default(settings)


BLANK = "expected a marking such as TLP:CLEAR, or a list of markings on different scales, found nothing"


def blank(record: object, shown: str, hint: str, field: str = "marking") -> list[Problem]:
    """A problem when ``record`` has ``field`` left blank: a blank marking must never mean the default."""
    if not isinstance(record, Mapping) or field not in record or record[field] is not None:
        return []
    return [Problem(shown, record.line_of(field), field, f"{BLANK} ({hint})")]


def default_hint(settings: Settings | None, owner: str) -> str:
    """What to do instead of a blank marking on a fact or source."""
    shown = f", {label(default(settings), settings)}" if settings else ""
    return f"leave the field out for the default{shown}; {owner}"


def explain(fact: Fact, facts: dict[str, Fact], sources: dict[str, Source], settings: Settings,
            origins: Origins | None = None) -> dict[str, str]:
    """Why a fact carries levels it does not state, per scale: 'TLP:AMBER because it is based on fact 'x''.

    Empty when its marking is its own. Follows a chain of judgements down to the fact or source
    that states the level ('..., which cites source 's''). Pass one ``origins`` to explain many
    facts of one fact base: each fact's chain is then followed once.
    """
    origins = origins or Origins(facts, sources)
    reasons = {}
    for name, level in fact.markings.items():
        own = fact.declared.get(name) if fact.declared else level
        if own is not None and settings.scale(name).rank(own) >= settings.scale(name).rank(level):
            continue
        chain = origins.steps(fact, name, level)
        if chain:
            reasons[name] = f"{level} because it " + ", which ".join(chain)
    return reasons


def described(fact: Fact, facts: dict[str, Fact], sources: dict[str, Source], settings: Settings,
              reason: str, origins: Origins | None = None) -> str:
    """``reason`` (from :func:`exceeds`: 'TLP:RED, above ...') with the level explained when inherited."""
    level = reason.split(",", 1)[0]
    for explained in explain(fact, facts, sources, settings, origins).values():
        if explained.startswith(level + " "):
            return explained + reason[len(level):]
    return reason


#: A chain of more steps than this shows its first SHOWN_STEPS - 2 and its last.
SHOWN_STEPS = 6


@dataclass(frozen=True)
class _Trail:
    """Where a level comes from, seen from one fact: how many steps down, the first few, the fact
    that takes the last step and that step ('cites source 's'' or 'is based on fact 'x'')."""

    count: int
    first: tuple[str, ...]
    last_from: str
    last: str


_NOWHERE = _Trail(0, (), "", "")


class Origins:
    """Where facts get the levels they carry from, each fact's chain followed once (a loop, not
    recursion: a chain may be thousands of judgements long)."""

    def __init__(self, facts: dict[str, Fact], sources: dict[str, Source]) -> None:
        self.facts = facts
        self.sources = sources
        self._trails: dict[tuple[str, str, str], _Trail] = {}

    def steps(self, fact: Fact, name: str, level: str) -> list[str]:
        """The chain of 'is based on'/'cites' steps by which ``fact`` gets ``level`` on scale ``name``;
        a long one shortened to its first steps, how many more, and the last."""
        trail = self._trail(fact, name, level)
        if trail.count <= SHOWN_STEPS:
            return list(trail.first[:trail.count])
        shown = SHOWN_STEPS - 2
        return [*trail.first[:shown], f"leads down {trail.count - 1 - shown} more steps to fact "
                f"'{trail.last_from}'", trail.last]

    def _trail(self, fact: Fact, name: str, level: str) -> _Trail:
        walked: list[tuple[Fact, str]] = []
        seen = {fact.id}
        below = _NOWHERE
        while (fact.id, name, level) not in self._trails:
            step, base = _origin_step(fact, name, level, self.facts, self.sources)
            if step is not None:
                walked.append((fact, step))
            if step is None or base is None or base.id in seen:
                break
            seen.add(base.id)
            fact = base
        else:
            below = self._trails[fact.id, name, level]
        for done, step in reversed(walked):
            below = (_Trail(below.count + 1, (step, *below.first)[:SHOWN_STEPS], below.last_from, below.last)
                     if below.count else _Trail(1, (step,), done.id, step))
            self._trails[done.id, name, level] = below
        return below


def _origin_step(fact: Fact, name: str, level: str, facts: dict[str, Fact], sources: dict[str, Source]
                 ) -> tuple[str | None, Fact | None]:
    """The first step from ``fact`` towards where ``level`` comes from, and the base to follow on
    (None when the step reaches the origin)."""
    for sid in fact.sources:
        if sid in sources and sources[sid].markings.get(name) == level:
            return f"cites source '{sid}'", None
    for fid in fact.based_on:
        base = facts.get(fid)
        if base is None or base.markings.get(name) != level:
            continue
        own = base.declared.get(name) if base.declared else level
        return f"is based on fact '{fid}'", None if own == level else base
    return None, None
