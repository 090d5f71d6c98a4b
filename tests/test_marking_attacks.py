"""The marking promise under attack (issue 21, "High: the marking promise" and the adopter's findings).

Each attack of the second adversarial round has a test here, reproduced first. The rule they check:
whatever depends on the existence, number, order, tags or kind of a fact is a use of that fact;
a value keeps its marking through variables, filters and concatenation; a portion is marked by what
it prints and by what decided whether and how often it was printed; where that cannot be tracked
precisely, the mark rounds up, never down.

The attacks are grouped by kind (the report of issue 21 counts them): SELECTION, PORTION, GUARD,
ADOPTER. Each list below is one kind; a test counts each entry once.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from briefgen.content import project
from briefgen.exceptions import LeakError
from briefgen.templating.render import Renderer
from briefgen.templating.rendered import Rendered
from support import REPO, build, copy_repo, write

DAY = dt.date(2026, 11, 24)

MARKED = """
facts:
  - id: amber-one
    statement: The Osprey pilot starts in March with four partner agencies.
    kind: official
    attribution: The Zanzibar Partner Desk
    sources: [example-report]
    tags: [example, amber-tag]
    marking: TLP:AMBER
  - id: amber-two
    statement: The Heron review reports to ministers in the spring of next year.
    kind: reported
    sources: [amber-source]
    tags: [example, amber-tag]
    marking: TLP:AMBER
  - id: clear-one
    statement: The Kestrel programme published its annual report on schedule.
    kind: reported
    sources: [example-report]
    tags: [example, clear-tag]
sources:
  - id: amber-source
    title: Notes of the Heron review board meeting in Leeds
    publisher: Heron board
    retrieved: 2026-01-15
    note: Shared with the members of the review board only.
    marking: TLP:AMBER
"""


def _spec(root: Path, old: str, new: str, name: str = "example") -> None:
    path = root / f"briefings/{name}.yaml"
    assert old in path.read_text()
    path.write_text(path.read_text().replace(old, new))


def _field(root: Path, name: str, field: str, value: str) -> None:
    """Set a top-level field of a spec (its line replaced, or added)."""
    path = root / f"briefings/{name}.yaml"
    text, line = path.read_text(), f"{field}: {value}\n"
    found = re.search(f"^{field}:.*\n", text, re.M)
    path.write_text(text[:found.start()] + line + text[found.end():] if found else text + line)


@pytest.fixture
def amber(starter: Path) -> Path:
    """The starter project with two AMBER facts tagged amber-tag, one CLEAR fact, ceiling TLP:AMBER."""
    write(starter, {"facts/marked.yaml": MARKED})
    _spec(starter, "ceiling: TLP:CLEAR", "ceiling: TLP:AMBER")
    return starter


@pytest.fixture
def portions(amber: Path) -> Path:
    _spec(amber, "ceiling: TLP:AMBER", "ceiling: TLP:AMBER\nportion_marks: true")
    return amber


def render(root: Path, template: str, name: str = "example") -> Rendered:
    write(root, {f"templates/{name}.md.j2": template})
    loaded = project.load(root)
    return Renderer(loaded).render(loaded.briefings[name], DAY)


def portion_of(out: Rendered, text: str) -> str:
    """The portion mark of the one paragraph or bullet holding ``text``."""
    found = [line for line in out.body.splitlines() if text in line]
    assert len(found) == 1, (text, out.body)
    match = re.match(r"^\s*(?:[-*+]\s+)?\(([^)]*)\)", found[0])
    assert match, found[0]
    return match.group(1)


# SELECTION: what a template learns from a selection without printing its facts ---------------------

SELECTION = [
    '{% for f in facts.tagged("amber-tag") %}x{% endfor %}',
    '{{ facts.tagged("amber-tag")|length }}',
    '{{ facts.tagged("amber-tag")|reverse|list|length }}',
    '{% if facts.tagged("amber-tag")[1] is defined %}two{% endif %}',
    '{% set ns = namespace(n=0) %}{% for f in facts.tagged("amber-tag") %}{% set ns.n = ns.n + 1 %}'
    '{% endfor %}{{ ns.n }}',
    '{{ facts.tagged(kind="official")|length }}',
    '{{ facts.kind("reported")|length }}',
    '{% if facts.tagged("amber-tag") %}some{% endif %}',
    '{{ "some" if facts.tagged("amber-tag") else "none" }}',
    '{{ facts.tagged("amber-tag")|list|length }}',
    '{{ facts|list|length }}',
    '{{ facts.all()|batch(1)|list|length }}',
    '{% for f in facts.tagged("amber-tag")|sort(attribute="id", reverse=true) %}x{% endfor %}',
    '{% for f in facts.tagged("amber-tag") %}{% if loop.last %}{{ loop.index }}{% endif %}{% endfor %}',
    '{% if facts.tagged("no-fact-has-this-tag") %}{% else %}none{% endif %}',
    '{{ facts.tagged("amber-tag", exclude=["clear-tag"])|first is defined }}',
    '{{ facts.all()[2:]|length }}',
    '{{ facts.tagged("amber-tag")|string|length > 3 }}',
    '{% set l = facts.tagged("amber-tag") %}{{ l|count }}',
    '{{ facts.tagged("amber-tag")|selectattr("stale")|list|length }}',
]


@pytest.mark.parametrize("attack", SELECTION)
def test_a_selection_marks_the_brief_with_what_it_touched(amber: Path, attack: str) -> None:
    """Defect: a loop over AMBER facts printed "xx" in a brief marked TLP:CLEAR."""
    out = render(amber, "# T\n\n" + attack + "\n")
    assert out.marking == "TLP:AMBER", (attack, out.body)


@pytest.mark.parametrize("attack", SELECTION)
def test_a_selection_marks_its_portion(portions: Path, attack: str) -> None:
    out = render(portions, "# T\n\nBefore.\n\n" + attack + "\n\n\nAfter.\n")
    body = [line for line in out.body.splitlines() if line.strip() and not line.startswith("#")]
    assert body[0] == "(TLP:CLEAR) Before." and body[-1] == "(TLP:CLEAR) After.", (attack, out.body)
    for line in body[1:-1]:
        assert line.startswith("(TLP:AMBER)"), (attack, out.body)


def test_a_loop_marks_every_format(amber: Path) -> None:
    """The attack as built: "xx" in every format, each marked TLP:AMBER."""
    _spec(amber, "formats: [md, pdf]", "formats: [md, html, txt, pdf]")
    write(amber, {"templates/example.md.j2": '# T\n\n{% for f in facts.tagged("amber-tag") %}x{% endfor %}\n'})
    assert not build(amber).failed
    out = amber / "build"
    md, txt = (out / "example.md").read_text(), (out / "example.txt").read_text()
    assert "xx" in md and md.startswith("**TLP:AMBER**") and md.rstrip().endswith("**TLP:AMBER**")
    assert txt.lstrip().startswith("TLP:AMBER") and txt.rstrip().endswith("TLP:AMBER")
    assert '<meta name="marking" content="TLP:AMBER">' in (out / "example.html").read_text()
    import pypdf

    reader = pypdf.PdfReader(out / "example.pdf")
    assert reader.metadata is not None and str(reader.metadata["/marking"]) == "TLP:AMBER"
    assert all("TLP:AMBER" in page.extract_text() for page in reader.pages)


def test_choosing_facts_without_looking_at_the_choice_reads_nothing(amber: Path) -> None:
    out = render(amber, '{% set l = facts.tagged("amber-tag") %}{{ fact("clear-one") }}\n')
    assert out.marking == "TLP:CLEAR" and out.used == ("clear-one",)


def test_the_attack_on_the_real_uk_sme_brief(tmp_path: Path) -> None:
    """The tester's own setting: uk-sme with the ceiling TLP:AMBER and two AMBER facts tagged amber-tag."""
    root = copy_repo(tmp_path / "repo")
    write(root, {"facts/zz-marked.yaml": MARKED.replace("example-report", "amber-source")})
    _field(root, "uk-sme", "ceiling", "TLP:AMBER")
    _spec(root, "tags: [smes", "tags: [amber-tag, smes", "uk-sme")
    template = (REPO / "templates/uk-sme.md.j2").read_text()
    out = render(root, template + '\n{% for f in facts.tagged("amber-tag") %}x{% endfor %}\n', "uk-sme")
    assert "xx" in out.body and out.marking == "TLP:AMBER"
    assert render(root, template, "uk-sme").marking == "TLP:CLEAR"


# PORTION: a value keeps its marking wherever it goes; a portion is marked by what decided it -------

PORTION = [
    # (template, the text of the paragraph that must be marked TLP:AMBER)
    ('{% set a = fact("amber-one").attribution|title %}First.\n\nSecond.\n\nThird {{ a }}.', "Third"),
    ('{% set a = fact("amber-one").attribution %}First.\n\nSecond.\n\nThird {{ a ~ "" }}.', "Third"),
    ('{% set a = fact("amber-one").attribution ~ "" %}First.\n\nSecond.\n\nThird {{ a }}.', "Third"),
    ('{% set a = fact("amber-one").attribution|upper|replace("A", "4") %}First.\n\nThird {{ a }}.', "Third"),
    ('{% set a = "%s!"|format(fact("amber-one").attribution) %}First.\n\nThird {{ a }}.', "Third"),
    ('{% set a = fact("amber-one").attribution.split()|length %}First.\n\nThird {{ a }}.', "Third"),
    ('{% set a = fact("amber-one").attribution|length > 3 %}First.\n\nThird {{ a }}.', "Third"),
    ('{% set a = fact("amber-one").kind == "official" %}First.\n\nThird {% if a %}yes{% endif %}.', "Third"),
    ('{% set a = fact("amber-one").as_of %}First.\n\nThird {{ a }}.', "Third"),
    ('{% set a = fact("amber-one").tags|join(",") %}First.\n\nThird {{ a }}.', "Third"),
    ('{% set a = fact("amber-one").tags[0] %}First.\n\nThird {{ a }}.', "Third"),
    ('{% set a = fact("amber-one").kind == "official" %}First.\n\nThird {{ "yes" if a else "no" }}.', "Third"),
    ('{% set n = facts.tagged("amber-tag")|length %}First.\n\nThird {{ n }}.', "Third"),
    ('{% set n = facts.tagged("amber-tag")|length + 1 %}First.\n\nThird {{ n * 2 }}.', "Third"),
    ('{% set ns = namespace(n=0) %}{% for f in facts.tagged("amber-tag") %}{% set ns.n = ns.n + 1 %}'
     '{% endfor %}First.\n\nThird {{ ns.n }}.', "Third"),
    ('{% if fact("amber-one").kind == "official" %}{% set m = "yes" %}{% else %}{% set m = "no" %}{% endif %}'
     'First.\n\nThird {{ m }}.', "Third"),
    ('{% set t %}{% if fact("amber-one").kind == "official" %}yes{% endif %}{% endset %}First.\n\nThird {{ t }}.',
     "Third"),
    ('{% macro m(k) %}{% if k == "official" %}yes{% endif %}{% endmacro %}First.\n\n'
     'Third {{ m(fact("amber-one").kind) }}.',
     "Third"),
    ('{% macro m(k) %}{{ "yes" if "off" in k else "no" }}{% endmacro %}First.\n\n'
     'Third {{ m(fact("amber-one").kind) }}.',
     "Third"),
    ('{% set a = [fact("amber-one").kind] %}First.\n\nThird {{ a|first }}.', "Third"),
    ('{% set d = {"k": fact("amber-one").kind} %}First.\n\nThird {{ d.k }}.', "Third"),
    ('{% set a = fact("amber-one").attribution[4:] %}First.\n\nThird {{ a }}.', "Third"),
    ('{% set a = fact("amber-one").marking %}First.\n\nThird {{ a }}.', "Third"),
    ('{% set a = fact("amber-one").likelihood %}First.\n\nThird {{ a }}.', "Third"),
    ('Third {% for f in facts.tagged("example") if f.kind == "reported" %}{{ loop.index }} {% endfor %}'
     '\n\nAfter.', "Third"),
    # a variable the branch or loop did not assign: that it kept its value depends on the test too
    ('{% set ns = namespace(n=0) %}{% for f in facts.tagged("no-such-tag") %}{% set ns.n = ns.n + 1 %}'
     '{% endfor %}First.\n\nThird {{ ns.n }}.', "Third"),
    ('{% set m = "no" %}{% if fact("amber-one").kind == "reported" %}{% set m = "yes" %}{% endif %}'
     'First.\n\nThird {{ m }}.', "Third"),
    ('{% set ns = namespace(m="no") %}{% if fact("amber-one").kind == "reported" %}{% set ns.m = "yes" %}'
     '{% endif %}First.\n\nThird {{ ns.m }}.', "Third"),
    ('{% with a = fact("amber-one").attribution|lower %}First.\n\nThird {{ a }}.{% endwith %}', "Third"),
]


@pytest.mark.parametrize(("template", "marked"), PORTION)
def test_a_value_keeps_its_marking(portions: Path, template: str, marked: str) -> None:
    """Defect: `{% set a = ...attribution|title %}` printed two paragraphs later was marked (TLP:CLEAR)."""
    out = render(portions, "# T\n\n" + template + "\n")
    assert out.marking == "TLP:AMBER"
    assert portion_of(out, marked) == "TLP:AMBER", out.body


def test_a_traced_date_prints_as_it_did() -> None:
    """A styled or masked date carried out of a region keeps its style (and the edition-date mark)."""
    from briefgen.templating.dated import EDITION_MARK, MaskedDate, StyledDate
    from briefgen.templating.traced import taint
    from briefgen.templating.usage import CURRENT, Usage

    token = CURRENT.set(Usage())
    try:
        day = dt.date(2026, 12, 9)
        styled = taint(StyledDate(day, "uk"), frozenset({"fact:x"}))
        assert str(styled) == "9 December 2026" and styled == day and styled._keys == {"fact:x"}
        assert str(taint(MaskedDate(day, "eu"), frozenset({"fact:x"}))) == EDITION_MARK
        assert str(taint(styled, frozenset({"fact:y"}))) == "9 December 2026"
    finally:
        CURRENT.reset(token)


def test_a_loop_condition_marks_the_loop_not_the_next_paragraph(portions: Path) -> None:
    """Defect: the condition's read of the last item's kind marked the NEXT paragraph, not the loop's."""
    out = render(portions, '# T\n\n{% for f in facts.tagged("amber-tag", "clear-tag") if f.kind == "reported" %}'
                           '{% if loop.first %}Found:{% endif %} {{ f.id }}{% endfor %}\n\n\nThe next paragraph.\n')
    assert portion_of(out, "Found:") == "TLP:AMBER"
    assert portion_of(out, "The next paragraph.") == "TLP:CLEAR"


def test_values_read_but_not_printed_do_not_mark_later_paragraphs(portions: Path) -> None:
    """Rounding up stays where it is needed: a value stored and never printed marks no paragraph."""
    out = render(portions, '# T\n\n{% set a = fact("amber-one").attribution %}'
                           '{% if fact("amber-two").kind == "x" %}no{% endif %}First.\n\n- {{ fact("clear-one") }}\n')
    assert out.marking == "TLP:AMBER"
    assert portion_of(out, "First.") == "TLP:CLEAR"
    assert portion_of(out, "Kestrel") == "TLP:CLEAR"


def test_each_bullet_of_a_loop_carries_its_own_fact_and_the_choice(portions: Path) -> None:
    out = render(portions, '# T\n\n{% for f in facts.tagged("clear-tag") %}\n- {{ f }}\n{% endfor %}\n')
    # the choice of clear-one depended on the tags of the AMBER facts, which were not chosen
    assert portion_of(out, "Kestrel") == "TLP:AMBER"
    out = render(portions, '# T\n\n- {{ fact("clear-one") }}\n- {{ fact("amber-two") }}\n')
    assert portion_of(out, "Kestrel") == "TLP:CLEAR" and portion_of(out, "Heron") == "TLP:AMBER"


# GUARD: text typed into a template is caught, whatever part of a fact or source it repeats -------

GUARD = [
    "The Zanzibar Partner Desk said so.",  # an attribution (four words: matched whole)
    "See the notes of the Heron review board meeting in Leeds.",  # a source title
    "It was shared with the members of the review board only.",  # a source note
    "The Osprey pilot starts in March with four partner agencies.",  # a statement
]


@pytest.mark.parametrize("typed", GUARD)
def test_the_guard_checks_attributions_titles_and_notes(amber: Path, typed: str) -> None:
    with pytest.raises(LeakError, match=r"(fact 'amber-one'|source 'amber-source').*TLP:AMBER"):
        render(amber, "# T\n\n" + typed + "\n")


@pytest.mark.parametrize("typed", GUARD)
def test_the_portion_guard_checks_them_too(portions: Path, typed: str) -> None:
    """Typed into a paragraph of its own, beside a paragraph that does read the AMBER fact."""
    with pytest.raises(LeakError, match=r"marked \(TLP:CLEAR\) but holds text of data marked higher"):
        render(portions, "# T\n\n{{ fact('amber-one') }} {{ fact('amber-two') }}\n\n" + typed + "\n")


# ADOPTER: portion marks with header blocks, the floor model, two scales ---------------------------


def test_portion_marks_and_header_blocks_work_together(tmp_path: Path) -> None:
    """Defect: `(TLP:GREEN) ::: header eu` was printed literally and the closing `:::` swallowed the
    next paragraph, which lost its mark."""
    root = copy_repo(tmp_path / "repo")
    _field(root, "eu-official", "portion_marks", "true")
    loaded = project.load(root)
    out = Renderer(loaded).render(loaded.briefings["eu-official"], DAY)
    lines = out.body.splitlines()
    assert "::: header eu" in lines and ":::" in lines
    inside = lines[lines.index("::: header eu") + 1:lines.index(":::")]
    assert all(line.startswith("(TLP:AMBER) ") for line in inside if line.strip()), inside
    after = lines[lines.index(":::") + 1:]
    first = next(line for line in after if line.strip() and not line.startswith("#"))
    assert re.match(r"^(- |\d+\. )?\((TLP:AMBER|TLP:CLEAR)\) ", first), first  # a list item keeps its mark
    from briefgen.build.pipeline import Pipeline

    html = Pipeline(loaded).html(out)
    assert '<div class="doc-header doc-header-eu"' in html and "::: header" not in html


def test_the_floor_model(amber: Path) -> None:
    """A paragraph of facts carries its facts' marking; the team's own words carry the floor; the
    banner carries the highest."""
    _spec(amber, "ceiling: TLP:AMBER", "ceiling: TLP:AMBER\nmarking: TLP:GREEN\nportion_marks: true")
    out = render(amber, "# T\n\n{{ fact('clear-one') }}\n\n- {{ fact('example-event') }}\n\nOur own view.\n\n"
                        "Our view of {{ fact('clear-one').text }}\n\n{{ fact('amber-one') }}\n")
    assert portion_of(out, "Kestrel programme published its annual report on schedule.[^") == "TLP:CLEAR"
    assert portion_of(out, "An example organisation") == "TLP:CLEAR"
    assert portion_of(out, "Our own view.") == "TLP:GREEN"
    assert portion_of(out, "Our view of") == "TLP:GREEN"
    assert portion_of(out, "Osprey") == "TLP:AMBER"
    assert out.marking == "TLP:AMBER"


def test_uk_regulator_with_portion_marks(tmp_path: Path) -> None:
    """Defect: "is marked (OFFICIAL) but holds text of data marked higher: fact 'uk-anthropic-mou' is
    TLP:CLEAR": a TLP:CLEAR fact is not higher than a portion marked OFFICIAL on the other scale."""
    root = copy_repo(tmp_path / "repo")
    _field(root, "uk-regulator", "portion_marks", "true")
    loaded = project.load(root)
    out = Renderer(loaded).render(loaded.briefings["uk-regulator"], DAY)
    assert out.marking == "OFFICIAL"
    marks = {m for m in re.findall(r"^\s*(?:[-*+]\s+)?\(([A-Z:\- /]+)\) ", out.body, re.M)}
    assert marks <= {"OFFICIAL", "TLP:CLEAR"} and "OFFICIAL" in marks, marks


def test_template_prose_sharing_words_with_a_fact_of_another_scale(amber: Path) -> None:
    _spec(amber, "ceiling: TLP:AMBER", "ceiling: [TLP:AMBER, OFFICIAL-SENSITIVE]\nmarking: OFFICIAL\n"
                                       "portion_marks: true")
    out = render(amber, "# T\n\nWe note that the Kestrel programme published its annual report on schedule.\n")
    assert portion_of(out, "We note") == "OFFICIAL"
