"""What ``check`` says about each brief's provenance: facts changed since its review baseline, spec
dates passed, sources older than its gate, uncited claims; and, with ``--report``, its figures."""

from __future__ import annotations

from dataclasses import dataclass, field

from briefgen.checks import claims, freshness, review
from briefgen.checks.provenance import findings
from briefgen.content import baseline
from briefgen.content.project import Project
from briefgen.exceptions import Problem
from briefgen.templating.currency import newest
from briefgen.templating.environment import make_environment
from briefgen.templating.rendered import Rendered


@dataclass
class Found:
    """Warnings (lines for the report), problems (errors: under --strict, or required by the spec), notes."""

    warnings: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def check_brief(project: Project, rendered: Rendered, strict: bool,
                memo: dict[str, claims.Claims] | None = None) -> Found:
    """``memo``: the claims of each template already read in this run (briefs share templates)."""
    b = rendered.briefing
    env = make_environment(project.templates)
    found = Found()
    memo = {} if memo is None else memo
    if b.template not in memo:
        memo[b.template] = claims.claims(env, b.template)
    for message in findings(project.root, env, b, rendered.used, rendered.edition, project.facts, project.sources,
                            project.settings):
        found.warnings.append(message)
        if strict:
            found.problems.append(Problem(b.path, None, "provenance", message))
    if not baseline.lock_path(project.root, b).is_file():
        found.notes.append(f"review baseline: {b.id} has none ({baseline.shown(b)}); record one with: "
                           f"briefgen accept {b.id}")
    for sentence in memo[b.template].uncited():
        message = claims.message(sentence)
        found.warnings.append(f"claim: {message}")
        if b.require_citations:  # the spec opts in (a brief at 100% sets it, so that none creeps back)
            found.problems.append(Problem(sentence.file, sentence.line, "claim", message.split(": ", 1)[1]))
    return found


def report_lines(project: Project, rendered: Rendered) -> list[str]:
    """The provenance figures of ``check --report`` for one brief."""
    b = rendered.briefing
    env = make_environment(project.templates)
    counts = claims.claim_report(env, b.template)
    total = sum(counts.values()) or 1
    share = ", ".join(f"{counts[k] * 100 // total}% {label}" for k, label in
                      (("fact", "fact text"), ("cited", "cited prose"), ("ours", "our own words"),
                       ("uncited", "uncited")))
    source = newest(rendered.used, project.facts, project.sources)
    age = (f"{source.id} ({source.published.isoformat()}), {(rendered.edition - source.published).days} days old"
           if source and source.published else "no dated source")
    passed = freshness.passed_dates(b, rendered.edition)
    changed = review.changes(project.root, env, b, rendered.used, project.facts, project.settings)
    return [
        f"  claims       {sum(counts.values())} sentences: {share}",
        f"  newest       {age}",
        f"  dates passed {', '.join(m.split(': ')[1] for m in passed) or 'none'}",
        "  reviewed     " + ("no baseline (briefgen accept " + b.id + ")" if changed is None else
                             (", ".join(c.fact for c in changed) + " changed since the baseline") if changed
                             else "every fact as reviewed"),
    ]
