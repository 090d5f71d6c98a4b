"""Bad content gets one clear error per problem: file, line, field, expected and found."""

from __future__ import annotations

from pathlib import Path

from briefgen.content import project
from support import problems, write


def test_starter_project_is_valid(starter: Path) -> None:
    loaded = project.load(starter)
    assert set(loaded.facts) == {"example-event", "example-outlook"}
    assert loaded.briefings["example"].ceiling == {"tlp": "TLP:CLEAR"}


def test_unknown_field_suggests_the_right_one(starter: Path) -> None:
    write(starter, {"facts/extra.yaml": """
        facts:
          - id: typo
            statment: Misspelt.
            kind: reported
            sources: [example-report]
        """})
    found = problems(starter)
    assert "facts/extra.yaml:3: statment: unknown field; did you mean 'statement'?" in found
    assert "facts/extra.yaml:2: statement: required field is missing in a fact" in found


def test_every_problem_is_collected_across_files(starter: Path) -> None:
    write(starter, {
        "facts/a.yaml": """
            facts:
              - id: bad-kind
                statement: One.
                kind: rumour
                sources: [example-report]
              - id: bad-date
                statement: Two.
                kind: reported
                sources: [example-report]
                as_of: 2026-13-40
            """,
        "facts/z.yaml": """
            facts:
              - id: example-event
                statement: Duplicate id.
                kind: reported
                sources: [nowhere]
              - id: bad-marking
                statement: Three.
                kind: reported
                sources: [example-report]
                marking: TLP:PURPLE
            """,
    })
    found = problems(starter)
    assert ("facts/a.yaml:4: kind: expected one of reported, official, quotation, analysis, "
            "forecast, question, assessment; found 'rumour'") in found
    assert "facts/a.yaml:10: as_of: expected a date as YYYY-MM-DD, found '2026-13-40'" in found
    assert any(p.startswith("facts/z.yaml:2: id: duplicate fact id 'example-event', first defined at "
                            "facts/example.yaml:2") for p in found)
    assert any(p.startswith("facts/z.yaml:10: marking: expected a marking on a configured scale")
               and "found 'TLP:PURPLE'" in p for p in found)
    assert len(found) == 4


def test_unknown_source_and_fact_references(starter: Path) -> None:
    write(starter, {"facts/c.yaml": """
        facts:
          - id: orphan
            statement: Cites nothing real.
            kind: reported
            sources: [missing-source]
          - id: judgement
            statement: We assess it is likely that this holds.
            kind: assessment
            likelihood: likely
            based_on: [missing-fact]
        """})
    found = problems(starter)
    assert ("facts/c.yaml:5: sources: expected a source id declared under 'sources:' in facts/*.yaml "
            "(known: example-report), found 'missing-source' (fact 'orphan')") in found
    assert "facts/c.yaml:10: based_on: expected a known fact id, found 'missing-fact' (fact 'judgement')" in found


def test_assessment_rules(starter: Path) -> None:
    write(starter, {"facts/d.yaml": """
        facts:
          - id: vague
            statement: We assess this may happen.
            kind: assessment
            likelihood: likely
            based_on: [example-event]
          - id: unattributed
            statement: Someone said so.
            kind: official
            sources: [example-report]
        """})
    found = problems(starter)
    assert "facts/d.yaml:3: statement: expected the assessment to say 'likely', its likelihood (fact 'vague')" in found
    assert any(p.startswith("facts/d.yaml:7: attribution: expected who says so for a 'official'")
               for p in found)


def test_yaml_syntax_error_has_a_line(starter: Path) -> None:
    write(starter, {"facts/broken.yaml": "facts:\n  - id: x\n    statement: [unclosed\n"})
    found = problems(starter)
    assert len(found) == 1 and found[0].startswith("facts/broken.yaml:4: invalid YAML")


def test_not_utf8(starter: Path) -> None:
    (starter / "facts/latin1.yaml").write_bytes(b"facts:\n  - id: caf\xe9\n")
    assert problems(starter) == ["facts/latin1.yaml:2: expected UTF-8 text, found byte 0xe9"]


def test_empty_file_and_folder(starter: Path) -> None:
    (starter / "facts/empty.yaml").write_text("", encoding="utf-8")
    (starter / "facts/folder.yaml").mkdir()
    found = problems(starter)
    assert "facts/empty.yaml: expected a mapping with 'facts:' and/or 'sources:', found nothing" in found
    assert "facts/folder.yaml: expected a file, found a folder" in found


def test_yaml_aliases_and_duplicate_keys_refused(starter: Path) -> None:
    write(starter, {
        "facts/bomb.yaml": """
            a: &a ["x", "x"]
            b: &b [*a, *a]
            facts: [*b]
            """,
        "facts/dup.yaml": """
            facts:
              - id: twice
                id: again
            """,
    })
    found = problems(starter)
    assert "facts/bomb.yaml:2: YAML aliases (*name) are not allowed in content files" in found
    assert "facts/dup.yaml:3: duplicate key 'id'" in found


def test_briefing_spec_problems(starter: Path) -> None:
    write(starter, {"briefings/bad.yaml": """
        title: Bad
        audience: general
        template: ../../etc/passwd
        stylesheet: styles/missing.css
        tags: [no-such-tag]
        facts: [no-such-fact]
        ceiling: TLP:BLUE
        formats: [md, rtf]
        """})
    found = problems(starter)
    assert "briefings/bad.yaml:3: template: expected a path inside templates/, found '../../etc/passwd'" in found
    assert ("briefings/bad.yaml:4: stylesheet: expected an existing file in templates/, "
            "found 'styles/missing.css'") in found
    assert "briefings/bad.yaml:5: tags: expected a tag that some fact carries, found 'no-such-tag'" in found
    assert "briefings/bad.yaml:6: facts: expected a known fact id, found 'no-such-fact'" in found
    assert any(p.startswith("briefings/bad.yaml:7: ceiling: expected a marking") for p in found)
    assert "briefings/bad.yaml:8: formats: expected formats from md, html, pdf, txt, docx, found 'rtf'" in found


def test_wording_for_unknown_audience(starter: Path) -> None:
    write(starter, {"facts/w.yaml": """
        facts:
          - id: worded
            statement: Plain.
            kind: reported
            sources: [example-report]
            wording:
              uk-smee: Typo in the audience.
        """})
    assert problems(starter) == [
        "facts/w.yaml:2: wording: expected an audience of some briefing (general), found 'uk-smee' (fact 'worded')"
    ]


def test_settings_file(starter: Path) -> None:
    write(starter, {"briefgen.yaml": "timezone: Mars/Olympus\nformats: [md]\n"})
    assert problems(starter) == [
        "briefgen.yaml:1: timezone: expected an IANA time zone such as Europe/London, found 'Mars/Olympus'"
    ]


def test_based_on_raises_marking(starter: Path) -> None:
    write(starter, {"facts/m.yaml": """
        facts:
          - id: secret
            statement: Amber detail.
            kind: reported
            sources: [example-report]
            marking: TLP:AMBER
          - id: derived
            statement: We assess it is likely that the detail matters.
            kind: assessment
            likelihood: likely
            based_on: [secret]
        """})
    loaded = project.load(starter)
    assert loaded.facts["derived"].markings == {"tlp": "TLP:AMBER"}


def test_link_out_of_the_project_refused(starter: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text("facts: []\n")
    (starter / "facts/link.yaml").symlink_to(outside)
    (starter / "briefings/link.yaml").symlink_to(outside)
    found = problems(starter)
    assert "facts/link.yaml: expected a file inside the project, found a link leading outside it" in found
    assert "briefings/link.yaml: expected a file inside the project, found a link leading outside it" in found


def test_large_file_refused(starter: Path) -> None:
    (starter / "facts/huge.yaml").write_text("facts:\n" + "# padding\n" * 300_000)
    assert problems(starter)[0].startswith("facts/huge.yaml: file is ")


def test_deep_nesting_refused(starter: Path) -> None:
    (starter / "facts/deep.yaml").write_text("facts: " + "[" * 100 + "]" * 100 + "\n")
    assert problems(starter) == ["facts/deep.yaml:1: nesting deeper than 32 levels"]


def test_one_typo_is_one_problem(starter: Path) -> None:
    text = (starter / "facts/example.yaml").read_text().replace("    statement: An example", "    statment: An example")
    (starter / "facts/example.yaml").write_text(text)
    # the broken fact is reported (its two sides of one typo); the assessment based on it is not
    assert problems(starter) == [
        "facts/example.yaml:2: statement: required field is missing in a fact",
        "facts/example.yaml:3: statment: unknown field; did you mean 'statement'?",
    ]
