"""``briefgen audit``: which facts went into a brief, which were left out, and why."""

from __future__ import annotations

import datetime as dt

from briefgen.build.pipeline import Pipeline
from briefgen.content import markings
from briefgen.content.project import Project


def audit(project: Project, briefing_id: str, edition: dt.date) -> str:
    (briefing,) = project.select((briefing_id,))
    rendered = Pipeline(project).markdown(briefing, edition)
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
