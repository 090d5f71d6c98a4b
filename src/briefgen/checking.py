"""``briefgen check``: validate everything and render every template in memory."""

from __future__ import annotations

from pathlib import Path

from briefgen import project as project_mod
from briefgen.edition import edition_date
from briefgen.exceptions import BriefgenError, Problem, ValidationError
from briefgen.render import Renderer


def check_project(root: Path, as_of: str | None = None) -> str:
    """Return a one-paragraph report, or raise listing every problem found."""
    project = project_mod.load(root)
    edition = edition_date(as_of, project.settings.timezone)
    renderer = Renderer(project)
    problems: list[Problem] = []
    for briefing in project.briefings.values():
        try:
            renderer.render(briefing, edition)
        except BriefgenError as exc:
            problems.append(Problem(briefing.path, None, "template", exc.format_message()))
    if problems:
        raise ValidationError(problems)
    stale = sorted(
        (f for f in project.facts.values() if f.review_by and f.review_by < edition),
        key=lambda f: (f.review_by, f.id),
    )
    lines = [
        f"ok: {len(project.facts)} facts, {len(project.sources)} sources, "
        f"{len(project.briefings)} briefings; every template renders."
    ]
    for fact in stale:
        lines.append(f"review due: {fact.path}:{fact.line}: fact '{fact.id}' was due for review "
                     f"on {fact.review_by.isoformat()}")
    return "\n".join(lines)
