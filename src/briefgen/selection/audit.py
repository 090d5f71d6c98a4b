"""``briefgen audit``: which facts went into a brief, which were left out, and why."""

from __future__ import annotations

import datetime as dt

from briefgen.content import markings
from briefgen.content.project import Project
from briefgen.exceptions import NoEditionError, ProjectUsageError
from briefgen.rendering.markdown import Renderer


def audit(project: Project, briefing_id: str, edition: dt.date) -> str:
    (briefing,) = project.select((briefing_id,))
    rendered = Renderer(project).render(briefing, edition)
    s = project.settings
    facts = project.facts
    label = markings.label
    lines = [
        f"briefing {briefing.id} (audience {briefing.audience}); ceiling {label(briefing.ceiling, s)}; "
        f"marked {rendered.marking}; edition {edition.isoformat()}",
        "",
        f"used ({len(rendered.used)}):",
    ]
    lines += [f"  {fid:<44} {label(facts[fid].markings, s):<18} {facts[fid].kind}" for fid in rendered.used]
    unused = [fid for fid in rendered.selection.visible if fid not in rendered.used]
    lines += ["", f"drawn but not used by the template ({len(unused)}):"]
    lines += [f"  {fid:<44} {label(facts[fid].markings, s):<18} {facts[fid].kind}" for fid in unused]
    withheld = rendered.selection.withheld
    lines += ["", f"withheld ({len(withheld)}):"]
    lines += [f"  {fid:<44} {label(facts[fid].markings, s):<18} {why}" for fid, why in sorted(withheld.items())]
    lines += ["", f"not drawn by the spec: {len(rendered.selection.unselected)} facts"]
    lines += ["", f"sources cited ({len(rendered.sources)}): {', '.join(rendered.sources)}"]
    return "\n".join(lines)


def diff(project: Project, briefing_id: str, edition: dt.date, since: dt.date | None) -> str:
    """What changed in a brief since an earlier edition (by default the latest before ``edition``)."""
    (briefing,) = project.select((briefing_id,))
    if since is not None and since >= edition:
        raise ProjectUsageError(f"--since {since.isoformat()}: expected a date before the edition compared, "
                                f"{edition.isoformat()}")
    rendered = Renderer(project).render(briefing, edition, since)
    changes = rendered.changes
    if changes is None:
        when = since.isoformat() if since else f"before {edition.isoformat()}"
        raise NoEditionError(f"no edition of '{briefing_id}' {when} in build/editions/{briefing_id}/ "
                             "to compare with; build one first")
    head = f"{briefing_id}: changes since the edition of {changes.since.isoformat()} (now {edition.isoformat()})"
    if changes.empty:
        return f"{head}\n  no facts added, changed or withdrawn"
    lines = [head]
    lines += [f"  added      {fid}: {rendered.records[fid]['text']}" for fid in changes.added]
    lines += [f"  changed    {fid} ({', '.join(what)}): {rendered.records[fid]['text']}"
              for fid, what in changes.changed]
    lines += [f"  withdrawn  {fid}: {text}" for fid, text in changes.withdrawn]
    return "\n".join(lines)
