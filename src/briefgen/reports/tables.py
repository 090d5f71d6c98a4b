"""Tables for ``briefgen list``."""

from __future__ import annotations

from collections.abc import Sequence

from briefgen.content import markings
from briefgen.content.project import Project
from briefgen.layout import BUILD_DIR


def _table(header: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> str:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
             for row in [header, *rows]]
    return "\n".join(lines)


def briefings_table(project: Project) -> str:
    """One row per briefing, a matrix's instances each on their own: its id, the spec it comes from,
    its audience, formats and outputs."""
    rows = [
        (b.id, b.path, b.audience, ",".join(b.formats),
         " ".join(f"{BUILD_DIR}/{b.id}.{f}" for f in b.formats))
        for b in sorted(project.briefings.values(), key=lambda b: b.id)
    ]
    return _table(("BRIEFING", "SPEC", "AUDIENCE", "FORMATS", "OUTPUTS"), rows)


def facts_table(project: Project) -> str:
    s = project.settings
    rows = [
        (f.id, f.kind, markings.label(f.markings, s),
         ",".join(f.sources) or "(from " + ",".join(f.based_on) + ")")
        for f in project.facts.values()
    ]
    return _table(("FACT", "KIND", "MARKING", "SOURCES"), rows)
