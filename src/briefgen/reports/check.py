"""``briefgen check``: validate everything, render every template in memory, report quality gates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import meta

from briefgen.build.pipeline import Pipeline
from briefgen.checks import marking_labels, stylesheets
from briefgen.checks.claims import Claims
from briefgen.checks.quality import Measures
from briefgen.content import project as project_mod
from briefgen.content.evidence import verify
from briefgen.content.model import Briefing
from briefgen.content.project import Project
from briefgen.editions.dates import edition_date
from briefgen.editions.manifest import load_manifest, previous, warnings_under
from briefgen.exceptions import BriefgenError, Problem, ValidationError, relpath
from briefgen.layout import FACT_CHECK_DIR
from briefgen.reports.evidence import findings, required, summary, write_reports
from briefgen.reports.provenance import check_brief, report_lines
from briefgen.selection.select import is_stale
from briefgen.templating.rendered import Rendered


def check_project(root: Path, as_of: str | None = None, report: bool = False, strict: bool = False,
                  evidence: bool = False) -> str:
    """A report of the project's state; raises listing every problem found.

    Quality-gate failures are listed; with ``strict`` they are problems too. Every evidence phrase
    is verified against its source's archived text; with ``evidence``, one fact-check report per
    source is written to build/fact-check/.
    """
    project = project_mod.load(root)
    edition = edition_date(as_of, project.settings.timezone)
    pipeline = Pipeline(project)
    verification = verify(project.facts, project.sources, project.root, project.settings)
    problems, evidence_lines = findings(verification, strict)
    lines: list[str] = []
    gate_lines: list[str] = []
    notes: list[str] = []
    sheets: dict[str, list[Problem]] = {}  # briefs share stylesheets and templates: each is read once
    template_claims: dict[str, Claims] = {}
    reads_changes: dict[str, bool] = {}
    for briefing in sorted(project.briefings.values(), key=lambda b: b.id):
        if briefing.stylesheet and briefing.stylesheet not in sheets:  # what the PDF writer would stop on
            sheets[briefing.stylesheet] = stylesheets.problems(project.templates / briefing.stylesheet,
                                                               [project.templates, project.assets], project.root)
            problems += sheets[briefing.stylesheet]
        try:
            rendered = pipeline.markdown(briefing, edition)
            measures = pipeline.measure(rendered, pages=report) if (report or briefing.gates) else None
        except BriefgenError as exc:
            problems.append(Problem(briefing.path, None, "template", exc.format_message()))
            continue
        gate_lines += _stale_wordings(project, briefing, rendered)
        accountable = check_brief(project, rendered, strict, template_claims)
        gate_lines += accountable.warnings
        notes += accountable.notes
        problems += accountable.problems
        problems += [Problem(briefing.path, None, "template", f"{briefing.template}: {message}")
                     for message in marking_labels.problems(rendered.body, "the template", rendered, project)]
        if strict and briefing.require_evidence:
            problems += required(verification, briefing, rendered.used)
        if briefing.template not in reads_changes:
            reads_changes[briefing.template] = _reads_changes(pipeline.renderer.env, briefing.template)
        try:
            if reads_changes[briefing.template]:  # else that part does not exist: a render would repeat this one
                pipeline.renderer.render(briefing, edition, preview_manifest(rendered), start=rendered)
        except BriefgenError as exc:
            problems.append(Problem(briefing.path, None, "template",
                                    f"{exc.format_message()} (in the 'what has changed' part, shown from the "
                                    "second edition on)"))
        if measures is None:
            continue
        for gate in measures.problems:
            gate_lines.append(f"gate: {briefing.id}: {gate}")
            if strict:
                problems.append(Problem(briefing.path, None, "gates", gate))
        if report:
            lines += _report(briefing.id, rendered, measures) + report_lines(project, rendered)
    stale = sorted((f for f in project.facts.values() if is_stale(f, edition)), key=lambda f: (f.review_by, f.id))
    if strict:
        problems += [Problem(f.path, f.line, "review_by", f"fact '{f.id}' was due for review on "
                             f"{f.review_by.isoformat()}") for f in stale if f.review_by]
    if problems:
        raise ValidationError(problems)
    failed = sum(line.startswith("gate: ") for line in gate_lines)
    verdict = "ok" if not failed else f"{_count(failed, 'quality gate')} failed (--strict makes them errors)"
    head = [f"{verdict}: {_count(len(project.facts), 'fact')}, {_count(len(project.sources), 'source')}, "
            f"{_count(len(project.briefings), 'briefing')}; every template renders.", summary(verification)]
    if evidence:
        folder = project.build_dir / FACT_CHECK_DIR
        written = write_reports(verification, folder)
        head.append(f"fact-check reports: {len(written)} written to {relpath(folder, project.root)}/")
    head += evidence_lines
    head += [f"warning: {w}" for w in warnings_under(project.root)]
    head += [f"review due: {f.path}:{f.line}: fact '{f.id}' was due for review on {f.review_by.isoformat()}"
             for f in stale if f.review_by]
    return "\n".join(head + notes + gate_lines + lines)


def preview_manifest(rendered: Rendered) -> dict[str, Any]:
    """A made-up earlier edition that makes every branch of "what has changed" show: the brief's
    first fact added since, its second changed, one fact withdrawn whose old text the reader may see,
    and one they may no longer see (no marking this project knows). ``check`` renders with it, so a
    template error there is found before the day a fact first changes."""
    facts = {fid: dict(record) for fid, record in list(rendered.records.items())[1:]}
    for record in list(facts.values())[:1]:
        record["text"], record["hash"] = "An earlier wording.", "changed"
    facts["withdrawn-example"] = {"text": "A fact withdrawn since the last edition.", "hash": "withdrawn",
                                  "marking": rendered.marking}
    facts["withdrawn-hidden-example"] = {"text": "A fact its reader may no longer see.", "hash": "hidden",
                                         "marking": ""}
    return {"edition": (rendered.edition - dt.timedelta(days=7)).isoformat(), "facts": facts}


def _reads_changes(env: jinja2.Environment, name: str) -> bool:
    """Whether template ``name`` or one it includes, imports or extends names ``changes`` (what has
    changed since the last edition). True when that cannot be known: a computed template name, or a
    template that cannot be read (rendering reports it)."""
    queue, seen = [name], set()
    while queue:
        current = queue.pop()
        if current in seen:
            continue
        seen.add(current)
        try:
            source = env.loader.get_source(env, current)[0] if env.loader else ""
            tree = env.parse(source)
        except (jinja2.TemplateNotFound, jinja2.TemplateSyntaxError):
            return True
        references = list(meta.find_referenced_templates(tree))
        if "changes" in meta.find_undeclared_variables(tree) or None in references:
            return True
        queue += [r for r in references if r is not None]
    return False


def _stale_wordings(project: Project, briefing: Briefing, rendered: Rendered) -> list[str]:
    """Facts whose statement changed since the last published edition while this audience's wording did not."""
    found = previous(project.build_dir, briefing.id, rendered.edition)
    old = load_manifest(found) if found else None
    if old is None:
        return []
    lines = []
    for fid, record in rendered.records.items():
        before = old["facts"].get(fid)
        fact = project.facts[fid]
        if (before and briefing.audience in fact.wording and before.get("statement_hash")
                and before["statement_hash"] != record["statement_hash"] and before["text"] == record["text"]):
            lines.append(f"wording: {fact.path}:{fact.line}: fact '{fid}': its statement changed since the "
                         f"edition of {old['edition']} but its {briefing.audience} wording did not; check that "
                         "it still says the same")
    return lines


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _report(bid: str, rendered: Rendered, m: Measures) -> list[str]:
    gates = rendered.briefing.gates
    budget = f" (budget {gates.pages})" if gates.pages is not None else ""
    words = f" (budget {gates.words})" if gates.words is not None else ""
    out = [
        "",
        f"{bid}  [{rendered.marking}]",
        f"  pages        {m.pages if m.pages is not None else '-'}{budget}",
        f"  words        {m.words}{words} in {m.sentences} sentences",
        f"  reading      Flesch reading ease {m.reading_ease}, grade {m.grade}",
        "  longest      " + "\n               ".join(f"{n} words: {s[:80]}{'...' if len(s) > 80 else ''}"
                                                  for n, s in m.longest),
        f"  flagged      {', '.join(m.flagged_words + m.unexpanded) or 'none'}",
        f"  sources      {len(rendered.sources)} cited: {', '.join(rendered.sources)}",
        f"  facts        {len(rendered.used)} used, {len(rendered.selection.withheld)} withheld by marking",
        f"  gates        {'pass' if not m.problems else str(len(m.problems)) + ' failed'}",
    ]
    return out
