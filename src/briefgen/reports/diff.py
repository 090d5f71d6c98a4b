"""``briefgen diff``: what changed in a brief since an earlier edition."""

from __future__ import annotations

import datetime as dt

from briefgen.content.project import Project
from briefgen.editions.manifest import Edition, baseline, folder_of, scan
from briefgen.editions.record import fingerprint, same_content
from briefgen.exceptions import NoEditionError, ProjectUsageError
from briefgen.selection.withdrawn import shown_marking
from briefgen.templating.render import Renderer


def diff(project: Project, briefing_id: str, edition: dt.date, since: dt.date | None) -> str:
    """What changed in a brief since an earlier edition (by default the one the brief compares with)."""
    briefing = project.one(briefing_id)
    if since is not None and since >= edition:
        raise ProjectUsageError(f"--since {since.isoformat()}: expected a date before the edition compared, "
                                f"{edition.isoformat()}")
    folder = folder_of(project.root, project.settings.editions, briefing.id)
    found = scan(folder)
    renderer = Renderer(project)
    base: Edition | None
    if since is not None:
        base = next((e for e in reversed(found.editions) if e.date == since), None)
    else:
        base = baseline(found, edition, lambda recorded: same_content(
            recorded, lambda: fingerprint(renderer, briefing, edition), renderer, briefing, edition))
    rendered = renderer.render(briefing, edition, base.manifest if base else None)
    changes = rendered.changes
    latest = found.latest(edition)
    if changes is None and since is None and latest is not None:
        # The brief reads as its latest edition, which is the first: there is nothing to compare it with.
        earlier = latest.manifest.get("since")
        why = "the first" if not earlier else f"whose earlier edition {earlier} is no longer kept"
        return (f"{briefing_id}: unchanged since its edition of {latest.date.isoformat()}, {why} (nothing to "
                f"compare it with; as of {edition.isoformat()})")
    if changes is None:
        when = since.isoformat() if since else f"on or before {edition.isoformat()}"
        raise NoEditionError(f"no edition of '{briefing_id}' {when} in {folder.relative_to(project.root)}/ "
                             "to compare with; publish one first")
    told = changes.for_readers(project.facts)
    head = f"{briefing_id}: changes since the edition of {changes.since_edition} (now {edition.isoformat()})"
    text = rendered.records
    lines = [head]
    lines += [f"  added      {fid}: {text[fid]['text']}" for fid in told.added]
    lines += [f"  changed    {c.id} ({', '.join(c.what)}): {text[c.id]['text']}"
              + (f"\n             note: {c.note}" if c.note else "") for c in told.changed]
    earlier = (rendered.previous or {}).get("facts", {})
    for fid, old in told.withdrawn:
        _, why = shown_marking(fid, earlier.get(fid), project.facts, rendered.selection, briefing.ceiling,
                               project.settings)
        lines.append(f"  withdrawn  {fid}: " + (f"[not shown to this reader: {why}]" if why else old))
    lines += [f"  editorial  {c.id} ({', '.join(c.what)}; not shown to readers): {text[c.id]['text']}"
              + (f"\n             note: {c.note}" if c.note else "") for c in told.editorial]
    lines += [f"  dropped    {fid}: no longer in this brief, still in the fact base (not shown as withdrawn)"
              for fid in told.dropped]
    lines += [f"  reviewed   {fid}: review date renewed (not a change for readers)" for fid in told.reviewed]
    if len(lines) == 1:
        lines.append("  no facts added, changed or withdrawn")
    return "\n".join(lines)
