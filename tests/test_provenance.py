"""Every sentence accountable (issue 22), on the starter project: the team's own words, uncited claims,
computed values, spec dates that have passed, the freshness gate, the review baseline's file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from briefgen.content import project as project_mod
from briefgen.exceptions import TemplateError, ValidationError
from briefgen.reports.check import check_project
from briefgen.reports.review import accept, review_brief
from briefgen.templating.render import Renderer
from support import build

DAY = dt.date(2026, 11, 24)


def _template(root: Path, body: str) -> None:
    path = root / "templates/example.md.j2"
    path.write_text(path.read_text().replace("## What has happened", body + "\n\n## What has happened"))


def _spec(root: Path, extra: str) -> None:
    path = root / "briefings/example.yaml"
    path.write_text(path.read_text() + extra)


def _render(root: Path) -> str:
    project = project_mod.load(root)
    return Renderer(project).render(project.briefings["example"], DAY).body


def test_ours_renders_its_body_unchanged(starter: Path) -> None:
    _template(starter, '{% call ours("recommendation") %}That the board agrees by 1 March 2027.{% endcall %}')
    assert "That the board agrees by 1 March 2027." in _render(starter)


def test_ours_refuses_an_unknown_kind_with_file_and_line(starter: Path) -> None:
    _template(starter, '{% call ours("opinion") %}Ours.{% endcall %}')
    with pytest.raises(TemplateError, match=r"templates/example.md.j2:\d+: ours\(\): expected a kind from"):
        _render(starter)


def test_ours_works_with_portion_marks(starter: Path) -> None:
    _spec(starter, "portion_marks: true\n")
    _template(starter, '{% call ours("line") %}We support the policy of 2026.{% endcall %}')
    assert "(TLP:CLEAR) We support the policy of 2026." in _render(starter)


def test_uncited_claims_are_flagged_with_file_and_line_and_exempted_when_cited_or_ours(starter: Path) -> None:
    _template(starter, "\n".join([
        "The Regulator met on 3 March 2026.",
        'The Regulator met again in April 2026.{{ fact("example-event").cite }}',
        '{% call ours("action") %}Call the Regulator by 4 May 2027.{% endcall %}',
        "",
        "## A heading with 2026 in it",
        "",
        "We will keep you informed.",
    ]))
    lines = (starter / "templates/example.md.j2").read_text().splitlines()
    line = next(i for i, text in enumerate(lines, 1) if "3 March 2026" in text)
    out = check_project(starter, DAY.isoformat())
    claims = [text for text in out.splitlines() if text.startswith("claim:")]
    assert len(claims) == 1 and f"templates/example.md.j2:{line}: uncited claim (a date)" in claims[0]
    assert "3 March 2026" in claims[0]
    _spec(starter, "require_citations: true\n")
    with pytest.raises(ValidationError, match=f"templates/example.md.j2:{line}: claim: uncited claim"):
        check_project(starter, DAY.isoformat())


def test_uncited_claims_in_partials_are_found(starter: Path) -> None:
    (starter / "templates/partials/extra.md.j2").write_text("\nOur office opened in 1999.\n")
    _template(starter, '{% include "partials/extra.md.j2" %}')
    assert "templates/partials/extra.md.j2:2: uncited claim (a number)" in check_project(starter, DAY.isoformat())


def test_a_printed_value_does_not_cover_a_literal_claim_beside_it(starter: Path) -> None:
    # A value printed from the spec is not a fact: the literal claim in the same sentence still needs
    # a citation, while a sentence that states nothing but the value (a label and a date) is no claim.
    _spec(starter, "dates: {meeting: 2027-03-01}\n")
    _template(starter, "\n".join([
        "{{ brief.title }} was agreed by the Regulator on 3 March 2026.",
        "**Meeting:** {{ brief.dates.meeting }}",
        '{% call ours("action") %}Our unit reports by {{ brief.dates.meeting }}.{% endcall %}',
    ]))
    lines = (starter / "templates/example.md.j2").read_text().splitlines()
    line = next(i for i, text in enumerate(lines, 1) if "3 March 2026" in text)
    claims = [t for t in check_project(starter, DAY.isoformat()).splitlines() if t.startswith("claim:")]
    assert len(claims) == 1 and f"templates/example.md.j2:{line}: uncited claim (a date)" in claims[0]


def test_a_bold_lead_in_with_a_date_or_number_is_judged_not_skipped_as_a_label(starter: Path) -> None:
    # "**Issue.**" is a label; "**On 3 March 2026 the Regulator met.**" is a claim set in bold.
    _template(starter, "- **Issue.** We will keep you informed.\n- **On 3 March 2026 the Regulator met.**")
    claims = [t for t in check_project(starter, DAY.isoformat()).splitlines() if t.startswith("claim:")]
    assert len(claims) == 1 and "uncited claim (a date)" in claims[0] and "3 March 2026" in claims[0]


def test_spec_dates_print_in_the_audience_style_and_computed_values(starter: Path) -> None:
    _spec(starter, "dates:\n  meeting: 2026-12-09\n")
    _template(starter, "Meeting: {{ brief.dates.meeting }} ({{ brief.dates.meeting|date }}). "
                       "Sources: {{ brief.sources_used }}, undated {{ brief.sources_undated }}, "
                       "unattributed {{ brief.sources_unattributed }}. Newest: {{ brief.newest_source }}. "
                       "Review: {{ brief.next_review or 'none' }}.")
    body = _render(starter)
    assert "Meeting: 9 December 2026 (9 December 2026)." in body
    project = project_mod.load(starter)
    source = project.sources["example-report"]
    newest = f"{source.published.day}" if source.published else "None"
    assert "Sources: 1, undated " in body and f"Newest: {newest}" in body


def test_a_passed_spec_date_warns_with_file_and_line_and_strict_refuses(starter: Path) -> None:
    _spec(starter, "dates:\n  meeting: 2026-11-20\n  decision_by: 2027-01-10\n")
    lines = (starter / "briefings/example.yaml").read_text().splitlines()
    line = next(i for i, text in enumerate(lines, 1) if "meeting:" in text)
    out = check_project(starter, DAY.isoformat())
    assert f"date passed: briefings/example.yaml:{line}: dates.meeting: 2026-11-20 is 4 day(s) before" in out
    assert "decision_by" not in out
    with pytest.raises(ValidationError, match=r"dates\.meeting"):
        check_project(starter, DAY.isoformat(), strict=True)
    result = build(starter, DAY.isoformat())
    assert any(status == "gate" and "dates.meeting" in detail for _, status, detail in result.events)
    refused = build(starter, DAY.isoformat(), strict=True)
    assert any(status == "failed" and "dates.meeting" in detail for _, status, detail in refused.events)


def test_the_freshness_gate_names_the_newest_source_and_its_age(starter: Path) -> None:
    facts = starter / "facts/sources.yaml"
    text = facts.read_text()
    if "published:" not in text:
        text = text.replace("retrieved:", "published: 2026-01-10\n    retrieved:", 1)
    facts.write_text(text)
    _spec(starter, "max_source_age: 30d\n")
    project = project_mod.load(starter)
    source = next(iter(project.sources.values()))
    assert source.published is not None
    age = (DAY - source.published).days
    out = check_project(starter, DAY.isoformat())
    assert f"its newest source '{source.id}' ({source.published.isoformat()}) is {age} days old" in out
    with pytest.raises(ValidationError, match="max_source_age"):
        check_project(starter, DAY.isoformat(), strict=True)


def test_bad_spec_values_are_named(starter: Path) -> None:
    _spec(starter, "max_source_age: sixty\ndates:\n  meeting: soon\n")
    with pytest.raises(ValidationError) as info:
        project_mod.load(starter)
    message = info.value.format_message()
    assert "max_source_age" in message and "expected an age such as 60d" in message
    assert "dates.meeting" in message and "expected a date as YYYY-MM-DD" in message


def test_the_lock_file_is_one_line_per_fact_and_deterministic(starter: Path) -> None:
    project = project_mod.load(starter)
    assert "no review baseline" in review_brief(project, "example", DAY)
    assert "briefgen accept example" in check_project(starter, DAY.isoformat())
    accept(project, "example", (), DAY)
    lock = starter / "briefings/example.lock"
    first = lock.read_bytes()
    accept(project_mod.load(starter), "example", (), DAY)
    assert lock.read_bytes() == first
    facts = [line for line in first.decode().splitlines() if not line.startswith("#")]
    assert [line.split('"')[3] for line in facts] == ["example-event", "example-outlook"]
    assert "every fact" in review_brief(project, "example", DAY)


def test_accept_of_an_unknown_fact_is_refused(starter: Path) -> None:
    project = project_mod.load(starter)
    with pytest.raises(Exception, match="does not rest on 'nope'"):
        accept(project, "example", ("nope",), DAY)


def test_a_broken_lock_file_is_named_with_its_line(starter: Path) -> None:
    (starter / "briefings/example.lock").write_text("# header\nnot json\n")
    with pytest.raises(ValidationError, match=r"briefings/example.lock:2"):
        check_project(starter, DAY.isoformat())


def test_the_stock_currency_partial_says_how_current_the_brief_is(starter: Path) -> None:
    from briefgen.content.starter import starter_files
    from support import REPO

    shipped = dict(starter_files())[Path("templates/partials/currency.md.j2")]
    assert shipped == (REPO / "templates/partials/currency.md.j2").read_bytes()  # the same stock partial in both
    (starter / "templates/partials").mkdir(exist_ok=True)
    (starter / "templates/partials/currency.md.j2").write_bytes(shipped)
    sources = starter / "facts/sources.yaml"
    if "published:" not in sources.read_text():
        sources.write_text(sources.read_text().replace("retrieved:", "published: 2026-06-01\n    retrieved:", 1))
    _template(starter, '{% include "partials/currency.md.j2" %}')
    project = project_mod.load(starter)
    newest = max(s.published for s in project.sources.values() if s.published)
    assert f"*Reporting up to {newest.day} " in _render(starter)
