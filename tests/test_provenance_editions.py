"""Editions only for what readers can see (issue 22): the edition date is left out of the content
comparison where the template prints it, not by finding its text, and a change no reader can see
publishes nothing."""

from __future__ import annotations

from pathlib import Path

from support import build


def publish(root: Path, day: str):  # type: ignore[no-untyped-def]
    return build(root, day, publish=True)


def editions(root: Path) -> list[str]:
    folder = root / "editions/example"
    return sorted(p.name for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []


def test_a_date_containing_the_edition_date_is_not_blanked(starter: Path) -> None:
    """'1 December 2026' (the edition date) inside '11 December 2026' made two editions that said the
    same thing look different: the second one published an edition nobody needed."""
    template = starter / "templates/example.md.j2"
    template.write_text(template.read_text().replace(
        "## What has happened", "We will check again by 11 December 2026.\n\n## What has happened"))
    assert publish(starter, "2026-12-01").names("published") == ["editions/example/2026-12-01"]
    second = publish(starter, "2026-12-07")
    assert second.names("published") == [] and editions(starter) == ["2026-12-01"]


def test_the_edition_date_is_masked_where_printed_in_any_form(starter: Path) -> None:
    template = starter / "templates/example.md.j2"
    text = template.read_text()
    template.write_text(text.replace("· {{ brief.date|date }}", "· {{ brief.date|date }} ({{ brief.date }})"))
    publish(starter, "2026-11-24")
    assert publish(starter, "2026-11-30").names("published") == []


def test_a_cited_only_fact_edit_publishes_no_edition(starter: Path) -> None:
    """A fact the brief only cites: its statement is edited, no reader-visible word changes."""
    template = starter / "templates/example.md.j2"
    template.write_text(template.read_text().replace(
        "## What has happened",
        'A regulator published something.{{ fact("example-event").cite }}\n\n## What has happened')
        .replace('{% for f in facts.tagged("example", kind="reported") %}\n- {{ f }}\n{% endfor %}', ""))
    publish(starter, "2026-11-24")
    facts = starter / "facts/example.yaml"
    text = facts.read_text()
    facts.write_text(text.replace("statement: ", "statement: Reworded. ", 1))
    assert publish(starter, "2026-11-30").names("published") == []
    assert editions(starter) == ["2026-11-24"]


def test_a_real_change_that_reads_as_the_new_edition_date_is_published(starter: Path) -> None:
    """Issue 21: "Deadline: 6 December 2026", published on the 6th, then changed to "7 December 2026" and
    published on the 7th, gave 0 editions: the text comparison blanked the edition date wherever it
    appeared, so the real change vanished with it."""
    template = starter / "templates/example.md.j2"
    text = template.read_text()
    template.write_text(text.replace("## What has happened", "Deadline: 6 December 2026.\n\n## What has happened"))
    assert publish(starter, "2026-12-06").names("published") == ["editions/example/2026-12-06"]
    template.write_text(text.replace("## What has happened", "Deadline: 7 December 2026.\n\n## What has happened"))
    assert publish(starter, "2026-12-07").names("published") == ["editions/example/2026-12-07"]
