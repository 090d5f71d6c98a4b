"""How current a brief is: spec dates that have passed, and the freshness gate (``max_source_age``)."""

from __future__ import annotations

import datetime as dt

from briefgen.content.model import Briefing, Fact, Source
from briefgen.templating.currency import newest


def passed_dates(briefing: Briefing, edition: dt.date) -> list[str]:
    """A message for each date in the spec's ``dates`` on or before the edition date: file, line, field."""
    out = []
    for name, when in briefing.dates.items():
        if when <= edition:
            line = briefing.field_lines.get(f"dates.{name}", 0)
            on = "is the edition date" if when == edition else f"is {(edition - when).days} day(s) before the edition"
            out.append(f"{briefing.path}:{line}: dates.{name}: {when.isoformat()} {on} ({edition.isoformat()}); "
                       "the brief prepares for something already due: set the next date, or remove it")
    return out


def stale_sources(briefing: Briefing, used: tuple[str, ...], facts: dict[str, Fact], sources: dict[str, Source],
                  edition: dt.date) -> list[str]:
    """A message when the brief's newest source is older than its spec's ``max_source_age``."""
    if briefing.max_source_age is None:
        return []
    found = newest(used, facts, sources)
    line = briefing.field_lines.get("max_source_age", 0)
    if found is None:
        return [f"{briefing.path}:{line}: max_source_age: brief '{briefing.id}' draws on no dated source, so "
                "how current it is cannot be shown"]
    assert found.published is not None
    age = (edition - found.published).days
    if age <= briefing.max_source_age:
        return []
    return [f"{briefing.path}:{line}: max_source_age: brief '{briefing.id}': its newest source '{found.id}' "
            f"({found.published.isoformat()}) is {age} days old at {edition.isoformat()}, more than "
            f"{briefing.max_source_age} days: add newer sources, or say why the brief is still current"]
