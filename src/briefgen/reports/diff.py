"""``briefgen diff``: what changed in a brief since an earlier edition."""

from __future__ import annotations

import datetime as dt

from briefgen.content.project import Project
from briefgen.editions.manifest import editions_dir, load_manifest, previous
from briefgen.exceptions import NoEditionError, ProjectUsageError
from briefgen.rendering.markdown import Renderer
from briefgen.selection.withdrawn import shown_marking


def diff(project: Project, briefing_id: str, edition: dt.date, since: dt.date | None) -> str:
    """What changed in a brief since an earlier edition (by default the latest before ``edition``)."""
    (briefing,) = project.select((briefing_id,))
    if since is not None and since >= edition:
        raise ProjectUsageError(f"--since {since.isoformat()}: expected a date before the edition compared, "
                                f"{edition.isoformat()}")
    found = previous(project.build_dir, briefing.id, edition, since)
    rendered = Renderer(project).render(briefing, edition, load_manifest(found) if found else None)
    changes = rendered.changes
    if changes is None:
        when = since.isoformat() if since else f"before {edition.isoformat()}"
        folder = editions_dir(project.build_dir, briefing_id).relative_to(project.root)
        raise NoEditionError(f"no edition of '{briefing_id}' {when} in {folder}/ "
                             "to compare with; build one first")
    head = f"{briefing_id}: changes since the edition of {changes.since.isoformat()} (now {edition.isoformat()})"
    if changes.empty:
        return f"{head}\n  no facts added, changed or withdrawn"
    lines = [head]
    lines += [f"  added      {fid}: {rendered.records[fid]['text']}" for fid in changes.added]
    lines += [f"  changed    {fid} ({', '.join(what)}): {rendered.records[fid]['text']}"
              for fid, what in changes.changed]
    old = (rendered.previous or {}).get("facts", {})
    for fid, text in changes.withdrawn:
        _, why = shown_marking(fid, old.get(fid), project.facts, rendered.selection, briefing.ceiling,
                               project.settings)
        lines.append(f"  withdrawn  {fid}: " + (f"[not shown to this reader: {why}]" if why else text))
    return "\n".join(lines)
