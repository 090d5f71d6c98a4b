"""A marking as templates see it: ``brief.marking``, ``brief.ceiling``, ``fact.marking``."""

from __future__ import annotations

from briefgen.content import markings
from briefgen.content.model import Settings


class Marking(str):
    """A marking as templates see it: prints as its label ('TLP:CLEAR / OFFICIAL'); ``levels`` maps
    each scale to its level, e.g. ``brief.marking.levels.tlp``."""

    levels: dict[str, str]

    def __new__(cls, levels: dict[str, str], settings: Settings, floor: dict[str, str] | None = None) -> Marking:
        """``floor``, for a brief's own marking: printed as the brief shows it (:func:`markings.shown`)."""
        text = markings.label(levels, settings) if floor is None else markings.shown(levels, floor, settings)
        shown = super().__new__(cls, text)
        shown.levels = dict(levels)
        return shown
