"""Markings that are always right: a brief is never marked below what it holds (issue 11).

Each defect of the issue has a test here; the model (floors, scales, portion marks, sources,
the template API, audit) too. The property test is in test_markings_property.py.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from briefgen.build.pipeline import Pipeline
from briefgen.commands import cli
from briefgen.content import project
from briefgen.exceptions import LeakError, TemplateError, ValidationError
from briefgen.templating.render import Renderer
from briefgen.templating.rendered import Rendered
from support import REPO, build, copy_repo, write

DAY = dt.date(2026, 11, 24)
NEXT = "2026-12-01"

GREEN = """
facts:
  - id: green-detail
    statement: A detail shared with the community about the Kestrel programme.
    kind: official
    attribution: the Kestrel programme office
    sources: [green-source]
    tags: [example]
    marking: TLP:GREEN
  - id: amber-detail
    statement: The Osprey pilot starts in March with four partner agencies.
    kind: reported
    sources: [example-report]
    tags: [example]
    marking: TLP:AMBER
sources:
  - id: green-source
    title: Minutes of the Kestrel steering group
    publisher: Kestrel programme office
    retrieved: 2026-01-15
    note: Circulated to members of the steering group only.
"""


def spec(root: Path, old: str, new: str) -> None:
    path = root / "briefings/example.yaml"
    path.write_text(path.read_text().replace(old, new))


def ceiling(root: Path, value: str) -> None:
    spec(root, "ceiling: TLP:CLEAR", f"ceiling: {value}")


def render(root: Path, template: str | None = None, previous: dict[str, Any] | None = None,
           day: dt.date = DAY) -> Rendered:
    if template is not None:
        write(root, {"templates/example.md.j2": template})
    loaded = project.load(root)
    return Renderer(loaded).render(loaded.briefings["example"], day, previous)


def cli_run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.output


@pytest.fixture
def amber(starter: Path) -> Path:
    """The starter project with a green and an amber fact, and a ceiling of TLP:AMBER."""
    write(starter, {"facts/marked.yaml": GREEN})
    ceiling(starter, "TLP:AMBER")
    return starter


# The marking follows data, not passes --------------------------------------------------------


def test_fact_named_only_inside_changes_marks_every_output(amber: Path) -> None:
    """Defect: a fact printed only inside `{% if changes %}` (second pass) left the brief TLP:CLEAR."""
    spec(amber, "formats: [md, pdf]", "formats: [md, html, pdf]")
    write(amber, {"templates/example.md.j2": (
        "# T\n\n{{ fact('example-event') }}\n\n"
        "{% if changes %}\nAlso: {{ fact('amber-detail') }}\n{% endif %}\n")})
    assert not build(amber, publish=True).failed
    facts = amber / "facts/example.yaml"  # a change since the edition, so the brief says what changed
    facts.write_text(facts.read_text().replace("a new policy", "a revised policy"))
    assert not build(amber, day=NEXT, publish=True).failed
    md = (amber / "build/example.md").read_text()
    assert "The Osprey pilot starts in March" in md
    assert md.startswith("**TLP:AMBER**") and md.rstrip().endswith("**TLP:AMBER**")
    html = (amber / "build/example.html").read_text()
    manifest = json.loads((amber / f"editions/example/{NEXT}/manifest.json").read_text())
    assert manifest["marking"] == "TLP:AMBER" and "amber-detail" in manifest["facts"]
    import pypdf

    reader = pypdf.PdfReader(amber / "build/example.pdf")
    meta: Any = reader.metadata
    assert meta["/marking"] == "TLP:AMBER"
    for page in reader.pages:
        assert page.extract_text().count("TLP:AMBER") == 2
    assert '<meta name="marking" content="TLP:AMBER">' in html
    code, out = cli_run("audit", "example", "-p", str(amber), "--as-of", NEXT)
    assert code == 0 and "marked TLP:AMBER" in out


def test_fact_named_only_when_the_brief_is_marked(amber: Path) -> None:
    """Defect: `{% if brief.marking %}` was false on the first pass, so its fact never counted."""
    out = render(amber, "{{ fact('example-event') }}\n{% if brief.marking %}{{ fact('amber-detail') }}{% endif %}\n")
    assert "The Osprey pilot" in out.body and out.marking == "TLP:AMBER"


@pytest.mark.parametrize("expression", [
    "{{ fact('green-detail').attribution }}",
    "{{ fact('green-detail').sources[0].title }}",
    "{{ fact('green-detail').sources[0].citation }}",
    "{{ fact('green-detail').kind_label }}",
    "{{ fact('green-detail').id }}",
    "{{ fact('green-detail').tags|join(', ') }}",
    "{{ fact('green-detail').text|upper }}",
    "{{ fact('green-detail')|attr('text') }}",
    "{{ fact('green-detail').cite }}",
    "{{ fact('green-detail').marking }}",
    "{% set t = fact('green-detail').text %}{{ t }}",
    "{% if fact('green-detail').kind == 'official' %}Said officially.{% endif %}",
    "{% for f in facts %}{{ f.id }} {% endfor %}",
    "{{ facts.all()|map(attribute='attribution')|select|join(', ') }}",
    "{% for f in facts.tagged('example') if f.kind == 'official' %}{{ f }}{% endfor %}",
    "{% macro show(f) %}{{ f }}{% endmacro %}{{ show(fact('green-detail')) }}",
])
def test_every_attribute_and_path_counts_as_use(amber: Path, expression: str) -> None:
    """Defect: printing an attribute of a fact (not its statement) never raised the marking."""
    out = render(amber, "# T\n\n" + expression + "\n")
    assert out.marking in ("TLP:GREEN", "TLP:AMBER"), (expression, out.marking)
    assert "green-detail" in out.used


def test_a_fact_looked_up_but_never_read_does_not_count(amber: Path) -> None:
    out = render(amber, "{% set f = fact('amber-detail') %}{{ fact('example-event') }}\n")
    assert out.marking == "TLP:CLEAR" and out.used == ("example-event",)


def test_marking_that_does_not_settle_fails_clearly(amber: Path) -> None:
    template = "{% if brief.marking == 'TLP:CLEAR' %}{{ fact('green-detail') }}{% endif %}\n"
    with pytest.raises(TemplateError, match=r"marking does not settle: .*TLP:CLEAR.*TLP:GREEN"):
        render(amber, template)


def test_guard_fails_on_text_of_a_fact_above_the_brief_marking(amber: Path) -> None:
    """Text of a fact the brief is not marked for, typed into the template, fails with the fact's id."""
    with pytest.raises(LeakError, match=r"fact 'amber-detail'.*TLP:AMBER.*above the brief's marking TLP:CLEAR"):
        render(amber, "# T\n\nNews: the Osprey pilot starts in March with four partner agencies.\n")


def test_leak_message_does_not_claim_nothing_was_written(starter: Path) -> None:
    write(starter, {"facts/red.yaml": GREEN.replace("TLP:GREEN", "TLP:RED").replace("TLP:AMBER", "TLP:RED")})
    with pytest.raises(LeakError) as info:
        render(starter, "# T\n\nThe Osprey pilot starts in March with four partner agencies.\n")
    assert "nothing was written" not in info.value.format_message()
    assert "fact 'amber-detail'" in info.value.format_message()


# Reclassified facts ----------------------------------------------------------------------------


def _reclassify_outlook(root: Path, reword: bool) -> None:
    facts = root / "facts/example.yaml"
    text = facts.read_text()
    if reword:
        text = text.replace("other organisations will follow within a year",
                            "other organisations will follow within two years")
    facts.write_text(text.replace("    based_on: [example-event]\n",
                                  "    based_on: [example-event]\n    marking: TLP:RED\n"))


@pytest.mark.parametrize("reword", [False, True])
def test_reclassified_fact_never_reaches_the_reader_through_changes(starter: Path, reword: bool) -> None:
    """Defect: a fact raised to TLP:RED after an edition came back, old text and all, as 'withdrawn'."""
    spec(starter, "formats: [md, pdf]", "formats: [md, html]")
    (starter / "templates/partials/changes.md.j2").write_text((REPO / "templates/partials/changes.md.j2").read_text())
    assert not build(starter, publish=True).failed
    _reclassify_outlook(starter, reword)
    code, out = cli_run("check", "-p", str(starter), "--as-of", NEXT)
    assert code == 0, out  # check predicts the build
    result = build(starter, day=NEXT)
    assert not result.failed, result.failed
    for name in ("example.md", "example.html"):
        text = (starter / "build" / name).read_text()
        assert "organisations will follow" not in text and "example-outlook" not in text
    md = (starter / "build/example.md").read_text()
    assert md.startswith("**TLP:CLEAR**")
    code, out = cli_run("diff", "example", "-p", str(starter), "--as-of", NEXT)
    assert code == 0, out
    assert "nothing was written" not in out and "organisations will follow" not in out
    # still in the fact base, so "dropped" (not told to readers), never "withdrawn" with its old text
    assert "dropped    example-outlook" in out


def test_withdrawn_text_counts_toward_the_marking(amber: Path) -> None:
    """Old text of a withdrawn fact is shown only within the ceiling, and marks the brief."""
    write(amber, {"templates/example.md.j2": "# T\n\n{% include 'partials/changes.md.j2' %}\n"
                                             "{% for f in facts.tagged(kind='reported') %}{{ f }}\n{% endfor %}"})
    first = render(amber)
    assert first.marking == "TLP:AMBER" and "amber-detail" in first.used
    previous = {"edition": "2026-11-17", "facts": dict(first.records)}
    # withdrawn: removed from the fact base (a fact the spec merely stops drawing is "dropped", not told)
    without = GREEN.replace(GREEN[GREEN.index("  - id: amber-detail"):GREEN.index("\nsources:") + 1], "")
    write(amber, {"facts/marked.yaml": without})
    later = render(amber, previous=previous)
    assert "Withdrawn:" in later.body and "The Osprey pilot" in later.body
    assert later.marking == "TLP:AMBER"  # the old text is AMBER, though no AMBER fact is used now
    spec(amber, "ceiling: TLP:AMBER", "ceiling: TLP:GREEN")
    lowered = render(amber, previous=previous)
    # TLP:GREEN, not TLP:CLEAR: the loop chose the reported facts from a pool holding green-detail, so
    # what it printed depended on that fact's kind (issue 21: a selection uses every fact it chose from)
    assert "The Osprey pilot" not in lowered.body and lowered.marking == "TLP:GREEN"


@pytest.mark.parametrize("branch", ["{% if changes and changes.hidden %}", "{% if changes and changes.withdrawn %}"])
def test_check_previews_both_withdrawn_branches(starter: Path, branch: str) -> None:
    """check renders "what has changed" with a made-up earlier edition: a withdrawn fact the reader
    may see and one they may not, so an error in either branch shows before the day it happens."""
    template = "# T\n\n{{ fact('example-event') }}\n\n" + branch + "{{ oops }}{% endif %}\n"
    write(starter, {"templates/example.md.j2": template})
    code, out = cli_run("check", "-p", str(starter), "--as-of", "2026-11-24")
    assert code == 1 and "'oops' is undefined" in out and "what has changed" in out


# Empty and blank markings ---------------------------------------------------------------------


def test_a_brief_that_uses_no_fact_is_marked_at_the_default(starter: Path) -> None:
    """Defect: a brief using no fact was marked '' (`****` and a blank page header)."""
    out = render(starter, "# Nothing but template text\n")
    assert out.marking == "TLP:CLEAR" and out.markdown.startswith("**TLP:CLEAR**\n")
    html = Pipeline(project.load(starter)).html(out)
    assert '<meta name="marking" content="TLP:CLEAR">' in html and ">TLP:CLEAR</p>" in html


@pytest.mark.parametrize(("where", "text"), [
    ("facts/blank.yaml", "facts:\n  - id: blank\n    statement: S.\n    kind: reported\n"
                         "    sources: [example-report]\n    marking:\n"),
    ("facts/blank.yaml", "sources:\n  - id: blank-source\n    title: T\n    retrieved: 2026-01-01\n    marking:\n"),
])
def test_a_blank_marking_is_an_error(starter: Path, where: str, text: str) -> None:
    """Defect: `marking:` left blank silently meant TLP:CLEAR (failing open)."""
    write(starter, {where: text})
    with pytest.raises(ValidationError) as info:
        project.load(starter)
    message = info.value.format_message()
    line = text.count("\n")
    assert f"{where}:{line}: marking: expected a marking such as TLP:CLEAR" in message
    assert "found nothing" in message


def test_a_blank_floor_is_an_error(starter: Path) -> None:
    write(starter, {"briefings/example.yaml": (starter / "briefings/example.yaml").read_text() + "marking:\n"})
    with pytest.raises(ValidationError, match=r"briefings/example.yaml:\d+: marking: expected a marking .*found "
                                              r"nothing"):
        project.load(starter)


# Floors, scales, order ------------------------------------------------------------------------


def test_floor_on_another_scale_and_configured_order(starter: Path) -> None:
    ceiling(starter, "[TLP:GREEN, OFFICIAL-SENSITIVE]\nmarking: [TLP:GREEN, OFFICIAL]")
    out = render(starter)
    assert out.marking == "TLP:GREEN / OFFICIAL"  # built-in order: tlp, then uk
    assert out.marking_levels == {"tlp": "TLP:GREEN", "uk": "OFFICIAL"}
    write(starter, {"briefgen.yaml": "scales:\n  uk: [OFFICIAL, OFFICIAL-SENSITIVE]\n"
                                     "  tlp: [TLP:CLEAR, TLP:GREEN, TLP:AMBER, TLP:AMBER+STRICT, TLP:RED]\n"})
    assert render(starter).marking == "OFFICIAL / TLP:GREEN"


def test_a_scale_at_its_lowest_is_not_shown_beside_a_restrictive_marking(starter: Path) -> None:
    """Readers took 'OFFICIAL / TLP:CLEAR' for a contradiction (TLP:CLEAR allows public release):
    the lowest level of a scale is shown only when the floor names it or nothing else is shown.
    The full marking stays in the manifest and the audit."""
    ceiling(starter, "[TLP:CLEAR, OFFICIAL-SENSITIVE]\nmarking: OFFICIAL")
    out = render(starter)
    assert out.marking == "OFFICIAL" and out.marking_levels == {"tlp": "TLP:CLEAR", "uk": "OFFICIAL"}
    assert out.markdown.startswith("**OFFICIAL**") and "TLP:CLEAR" not in out.markdown


def test_floor_alone_marks_a_brief_without_facts(starter: Path) -> None:
    ceiling(starter, "[TLP:CLEAR, OFFICIAL]\nmarking: OFFICIAL")
    assert render(starter, "# Lines to take, no facts\n").marking == "OFFICIAL"


def test_old_name_marking_floor_still_works(starter: Path) -> None:
    ceiling(starter, "TLP:AMBER\nmarking_floor: TLP:GREEN")
    assert render(starter).marking == "TLP:GREEN"


@pytest.mark.parametrize(("lines", "message"), [
    ("ceiling: TLP:CLEAR\nmarking: TLP:GREEN", "marking: expected a floor within the ceiling TLP:CLEAR, found "
                                               "TLP:GREEN, above this briefing's ceiling TLP:CLEAR"),
    ("ceiling: TLP:AMBER\nmarking: TLP:GREEN\nmarking_floor: TLP:GREEN",
     "marking_floor: expected one of 'marking' or its old name 'marking_floor', found both"),
])
def test_floor_errors(starter: Path, lines: str, message: str) -> None:
    spec(starter, "ceiling: TLP:CLEAR", lines)
    with pytest.raises(ValidationError, match=message):
        project.load(starter)


def test_eu_limite_never_reaches_a_uk_reader(starter: Path) -> None:
    write(starter, {
        "briefgen.yaml": "scales:\n  eu: [PUBLIC, LIMITE]\n  tlp: [TLP:CLEAR, TLP:GREEN]\n",
        "facts/eu.yaml": "facts:\n  - id: limite-line\n    statement: The line to take on Osprey is agreed.\n"
                         "    kind: reported\n    sources: [example-report]\n    tags: [example]\n"
                         "    marking: [TLP:CLEAR, LIMITE]\n",
    })
    with pytest.raises(TemplateError, match="LIMITE, on the 'eu' scale, which this briefing's ceiling does not cover"):
        render(starter, "{{ fact('limite-line') }}\n")
    out = render(starter, "{% for f in facts %}{{ f }}\n{% endfor %}")
    assert "Osprey" not in out.body and out.marking == "TLP:CLEAR"
    ceiling(starter, "[TLP:CLEAR, LIMITE]")
    assert render(starter, "{{ fact('limite-line') }}\n").marking == "LIMITE"


# The template API -------------------------------------------------------------------------------


def test_template_api_markings(amber: Path) -> None:
    out = render(amber, "{{ brief.ceiling }}|{{ brief.marking }}|{{ brief.marking.levels.tlp }}|"
                        "{{ fact('green-detail').marking }}|{{ fact('green-detail').marking.levels.tlp }}\n")
    assert "TLP:AMBER|TLP:GREEN|TLP:GREEN|TLP:GREEN|TLP:GREEN" in out.body


# Sources ----------------------------------------------------------------------------------------


def test_a_marked_source_marks_the_facts_citing_it(amber: Path) -> None:
    text = GREEN.replace("marking: TLP:GREEN", "marking: TLP:CLEAR").replace(
        "    note: Circulated to members of the steering group only.",
        "    note: Circulated to members of the steering group only.\n    marking: TLP:AMBER")
    write(amber, {"facts/marked.yaml": text})
    out = render(amber, "{{ fact('green-detail') }}\n")
    assert out.marking == "TLP:AMBER"
    spec(amber, "ceiling: TLP:AMBER", "ceiling: TLP:GREEN")
    with pytest.raises(TemplateError, match="fact 'green-detail' is TLP:AMBER because it cites source "
                                            "'green-source'"):
        render(amber, "{{ fact('green-detail') }}\n")


def test_a_source_cited_only_by_withheld_facts_never_appears(starter: Path) -> None:
    write(starter, {"facts/marked.yaml": GREEN})  # ceiling TLP:CLEAR: both facts withheld
    out = render(starter, "{% for f in facts %}{{ f }}{% for s in f.sources %}{{ s.citation }}{% endfor %}\n"
                          "{% endfor %}{% for s in sources() %}{{ s.citation }}\n{% endfor %}")
    assert "Kestrel" not in out.body
    with pytest.raises(LeakError, match="source 'green-source'"):
        render(starter, "# T\n\nSee the minutes of the Kestrel steering group.\n")
    with pytest.raises(LeakError, match="source 'green-source'"):
        render(starter, "# T\n\nThey were circulated to members of the steering group only.\n")


# Portion marks ----------------------------------------------------------------------------------


def test_portion_marks(amber: Path) -> None:
    spec(amber, "ceiling: TLP:AMBER", "ceiling: TLP:AMBER\nportion_marks: true")
    out = render(amber, (
        "# Title\n\nOur own words.\n\n"
        "- {{ fact('green-detail') }}\n"
        "- {{ fact('example-event') }}\n"
        "- plain {{ fact('amber-detail').kind_label }}\n\n"
        "{% set later = fact('green-detail').text %}Intro.\n\nLater: {{ later }}\n"))
    lines = out.body.splitlines()
    assert "# Title" in lines
    assert "(TLP:CLEAR) Our own words." in lines
    assert any(line.startswith("- (TLP:GREEN) A detail shared") for line in lines)
    assert any(line.startswith("- (TLP:CLEAR) An example organisation") for line in lines)
    assert "- (TLP:AMBER) plain Reported" in lines
    assert any(line.startswith("(TLP:GREEN) Later: A detail shared") for line in lines)
    assert out.marking == "TLP:AMBER"


def test_portion_marks_are_off_by_default(amber: Path) -> None:
    assert "(TLP:" not in render(amber, "- {{ fact('green-detail') }}\n").body


# audit ------------------------------------------------------------------------------------------


def test_audit_explains_inherited_markings(amber: Path) -> None:
    facts = amber / "facts/marked.yaml"
    facts.write_text(GREEN.replace("sources:\n  - id: green-source", (
        "  - id: judged\n    statement: We assess it is likely that the pilot goes ahead.\n"
        "    kind: assessment\n    likelihood: likely\n    based_on: [amber-detail]\n    tags: [example]\n"
        "sources:\n  - id: green-source")))
    write(amber, {"templates/example.md.j2": "{{ fact('judged') }} {{ fact('green-detail') }}\n"})
    code, out = cli_run("audit", "example", "-p", str(amber), "--as-of", "2026-11-24")
    assert code == 0, out
    assert "TLP:AMBER because it is based on fact 'amber-detail'" in out
    assert "marked TLP:AMBER" in out
    assert "TLP:AMBER from fact 'judged'" in out


# The real briefs ----------------------------------------------------------------------------------


def test_real_briefs_carry_their_markings(tmp_path: Path) -> None:
    root = copy_repo(tmp_path / "repo")
    loaded = project.load(root)
    renderer = Renderer(loaded)
    marked = {bid: renderer.render(b, DAY) for bid, b in loaded.briefings.items()}
    assert {bid: r.marking for bid, r in marked.items()} == {
        "eu-official": "TLP:AMBER", "uk-regulator": "OFFICIAL", "uk-sme": "TLP:CLEAR"}
    assert marked["uk-sme"].marking_reasons[0].startswith("TLP:CLEAR from fact '")
    assert "OFFICIAL from the briefing's floor" in marked["uk-regulator"].marking_reasons
    assert ("The label at the top, TLP CLEAR, means you can share this guide freely, for example with your partners."
            in marked["uk-sme"].body)


def test_sme_sharing_line_follows_the_marking(tmp_path: Path) -> None:
    """The guide's "you can share this" line is computed from its marking, not written in."""
    root = copy_repo(tmp_path / "repo")
    spec_path = root / "briefings/uk-sme.yaml"
    spec_path.write_text(spec_path.read_text().replace("ceiling: TLP:CLEAR", "ceiling: TLP:GREEN\nmarking: TLP:GREEN"))
    loaded = project.load(root)
    out = Renderer(loaded).render(loaded.briefings["uk-sme"], DAY)
    assert out.marking == "TLP:GREEN"
    assert "You can share this guide with firms and groups you work with, but not publicly" in out.body
    assert "share this guide freely" not in out.body


def test_manifest_records_keep_their_hashes(starter: Path) -> None:
    """Giving sources a marking field must not make every fact look changed in the next edition: the
    record of the starter's fact hashes as it did before (value taken from the previous release)."""
    loaded = project.load(starter)
    record = Renderer(loaded)._record(loaded.briefings["example"], "example-event")
    assert record["hash"] == "fe550de6581ea547"


def test_a_short_withheld_title_shared_by_a_visible_fact_is_no_leak(starter: Path) -> None:
    """The guards match a short text whole, but not where the reader's own facts use the same words."""
    write(starter, {"facts/plan.yaml": """
        facts:
          - id: plan-visible
            statement: The Commission published the Cyber Action Plan in May.
            kind: reported
            sources: [example-report]
            tags: [example]
          - id: plan-secret
            statement: The plan has a classified annex on Osprey.
            kind: reported
            sources: [plan-paper]
            marking: TLP:RED
        sources:
          - id: plan-paper
            title: Cyber Action Plan
            retrieved: 2026-01-01
        """})
    assert "Cyber Action Plan" in render(starter, "{{ fact('plan-visible') }}\n").body
    plan = starter / "facts/plan.yaml"
    plan.write_text(plan.read_text().replace("the Cyber Action Plan", "its plan"))
    with pytest.raises(LeakError, match="source 'plan-paper': its text \"cyber action plan\""):
        render(starter, "# T\n\nOur Cyber Action Plan reading list.\n")
