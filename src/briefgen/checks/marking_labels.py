"""Markings written by a template or a stylesheet rather than by briefgen.

briefgen alone writes a brief's marking (the banner, the running header and footer, portion marks).
Any other level of a configured scale that the reader would see, and that is not the brief's own
marking, is a marking of the template's or stylesheet's making ("TLP:CLEAR" typed into a template
marked TLP:AMBER, ``content: "TLP:CLEAR"`` in a page header): it fails the build. A level that
appears in the data the brief printed (a fact that mentions "TLP:RED" guidance) is the fact's words,
not a marking, and is allowed; so are portion marks, which are never above the brief's marking.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from briefgen.content.model import Settings
from briefgen.content.project import Project
from briefgen.templating.rendered import Rendered


def level_pattern(settings: Settings) -> re.Pattern[str]:
    """Any level of any configured scale, as a whole word (longest first: TLP:AMBER+STRICT before
    TLP:AMBER)."""
    levels = sorted({level for scale in settings.scales for level in scale.levels}, key=len, reverse=True)
    return re.compile(r"(?<![\w:+-])(" + "|".join(re.escape(level) for level in levels) + r")(?![\w+-])")


def allowed_levels(rendered: Rendered, project: Project) -> set[str]:
    """The levels a reader may see written in a brief: those of its marking; with portion marks, every
    level at or below it on each scale; and any level mentioned by the data it printed."""
    settings = project.settings
    pattern = level_pattern(settings)
    allowed = set(pattern.findall(rendered.marking)) | set(rendered.marking_levels.values())
    if rendered.briefing.portion_marks:
        for scale in settings.scales:
            top = rendered.marking_levels.get(scale.name)
            levels = list(scale.levels)
            allowed |= set(levels[: levels.index(top) + 1] if top in levels else levels[:1])
    for text in _data_texts(rendered, project):
        allowed |= set(pattern.findall(text))
    return allowed


def _data_texts(rendered: Rendered, project: Project) -> Iterable[str]:
    """Every text of fact or source data the brief may have printed."""
    for record in rendered.records.values():
        yield str(record.get("text") or "")
        yield str(record.get("attribution") or "")
    for fid in rendered.used:
        fact = project.facts.get(fid)
        if fact is not None:
            yield fact.statement
            yield from (str(v) for v in fact.wording.values())
    for sid in {*rendered.sources, *(s for r in rendered.records.values() for s in _ids(r.get("sources")))}:
        source = project.sources.get(sid)
        if source is not None:
            yield from (str(v or "") for v in (source.title, source.short, source.note, source.publisher,
                                                 source.author))
    if rendered.changes is not None:
        yield from (text for _, text in rendered.changes.withdrawn)


def _ids(value: object) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []


def foreign(text: str, allowed: set[str], pattern: re.Pattern[str]) -> list[str]:
    """The levels written in ``text`` that are not ``allowed``, each once, in order."""
    return list(dict.fromkeys(level for level in pattern.findall(text) if level not in allowed))


def problems(text: str, where: str, rendered: Rendered, project: Project) -> list[str]:
    """"<where> writes a marking of its own" for each level in ``text`` that is not allowed."""
    pattern = level_pattern(project.settings)
    found = foreign(text, allowed_levels(rendered, project), pattern)
    return [f"{where} writes a marking of its own, {level!r}, but the brief is marked {rendered.marking}: only "
            "briefgen writes markings (remove it from the template or stylesheet)" for level in found]
