"""A marking as templates see it: ``brief.marking``, ``brief.ceiling``, ``fact.marking``."""

from __future__ import annotations

from briefgen.content import markings
from briefgen.content.model import Settings


class Marking(str):
    """A marking as templates see it: prints as its label ('TLP:CLEAR / OFFICIAL'); ``levels`` maps
    each scale to its level, e.g. ``brief.marking.levels.tlp``."""

    levels: dict[str, str]

    def __new__(cls, levels: dict[str, str], settings: Settings) -> Marking:
        shown = super().__new__(cls, markings.label(levels, settings))
        shown.levels = dict(levels)
        return shown
