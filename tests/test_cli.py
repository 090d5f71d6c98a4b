"""The command line, through click's runner: commands, output and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from briefgen.commands import cli
from support import write


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def test_build_writes_markdown_and_pdf(starter: Path) -> None:
    code, out = run("build", "--project", str(starter), "--as-of", "2026-11-24", "--explain")
    assert code == 0, out
    assert "built  build/example.md  (not built before)" in out
    assert "built  build/example.pdf  (not built before)" in out
    assert (starter / "build/example.pdf").read_bytes().startswith(b"%PDF-")
    code, out = run("build", "--project", str(starter), "--as-of", "2026-11-24")
    assert "briefgen: 0 built, 2 up to date, 0 failed in" in out


def test_build_subset_by_audience_and_id(starter: Path) -> None:
    code, out = run("build", "-p", str(starter), "--audience", "general", "-f", "md", "--as-of", "2026-11-24",
                    "--explain")
    assert code == 0 and "build/example.md" in out and "example.pdf" not in out
    assert (starter / "build/example.md").exists() and not (starter / "build/example.pdf").exists()
    code, out = run("build", "-p", str(starter), "nope")
    assert code == 2 and "no briefing 'nope'; expected one of: example" in out
    code, out = run("build", "-p", str(starter), "--audience", "martian")
    assert code == 2 and "no briefing for audience 'martian'" in out


def test_render_to_stdout(starter: Path) -> None:
    code, out = run("render", "example", "-p", str(starter), "--as-of", "2026-11-24")
    assert code == 0 and out.startswith("**TLP:CLEAR**\n\n# Example brief")
    code, out = run("render", "example", "-p", str(starter), "--format", "html", "--as-of", "2026-11-24")
    assert code == 0 and '<html lang="en-GB">' in out and "<title>Example brief</title>" in out


def test_content_error_exit_1_no_traceback(starter: Path) -> None:
    write(starter, {"facts/bad.yaml": "facts:\n  - id: Bad_Id\n"})
    code, out = run("build", "-p", str(starter))
    assert code == 1
    assert "Traceback" not in out
    assert "facts/bad.yaml:2: id: expected a lowercase id" in out
    assert not list(starter.glob("build/*.md")) and not list(starter.glob("build/*.pdf"))


def test_failed_build_keeps_earlier_outputs(starter: Path) -> None:
    assert run("build", "-p", str(starter), "--as-of", "2026-11-24")[0] == 0
    before = {p.name: p.read_bytes() for p in (starter / "build").iterdir() if p.is_file()}
    write(starter, {"templates/example.md.j2": "# T\n{{ fact('missing') }}\n"})
    code, out = run("build", "-p", str(starter), "--as-of", "2026-11-25")
    assert code == 1 and "templates/example.md.j2:2: no fact 'missing'" in out
    assert {p.name: p.read_bytes() for p in (starter / "build").iterdir() if p.is_file()} == before


def test_check_lists_everything_and_writes_nothing(starter: Path) -> None:
    code, out = run("check", "-p", str(starter), "--as-of", "2026-11-24")
    assert code == 0 and out.startswith("ok: 2 facts, 1 source, 1 briefing;")
    write(starter, {"templates/example.md.j2": "{{ fact('missing') }}\n",
                    "facts/more.yaml": "facts:\n  - id: x\n    kind: reported\n"})
    code, out = run("check", "-p", str(starter))
    assert code == 1
    assert "facts/more.yaml:2: statement: required field is missing" in out
    assert not (starter / "build").exists()


def test_check_reports_template_errors(starter: Path) -> None:
    write(starter, {"templates/example.md.j2": "# T\n{{ fact('missing') }}\n"})
    code, out = run("check", "-p", str(starter))
    assert code == 1 and "templates/example.md.j2:2: no fact 'missing' in the fact base" in out


def test_list(starter: Path) -> None:
    code, out = run("list", "-p", str(starter))
    assert code == 0 and "example" in out and "build/example.md build/example.pdf" in out
    code, out = run("list", "--facts", "-p", str(starter))
    assert "example-event" in out and "TLP:CLEAR" in out and "(from example-event)" in out


def test_schema_is_json(starter: Path) -> None:
    code, out = run("schema")
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"fact-file", "briefing", "settings"}
    fact = data["fact-file"]["properties"]["facts"]["items"]
    assert "statement" in fact["required"] and fact["additionalProperties"] is False


def test_init_builds_as_it_stands(tmp_path: Path) -> None:
    target = tmp_path / "new"
    code, out = run("init", str(target))
    assert code == 0 and "created" in out
    code, out = run("build", "-p", str(target), "--as-of", "2026-11-24")
    assert code == 0, out
    code, out = run("init", str(target))
    assert code == 2 and "already exists" in out


def files_under(folder: Path) -> dict[str, bytes | str]:
    """Every entry under ``folder``: a file's bytes, a symlink's target."""
    return {p.relative_to(folder).as_posix(): str(p.readlink()) if p.is_symlink() else p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_symlink() or p.is_file()}


def test_init_never_overwrites_an_existing_gitignore(tmp_path: Path) -> None:
    target = write(tmp_path / "repo", {".gitignore": "*.pyc\n", "README.md": "mine\n"})
    before = files_under(target)
    code, out = run("init", str(target))
    assert code == 2, out
    assert f"{target / '.gitignore'} already exists; init never overwrites files" in out
    assert files_under(target) == before  # all or nothing: not even the other files are written


def test_init_lists_every_clash_and_keeps_other_files(tmp_path: Path) -> None:
    target = write(tmp_path / "repo", {"briefgen.yaml": "x: 1\n", "facts/example.yaml": "mine\n",
                                       "templates": "a file, not a folder\n"})
    before = files_under(target)
    code, out = run("init", str(target))
    assert code == 2 and "3 are in the way" in out and "Traceback" not in out
    assert "briefgen.yaml already exists" in out and "facts/example.yaml already exists" in out
    assert "templates already exists and is not a folder" in out
    assert files_under(target) == before
    other = write(tmp_path / "other", {"README.md": "mine\n"})
    code, out = run("init", str(other))
    assert code == 0 and (other / "README.md").read_text() == "mine\n"
    assert (other / ".gitignore").read_text() == "/build/\n/editions/**/.tmp-*\n/.venv/\n"


def test_init_never_writes_through_a_symlink(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    target = tmp_path / "repo"
    target.mkdir()
    (target / ".gitignore").symlink_to(outside / "victim")  # dangling: .exists() is False
    (target / "facts").symlink_to(outside, target_is_directory=True)
    code, out = run("init", str(target))
    assert code == 2 and ".gitignore" in out and "facts" in out
    assert list(outside.iterdir()) == []
    assert sorted(p.name for p in target.iterdir()) == [".gitignore", "facts"]


def test_help_names_exit_codes() -> None:
    code, out = run("--help")
    assert code == 0 and "Exit codes: 0 success, 1 content or build error, 2 usage error, 3 stale" in out
    for command in ("build", "render", "check", "list", "init", "schema"):
        assert run(command, "--help")[0] == 0


def test_check_exercises_the_changes_section_before_any_second_edition(starter: Path) -> None:
    write(starter, {"templates/example.md.j2": "# T\n{% if changes %}{{ changes.not_there }}{% endif %}\n"})
    code, out = run("check", "-p", str(starter), "--as-of", "2026-11-24")
    assert code == 1 and "in the 'what has changed' part" in out


def test_render_pdf_to_stdout_when_redirected(starter: Path) -> None:
    result = CliRunner().invoke(cli, ["render", "example", "-f", "pdf", "-p", str(starter), "--as-of", "2026-11-24"])
    assert result.exit_code == 0 and result.stdout_bytes.startswith(b"%PDF-")
    assert not (starter / "build").exists()


def test_template_typo_on_a_fact_names_its_attributes(starter: Path) -> None:
    write(starter, {"templates/example.md.j2": "# T\n{{ fact('example-event').statment }}\n"})
    code, out = run("check", "-p", str(starter))
    assert code == 1 and "a fact has no attribute 'statment'; a fact has: id, text, cite" in out
    assert "briefgen.templating.template_api" not in out


def test_help_names_every_format() -> None:
    """It used to say "as Markdown and PDF" while five formats were written."""
    from briefgen.content.model import FORMATS

    names = {"md": "Markdown", "html": "HTML", "pdf": "PDF", "txt": "plain text", "docx": "Word"}
    assert set(names) == set(FORMATS)
    out = " ".join(CliRunner().invoke(cli, ["--help"]).output.split())
    assert all(name in out for name in names.values()), out


def test_template_typo_on_the_brief_says_did_you_mean(starter: Path) -> None:
    """Issue 25: "'dict object' has no attribute 'titel'" with no hint, though fact fields get one."""
    write(starter, {"templates/example.md.j2": "# {{ brief.titel }}\n"})
    code, out = run("check", "-p", str(starter))
    assert code == 1 and "has no attribute 'titel'; did you mean 'title'?" in out, out


def test_a_fact_dropped_by_exclude_tags_names_the_real_cause(starter: Path) -> None:
    """Issue 25: the message said "add its id to 'facts' or one of its tags to 'tags'" although the fact
    was drawn by its tags and dropped by exclude_tags."""
    spec = starter / "briefings/example.yaml"
    spec.write_text(spec.read_text() + "exclude_tags: [example]\n")
    write(starter, {"templates/example.md.j2": "# T\n{{ fact('example-event') }}\n"})
    code, out = run("check", "-p", str(starter))
    assert code == 1
    assert "fact 'example-event' is left out by exclude_tags in briefings/example.yaml (its tag 'example')" in out, out
