"""A brief's marking, computed from what it read, and the guards run on its text after rendering."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from briefgen.content import markings
from briefgen.content.model import Briefing, Settings
from briefgen.content.project import Project
from briefgen.exceptions import LeakError
from briefgen.selection.index import MarkingKey
from briefgen.selection.leaks import Guarded, Scanner, guarded_fact, guarded_source, output_of, source_texts
from briefgen.selection.select import Selection
from briefgen.selection.textindex import Output, text_index
from briefgen.templating.portions import Block
from briefgen.templating.usage import Usage


@dataclass(frozen=True)
class BriefMarking:
    """The highest of the floor and of everything read, on each scale; never empty."""

    levels: dict[str, str]
    reasons: tuple[str, ...]


def _named(key: str) -> str:
    kind, _, ident = key.partition(":")
    return f"the old text of withdrawn fact '{ident}'" if kind == "withdrawn" else f"{kind} '{ident}'"


def brief_marking(floor: dict[str, str], marks: dict[str, dict[str, str]], settings: Settings) -> BriefMarking:
    """The marking of a brief with ``floor`` that read ``marks`` (key -> marking), with where each level
    comes from: 'TLP:AMBER from fact 'x'', 'OFFICIAL from the briefing's floor'."""
    found = markings.highest([floor, *marks.values()], settings)
    if not found:
        levels = markings.default(settings)
        return BriefMarking(levels, tuple(f"{level}: the default, as the brief reads no marked data"
                                          for level in levels.values()))
    reasons = []
    for name in (s.name for s in settings.scales):
        if name not in found:
            continue
        level = found[name]
        if floor.get(name) == level:
            reasons.append(f"{level} from the briefing's floor")
        else:
            key = next(k for k, m in marks.items() if m.get(name) == level)
            reasons.append(f"{level} from {_named(key)}")
    return BriefMarking(found, tuple(reasons))


def portion_levels(floor: dict[str, str], usage: Usage, settings: Settings
                   ) -> Callable[[Block], dict[str, str]]:
    """The portion marking of a block: the highest of the data it holds (printed in it, or deciding
    whether and how it was written); and the floor too when the template wrote words of its own in
    it (the team's words carry the floor). A block of data alone carries the data's marking."""
    def levels(block: Block) -> dict[str, str]:
        held = {k: usage.marks[k] for k in block.keys if k in usage.marks}
        return brief_marking(floor if block.own or not held else {}, held, settings).levels
    return levels


def _every_scale(levels: dict[str, str], settings: Settings) -> dict[str, str]:
    """``levels`` with each scale it does not name at that scale's lowest level: a marking that names
    no level on a scale holds nothing above its lowest (a ceiling's missing scale is another matter)."""
    return {scale.name: scale.levels[0] for scale in settings.scales} | levels


def guard(text: str, briefing: Briefing, levels: dict[str, str], selection: Selection, project: Project,
          shown: Iterable[str]) -> None:
    """Fail when the brief's text holds words of a fact or source its reader may not see (above the
    ceiling, or a source cited only by withheld facts), or that it is not marked for (above its marking).

    ``shown`` are other texts the brief may hold (the old text of withdrawn facts it shows). The
    facts looked at are those sharing words with the text (:mod:`briefgen.selection.textindex`),
    so the cost follows the brief, not the fact base.
    """
    s, facts, sources = project.settings, project.facts, project.sources
    out = output_of(text)
    index = text_index(facts)
    visible = list(selection.visible.values())
    allowed_sources = [src for sid, src in sources.items() if sid not in selection.withheld_sources]
    scanner = Scanner([*(t for f in visible for t in guarded_fact(f).texts),
                       *(t for src in allowed_sources for t in source_texts(src)), *shown])
    above_ceiling = [key for key in index.members if markings.exceeds(index.sample(key), briefing.ceiling, s)]
    hidden = [guarded_fact(facts[f]) for f in index.candidates(out, above_ceiling) if f in selection.withheld]
    hidden += [guarded_source(sources[sid]) for sid in sorted(selection.withheld_sources)]
    leaks = scanner.scan(out, hidden)
    if leaks:
        raise LeakError(f"{briefing.path}: the rendered brief contains text its reader may not see (above "
                        "its ceiling):\n  " + "\n  ".join(leaks))
    leaks = _above(out, levels, briefing, selection, project, shown)
    if leaks:
        raise LeakError(f"{briefing.path}: the rendered brief is marked {markings.label(levels, s)} but contains "
                        "text of data marked higher, which the template printed without reading it through the "
                        "template API (typed in?):\n  " + "\n  ".join(leaks))


def guard_portions(parts: list[Block | str], portion: Callable[[Block], dict[str, str]], briefing: Briefing,
                   selection: Selection, project: Project, shown: Iterable[str]) -> None:
    """Fail when a paragraph or bullet holds words of a fact or source above its portion mark."""
    shown = tuple(shown)
    for part in parts:
        if isinstance(part, str) or not part.marked:
            continue
        levels = portion(part)
        leaks = _above(part.text, levels, briefing, selection, project, shown, "its portion mark")
        if leaks:
            mark = markings.label(levels, project.settings)
            raise LeakError(f"{briefing.path}: the paragraph or bullet \"{part.lines[0].strip()[:60]}\" is marked "
                            f"({mark}) but holds text of data marked higher:\n  " + "\n  ".join(leaks))


def _above(text: str | Output, levels: dict[str, str], briefing: Briefing, selection: Selection,
           project: Project, shown: Iterable[str], limit: str = "the brief's marking") -> list[str]:
    """Evidence of facts and sources (within the ceiling) above ``levels`` whose words are in ``text``."""
    s = project.settings
    levels = _every_scale(levels, s)
    out = output_of(text) if isinstance(text, str) else text
    index = text_index(project.facts)
    above: list[MarkingKey] = []
    allowed_keys: list[MarkingKey] = []
    for key in index.members:
        if markings.exceeds(index.sample(key), briefing.ceiling, s):
            continue  # withheld: the ceiling scan's business
        (above if markings.exceeds(index.sample(key), levels, s, limit) else allowed_keys).append(key)
    guarded: list[Guarded] = []
    for fid in index.candidates(out, above):
        fact = project.facts[fid]
        why = markings.exceeds(fact.markings, levels, s, limit)
        if fid not in selection.withheld and why:
            guarded.append(guarded_fact(fact, f" is {why}"))
    allowed: list[str] = list(shown)
    for sid, source in project.sources.items():
        if sid in selection.withheld_sources:
            continue
        why = markings.exceeds(source.markings, levels, s, limit)
        if why:
            guarded.append(guarded_source(source, f" is {why}"))
        else:
            allowed += source_texts(source)
    return Scanner(allowed, index, allowed_keys).scan(out, guarded) if guarded else []
