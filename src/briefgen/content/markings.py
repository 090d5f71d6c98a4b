"""Handling markings on ordered, configurable scales. Scales are never converted."""

from __future__ import annotations

from collections.abc import Iterable

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


def explain(fact: Fact, facts: dict[str, Fact], sources: dict[str, Source], settings: Settings
            ) -> dict[str, str]:
    """Why a fact carries levels it does not state, per scale: 'TLP:AMBER because it is based on fact 'x''.

    Empty when its marking is its own. Follows a chain of judgements down to the fact or source
    that states the level ('..., which cites source 's'').
    """
    reasons = {}
    for name, level in fact.markings.items():
        own = fact.declared.get(name) if fact.declared else level
        if own is not None and settings.scale(name).rank(own) >= settings.scale(name).rank(level):
            continue
        chain = _origin(fact, name, level, facts, sources)
        if chain:
            reasons[name] = f"{level} because it " + ", which ".join(chain)
    return reasons


def described(fact: Fact, facts: dict[str, Fact], sources: dict[str, Source], settings: Settings,
              reason: str) -> str:
    """``reason`` (from :func:`exceeds`: 'TLP:RED, above ...') with the level explained when inherited."""
    level = reason.split(",", 1)[0]
    for explained in explain(fact, facts, sources, settings).values():
        if explained.startswith(level + " "):
            return explained + reason[len(level):]
    return reason


def _origin(fact: Fact, name: str, level: str, facts: dict[str, Fact], sources: dict[str, Source]
            ) -> list[str]:
    """Where ``fact`` gets ``level`` on scale ``name`` from: a chain of 'is based on'/'cites' steps."""
    for sid in fact.sources:
        if sid in sources and sources[sid].markings.get(name) == level:
            return [f"cites source '{sid}'"]
    for fid in fact.based_on:
        base = facts.get(fid)
        if base is None or base.markings.get(name) != level:
            continue
        own = base.declared.get(name) if base.declared else level
        if own == level:
            return [f"is based on fact '{fid}'"]
        return [f"is based on fact '{fid}'", *_origin(base, name, level, facts, sources)]
    return []
