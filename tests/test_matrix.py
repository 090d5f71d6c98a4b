"""Parameterised briefings (issue 26): one spec with a ``matrix:`` makes one briefing per combination of
its values, each an ordinary briefing downstream (tests/fixtures/matrix)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from click.shell_completion import ShellComplete
from click.testing import CliRunner

from briefgen.commands import cli
from briefgen.content import project as project_mod
from briefgen.exceptions import ProjectUsageError
from briefgen.selection.select import select
from support import REPO, build, problems, write

FIXTURE = REPO / "tests" / "fixtures" / "matrix"
DAY = "2026-11-24"
SECTORS = ["sectors--finance", "sectors--energy", "sectors--health"]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A fresh copy of the matrix fixture project."""
    return Path(shutil.copytree(FIXTURE, tmp_path / "proj"))


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.output



def test_a_matrix_makes_one_briefing_per_value_with_its_own_id_and_filled_fields(root: Path) -> None:
    project = project_mod.load(root)
    assert sorted(project.briefings) == sorted(["overview", *SECTORS])
    assert project.instances("sectors") == SECTORS  # in the matrix's order
    energy = project.briefings["sectors--energy"]
    assert energy.params == {"sector": "energy"} and energy.matrix_of == "sectors"
    assert energy.matrix == {"sector": ("finance", "energy", "health")}
    assert energy.title == "AI and cyber risk: the energy sector" and energy.short_title == "Cyber risk: energy"
    assert energy.tags == ("energy", "all-sectors") and energy.exclude_tags == ("not-energy",)
    assert energy.path == "briefings/sectors.yaml" and energy.field_lines["tags"] == 8
    overview = project.briefings["overview"]
    assert overview.params == {} and overview.matrix_of is None and overview.matrix == {}


def test_tags_with_parameters_select_different_facts(root: Path) -> None:
    project = project_mod.load(root)
    edition = dt.date.fromisoformat(DAY)

    def drawn(bid: str) -> set[str]:
        return set(select(project.briefings[bid], project.facts, project.settings, edition).visible)

    assert drawn("sectors--finance") == {"frontier-models", "finance-payments"}
    assert drawn("sectors--energy") == {"energy-grid"}  # not-energy leaves frontier-models out
    assert drawn("sectors--health") == {"frontier-models", "health-records"}  # health-withheld is above the ceiling


def test_several_parameters_make_their_product_in_key_order(root: Path) -> None:
    write(root, {"briefings/sectors.yaml": (FIXTURE / "briefings/sectors.yaml").read_text().replace(
        "  sector: [finance, energy, health]", "  sector: [finance, energy]\n  lang: [en, fr]")})
    project = project_mod.load(root)
    assert project.instances("sectors") == ["sectors--finance--en", "sectors--finance--fr",
                                            "sectors--energy--en", "sectors--energy--fr"]
    assert project.briefings["sectors--energy--fr"].params == {"sector": "energy", "lang": "fr"}


def test_the_template_sees_its_parameters(root: Path) -> None:
    code, out = run("render", "sectors--energy", "-p", str(root), "--as-of", DAY)
    assert code == 0, out
    assert "# AI and cyber risk: the energy sector" in out and "Sector: energy" in out
    assert "Grid operators" in out and "Payment systems" not in out
    assert out.startswith("**TLP:GREEN**")  # its own marking: the energy fact is GREEN
    code, out = run("render", "sectors--finance", "-p", str(root), "--as-of", DAY)
    assert out.startswith("**TLP:CLEAR**") and "Sector: finance" in out and "Payment systems" in out


def test_a_briefing_without_a_matrix_has_no_params(root: Path) -> None:
    write(root, {"templates/overview.md.j2": "# {{ brief.title }}\n{{ brief.params.sector }}\n"})
    code, out = run("render", "overview", "-p", str(root), "--as-of", DAY)
    assert code == 1 and "Traceback" not in out and "sector" in out


def test_a_spec_id_with_a_matrix_is_refused_where_one_brief_is_made(root: Path) -> None:
    for command in ("render", "audit"):
        code, out = run(command, "sectors", "-p", str(root), "--as-of", DAY)
        assert code == 2 and "Traceback" not in out, out
        assert "'sectors' is a spec with a matrix" in out and ", ".join(SECTORS) in out
    with pytest.raises(ProjectUsageError):
        project_mod.load(root).one("sectors")


def test_audit_of_an_instance(root: Path) -> None:
    code, out = run("audit", "sectors--health", "-p", str(root), "--as-of", DAY)
    assert code == 0, out
    assert out.startswith("briefing sectors--health (audience regulators); ceiling TLP:AMBER; marked TLP:CLEAR")
    assert "health-withheld" in out and "finance-payments" not in out.split("not drawn")[0]


def test_list_shows_each_instance_and_its_spec(root: Path) -> None:
    code, out = run("list", "-p", str(root))
    assert code == 0, out
    lines = out.splitlines()
    assert lines[0].split() == ["BRIEFING", "SPEC", "AUDIENCE", "FORMATS", "OUTPUTS"]
    rows = {line.split()[0]: line.split() for line in lines[1:]}
    assert sorted(rows) == sorted(["overview", *SECTORS])
    assert rows["sectors--energy"][1:4] == ["briefings/sectors.yaml", "regulators", "md,txt"]
    assert rows["sectors--energy"][4:] == ["build/sectors--energy.md", "build/sectors--energy.txt"]
    assert rows["overview"][1] == "briefings/overview.yaml"


def test_completion_offers_instance_ids(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(root)

    def complete(args: list[str], incomplete: str) -> list[str]:
        return [i.value for i in ShellComplete(cli, {}, "briefgen", "_BRIEFGEN_COMPLETE")
                .get_completions(args, incomplete)]

    assert complete(["build"], "") == ["overview", "sectors", *SECTORS]
    assert complete(["render"], "sectors--e") == ["sectors--energy"]


def test_build_writes_each_instance_its_outputs_depfile_and_editions(root: Path) -> None:
    result = build(root, DAY, publish=True)
    assert not result.failed, result.failed
    for bid in SECTORS:
        assert (root / f"build/{bid}.md").is_file() and (root / f"build/{bid}.txt").is_file()
        depfile = (root / f"build/{bid}.d").read_text()
        assert depfile.startswith(f"build/{bid}.md build/{bid}.txt:") and "briefings/sectors.yaml" in depfile
        assert [p.name for p in (root / "editions" / bid).iterdir() if p.is_dir()] == [DAY]
    assert "Sector: health" in (root / "build/sectors--health.md").read_text()


def test_a_spec_id_builds_all_its_instances_and_a_no_op_rebuild_is_a_no_op(root: Path) -> None:
    code, out = run("build", "sectors", "-p", str(root), "--as-of", DAY)
    assert code == 0, out
    assert "briefgen: 6 built, 0 up to date, 0 failed" in out
    assert not (root / "build/overview.md").exists()
    before = {p.name: p.stat().st_mtime_ns for p in (root / "build").iterdir() if not p.name.startswith(".")}
    for args in (("sectors",), ("sectors--energy",)):
        code, out = run("build", *args, "-p", str(root), "--as-of", DAY)
        assert code == 0 and " 0 built, " in out, out
    assert {p.name: p.stat().st_mtime_ns for p in (root / "build").iterdir() if not p.name.startswith(".")} == before


def test_a_build_of_everything_after_a_build_of_some_builds_the_rest(root: Path) -> None:
    assert run("build", "sectors--energy", "-p", str(root), "--as-of", DAY)[0] == 0
    code, out = run("build", "-p", str(root), "--as-of", DAY)  # was: "0 built, 2 up to date" (the no-op path)
    assert code == 0 and "briefgen: 6 built, 2 up to date, 0 failed" in out, out
    assert (root / "build/overview.md").is_file()


def test_editing_the_spec_rebuilds_every_instance(root: Path) -> None:
    build(root, DAY)
    spec = root / "briefings/sectors.yaml"
    spec.write_text(spec.read_text().replace("the {sector} sector", "{sector}"))
    result = build(root, DAY)
    assert sorted(result.names("built")) == sorted(f"{b}.{f}" for b in SECTORS for f in ("md", "txt"))
    assert (root / "build/sectors--finance.md").read_text().count("# AI and cyber risk: finance") == 1


def test_builds_are_deterministic(root: Path, tmp_path: Path) -> None:
    other = Path(shutil.copytree(FIXTURE, tmp_path / "other"))
    build(root, DAY, publish=True, jobs=2)
    build(other, DAY, publish=True, jobs=1)
    for bid in SECTORS:
        for fmt in ("md", "txt"):
            assert (root / f"build/{bid}.{fmt}").read_bytes() == (other / f"build/{bid}.{fmt}").read_bytes()


BAD = """
matrix:
  sector: [finance, Energy, "a--b", finance]
  2nd: [x]
  empty: []
  lone: health
title: "On {sector} and {region}"
audience: regulators
template: sector.md.j2
tags: ["{sector:>4}"]
style: xx
ceiling: TLP:AMBER
"""


def test_bad_matrices_give_every_error_with_file_line_and_field(root: Path) -> None:
    write(root, {"briefings/sectors.yaml": BAD})
    code, out = run("build", "-p", str(root), "--as-of", DAY)
    assert code == 1 and "Traceback" not in out
    shown = "briefings/sectors.yaml"
    assert f"{shown}:2: matrix.sector: expected a value that is a lowercase id (letters, digits, single " \
           "hyphens), found 'Energy' (item 2)" in out
    assert f"{shown}:2: matrix.sector: expected a value that is a lowercase id (letters, digits, single " \
           "hyphens), found 'a--b' (item 3)" in out
    assert f"{shown}:2: matrix.sector: expected each value once, found 'finance' twice" in out
    assert f"{shown}:3: matrix.2nd: expected a parameter name that is an identifier" in out
    assert f"{shown}:4: matrix.empty: expected a list of values that are lowercase ids" in out \
           and "found an empty list" in out
    assert f"{shown}:5: matrix.lone: expected a list of values that are lowercase ids (letters, digits, " \
           "hyphens), found 'health'" in out
    assert f"{shown}:6: title: expected a placeholder naming a parameter of the matrix" in out \
           and "found '{region}'" in out
    assert f"{shown}:9: tags: expected a placeholder naming a parameter of the matrix" in out \
           and "found '{sector:>4}'" in out
    assert f"{shown}:10: style: expected one of eu, uk; found 'xx'" in out  # the rest of the spec is checked too
    assert "tags: expected tags or fact ids" not in out and "title: required" not in out


def test_a_matrix_that_is_not_a_mapping_is_an_error(root: Path) -> None:
    spec = root / "briefings/sectors.yaml"
    spec.write_text(spec.read_text().replace("  sector: [finance, energy, health]\n", "").replace(
        "matrix:", "matrix: [finance]"))
    assert ("briefings/sectors.yaml:2: matrix: expected a mapping of parameter name to a list of values, "
            "such as 'sector: [finance, energy]', found a list") in problems(root)


def test_an_unknown_placeholder_names_the_spec_line_and_field(root: Path) -> None:
    spec = root / "briefings/sectors.yaml"
    spec.write_text(spec.read_text().replace('exclude_tags: ["not-{sector}"]', 'exclude_tags: ["not-{sectr}"]'))
    assert problems(root) == ["briefings/sectors.yaml:9: exclude_tags: expected a placeholder naming a parameter "
                              "of the matrix ({sector}), found '{sectr}'"]


def test_a_stray_brace_is_an_error_and_doubled_braces_are_literal(root: Path) -> None:
    spec = root / "briefings/sectors.yaml"
    text = spec.read_text()
    spec.write_text(text.replace('title: "AI and cyber risk: the {sector} sector"', 'title: "Risk: {sector"'))
    assert problems(root) == ["briefings/sectors.yaml:4: title: expected placeholders written as {name} (and {{ "
                              "or }} for a literal brace), found 'Risk: {sector'"]
    spec.write_text(text.replace("the {sector} sector", "{{{sector}}}"))
    assert project_mod.load(root).briefings["sectors--energy"].title == "AI and cyber risk: {energy}"


def test_a_filled_tag_no_fact_carries_is_reported_once_with_its_value(root: Path) -> None:
    spec = root / "briefings/sectors.yaml"
    spec.write_text(spec.read_text().replace("[finance, energy, health]", "[finance, energy, transport]"))
    assert problems(root) == ["briefings/sectors.yaml:8: tags: expected a tag that some fact carries, "
                              "found 'transport'",
                              "briefings/sectors.yaml:9: exclude_tags: expected a tag that some fact carries, "
                              "found 'not-transport'"]


def test_an_instance_id_that_collides_with_another_briefing_is_an_error(root: Path) -> None:
    shutil.copy(root / "briefings/overview.yaml", root / "briefings/sectors--energy.yaml")
    assert problems(root) == ["briefings/sectors.yaml:2: matrix: expected instance ids unlike any other "
                              "briefing's, found 'sectors--energy', which briefings/sectors--energy.yaml makes too"]


def test_instances_of_two_matrices_that_collide_are_an_error(root: Path) -> None:
    write(root, {"briefings/sectors--energy.yaml": (FIXTURE / "briefings/sectors.yaml").read_text().replace(
        "sector: [finance, energy, health]", "level: [high]").replace("{sector}", "energy")})
    spec = root / "briefings/sectors.yaml"
    spec.write_text(spec.read_text().replace("  sector: [finance, energy, health]",
                                             "  sector: [energy]\n  level: [high]"))
    found = problems(root)
    assert any("found 'sectors--energy--high', which briefings/sectors--energy.yaml makes too" in p
               for p in found), found


def test_the_preview_server_knows_instance_ids_not_the_matrix_spec_id(root: Path) -> None:
    from briefgen.content.matrix import briefing_ids
    from briefgen.layout import Layout

    specs = Layout(root).spec_files()
    assert briefing_ids(specs) == ["overview", *SECTORS]  # what the preview serves and lists
    assert briefing_ids(specs, spec_ids=True) == ["overview", "sectors", *SECTORS]  # what completion offers


def test_a_template_error_in_some_instances_names_them(root: Path) -> None:
    with (root / "templates/sector.md.j2").open("a") as template:
        template.write("{{ fact('energy-grid') }}\n")
    code, out = run("check", "-p", str(root), "--as-of", DAY)
    assert code == 1 and "Traceback" not in out
    assert "fact 'energy-grid' is not drawn by briefings/sectors.yaml for sectors--finance (add its id" in out
    assert ("fact 'energy-grid' is left out by exclude_tags in briefings/sectors.yaml for sectors--health "
            "(its tag 'not-health')") in out
    assert "sectors--energy" not in out
