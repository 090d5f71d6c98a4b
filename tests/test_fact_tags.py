"""``{{ fact.tags }}`` prints the tags as a reader would write them ("example, policy"), not a Python list."""

from __future__ import annotations

from pathlib import Path

from support import build


def test_fact_tags_print_as_a_list_of_words(starter: Path) -> None:
    facts = starter / "facts/example.yaml"
    facts.write_text(facts.read_text().replace("    tags: [example]\n    as_of", "    tags: [example, policy]\n"
                                                                                 "    as_of", 1))
    template = starter / "templates/example.md.j2"
    template.write_text(template.read_text().replace(
        "## What has happened\n",
        "## What has happened\n\nTags: {{ fact('example-event').tags }}.\n"
        "First: {{ fact('example-event').tags[0] }}; count {{ fact('example-event').tags|length }}.\n"))
    spec = starter / "briefings/example.yaml"
    spec.write_text(spec.read_text().replace("formats: [md, pdf]", "formats: [md, txt]"))
    result = build(starter)
    assert not result.failed, result.failed
    md = (starter / "build/example.md").read_text()
    assert "Tags: example, policy.\nFirst: example; count 2." in md
    assert "[" not in md.split("Tags:")[1].split("\n")[0]
    assert "Tags: example, policy." in (starter / "build/example.txt").read_text()
