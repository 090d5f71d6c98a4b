"""The template API's accessors for each kind of change since the last edition: ``changes.substantive``
(told to readers, with the analyst's note), ``changes.editorial`` (marked ``change: editorial``, kept out
of the readers' section unless a template lists them) and ``changes.added``."""

from __future__ import annotations

from pathlib import Path

from support import build, write
from test_editions_changes import FACTS, edit, publish

SECTION = """
{% if changes %}
## Accessors

substantive: {% for c in changes.substantive %}{{ c.fact.id }} ({{ c.what|join(", ") }}; {{ c.note }}); {% endfor %}

editorial: {% for c in changes.editorial %}{{ c.fact.id }} ({{ c.note }}); {% endfor %}

added: {% for f in changes.added %}{{ f.id }}; {% endfor %}

changed is substantive: {{ changes.changed|length == changes.substantive|length }}
{% endif %}
"""


def test_substantive_editorial_and_added_each_have_an_accessor(starter: Path) -> None:
    write(starter, {"facts/example.yaml": FACTS})
    template = starter / "templates/example.md.j2"
    template.write_text(template.read_text().replace('{% include "partials/notes.md.j2" %}',
                                                     SECTION + '\n{% include "partials/notes.md.j2" %}'))
    publish(starter, "2026-11-24")
    edit(starter,
         ("a new policy on cyber security.\n", "a new policy on cyber-security.\n    change: editorial\n"
                                               "    change_note: Hyphenation fixed.\n"),
         ("opened a consultation on the policy.\n", "closed its consultation on the policy.\n"
                                                   "    change_note: The consultation has now closed.\n"),
         ("  - id: example-outlook\n", "  - id: third-event\n    statement: A third body agreed.\n"
                                       "    kind: reported\n    sources: [example-report]\n    tags: [example]\n\n"
                                       "  - id: example-outlook\n"))
    result = build(starter, "2026-11-25", formats=("md",))
    assert not result.failed, result.failed
    md = (starter / "build/example.md").read_text()
    section = md.split("## Accessors\n")[1].split("\n## ")[0]
    lines = [line for line in section.strip().splitlines() if line]
    assert lines == [
        "substantive: second-event (what it says; The consultation has now closed.);",
        "editorial: example-event (Hyphenation fixed.);",
        "added: third-event;",
        "changed is substantive: True",
    ]
