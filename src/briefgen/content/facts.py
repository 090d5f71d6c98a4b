"""Loading and validating the fact base: ``facts/*.yaml`` (facts and sources)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from briefgen.content import markings, yamlfile
from briefgen.content.fields import check_record, describe
from briefgen.content.model import ATTRIBUTED_KINDS, Fact, Settings, Source
from briefgen.content.schema import FACT_FIELDS, SOURCE_FIELDS
from briefgen.content.yamlfile import Mapping, Sequence
from briefgen.exceptions import Problem
from briefgen.layout import FACTS_DIR, Layout


def load(root: Path, settings: Settings) -> tuple[dict[str, Fact], dict[str, Source], list[Problem]]:
    """Read every ``facts/*.yaml``; validate each record and every cross-reference."""
    facts: dict[str, Fact] = {}
    sources: dict[str, Source] = {}
    problems: list[Problem] = []
    invalid: set[str] = set()
    folder = root / FACTS_DIR
    if not folder.is_dir():
        return facts, sources, [Problem(FACTS_DIR, None, None, "expected a folder of fact files, found none")]
    for path in Layout(root).fact_files():
        shown = f"{FACTS_DIR}/{path.name}"
        data, found = yamlfile.load(path, shown, root)
        problems += found
        if found:
            continue
        if not isinstance(data, Mapping) or not ({"facts", "sources"} & set(data)):
            problems.append(Problem(shown, getattr(data, "line", None), None,
                                    f"expected a mapping with 'facts:' and/or 'sources:', found {describe(data)}"))
            continue
        for key in data:
            if key not in ("facts", "sources"):
                problems.append(Problem(shown, data.line_of(key), key,
                                        "unknown top-level key; expected 'facts' or 'sources'"))
        for record, line in _items(data, "sources", shown, problems):
            source = _source(record, line, shown, settings, problems)
            if source:
                _add(sources, source, "source", problems)
            elif isinstance(record, Mapping) and isinstance(record.get("id"), str):
                invalid.add(record["id"])
        for record, line in _items(data, "facts", shown, problems):
            fact = _fact(record, line, shown, settings, problems, invalid)
            if fact:
                _add(facts, fact, "fact", problems)
    _check_references(facts, sources, problems, invalid)
    facts = _inherit_source_markings(facts, sources, settings)
    facts = _propagate_markings(facts, settings)
    return facts, sources, problems


def _items(data: Mapping, key: str, shown: str, problems: list[Problem]) -> list[tuple[Any, int]]:
    if key not in data:
        return []
    items = data[key]
    if not isinstance(items, Sequence):
        problems.append(Problem(shown, data.line_of(key), key, f"expected a list, found {describe(items)}"))
        return []
    return list(zip(items, items.lines, strict=True))


def _add(table: dict[str, Any], item: Fact | Source, what: str, problems: list[Problem]) -> None:
    if item.id in table:
        first = table[item.id]
        problems.append(Problem(item.path, item.line, "id",
                                f"duplicate {what} id '{item.id}', first defined at {first.path}:{first.line}"))
        return
    table[item.id] = item


def _source(record: Any, line: int, shown: str, settings: Settings, problems: list[Problem]) -> Source | None:
    values, found = check_record(record, SOURCE_FIELDS, shown, "a source", line)
    found += markings.blank(record, shown, markings.default_hint(settings, f"source '{values.get('id', '?')}'"))
    parsed = markings.default(settings)
    if "marking" in values:
        parsed, error = markings.parse(values.pop("marking"), settings)
        if error:
            found.append(Problem(shown, record.line_of("marking"), "marking", f"{error} (source '{values['id']}')"))
    problems += found
    if found:
        return None
    return Source(**values, path=shown, line=line, markings=parsed)


def _fact(record: Any, line: int, shown: str, settings: Settings, problems: list[Problem],
          invalid: set[str]) -> Fact | None:
    values, found = check_record(record, FACT_FIELDS, shown, "a fact", line)
    problems += found
    if found:
        if isinstance(record, Mapping) and isinstance(record.get("id"), str):
            invalid.add(record["id"])  # reported once here, not again by every fact citing it
        return None
    where = record.line_of
    fid = values["id"]

    def problem(field: str, message: str) -> None:
        problems.append(Problem(shown, where(field), field, f"{message} (fact '{fid}')"))

    before = len(problems)
    problems += markings.blank(record, shown, markings.default_hint(settings, f"fact '{fid}'"))
    kind = values["kind"]
    if kind == "assessment":
        if not values.get("based_on"):
            problem("based_on", "expected the ids of the facts this assessment rests on, found nothing")
        if not values.get("likelihood"):
            problem("likelihood", "expected a PHIA term for an assessment, found nothing")
        elif values["likelihood"] not in values["statement"]:
            problem("statement", f"expected the assessment to say '{values['likelihood']}', its likelihood")
        if values.get("sources"):
            problem("sources", "expected no sources on an assessment (it cites the facts it is based on)")
    else:
        if not values.get("sources"):
            problem("sources", f"expected at least one source id for a '{kind}' fact, found nothing")
        if values.get("likelihood"):
            problem("likelihood", f"expected a likelihood only on an assessment, found one on '{kind}'")
    if kind in ATTRIBUTED_KINDS and not values.get("attribution"):
        problem("attribution", f"expected who says so for a '{kind}' fact, found nothing")
    if values.get("as_of") and values.get("review_by") and values["review_by"] < values["as_of"]:
        problem("review_by", f"expected a date on or after as_of {values['as_of']}, found {values['review_by']}")
    if "marking" in values:
        parsed, error = markings.parse(values.pop("marking"), settings)
        if error:
            problem("marking", error)
    else:
        parsed = markings.default(settings)
    if len(problems) > before:
        invalid.add(fid)
        return None
    return Fact(**values, markings=parsed, declared=parsed, path=shown, line=line, field_lines=dict(record.lines))


def _check_references(facts: dict[str, Fact], sources: dict[str, Source], problems: list[Problem],
                      invalid: set[str]) -> None:
    """Every cited source and based_on fact exists (ids whose records are invalid were reported already)."""
    for fact in facts.values():
        for sid in fact.sources:
            if sid not in sources and sid not in invalid:
                problems.append(Problem(fact.path, fact.field_lines.get("sources", fact.line), "sources",
                                        f"expected a known source id, found '{sid}' (fact '{fact.id}')"))
        for fid in fact.based_on:
            if fid not in facts and fid not in invalid:
                problems.append(Problem(fact.path, fact.field_lines.get("based_on", fact.line), "based_on",
                                        f"expected a known fact id, found '{fid}' (fact '{fact.id}')"))
    for fact in facts.values():
        cycle = _cycle(fact.id, facts, ())
        if cycle and cycle[0] == fact.id:
            problems.append(Problem(fact.path, fact.line, "based_on",
                                    f"expected no circular reasoning, found {' -> '.join(cycle)}"))


def _cycle(fid: str, facts: dict[str, Fact], path: tuple[str, ...]) -> tuple[str, ...] | None:
    if fid in path:
        return (*path, fid)
    fact = facts.get(fid)
    if fact is None:
        return None
    for base in fact.based_on:
        found = _cycle(base, facts, (*path, fid))
        if found:
            return found
    return None


def _inherit_source_markings(facts: dict[str, Fact], sources: dict[str, Source], settings: Settings
                             ) -> dict[str, Fact]:
    """A fact carries at least the marking of each source it cites (its citation shows the source)."""
    return {fid: replace(fact, markings=markings.highest(
        [fact.markings, *(sources[s].markings for s in fact.sources if s in sources)], settings))
        for fid, fact in facts.items()}


def _propagate_markings(facts: dict[str, Fact], settings: Settings) -> dict[str, Fact]:
    """A fact based on others carries at least the highest marking among them."""
    done: dict[str, Fact] = {}

    def resolve(fid: str, seen: frozenset[str]) -> dict[str, str]:
        fact = facts[fid]
        if fid in done:
            return done[fid].markings
        bases = [resolve(b, seen | {fid}) for b in fact.based_on if b in facts and b not in seen]
        marking = markings.highest([fact.markings, *bases], settings)
        done[fid] = replace(fact, markings=marking)
        return marking

    for fid in facts:
        resolve(fid, frozenset())
    return {fid: done[fid] for fid in facts}


def sources_of(fact: Fact, facts: dict[str, Fact]) -> tuple[str, ...]:
    """The source ids behind a fact: its own, or for a judgement, those of its bases."""
    seen: dict[str, None] = {}
    stack = [fact]
    visited: set[str] = set()
    while stack:
        current = stack.pop(0)
        if current.id in visited:
            continue
        visited.add(current.id)
        for sid in current.sources:
            seen.setdefault(sid, None)
        stack += [facts[b] for b in current.based_on if b in facts]
    return tuple(seen)
