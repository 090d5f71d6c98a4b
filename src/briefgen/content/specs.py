"""Loading and validating briefing specs: ``briefings/<id>.yaml``."""

from __future__ import annotations

from pathlib import Path

from briefgen.content import markings, yamlfile
from briefgen.content.fields import SLUG_RE, check_record
from briefgen.content.model import FORMATS, Briefing, Fact, Gates, Settings
from briefgen.content.schema import BRIEFING_FIELDS, GATE_FIELDS
from briefgen.content.yamlfile import Mapping
from briefgen.exceptions import Problem
from briefgen.layout import BRIEFINGS_DIR, TEMPLATES_DIR, Layout


def inside(root: Path, relative: str) -> Path | None:
    """``root/relative`` if it stays inside ``root`` after resolving links, else None."""
    if not relative or relative.startswith(("/", "\\")) or "\\" in relative:
        return None
    base = root.resolve()
    target = (base / relative).resolve()
    return target if target.is_relative_to(base) else None


def load(root: Path, settings: Settings, facts: dict[str, Fact]
         ) -> tuple[dict[str, Briefing], list[Problem], set[str]]:
    """Read every briefing spec and check what it refers to.

    Also returns every audience a spec names, valid or not, so that one broken spec
    does not make every fact's wording for its audience look like a typo.
    """
    briefings: dict[str, Briefing] = {}
    audiences: set[str] = set()
    problems: list[Problem] = []
    folder = root / BRIEFINGS_DIR
    if not folder.is_dir():
        return {}, [Problem(BRIEFINGS_DIR, None, None, "expected a folder of briefing specs, found none")], set()
    tags = {tag for fact in facts.values() for tag in fact.tags}
    for path in Layout(root).spec_files():
        shown = f"{BRIEFINGS_DIR}/{path.name}"
        if not SLUG_RE.match(path.stem):
            problems.append(Problem(shown, None, None, "expected a file name that is a lowercase id "
                                    f"(letters, digits, hyphens), found '{path.name}'"))
            continue
        data, found = yamlfile.load(path, shown, root)
        problems += found
        if isinstance(data, dict) and isinstance(data.get("audience"), str):
            audiences.add(data["audience"])
        if not found:
            briefing = _briefing(root, path.stem, shown, data, settings, facts, tags, problems)
            if briefing:
                briefings[briefing.id] = briefing
    return briefings, problems, audiences


def _briefing(root: Path, bid: str, shown: str, data: Mapping, settings: Settings, facts: dict[str, Fact],
              tags: set[str], problems: list[Problem]) -> Briefing | None:
    """One briefing spec, or None when it has problems (added to ``problems``)."""
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
            problem(field, f"expected a path inside {TEMPLATES_DIR}/, found '{values[field]}'")
        elif not target.is_file():
            problem(field, f"expected an existing file in {TEMPLATES_DIR}/, found '{values[field]}'")
    formats = values.get("formats", settings.formats)
    bad = [f for f in formats if f not in FORMATS]
    if bad:
        problem("formats", f"expected formats from {', '.join(FORMATS)}, found '{bad[0]}'")
    if ("pdf" in formats or "html" in formats) and "stylesheet" not in values:
        problem("stylesheet", "expected a stylesheet for HTML and PDF output, found nothing")
    for fid in values.get("facts", ()):
        if fid not in facts:
            problem("facts", f"expected a known fact id, found '{fid}'")
    for field in ("tags", "exclude_tags"):
        for tag in values.get(field, ()):
            if tag not in tags:
                problem(field, f"expected a tag that some fact carries, found '{tag}'")
    if not values.get("tags") and not values.get("facts"):
        problem("tags", "expected tags or fact ids to draw facts from, found neither")
    if "gates" in values:
        gates, found = check_record(values["gates"], GATE_FIELDS, shown, "quality gates", data.line_of("gates"))
        problems.extend(found)
        values["gates"] = Gates(**gates)
    parsed: dict[str, dict[str, str]] = {}
    for field in ("ceiling", "marking_floor"):
        if field in values:
            parsed[field], error = markings.parse(values.pop(field), settings)
            if error:
                problem(field, error)
    if len(problems) > before:
        return None
    values["formats"] = tuple(formats)
    values.setdefault("author", settings.author)
    return Briefing(
        id=bid,
        ceiling=parsed["ceiling"],
        marking_floor=parsed.get("marking_floor", {}),
        path=shown,
        **values,
    )
