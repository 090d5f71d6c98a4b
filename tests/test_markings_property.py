"""Property: whatever path a template takes to a fact, the brief is marked for it (issue 11); and
what a brief or a portion says does not depend on data above its mark (issue 21, at the end).

Random templates reach random facts through every path the template API offers (printing a fact,
any attribute, its sources, filters, variables, macros, loops, branches, list lengths, what has
changed, the notes), under random ceilings and floors, with and without an earlier edition. For
every brief that renders:

- its marking is at least the highest marking among the facts the template reached, and within
  the ceiling;
- no text of a fact or source above its marking (nor the old text of a withdrawn fact above it)
  appears in its Markdown or HTML. Every fact and source carries a unique code word to look for.

A brief may also fail, but only clearly: a marking that never settles. The guard after rendering
never fires, because every path here goes through the template API, which marks the brief.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefgen.build.pipeline import Pipeline
from briefgen.content import markings
from briefgen.content.project import Project
from briefgen.content.project import load as load_project
from briefgen.exceptions import TemplateError
from briefgen.selection.select import select
from briefgen.templating.render import Renderer
from support import write

DAY = dt.date(2026, 11, 24)

SOURCES = {  # id: (marking, code word)
    "s-open": ("TLP:CLEAR", "kiloopen"),
    "s-green": ("TLP:GREEN", "kilogreen"),
    "s-amber": ("TLP:AMBER", "kiloamber"),
    "s-uk": ("[TLP:CLEAR, OFFICIAL-SENSITIVE]", "kilouk"),
}
FACTS = {  # id: (marking, sources, kind, based_on)
    "fa": ("TLP:CLEAR", ["s-open"], "reported", []),
    "fb": ("TLP:GREEN", ["s-open"], "official", []),
    "fc": ("TLP:CLEAR", ["s-green"], "reported", []),
    "fd": ("TLP:AMBER", ["s-open"], "official", []),
    "fe": ("TLP:RED", ["s-open"], "reported", []),
    "ff": ("TLP:CLEAR", ["s-amber"], "reported", []),
    "fg": ("[TLP:CLEAR, OFFICIAL]", ["s-open"], "official", []),
    "fh": ("TLP:CLEAR", ["s-uk"], "reported", []),
    "fl": ("[TLP:CLEAR, LIMITE]", ["s-open"], "reported", []),
    "fj": ("TLP:CLEAR", [], "assessment", ["fb", "fd"]),
    "fk": ("TLP:CLEAR", [], "assessment", ["fe"]),
}
CEILINGS = [
    {"tlp": "TLP:CLEAR"}, {"tlp": "TLP:GREEN"}, {"tlp": "TLP:AMBER"}, {"tlp": "TLP:RED"},
    {"tlp": "TLP:GREEN", "uk": "OFFICIAL"}, {"tlp": "TLP:AMBER", "uk": "OFFICIAL-SENSITIVE"},
    {"tlp": "TLP:RED", "uk": "OFFICIAL-SENSITIVE", "eu": "LIMITE"},
]


def _fact_yaml(fid: str) -> str:
    marking, sources, kind, based_on = FACTS[fid]
    lines = [f"  - id: {fid}", f"    statement: We assess it is likely that zulu{fid} statement holds." if kind ==
             "assessment" else f"    statement: The zulu{fid} statement, as reported.",
             f"    kind: {kind}", f"    tags: [p, t-{fid}]", f"    marking: {marking}", "    as_of: 2026-01-02"]
    if kind == "assessment":
        lines += ["    likelihood: likely", f"    based_on: [{', '.join(based_on)}]"]
    else:
        lines += [f"    sources: [{', '.join(sources)}]"]
    if kind == "official":
        lines += [f"    attribution: the yankee{fid} office"]
    return "\n".join(lines)


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Project:
    root = tmp_path_factory.mktemp("prop") / "proj"
    from support import minimal_project

    minimal_project(root)
    sources = "\n".join(f"  - id: {sid}\n    title: Paper {word} on defence\n    short: Paper {word}\n"
                        f"    note: Held by {word}notes only.\n    retrieved: 2026-01-01\n    marking: {marking}"
                        for sid, (marking, word) in SOURCES.items())
    write(root, {
        "briefgen.yaml": "scales:\n  tlp: [TLP:CLEAR, TLP:GREEN, TLP:AMBER, TLP:AMBER+STRICT, TLP:RED]\n"
                         "  uk: [OFFICIAL, OFFICIAL-SENSITIVE]\n  eu: [PUBLIC, LIMITE]\n",
        "facts/example.yaml": "facts:\n" + "\n".join(_fact_yaml(f) for f in FACTS) + "\nsources:\n" + sources + "\n",
        "facts/sources.yaml": "sources: []\n",
        "briefings/example.yaml": "title: P\naudience: general\ntemplate: example.md.j2\n"
                                  "stylesheet: styles/example.css\ntags: [p]\nceiling: TLP:RED\nformats: [md, html]\n",
    })
    return load_project(root)


# Each path: (template text with X for a fact id, which facts it reaches: "X", "all" or "assessments").
PATHS = [
    ("{{ fact('X') }}", "X"),
    ("{{ fact('X').text }}", "X"),
    ("{{ fact('X').attribution }}", "X"),
    ("{{ fact('X').kind_label }} {{ fact('X').likelihood }} {{ fact('X').likelihood_range }}", "X"),
    ("{{ fact('X').id }} {{ fact('X').tags|join(',') }} {{ fact('X').as_of|date }}", "X"),
    ("{% for s in fact('X').sources %}{{ s.title }} {{ s.short }} {{ s.citation }}{% endfor %}", "X"),
    ("{{ fact('X').sources|map(attribute='label')|join('; ') }}", "X"),
    ("{{ fact('X').text|upper }}", "X"),
    ("{{ fact('X')|attr('attribution') }}", "X"),
    ("{% set v = fact('X').text %}Later: {{ v }}", "X"),
    ("{% set v %}{{ fact('X') }}{% endset %}{{ v }}", "X"),
    ("{% macro m(f) %}<{{ f.text }}>{% endmacro %}{{ m(fact('X')) }}", "X"),
    ("{% if fact('X').kind == 'reported' %}Reported.{% else %}Other.{% endif %}", "X"),
    ("{{ fact('X').marking }} {{ fact('X').stale }}", "X"),
    ("{{ fact('X').cite }}{% for s in sources() %} {{ s.citation }}{% endfor %}", "X"),
    ("{{ fact('X').cite }}{{ source_line() }}", "X"),
    ("{% for f in facts.tagged('t-X') %}{{ f }}{% endfor %}", "X"),
    ("{% for f in facts if f.id == 'X' %}{{ f.attribution }}{% endfor %}", "all"),
    ("{{ facts.all()|selectattr('kind', 'equalto', 'official')|map(attribute='text')|join(' ') }}", "all"),
    ("{{ facts|length }}", "all"),
    ("{% if facts.kind('assessment') %}Some.{% endif %}", "assessments"),
    ("{% for f in facts.kind('assessment') %}{{ loop.length }}{{ f.text }}{% endfor %}", "assessments"),
]
WRAPPERS = [
    ("", ""), ("{% if brief.marking %}", "{% endif %}"), ("{% if changes %}", "{% endif %}"),
    ("{% if brief.ceiling %}", "{% endif %}"), ("{% if brief.marking.levels.tlp is defined %}", "{% endif %}"),
    ("{% if brief.marking == 'TLP:CLEAR' %}", "{% endif %}"),  # may never settle: must then fail clearly
]
CHANGES = ("{% if changes %}{% for f in changes.added %}{{ f }}{% endfor %}{% for c in changes.changed %}"
           "{{ c.what|join }} {{ c.fact.text }}{% endfor %}{% for w in changes.withdrawn %}{{ w.id }}: {{ w.text }}"
           "{% endfor %}{{ changes.hidden }}{% endif %}")


Reach = list[tuple[str, set[str]]]  # (when: "always", "changes" or "clear", facts reached)


@st.composite
def cases(draw: st.DrawFn, base: Project) -> tuple[dict[str, str], dict[str, str], str, Reach, dict[str, Any] | None]:
    ceiling = draw(st.sampled_from(CEILINGS))
    floor = draw(st.sampled_from([{}, *({k: v} for k, v in ceiling.items()), dict(ceiling)]))
    briefing = dataclasses.replace(base.briefings["example"], ceiling=ceiling, marking_floor=floor)
    visible = sorted(select(briefing, base.facts, base.settings, DAY, base.sources).visible)
    with_previous = draw(st.booleans())
    reached: Reach = []
    pieces = []
    for _ in range(draw(st.integers(1, 5)) if visible else 0):
        path, reach = draw(st.sampled_from(PATHS))
        fid = draw(st.sampled_from(visible))
        opened, closed = draw(st.sampled_from(WRAPPERS))
        pieces.append(f"{opened}- {path.replace('X', fid)}{closed}\n")
        when = "changes" if "changes" in opened else "clear" if "==" in opened else "always"
        if reach == "X":
            reached.append((when, {fid}))
        elif reach == "all":
            reached.append((when, set(visible)))
        else:
            reached.append((when, {f for f in visible if base.facts[f].kind == "assessment"}))
    previous = None
    if with_previous:
        old = [*draw(st.lists(st.sampled_from(sorted(FACTS)), unique=True, max_size=4)), "fz"]
        facts = {}
        for fid in old:
            recorded = draw(st.sampled_from(["TLP:CLEAR", "TLP:GREEN", "TLP:AMBER", "TLP:RED",
                                             markings.label(base.facts[fid].markings, base.settings)
                                             if fid in base.facts else "TLP:CLEAR"]))
            facts[fid] = {"text": f"Old wording oldzulu{fid} here.", "hash": "old", "marking": recorded}
        previous = {"edition": "2026-11-17", "facts": facts}
        pieces.append(CHANGES + "\n")
    return ceiling, floor, "".join(pieces) or "Nothing.\n", reached, previous


@settings(max_examples=200, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_a_brief_is_never_marked_below_what_it_holds(base: Project, data: st.DataObject) -> None:
    ceiling, floor, template, reached, previous = data.draw(cases(base))
    s = base.settings
    (base.templates / "example.md.j2").write_text(template)
    briefing = dataclasses.replace(base.briefings["example"], ceiling=ceiling, marking_floor=floor)
    renderer = Renderer(base)  # a new environment: the template file changed
    try:
        rendered = renderer.render(briefing, DAY, previous)
    except TemplateError as exc:
        assert "does not settle" in exc.format_message(), (template, exc.format_message())
        return
    levels = rendered.marking_levels
    assert levels and not markings.exceeds(levels, ceiling, s), (template, levels)
    assert not markings.exceeds(floor, levels, s)
    active = {"always", "changes" if previous else "always", "clear" if rendered.marking == "TLP:CLEAR" else "always"}
    facts = {f for when, ids in reached if when in active for f in ids}
    highest = markings.highest([base.facts[f].markings for f in facts], s)
    assert not markings.exceeds(highest, levels, s), (template, sorted(facts), rendered.marking)
    outputs = [rendered.markdown, Pipeline(base).html(rendered)]
    for fid, fact in base.facts.items():
        if markings.exceeds(fact.markings, levels, s):
            for out in outputs:
                assert f"zulu{fid}" not in out and f"yankee{fid}" not in out, (template, fid, rendered.marking)
    for sid, source in base.sources.items():
        word = SOURCES[sid][1]
        if markings.exceeds(source.markings, levels, s):
            for out in outputs:
                assert word not in out, (template, sid, rendered.marking)
    for fid, record in (previous or {}).get("facts", {}).items():
        if any(f"oldzulu{fid}" in out for out in outputs):
            shown = markings.from_label(record["marking"], s) or {"?": "?"}
            current = base.facts[fid].markings if fid in base.facts else {}
            assert not markings.exceeds(markings.highest([shown, current], s), levels, s), (template, fid)


def test_the_property_test_reaches_what_it_says(base: Project, tmp_path: Path) -> None:
    """A check on the test itself: a marked fact printed through one path does raise the marking."""
    (base.templates / "example.md.j2").write_text("{{ fact('fd').sources[0].title }}\n")
    rendered = Renderer(base).render(base.briefings["example"], DAY)
    assert rendered.marking == "TLP:AMBER" and "kiloopen" in rendered.markdown


# Noninterference: what a brief or a portion says does not depend on data marked above it (issue 21) ----
#
# Random templates probe facts through selections (loops, conditions, lengths, indexes, filters,
# namespace counters), variables (set, with, set blocks, macros, conditional values, filters and
# concatenation) and branches, with portion marks on. For the brief, and for every portion mark in
# it: every fact above that mark is changed in every way a template could test (its tags, its kind,
# its wording, its attribution), the same template is rendered again, and what is marked at or below
# the mark must be the same, word for word, in the same order. A read the marking missed would show
# as a difference.

PROBES = [  # X: a fact id; T: one of its tags
    "{% for f in facts.tagged('T') %}x{% endfor %}",
    "{{ facts.tagged('T')|length }}",
    "{{ facts.tagged(kind='official')|reverse|list|length }}",
    "{% if facts.tagged('T')[0] is defined %}some{% endif %}",
    "{% set ns = namespace(n=0) %}{% for f in facts.tagged('T') %}{% set ns.n = ns.n + 1 %}{% endfor %}{{ ns.n }}",
    "{% for f in facts if f.kind == 'official' %}{{ loop.index }} {% endfor %}",
    "{{ 'yes' if facts.tagged('T') else 'no' }}",
    "{% if fact('X').kind == 'official' %}official{% else %}other{% endif %}",
    "{% set v = fact('X').kind == 'reported' %}V",
    "{% set v = fact('X').attribution|default('none', true)|title %}V",
    "{% set v = fact('X').tags|join(',') ~ '' %}V",
    "{% set v %}{% if 'T' in fact('X').tags %}tagged{% endif %}{% endset %}V",
    "{% set v = facts.tagged('T')|length + 1 %}V",
    "{% macro m(k) %}{% if k == 'official' %}yes{% endif %}{% endmacro %}{% set v = m(fact('X').kind) %}V",
    "{% with w = fact('X').text|upper %}{{ w[:12] }}{% endwith %}",
    "{% for f in facts.tagged('T', 't-fa') if f.kind == 'reported' %}{{ f.id }} {% endfor %}",
    "{{ facts.all()|map(attribute='kind')|select('equalto', 'official')|list|length }}",
    "{% set v = facts.all()|selectattr('kind', 'equalto', 'official')|first %}V",
    "{% set v = fact('X').kind[0] %}V",
    "{% set v = fact('X').likelihood %}V",
    "{% set v = facts.tagged('T')[1:] %}V",
    "{{ fact('X') }}",
    "Our own words.",
]
LATER = ["{{ v }}", "{% if v %}yes{% endif %}", "{{ v|string|length }}", "{{ 'a' if v else 'b' }}"]


@st.composite
def probes(draw: st.DrawFn, base: Project) -> tuple[dict[str, str], dict[str, str], str]:
    ceiling = draw(st.sampled_from(CEILINGS))
    floor = draw(st.sampled_from([{}, *({k: v} for k, v in ceiling.items())]))
    briefing = dataclasses.replace(base.briefings["example"], ceiling=ceiling, marking_floor=floor)
    visible = sorted(select(briefing, base.facts, base.settings, DAY, base.sources).visible)
    paragraphs = []
    for _ in range(draw(st.integers(1, 4)) if visible else 0):
        probe = draw(st.sampled_from(PROBES))
        fid = draw(st.sampled_from(visible))
        probe = probe.replace("X", fid).replace("'T'", f"'t-{draw(st.sampled_from(visible))}'")
        if probe.endswith("V"):  # a variable: printed or tested paragraphs later
            probe = probe[:-1] + "Set.\n\nBetween.\n\n" + draw(st.sampled_from(LATER))
        paragraphs.append(probe)
    return ceiling, floor, "\n\n\n".join(paragraphs) + "\n"


def _perturbed(base: Project, above: set[str]) -> Project:
    """``base`` with every fact in ``above`` changed in all a template could test: tags, kind, words."""
    facts = dict(base.facts)
    for fid in above:
        fact = facts[fid]
        kind = {"reported": "official", "official": "reported"}.get(fact.kind, fact.kind)
        facts[fid] = dataclasses.replace(
            fact, tags=("p", "t-changed"), kind=kind, statement=f"Changed wording of {fid}, quite other.",
            attribution="the changed office" if kind == "official" else None)
    return dataclasses.replace(base, facts=facts)


def _held(body: str, limit: dict[str, str], floor: dict[str, str], base: Project) -> list[str]:
    """The paragraphs and bullets of ``body`` whose portion mark is at or below ``limit``."""
    s = base.settings
    every = {scale.name: scale.levels[0] for scale in s.scales}
    kept = []
    for line in body.splitlines():
        mark = re.match(r"^\s*(?:[-*+]\s+)?\(([^)]*)\) ", line)
        if mark:
            levels = markings.from_label(mark.group(1), s) or {}
            if not markings.exceeds(every | levels, every | limit, s):
                kept.append(re.sub(r"\[\^\d+\]", "[^n]", line))  # note numbers count every note before
    return kept


@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_what_a_portion_says_does_not_depend_on_data_above_its_mark(base: Project, data: st.DataObject) -> None:
    ceiling, floor, template = data.draw(probes(base))
    s = base.settings
    (base.templates / "example.md.j2").write_text(template)
    briefing = dataclasses.replace(base.briefings["example"], ceiling=ceiling, marking_floor=floor,
                                   portion_marks=True)
    try:
        rendered = Renderer(base).render(briefing, DAY)
    except TemplateError as exc:  # a marking that never settles, or `|first` of an empty selection
        assert re.search("does not settle|undefined value", exc.format_message()), (template, exc.format_message())
        return
    every = {scale.name: scale.levels[0] for scale in s.scales}
    marks = {rendered.marking: rendered.marking_levels}
    for line in rendered.body.splitlines():
        if found := re.match(r"^\s*(?:[-*+]\s+)?\(([^)]*)\) ", line):
            marks[found.group(1)] = markings.from_label(found.group(1), s) or {}
    for label, limit in marks.items():
        above = {fid for fid, fact in base.facts.items()
                 if markings.exceeds(fact.markings, every | limit, s)
                 and not markings.exceeds(fact.markings, ceiling, s)}
        if not above:
            continue
        again = Renderer(_perturbed(base, above)).render(briefing, DAY)
        if label == rendered.marking:
            assert again.body == rendered.body, (template, label, sorted(above))
            continue
        assert _held(again.body, limit, floor, base) == _held(rendered.body, limit, floor, base), (
            template, label, sorted(above), rendered.body, again.body)
