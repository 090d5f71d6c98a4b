"""The template API, the marking filter before templates, and template errors with locations."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from briefgen.content import project
from briefgen.exceptions import LeakError, TemplateError
from briefgen.templating.render import Renderer
from support import write

DAY = dt.date(2026, 11, 24)

SECRET = """
facts:
  - id: secret-plan
    statement: The red plan is codenamed Nightjar.
    kind: reported
    sources: [example-report]
    tags: [example]
    marking: TLP:RED
  - id: secret-judgement
    statement: We assess it is likely that Nightjar goes ahead.
    kind: assessment
    likelihood: likely
    based_on: [secret-plan]
    tags: [example]
"""


def render(root: Path, template: str | None = None, briefing: str = "example") -> str:
    if template is not None:
        write(root, {"templates/example.md.j2": template})
    loaded = project.load(root)
    return Renderer(loaded).render(loaded.briefings[briefing], DAY).markdown


def test_fact_prints_statement_with_note(starter: Path) -> None:
    out = render(starter, '{{ fact("example-event") }}\n\n{% include "partials/notes.md.j2" %}\n')
    assert "An example organisation announced a new policy on cyber security.[^1]" in out
    assert "[^1]: [Example report: replace with a real source]. Example Publisher. n.d. " \
           "Retrieved 15 January 2026." in out


def test_marking_opens_and_closes_the_markdown(starter: Path) -> None:
    lines = render(starter).splitlines()
    assert lines[0] == "**TLP:CLEAR**" and lines[-1] == "**TLP:CLEAR**"


def test_marking_is_highest_of_facts_used(starter: Path) -> None:
    write(starter, {
        "facts/green.yaml": """
            facts:
              - id: green-detail
                statement: A detail shared with the community.
                kind: reported
                sources: [example-report]
                tags: [example]
                marking: TLP:GREEN
            """,
        "briefings/example.yaml": (starter / "briefings/example.yaml").read_text().replace(
            "ceiling: TLP:CLEAR", "ceiling: TLP:AMBER"),
    })
    assert render(starter, "{{ fact('example-event') }}\n").startswith("**TLP:CLEAR**")
    assert render(starter, "{{ fact('green-detail') }}\n").startswith("**TLP:GREEN**")


def test_fact_above_ceiling_fails_with_template_line(starter: Path) -> None:
    write(starter, {"facts/secret.yaml": SECRET})
    with pytest.raises(TemplateError) as info:
        render(starter, "# T\n\n{{ fact('secret-plan') }}\n")
    assert info.value.format_message() == (
        "templates/example.md.j2:3: fact 'secret-plan' is TLP:RED, above this briefing's ceiling TLP:CLEAR")


def test_judgement_on_withheld_fact_is_withheld(starter: Path) -> None:
    write(starter, {"facts/secret.yaml": SECRET})
    with pytest.raises(TemplateError, match="secret-judgement' is TLP:RED"):
        render(starter, "{{ fact('secret-judgement') }}\n")


def test_loop_over_every_fact_never_reaches_red(starter: Path) -> None:
    write(starter, {"facts/secret.yaml": SECRET})
    out = render(starter, "{% for f in facts %}{{ f }} {{ f.id }}\n{% endfor %}"
                          "{% for f in facts.tagged('example') %}{{ f }}\n{% endfor %}")
    assert "Nightjar" not in out and "secret" not in out
    assert "An example organisation" in out


def test_unknown_and_unselected_facts(starter: Path) -> None:
    with pytest.raises(TemplateError, match=r"example.md.j2:2: no fact 'nope' in the fact base"):
        render(starter, "# T\n{{ fact('nope') }}\n")
    write(starter, {"facts/other.yaml": """
        facts:
          - id: elsewhere
            statement: Not drawn by the example briefing.
            kind: reported
            sources: [example-report]
            tags: [other]
        """})
    with pytest.raises(TemplateError, match=r"fact 'elsewhere' is not drawn by briefings/example.yaml"):
        render(starter, "{{ fact('elsewhere') }}\n")


def test_fact_text_is_data_never_template_or_markup(starter: Path) -> None:
    write(starter, {"facts/evil.yaml": """
        facts:
          - id: evil
            statement: "{{ 7*7 }} {% if true %}x{% endif %} **bold** <script>alert(1)</script>"
            kind: reported
            sources: [example-report]
            tags: [example]
        """})
    out = render(starter, "{{ fact('evil') }}\n")
    assert "{{ 7\\*7 }} {% if true %}x{% endif %} \\*\\*bold\\*\\* \\<script\\>alert(1)\\</script\\>" in out


def test_sandbox_refuses_python_internals(starter: Path) -> None:
    with pytest.raises(TemplateError, match=r"example.md.j2:1: refused by the template sandbox"):
        render(starter, "{{ fact.__globals__ }}\n")
    with pytest.raises(TemplateError, match=r"refused by the template sandbox|undefined value"):
        render(starter, "{{ ''.__class__.__mro__[1].__subclasses__() }}\n")


def test_include_outside_templates_refused(starter: Path, tmp_path: Path) -> None:
    (tmp_path / "outside.j2").write_text("secret outside")
    with pytest.raises(TemplateError, match="template not found"):
        render(starter, "{% include '../../outside.j2' %}\n")
    (starter / "templates/link.j2").symlink_to(tmp_path / "outside.j2")
    with pytest.raises(TemplateError, match="leads outside templates"):
        render(starter, "{% include 'link.j2' %}\n")


def test_syntax_error_shows_file_line_and_source(starter: Path) -> None:
    with pytest.raises(TemplateError) as info:
        render(starter, "# T\n\n{% for f in facts %}\n{{ f }}\n")
    message = info.value.format_message()
    assert message.startswith("templates/example.md.j2:")
    assert "template syntax error" in message


def test_undefined_is_an_error(starter: Path) -> None:
    with pytest.raises(TemplateError, match=r"example.md.j2:1: undefined value: .*no_such_thing"):
        render(starter, "{{ no_such_thing }}\n")


def test_filters_follow_the_briefing_style(starter: Path) -> None:
    out = render(starter, "{{ brief.date|date }} {{ 9000|number }} {{ 50|percent }} {{ 75|money('GBP') }}\n")
    assert "24 November 2026 9,000 50% £75" in out


def test_source_lines_mode(starter: Path) -> None:
    spec = (starter / "briefings/example.yaml").read_text().replace("citations: notes", "citations: lines")
    write(starter, {"briefings/example.yaml": spec})
    out = render(starter, "{{ fact('example-event') }}\n\n{{ source_line() }}\n\n{{ source_line() }}\n")
    assert "An example organisation announced a new policy on cyber security.\n" in out
    assert "[^" not in out
    assert out.count("*Source: [Example report: replace with a real source] "
                     "(Example Publisher, no date)*") == 1  # plain English: no "n.d."


def test_leak_scan_catches_withheld_text_pasted_into_a_template(starter: Path) -> None:
    write(starter, {"facts/secret.yaml": SECRET})
    with pytest.raises(LeakError, match=r"fact 'secret-plan': its words \"") as info:
        render(starter, "# T\n\nAs we know, the red plan is codenamed Nightjar, and more.\n")
    assert "above its ceiling" in info.value.format_message()  # render writes nothing, and says nothing of it


def test_leak_scan_ignores_words_shared_with_visible_facts(starter: Path) -> None:
    write(starter, {"facts/secret.yaml": """
        facts:
          - id: amber-copy
            statement: An example organisation announced a new policy on cyber security, say insiders.
            kind: reported
            sources: [example-report]
            marking: TLP:AMBER
        """})
    assert "announced a new policy" in render(starter, "{{ fact('example-event') }}\n")


def test_adjacent_note_references_are_unique_and_in_order() -> None:
    from briefgen.templating.render import _tidy

    assert _tidy("Text.[^2][^1][^2] More.[^1]\n") == "Text.[^1][^2] More.[^1]\n"
