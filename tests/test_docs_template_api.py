"""The template API's gaps named in issue 25, and the generated page that documents the API.

- ``{{ fact(x).sources }}`` printed an object's repr (with a memory address: not even the same bytes twice);
- ``facts.tagged(["a", "b"])`` failed with "unhashable type: 'list'";
- no way to choose facts carrying all of several tags;
- no ``fact.based_on``.

Each new accessor reads through the same tracking as the rest of the API, so it marks the brief.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from briefgen.content import project
from briefgen.exceptions import TemplateError
from briefgen.templating.render import Renderer
from briefgen.templating.rendered import Rendered
from support import minimal_project, write

DAY = dt.date(2026, 11, 24)
MORE = """
facts:
  - id: green-detail
    statement: A detail shared with the community about the Kestrel programme.
    kind: official
    attribution: the Kestrel programme office
    sources: [green-source]
    tags: [example, kestrel]
    marking: TLP:GREEN
  - id: amber-detail
    statement: The Osprey pilot starts in March with four partner agencies.
    kind: reported
    sources: [example-report]
    tags: [example, osprey]
    marking: TLP:AMBER
  - id: green-outlook
    statement: We assess it is likely that the Kestrel programme will widen.
    kind: assessment
    likelihood: likely
    based_on: [green-detail, example-event]
    tags: [outlook]
sources:
  - id: green-source
    title: Minutes of the Kestrel steering group
    short: Kestrel minutes
    publisher: Kestrel programme office
    retrieved: 2026-01-15
    marking: TLP:GREEN
"""


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = minimal_project(tmp_path / "p")
    write(root, {"facts/more.yaml": MORE})
    spec = root / "briefings/example.yaml"
    spec.write_text(spec.read_text().replace("tags: [example]", "tags: [example, outlook]")
                    .replace("ceiling: TLP:CLEAR", "ceiling: TLP:AMBER"))
    return root


def render(root: Path, template: str) -> Rendered:
    write(root, {"templates/example.md.j2": template})
    loaded = project.load(root)
    return Renderer(loaded).render(loaded.briefings["example"], DAY)


def body(rendered: Rendered) -> str:
    """The Markdown without the marking lines briefgen adds first and last."""
    return rendered.markdown.strip().split("\n\n", 1)[1].rsplit("\n\n", 1)[0]


def test_a_facts_sources_print_as_short_references(root: Path) -> None:
    rendered = render(root, '{{ fact("example-event").sources }}\n\n'
                            '{% for s in fact("green-detail").sources %}{{ s }}{% endfor %}\n')
    assert "object at" not in rendered.markdown
    first, second = body(rendered).split("\n\n")
    assert first == "[Example report: replace with a real source] (Example Publisher, n.d.)"
    assert second == "Kestrel minutes, n.d."
    assert rendered.marking == "TLP:GREEN"  # the green source was read


def test_an_assessments_sources_are_those_of_its_bases(root: Path) -> None:
    rendered = render(root, '{{ fact("green-outlook").sources }}\n')
    assert body(rendered) == ("Kestrel minutes, n.d.; [Example report: replace with a real source] "
                              "(Example Publisher, n.d.)")


def test_tagged_takes_a_list_as_well_as_names(root: Path) -> None:
    listed = render(root, '{% for f in facts.tagged(["kestrel", "osprey"]) %}{{ f.id }} {% endfor %}\n')
    named = render(root, '{% for f in facts.tagged("kestrel", "osprey") %}{{ f.id }} {% endfor %}\n')
    assert body(listed) == body(named) == "green-detail amber-detail"
    mixed = render(root, '{{ facts.tagged(["kestrel"], "osprey", exclude="osprey")|map(attribute="id")|join(",") }}\n')
    assert body(mixed) == "green-detail"  # exclude as one name, not as its letters


def test_tagged_refuses_what_is_not_a_tag_clearly(root: Path) -> None:
    with pytest.raises(TemplateError) as caught:
        render(root, "{{ facts.tagged(3)|length }}\n")
    message = str(caught.value)
    assert "templates/example.md.j2:1" in message
    assert "facts.tagged(): expected tags as names or a list of names, found 3" in message


def test_tagged_all_chooses_facts_carrying_every_tag(root: Path) -> None:
    rendered = render(root, '{% for f in facts.tagged_all("example", "kestrel") %}{{ f.id }} {% endfor %}\n\n'
                            '{{ facts.tagged_all(["example", "osprey"], kind="reported")|length }}\n')
    assert body(rendered).split() == ["green-detail", "1"]


def test_tagged_all_marks_the_brief_with_every_fact_it_chose_from(root: Path) -> None:
    """An empty choice still says something about the facts it was chosen from: the amber one too."""
    rendered = render(root, '{{ facts.tagged_all("example", "nowhere")|length }}\n')
    assert body(rendered) == "0" and rendered.marking == "TLP:AMBER"


def test_based_on_lists_the_facts_a_judgement_rests_on(root: Path) -> None:
    rendered = render(root, '{% for b in fact("green-outlook").based_on %}{{ b.id }} {% endfor %}\n\n'
                            '{{ fact("example-event").based_on|length }}\n')
    assert body(rendered).split() == ["green-detail", "example-event", "0"]
    assert rendered.marking == "TLP:GREEN"


def test_based_on_marks_the_brief_with_its_bases(root: Path) -> None:
    """Testing whether a judgement has bases reads it and them: a green base marks the brief green."""
    rendered = render(root, '{% if fact("green-outlook").based_on %}based{% endif %}\n')
    assert body(rendered) == "based" and rendered.marking == "TLP:GREEN"
    clear = render(root, '{% set f = fact("green-outlook") %}nothing read\n')
    assert clear.marking == "TLP:CLEAR"


def test_based_on_leaves_out_bases_the_brief_does_not_draw(root: Path) -> None:
    spec = root / "briefings/example.yaml"
    spec.write_text(spec.read_text().replace("tags: [example, outlook]", "tags: [outlook]\nfacts: [example-event]"))
    rendered = render(root, '{% for b in fact("green-outlook").based_on %}{{ b.id }} {% endfor %}\n')
    assert body(rendered) == "example-event"


# The generated page ---------------------------------------------------------------------------------------

REPO = Path(__file__).resolve().parent.parent


def test_the_template_api_page_is_in_step_with_the_code() -> None:
    from briefgen.templating.apidoc import PAGE, page

    assert page() == (REPO / PAGE).read_text(encoding="utf-8"), f"{PAGE} is out of date: run `make golden`"


def test_the_page_lists_every_global_and_brief_key_a_template_is_handed(root: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from briefgen.templating.apidoc import BRIEF_KEYS, GLOBALS
    from briefgen.templating.currency import BriefValues
    from briefgen.templating.template_api import RenderContext

    handed: dict[str, object] = {}
    original = RenderContext.globals

    def spy(self: RenderContext) -> dict[str, object]:
        handed.update(original(self))
        return handed

    monkeypatch.setattr(RenderContext, "globals", spy)
    render(root, "{{ brief.title }}\n")
    assert set(handed) == set(GLOBALS)
    brief = handed["brief"]
    assert isinstance(brief, BriefValues)
    assert set(dict.keys(brief)) | set(brief._computed) == set(BRIEF_KEYS)


def test_the_new_accessors_are_on_the_page() -> None:
    text = (REPO / "docs/template-api.md").read_text(encoding="utf-8")
    for shown in ("`.tagged_all(*tags, kind=None, exclude=())`", "`.based_on`", "`.sources` | list of sources",
                  "`value\\|money(\"GBP\")`", "`brief.next_review`", "`likelihoods`"):
        assert shown in text


def test_an_undocumented_member_stops_the_page_being_made() -> None:
    from briefgen.templating import apidoc

    class Bare:
        @property
        def colour(self) -> str:
            return "red"

    with pytest.raises(ValueError, match="has no docstring for the template API page"):
        list(apidoc._members(Bare))
