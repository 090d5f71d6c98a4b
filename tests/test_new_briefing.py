"""``briefgen new briefing ID --audience NAME``: files on the starter's pattern that build as they stand."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from briefgen.commands import cli
from briefgen.content.starter import scaffold
from support import build


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def test_a_new_audience_gets_a_spec_template_and_stylesheet_that_build(tmp_path: Path) -> None:
    root = tmp_path / "kit"
    scaffold(root)
    code, out = run("new", "briefing", "board-note", "--audience", "board", "-p", str(root))
    assert code == 0, out
    assert "created briefings/board-note.yaml" in out and "created templates/board.md.j2" in out
    assert (root / "templates/styles/board.css").read_text().count('@import "base.css";') == 1
    # the house look, title band included (a new user found a plain heading where the examples have a band)
    assert "main > h1:first-child" in (root / "templates/styles/board.css").read_text()
    code, out = run("check", "-p", str(root), "--as-of", "2026-11-24")
    assert code == 0 and out.startswith("ok:"), out
    result = build(root, ids=("board-note",))
    assert not result.failed, result.failed
    md = (root / "build/board-note.md").read_text()
    assert "# Board note" in md and "- An example organisation announced a new policy" in md and "[^1]: " in md


def test_an_audience_that_has_a_template_keeps_it(tmp_path: Path) -> None:
    root = tmp_path / "kit"
    scaffold(root)
    before = (root / "templates/public.md.j2").read_bytes()
    code, out = run("new", "briefing", "second-guide", "-a", "public", "-p", str(root))
    assert code == 0 and "kept templates/public.md.j2" in out and "created briefings/second-guide.yaml" in out
    assert (root / "templates/public.md.j2").read_bytes() == before
    assert not build(root, ids=("second-guide",)).failed


def test_without_the_kit_partials_the_template_stands_alone(starter: Path) -> None:
    """A project not made by this kit (no title partial, no base.css) still gets files that build."""
    (starter / "templates/partials/notes.md.j2").unlink()
    code, out = run("new", "briefing", "plain", "-a", "plain", "-p", str(starter))
    assert code == 0, out
    assert "@import" not in (starter / "templates/styles/plain.css").read_text()
    assert not build(starter, ids=("plain",)).failed


def test_ids_are_checked_and_nothing_is_overwritten(tmp_path: Path) -> None:
    root = tmp_path / "kit"
    scaffold(root)
    code, out = run("new", "briefing", "Board_Note", "-a", "board", "-p", str(root))
    assert code == 2 and "briefing 'Board_Note' is not a valid id" in out
    code, out = run("new", "briefing", "board", "-a", "The Board", "-p", str(root))
    assert code == 2 and "audience 'The Board' is not a valid id" in out
    code, out = run("new", "briefing", "public-guide", "-a", "public", "-p", str(root))
    assert code == 2 and "public-guide.yaml already exists; new never overwrites files" in out
    assert not (root / "templates/board.md.j2").exists()
