"""docs/writing-facts.md leads with what a fact is (a minimal fact, then each field), then evidence; and
its minimal fact builds as shown."""

from __future__ import annotations

import re
from pathlib import Path

from support import REPO, build, minimal_project

PAGE = REPO / "docs/writing-facts.md"


def test_the_page_leads_with_the_fields_of_a_fact() -> None:
    headings = re.findall(r"^## (.+)$", PAGE.read_text(), re.M)
    assert headings[:3] == ["A minimal fact", "The fields of a fact", "Evidence"]
    fields = PAGE.read_text().split("## The fields of a fact")[1].split("## Evidence")[0]
    for name in ("id", "statement", "kind", "attribution", "sources", "based_on", "likelihood", "wording", "tags",
                 "marking", "as_of", "review_by", "change", "change_note", "evidence"):
        assert f"**`{name}`**" in fields, name


def test_the_minimal_fact_builds(tmp_path: Path) -> None:
    root = minimal_project(tmp_path / "proj")
    example = re.search(r"## A minimal fact\n\n```yaml\n(.*?)```", PAGE.read_text(), re.S)
    assert example is not None
    (root / "facts/example.yaml").write_text(example.group(1))
    (root / "facts/sources.yaml").write_text("sources: []\n")
    spec = root / "briefings/example.yaml"
    spec.write_text(spec.read_text().replace("tags: [example]", "tags: [talks]"))
    (root / "templates/example.md.j2").write_text('# {{ brief.title }}\n\n{{ fact("commission-talks") }}\n\n'
                                                  '{% include "partials/notes.md.j2" %}\n')
    result = build(root, formats=("md",))
    assert not result.failed, result.failed
    md = (root / "build/example.md").read_text()
    assert "The Commission is in talks with OpenAI and Anthropic about access to their models.[^1]" in md
