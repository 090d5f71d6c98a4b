"""Undefined values that say what was meant: ``brief.titel`` fails with "did you mean 'title'?"."""

from __future__ import annotations

import difflib
from collections.abc import Mapping

import jinja2
from jinja2.utils import missing


def names_of(obj: object) -> list[str]:
    """What a template may write after a dot on ``obj``: a mapping's keys (computed ones included), or the
    public attributes of an object."""
    if isinstance(obj, Mapping):
        names = [k for k in obj if isinstance(k, str)]
        computed = getattr(obj, "_computed", None)
        return names + [k for k in computed if isinstance(k, str)] if isinstance(computed, Mapping) else names
    return [name for name in dir(obj) if not name.startswith("_")]


class HintedUndefined(jinja2.StrictUndefined):
    """Jinja's strict undefined, whose message adds the closest name the object does have."""

    __slots__ = ()

    @property
    def _undefined_message(self) -> str:
        message: str = super()._undefined_message
        name, obj = self._undefined_name, self._undefined_obj
        if obj is missing or not isinstance(name, str):
            return message
        close = difflib.get_close_matches(name, names_of(obj), n=1, cutoff=0.75)
        return f"{message}; did you mean '{close[0]}'?" if close else message
