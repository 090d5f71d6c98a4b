"""Loading and validating the fact base: ``facts/*.yaml`` (facts and sources)."""

from __future__ import annotations

import difflib
import re
from collections import deque
from collections.abc import Callable, Collection
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from briefgen.content import citations, markings, reasoning, yamlfile
from briefgen.content.fields import check_record, describe
from briefgen.content.model import ATTRIBUTED_KINDS, Fact, Settings, Source
from briefgen.content.schema import FACT_FIELDS, SOURCE_FIELDS
from briefgen.content.yamlfile import Mapping, Sequence
from briefgen.exceptions import Problem
from briefgen.layout import FACTS_DIR, Layout


@dataclass
class FactBase:
    """The fact base as loaded: valid facts and sources, and every problem found.

    ``complete`` is False when some file could not be read as far as its records (a syntax
    error, say): ids, tags and sources may then be missing only because of that file, so checks
    that something is unknown are left until it is fixed instead of adding spurious problems.
    """

    facts: dict[str, Fact] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    complete: bool = True


def load(root: Path, settings: Settings | None) -> FactBase:
    """Read every ``facts/*.yaml``; validate each record and every cross-reference.

    ``settings`` is None when the settings could not be read: markings are then not checked.
    """
    base = FactBase()
    problems = base.problems
    invalid: set[str] = set()
    folder = root / FACTS_DIR
    if not folder.is_dir():
        problems.append(Problem(FACTS_DIR, None, None, "expected a folder of fact files, found none"))
        return base
    for path in Layout(root).fact_files():
        shown = f"{FACTS_DIR}/{path.name}"
        data, found = yamlfile.load(path, shown, root)
        problems += found
        if found:
            base.complete = False
            continue
        if not isinstance(data, Mapping) or not ({"facts", "sources"} & set(data)):
            problems.append(Problem(shown, getattr(data, "line", None), None,
                                    f"expected a mapping with 'facts:' and/or 'sources:', found {describe(data)}"))
            base.complete = base.complete and data is None  # an empty file declares nothing
            continue
        for key in data:
            if key not in ("facts", "sources"):
                problems.append(Problem(shown, data.line_of(key), key,
                                        "unknown top-level key; expected 'facts' or 'sources'"))
        for record, line in _items(data, "sources", shown, base):
            source = _source(record, line, shown, settings, problems)
            if source:
                _add(base.sources, source, "source", problems)
            elif isinstance(record, Mapping) and isinstance(record.get("id"), str):
                invalid.add(record["id"])
        for record, line in _items(data, "facts", shown, base):
            fact = _fact(record, line, shown, settings, problems, invalid)
            if fact:
                _add(base.facts, fact, "fact", problems)
    if base.complete:
        _check_references(base.facts, base.sources, problems, invalid)
    if settings is not None:
        base.facts = _inherit_source_markings(base.facts, base.sources, settings)
    base.facts, found = reasoning.check(base.facts, settings)
    problems += found
    return base


def _items(data: Mapping, key: str, shown: str, base: FactBase) -> list[tuple[Any, int]]:
    if key not in data:
        return []
    items = data[key]
    if not isinstance(items, Sequence):
        base.problems.append(Problem(shown, data.line_of(key), key, f"expected a list, found {describe(items)}"))
        base.complete = base.complete and items is None
        return []
    return list(zip(items, items.lines, strict=True))


def _add(table: dict[str, Any], item: Fact | Source, what: str, problems: list[Problem]) -> None:
    if item.id in table:
        first = table[item.id]
        problems.append(Problem(item.path, item.line, "id",
                                f"duplicate {what} id '{item.id}', first defined at {first.path}:{first.line}"))
        return
    table[item.id] = item


def _source(record: Any, line: int, shown: str, settings: Settings | None, problems: list[Problem]
            ) -> Source | None:
    values, found = check_record(record, SOURCE_FIELDS, shown, "a source", line)
    found += markings.blank(record, shown, markings.default_hint(settings, f"source '{values.get('id', '?')}'"))
    parsed: dict[str, str] = {}
    if settings is None:  # unknown scales: the settings' own problem is reported instead
        values.pop("marking", None)
    elif "marking" not in values:
        parsed = markings.default(settings)
    else:
        parsed, error = markings.parse(values.pop("marking"), settings)
        if error:
            found.append(Problem(shown, record.line_of("marking"), "marking", f"{error} (source '{values['id']}')"))
    digest = values.get("archive_sha256")
    if digest is not None and not re.fullmatch(r"[0-9a-fA-F]{64}", digest):
        found.append(Problem(shown, record.line_of("archive_sha256"), "archive_sha256",
                             f"expected a SHA-256 in hex (64 characters), found {describe(digest)} "
                             f"(source '{values['id']}')"))
    problems += found
    if found:
        return None
    return Source(**values, path=shown, line=line, markings=parsed)


def _fact(record: Any, line: int, shown: str, settings: Settings | None, problems: list[Problem],
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
        scale = settings.yardstick if settings is not None else None
        if not values.get("likelihood"):
            problem("likelihood", f"expected a {scale.name if scale else 'yardstick'} term for an assessment, "
                    "found nothing")
        elif scale is not None and values["likelihood"] not in scale.ranges:
            problem("likelihood", f"expected one of {', '.join(scale.ranges)} (the {scale.name} yardstick); "
                    f"found '{values['likelihood']}'")
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
    parsed: dict[str, str] = {}
    if settings is None:  # unknown scales: the settings' own problem is reported instead
        values.pop("marking", None)
    elif "marking" in values:
        parsed, error = markings.parse(values.pop("marking"), settings)
        if error:
            problem("marking", error)
    else:
        parsed = markings.default(settings)
    if "evidence" in values:
        values["evidence"], found = citations.parse(values["evidence"], values.get("sources", ()), shown, fid,
                                                    where("evidence"))
        problems += found
    if len(problems) > before:
        invalid.add(fid)
        return None
    return Fact(**values, markings=parsed, declared=parsed, path=shown, line=line, field_lines=dict(record.lines))


def _check_references(facts: dict[str, Fact], sources: dict[str, Source], problems: list[Problem],
                      invalid: set[str]) -> None:
    """Every cited source and based_on fact exists (ids whose records are invalid were reported already)."""
    known_sources = f"known: {_some(sorted(sources))}" if sources else "none declared yet"
    source_hint, fact_hint = _hinter(sources), _hinter(facts)
    for fact in facts.values():
        for sid in fact.sources:
            if sid not in sources and sid not in invalid:
                problems.append(Problem(
                    fact.path, fact.field_lines.get("sources", fact.line), "sources",
                    f"expected a source id declared under 'sources:' in {FACTS_DIR}/*.yaml ({known_sources}), "
                    f"found '{sid}' (fact '{fact.id}'){source_hint(sid)}"))
        for fid in fact.based_on:
            if fid not in facts and fid not in invalid:
                problems.append(Problem(fact.path, fact.field_lines.get("based_on", fact.line), "based_on",
                                        f"expected a known fact id, found '{fid}' (fact '{fact.id}')"
                                        f"{fact_hint(fid)}"))


def _some(ids: list[str], shown: int = 10) -> str:
    """The first ``shown`` ids, and how many more."""
    more = f" and {len(ids) - shown} more" if len(ids) > shown else ""
    return ", ".join(ids[:shown]) + more


def _inherit_source_markings(facts: dict[str, Fact], sources: dict[str, Source], settings: Settings
                             ) -> dict[str, Fact]:
    """A fact carries at least the marking of each source it cites (its citation shows the source).
    A fact is copied only when its marking rises (most facts cite sources no higher than themselves)."""
    out: dict[str, Fact] = {}
    for fid, fact in facts.items():
        cited = [sources[s].markings for s in fact.sources if s in sources]
        raised = markings.highest([fact.markings, *cited], settings) if cited else fact.markings
        out[fid] = fact if raised == fact.markings else replace(fact, markings=raised)
    return out


#: difflib takes about 70 µs per known id and lookup: suggestions stay within a bounded cost.
MAX_HINTS, MAX_HINT_IDS = 25, 1_000


def _hinter(known: Collection[str]) -> Callable[[str], str]:
    """A "; did you mean 'x'?" for unknown ids, for the first few of them in a fact base of bounded size."""
    budget = MAX_HINTS if len(known) <= MAX_HINT_IDS else 0
    cache: dict[str, str] = {}

    def hint(found: str) -> str:
        nonlocal budget
        if found not in cache and budget > 0:
            budget -= 1
            close = difflib.get_close_matches(found, known, n=1)
            cache[found] = f"; did you mean '{close[0]}'?" if close else ""
        return cache.get(found, "")

    return hint


def sources_of(fact: Fact, facts: dict[str, Fact]) -> tuple[str, ...]:
    """The source ids behind a fact: its own, or for a judgement, those of its bases."""
    seen: dict[str, None] = {}
    queue = deque([fact])
    visited: set[str] = set()
    while queue:
        current = queue.popleft()
        if current.id in visited:
            continue
        visited.add(current.id)
        for sid in current.sources:
            seen.setdefault(sid, None)
        queue.extend(facts[b] for b in current.based_on if b in facts and b not in visited)
    return tuple(seen)
