"""Handling markings on ordered, configurable scales. Scales are never converted."""

from __future__ import annotations

from collections.abc import Iterable

from briefgen.content.model import Settings


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


def exceeds(marking: dict[str, str], ceiling: dict[str, str], settings: Settings) -> str | None:
    """Why ``marking`` is above ``ceiling``, or None when a reader at the ceiling may see it.

    A marking on a scale the ceiling does not name is above it: clearance on one
    scale says nothing about another.
    """
    for name, level in marking.items():
        if name not in ceiling:
            return f"{level}, on the '{name}' scale, which this briefing's ceiling does not cover"
        scale = settings.scale(name)
        if scale.rank(level) > scale.rank(ceiling[name]):
            return f"{level}, above this briefing's ceiling {ceiling[name]}"
    return None


def label(marking: dict[str, str], settings: Settings) -> str:
    """The marking as shown on a brief, in scale order: 'TLP:CLEAR', 'TLP:AMBER / OFFICIAL'."""
    order = [s.name for s in settings.scales]
    return " / ".join(marking[name] for name in order if name in marking).upper()
