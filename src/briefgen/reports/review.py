"""``briefgen review`` and ``briefgen accept``: the facts a brief's words rest on that changed since its
review baseline (``briefings/<id>.lock``), and recording a review."""

from __future__ import annotations

import datetime as dt

from briefgen.build.pipeline import Pipeline
from briefgen.checks import review
from briefgen.content import baseline
from briefgen.content.project import Project
from briefgen.exceptions import ProjectUsageError
from briefgen.templating.rendered import Rendered


def _rendered(project: Project, briefing_id: str, edition: dt.date) -> Rendered:
    briefing = project.one(briefing_id)
    return Pipeline(project).markdown(briefing, edition)


def review_brief(project: Project, briefing_id: str, edition: dt.date) -> str:
    """Every fact changed since the baseline, with the lines resting on it and a word diff."""
    rendered = _rendered(project, briefing_id, edition)
    b = rendered.briefing
    env = Pipeline(project).renderer.env
    found = review.changes(project.root, env, b, rendered.used, project.facts, project.settings)
    if found is None:
        return (f"{b.id}: no review baseline ({baseline.shown(b)}); once its prose and wordings are reviewed, "
                f"record one with: briefgen accept {b.id}")
    if not found:
        return f"{b.id}: every fact its words rest on is as reviewed in {baseline.shown(b)}"
    return "\n".join(f"{b.id}: {review.describe(b, change)}" for change in found)


def accept(project: Project, briefing_id: str, fact_ids: tuple[str, ...], edition: dt.date) -> str:
    """Record the facts (all, when none are named) as reviewed: rewrite the baseline, one line per fact."""
    rendered = _rendered(project, briefing_id, edition)
    b = rendered.briefing
    now = baseline.current(b, rendered.used, project.facts, project.settings)
    unknown = [f for f in fact_ids if f not in now]
    if unknown:
        raise ProjectUsageError(f"{b.id} does not rest on {', '.join(repr(f) for f in unknown)}; expected facts "
                                f"it prints, cites or words (see: briefgen review {b.id})")
    old = baseline.load(project.root, b) or {}
    if fact_ids:
        entries = {fid: (now[fid] if fid in fact_ids or fid not in old else old[fid]) for fid in now}
        missing = [fid for fid in now if fid not in old and fid not in fact_ids]
        entries = {fid: e for fid, e in entries.items() if fid not in missing}
    else:
        entries = now
    changed = sorted(fid for fid in entries if fid not in old or old[fid].fingerprint != entries[fid].fingerprint)
    dropped = sorted(set(old) - set(entries))
    path = baseline.write(project.root, b, entries)
    shown = path.relative_to(project.root).as_posix()
    if not changed and not dropped:
        return f"{shown}: already up to date ({len(entries)} facts)"
    parts = [f"{len(changed)} accepted ({', '.join(changed)})" if changed else "",
             f"{len(dropped)} no longer used ({', '.join(dropped)})" if dropped else ""]
    return f"{shown}: {'; '.join(p for p in parts if p)}; commit it with the prose you revised"
