"""``briefgen audit``: which facts went into a brief, which were left out, and why; where its marking comes from;
the trail from each claim to the words of its sources (claim -> fact -> source -> evidence)."""

from __future__ import annotations

import datetime as dt

from briefgen.build.pipeline import Pipeline
from briefgen.content import markings
from briefgen.content.evidence import verify
from briefgen.content.project import Project
from briefgen.reports.evidence import audit_lines


def audit(project: Project, briefing_id: str, edition: dt.date) -> str:
    briefing = project.one(briefing_id)
    rendered = Pipeline(project).markdown(briefing, edition)
    s = project.settings
    facts = project.facts
    label = markings.label
    origins = markings.Origins(facts, project.sources)

    def row(fid: str, tail: str) -> str:
        fact = facts[fid]
        why = "; ".join(markings.explain(fact, facts, project.sources, s, origins).values())
        return f"  {fid:<44} {label(fact.markings, s):<18} {tail}" + (f"  ({why})" if why else "")

    floor = f"; floor {label(briefing.marking_floor, s)}" if briefing.marking_floor else ""
    lines = [
        f"briefing {briefing.id} (audience {briefing.audience}); ceiling {label(briefing.ceiling, s)}{floor}; "
        f"marked {rendered.marking}; edition {edition.isoformat()}",
        "marking: " + "; ".join(rendered.marking_reasons),
        "",
        f"used ({len(rendered.used)}):",
    ]
    lines += [row(fid, facts[fid].kind) for fid in rendered.used]
    unused = [fid for fid in rendered.selection.visible if fid not in rendered.used]
    lines += ["", f"drawn but not used by the template ({len(unused)}):"]
    lines += [row(fid, facts[fid].kind) for fid in unused]
    shown = [key.partition(":")[2] for key in rendered.marks if key.startswith("withdrawn:")]
    if shown:
        lines += ["", f"withdrawn since the last edition, old text shown ({len(shown)}):"]
        lines += [f"  {fid:<44} {label(rendered.marks['withdrawn:' + fid], s)}" for fid in shown]
    withheld = rendered.selection.withheld
    lines += ["", f"withheld ({len(withheld)}):"]
    lines += [f"  {fid:<44} {label(facts[fid].markings, s):<18} {why}" for fid, why in sorted(withheld.items())]
    lines += ["", f"not drawn by the spec: {len(rendered.selection.unselected)} facts"]
    lines += ["", f"sources cited ({len(rendered.sources)}): {', '.join(rendered.sources)}"]
    hidden = sorted(rendered.selection.withheld_sources)
    if hidden:
        lines += [f"sources withheld ({len(hidden)}): {', '.join(hidden)}"]
    verification = verify(facts, project.sources, project.root, s)
    claims = {fid: facts[fid].text_for(briefing.audience) for fid in rendered.used}
    lines += ["", *audit_lines(verification, rendered.used, claims)]
    return "\n".join(lines)
