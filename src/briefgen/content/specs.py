"""Loading and validating briefing specs: ``briefings/<id>.yaml``."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefgen.content import header, markings, matrix, yamlfile
from briefgen.content.fields import (
    SLUG_RE,
    check_record,
    check_values,
    describe,
    model_values,
    parse_date,
    printable,
)
from briefgen.content.model import Briefing, Fact, Gates, Settings
from briefgen.content.paths import inside
from briefgen.content.schema import BRIEFING_FIELDS, GATE_FIELDS
from briefgen.content.yamlfile import Mapping
from briefgen.exceptions import Problem
from briefgen.layout import BRIEFINGS_DIR, TEMPLATES_DIR, Layout


def load(root: Path, settings: Settings | None, facts: dict[str, Fact], facts_complete: bool = True
         ) -> tuple[dict[str, Briefing], list[Problem], set[str] | None]:
    """Read every briefing spec and check what it refers to.

    ``settings`` is None when they could not be read: what depends on them is not checked.
    ``facts_complete`` is False when some fact file could not be read: a fact id or tag not
    found is then not reported, since it may be in that file.

    Also returns every audience a spec names, valid or not, so that one broken spec
    does not make every fact's wording for its audience look like a typo; None when
    some spec could not be read, and its audience is unknown.
    """
    briefings: dict[str, Briefing] = {}
    audiences: set[str] | None = set()
    problems: list[Problem] = []
    folder = root / BRIEFINGS_DIR
    if not folder.is_dir():
        return {}, [Problem(BRIEFINGS_DIR, None, None, "expected a folder of briefing specs, found none")], set()
    tags = {tag for fact in facts.values() for tag in fact.tags} if facts_complete else None
    paths = Layout(root).spec_files()
    taken = {path.stem: f"{BRIEFINGS_DIR}/{path.name}" for path in paths}  # id to the spec that makes it
    context = _Context(root, settings, facts, tags)
    for path in paths:
        shown = f"{BRIEFINGS_DIR}/{path.name}"
        if not SLUG_RE.match(path.stem):
            problems.append(Problem(shown, None, None, "expected a file name that is a lowercase id "
                                    f"(letters, digits, hyphens), found '{printable(path.name)}'"))
            audiences = None
            continue
        data, found = yamlfile.load(path, shown, root)
        problems += found
        if found:
            audiences = None
        elif audiences is not None and isinstance(data, dict) and isinstance(data.get("audience"), str):
            audiences.add(data["audience"])
        if found:
            continue
        made = (_instances(context, path.stem, shown, data, taken, problems) if matrix.has_matrix(data)
                else [_briefing(context, path.stem, shown, data, problems)])
        briefings |= {b.id: b for b in made if b}
    return briefings, problems, audiences


@dataclass(frozen=True)
class _Context:
    """What every spec is checked against."""

    root: Path
    settings: Settings | None
    facts: dict[str, Fact]
    tags: set[str] | None


def _instances(context: _Context, spec_id: str, shown: str, data: Mapping, taken: dict[str, str],
               problems: list[Problem]) -> list[Briefing | None]:
    """The briefings a spec's matrix makes (content.matrix), each checked as a spec of its own; a problem
    the instances share is reported once. When the matrix itself is unsound, the rest of the spec is
    still checked, so that every problem is reported at once."""
    found: list[Problem] = []
    params = matrix.parameters(data, shown, found)
    matrix.check_placeholders(data, matrix.names(data), shown, found)
    made = matrix.instances(spec_id, data, params) if not found else []
    for instance in made:
        if instance.id in taken:
            found.append(Problem(shown, data.line_of(matrix.FIELD), matrix.FIELD,
                                 f"expected instance ids unlike any other briefing's, found '{instance.id}', "
                                 f"which {taken[instance.id]} makes too"))
    problems += found
    if found:
        rest, dropped = matrix.without_filled(data)
        checked: list[Problem] = []
        _briefing(context, spec_id, shown, rest, checked)
        problems += [p for p in checked if p.field not in dropped and not (dropped and p.field == "tags")]
        return []
    for instance in made:
        taken[instance.id] = shown
    briefings = []
    for instance in made:
        own: list[Problem] = []
        briefings.append(_briefing(context, instance.id, shown, instance.data, own,
                                   params=instance.params, matrix_of=spec_id, matrix=params))
        problems += [p for p in own if p not in problems]
    return briefings


def _briefing(context: _Context, bid: str, shown: str, data: Mapping, problems: list[Problem],
              **matrix_values: Any) -> Briefing | None:
    """One briefing spec (or matrix instance, given its ``params``, ``matrix_of`` and ``matrix``), or None
    when it has problems (added to ``problems``)."""
    root, settings, facts, tags = context.root, context.settings, context.facts, context.tags
    values, found = check_record(data, BRIEFING_FIELDS, shown, "a briefing spec", 1)
    problems += found
    if found:
        return None
    before = len(problems)

    def problem(field: str, message: str) -> None:
        problems.append(Problem(shown, data.line_of(field), field, message))

    templates = root / TEMPLATES_DIR
    for field in ("template", "stylesheet", "reference_docx"):
        if field not in values:
            continue
        target = inside(templates, values[field])
        if target is None:
            problem(field, f"expected a path inside {TEMPLATES_DIR}/, found '{printable(values[field])}'")
        elif not target.is_file():
            problem(field, f"expected an existing file in {TEMPLATES_DIR}/, found '{printable(values[field])}'")
    problems += check_values(values, BRIEFING_FIELDS, shown, data)
    formats = values.get("formats", settings.formats if settings else ())
    if ("pdf" in formats or "html" in formats) and "stylesheet" not in values:
        problem("stylesheet", "expected a stylesheet for HTML and PDF output, found nothing")
    if tags is not None:  # else some fact file could not be read, and these may be in it
        for fid in values.get("facts", ()):
            if fid not in facts:
                problem("facts", f"expected a known fact id, found '{fid}'")
        for field in ("tags", "exclude_tags"):
            for tag in values.get(field, ()):
                if tag not in tags:
                    problem(field, f"expected a tag that some fact carries, found '{tag}'")
    if not values.get("tags") and not values.get("facts"):
        problem("tags", "expected tags or fact ids to draw facts from, found neither")
    if "header" in values:
        values["header"] = header.header(values["header"], shown, data.line_of("header"), problems)
    if "gates" in values:
        gates, found = check_record(values["gates"], GATE_FIELDS, shown, "quality gates", data.line_of("gates"))
        problems.extend(found)
        values["gates"] = Gates(**gates)
    if "dates" in values:
        values["dates"] = _dates(values["dates"], shown, data.line_of("dates"), problems)
    if "max_source_age" in values:
        values["max_source_age"] = _age(values["max_source_age"], shown, data.line_of("max_source_age"), problems)
    if settings is None:  # could not be read: the markings cannot be checked
        return None
    parsed = _markings(values, data, shown, settings, problems)
    if len(problems) > before:
        return None
    values["formats"] = tuple(formats)
    values.setdefault("author", settings.author)
    values.setdefault("lang", settings.lang)
    return Briefing(
        id=bid,
        ceiling=parsed["ceiling"],
        marking_floor=parsed.get("marking", {}),
        path=shown,
        field_lines=_lines(data),
        **model_values(values, BRIEFING_FIELDS),
        **matrix_values,
    )


def _lines(data: Mapping) -> dict[str, int]:
    """The line of each field of a spec, and of each of its dates as 'dates.<name>'."""
    lines = {str(key): data.line_of(str(key)) for key in data}
    dates = data.get("dates")
    if isinstance(dates, Mapping):
        lines |= {f"dates.{key}": dates.line_of(str(key)) for key in dates}
    return lines


_AGE_RE = re.compile(r"^(\d+)\s*([dwm])$")
_AGE_DAYS = {"d": 1, "w": 7, "m": 30}
_DATE_NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")


def _age(value: str, shown: str, line: int, problems: list[Problem]) -> int | None:
    """'60d', '8w' or '2m' (months of 30 days) as a number of days."""
    found = _AGE_RE.match(value.strip())
    if not found:
        problems.append(Problem(shown, line, "max_source_age", "expected an age such as 60d, 8w or 2m (days, "
                                f"weeks, months of 30 days), found '{printable(value)}'"))
        return None
    return int(found.group(1)) * _AGE_DAYS[found.group(2)]


def _dates(value: Mapping, shown: str, line: int, problems: list[Problem]) -> dict[str, dt.date]:
    """The spec's 'dates': name (a lowercase id with underscores) to a YYYY-MM-DD date."""
    dates: dict[str, dt.date] = {}
    for key, raw in value.items():
        at = value.line_of(key) if isinstance(value, Mapping) else line
        if not isinstance(key, str) or not _DATE_NAME_RE.match(key):
            problems.append(Problem(shown, at, "dates", "expected a name of lowercase letters, digits and "
                                    f"underscores, such as decision_by, found '{printable(str(key))}'"))
            continue
        parsed = parse_date(raw)
        if parsed is None:
            problems.append(Problem(shown, at, f"dates.{key}", f"expected a date as YYYY-MM-DD, found {describe(raw)}"))
            continue
        dates[key] = parsed
    return dates


def _markings(values: dict[str, Any], data: Mapping, shown: str, settings: Settings,
              problems: list[Problem]) -> dict[str, dict[str, str]]:
    """The spec's ceiling and floor ('marking', or its old name 'marking_floor'), checked: the floor
    must be within the ceiling, or no reader could receive the brief."""
    found: list[Problem] = []
    for field in ("marking", "marking_floor"):
        found += markings.blank(data, shown, "leave the field out for no floor", field)
    if "marking" in values and "marking_floor" in values:
        found.append(Problem(shown, data.line_of("marking_floor"), "marking_floor",
                             "expected one of 'marking' or its old name 'marking_floor', found both"))
    parsed: dict[str, dict[str, str]] = {}
    for field in ("ceiling", "marking", "marking_floor"):
        if field in values:
            key = "marking" if field == "marking_floor" else field
            parsed[key], error = markings.parse(values.pop(field), settings)
            if error:
                found.append(Problem(shown, data.line_of(field), field, error))
    if not found and "marking" in parsed:
        above = markings.exceeds(parsed["marking"], parsed["ceiling"], settings)
        if above:
            field = "marking" if "marking" in data else "marking_floor"
            shown_ceiling = markings.label(parsed["ceiling"], settings)
            found.append(Problem(shown, data.line_of(field), field,
                                 f"expected a floor within the ceiling {shown_ceiling}, found {above}"))
    problems += found
    return parsed
