"""Facts past their review date: shown as under review, omitted, or refused under --strict."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from briefgen.commands import cli
from support import build, write

DUE = """
facts:
  - id: ageing
    statement: The talks are in an exploratory phase.
    kind: reported
    sources: [example-report]
    tags: [example]
    as_of: 2026-11-01
    review_by: 2026-12-01
"""


@pytest.fixture
def ageing(starter: Path) -> Path:
    write(starter, {"facts/ageing.yaml": DUE, "templates/example.md.j2": "# T\n\n{{ fact('ageing') }}\n"})
    return starter


def test_fresh_fact_has_no_note(ageing: Path) -> None:
    build(ageing, day="2026-11-30")
    assert "Under review" not in (ageing / "build/example.md").read_text()


def test_stale_fact_is_marked_for_the_reader(ageing: Path) -> None:
    build(ageing, day="2026-12-02")
    text = (ageing / "build/example.md").read_text()
    assert "The talks are in an exploratory phase.[^1] *(Under review since 1 December 2026.)*" in text


def test_spec_can_omit_stale_facts(ageing: Path) -> None:
    spec = ageing / "briefings/example.yaml"
    spec.write_text(spec.read_text() + "stale: omit\n")
    write(ageing, {"templates/example.md.j2": "# T\n\n{% for f in facts %}- {{ f }}\n{% endfor %}"})
    build(ageing, day="2026-12-02")
    text = (ageing / "build/example.md").read_text()
    assert "exploratory" not in text and "An example organisation" in text


def test_strict_refuses_with_its_own_exit_code(ageing: Path) -> None:
    runner = CliRunner()
    args = ["build", "-p", str(ageing), "--as-of", "2026-12-02"]
    first = runner.invoke(cli, [*args, "--strict", "-f", "md"])
    assert first.exit_code == 3
    assert "example.md: uses facts past their review date: ageing" in first.output
    assert not (ageing / "build/example.md").exists()
    assert runner.invoke(cli, [*args, "-f", "md"]).exit_code == 0
    again = runner.invoke(cli, [*args, "--strict", "-f", "md"])  # current, but still stale
    assert again.exit_code == 3


def test_check_lists_facts_past_review(ageing: Path) -> None:
    result = CliRunner().invoke(cli, ["check", "-p", str(ageing), "--as-of", "2026-12-02"])
    assert result.exit_code == 0
    assert "review due: facts/ageing.yaml:2: fact 'ageing' was due for review on 2026-12-01" in result.output
