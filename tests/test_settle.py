"""The settle loop runs a template again only when the first run read a value that was not yet final:
the brief's marking, a note number or the list of notes before every source was cited, or a computed
value (``brief.newest_source``...). Counts of template runs, never timings."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from briefgen.content import project
from briefgen.exceptions import ValidationError
from briefgen.reports.check import check_project, preview_manifest
from briefgen.templating.render import Renderer
from support import write

DAY = dt.date(2026, 11, 24)

GREEN = """
facts:
  - id: green-detail
    statement: A detail shared with the community.
    kind: reported
    sources: [example-report]
    tags: [example]
    marking: TLP:GREEN
"""


def _renderer(root: Path, template: str, facts: str = GREEN) -> tuple[Renderer, project.Project]:
    write(root, {
        "templates/example.md.j2": template,
        "facts/green.yaml": facts,
        "briefings/example.yaml": (root / "briefings/example.yaml").read_text().replace(
            "ceiling: TLP:CLEAR", "ceiling: TLP:AMBER"),
    })
    loaded = project.load(root)
    return Renderer(loaded), loaded


def test_a_template_reading_nothing_unsettled_runs_once(starter: Path) -> None:
    renderer, p = _renderer(starter, "{{ fact('green-detail') }}\n\n{% include 'partials/notes.md.j2' %}\n")
    out = renderer.render(p.briefings["example"], DAY)
    assert renderer.runs == 1
    assert out.markdown.startswith("**TLP:GREEN**") and "[^1]: [Example report" in out.markdown


def test_the_marking_read_before_it_is_final_runs_again(starter: Path) -> None:
    renderer, p = _renderer(starter, "Marked {{ brief.marking }}.\n\n{{ fact('green-detail') }}\n")
    out = renderer.render(p.briefings["example"], DAY)
    assert renderer.runs == 2
    assert "Marked TLP:GREEN." in out.markdown


def test_the_marking_read_when_already_final_runs_once(starter: Path) -> None:
    renderer, p = _renderer(starter, "Marked {{ brief.marking }}.\n\n{{ fact('example-event') }}\n")
    out = renderer.render(p.briefings["example"], DAY)
    assert renderer.runs == 1
    assert "Marked TLP:CLEAR." in out.markdown


def test_notes_listed_before_the_citations_run_again(starter: Path) -> None:
    template = "{% for s in sources() %}Note {{ s.number }}.\n{% endfor %}\n{{ fact('green-detail') }}\n"
    renderer, p = _renderer(starter, template)
    out = renderer.render(p.briefings["example"], DAY)
    assert renderer.runs == 2
    assert "Note 1." in out.markdown


def test_a_computed_value_runs_again(starter: Path) -> None:
    renderer, p = _renderer(starter, "Sources: {{ brief.sources_used }}.\n\n{{ fact('green-detail') }}\n")
    out = renderer.render(p.briefings["example"], DAY)
    assert renderer.runs == 2
    assert "Sources: 1." in out.markdown


def test_get_reads_the_marking_too(starter: Path) -> None:
    renderer, p = _renderer(starter, "Marked {{ brief.get('marking') }}.\n\n{{ fact('green-detail') }}\n")
    out = renderer.render(p.briefings["example"], DAY)
    assert "Marked TLP:GREEN." in out.markdown and renderer.runs == 2


def test_a_render_started_from_an_earlier_one_settles_in_one_run(starter: Path) -> None:
    """check's second render (with a made-up earlier edition) starts where its first ended."""
    renderer, p = _renderer(starter, (starter / "templates/example.md.j2").read_text())
    briefing = p.briefings["example"]
    first = renderer.render(briefing, DAY)
    renderer.runs = 0
    fresh = Renderer(p).render(briefing, DAY, preview_manifest(first))
    seeded = renderer.render(briefing, DAY, preview_manifest(first), start=first)
    assert renderer.runs == 1
    assert seeded.markdown == fresh.markdown and "Withdrawn:" in seeded.markdown


def _check_renders(root: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    calls = []
    real = Renderer.render

    def counting(self: Renderer, *args: Any, **options: Any) -> Any:
        calls.append(args[0].id)
        return real(self, *args, **options)

    monkeypatch.setattr(Renderer, "render", counting)
    check_project(root, as_of=DAY.isoformat())
    return len(calls)


def test_check_renders_once_a_template_without_changes(starter: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The second render (with a made-up earlier edition) exists to run the 'what has changed' part:
    a template that never names ``changes`` has none."""
    write(starter, {"templates/example.md.j2": "{{ fact('example-event') }}\n\n{% include 'partials/notes.md.j2' %}\n"})
    assert _check_renders(starter, monkeypatch) == 1


def test_check_renders_the_changes_part_of_a_partial(starter: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(starter, {"templates/partials/extra.md.j2": "{% if changes %}{{ changes.nope.nope }}{% endif %}\n",
                    "templates/example.md.j2": "{{ fact('example-event') }}\n{% include 'partials/extra.md.j2' %}\n"})
    with pytest.raises(ValidationError, match="what has changed"):
        _check_renders(starter, monkeypatch)
