"""Finding the project: from a subfolder as git does; a folder that is not a project is refused
and nothing is written there; an explicit --project must name a project's root."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from briefgen.commands import cli
from briefgen.layout import find_root
from support import write

NOT_A_PROJECT = "not a briefgen project: no briefgen.yaml, facts/ or briefings/ in"

#: Every command that works on a project, with the arguments it needs besides --project.
COMMANDS = [
    ["build"], ["check"], ["list"], ["audit", "example"], ["diff", "example"],
    ["render", "example"], ["watch"],
]


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def tree(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


def test_find_root_walks_up_to_the_nearest_project(tmp_path: Path) -> None:
    write(tmp_path, {"outer/briefgen.yaml": "", "outer/inner/facts/a.yaml": "facts: []\n",
                     "outer/inner/briefings/.keep": "", "outer/notes/deep/x.txt": ""})
    outer, inner = tmp_path / "outer", tmp_path / "outer/inner"
    assert find_root(inner / "facts") == inner.resolve()      # facts/ and briefings/ make a root
    assert find_root(outer / "notes/deep") == outer.resolve()  # briefgen.yaml makes a root
    assert find_root(outer / "notes/deep", walk_up=False) is None
    write(tmp_path, {"lonely/facts/a.yaml": ""})
    assert find_root(tmp_path / "lonely") is None  # facts/ alone is not a project


def test_commands_find_the_project_from_a_subfolder(starter: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(starter / "templates" / "styles")
    code, out = run("build", "-f", "md", "--as-of", "2026-11-24")
    assert code == 0, out
    assert (starter / "build/example.md").is_file()
    assert not (starter / "templates/styles/build").exists()
    monkeypatch.chdir(starter / "facts")
    code, out = run("list")
    assert code == 0 and "example" in out


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_outside_a_project_every_command_refuses_and_writes_nothing(
        command: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    here = tmp_path / "not-a-project"
    write(here, {"notes.txt": "hello\n", "facts/stray.yaml": "facts: []\n"})  # facts/ alone: not a project
    before = tree(here)
    monkeypatch.chdir(here)

    def never(*args: object, **kwargs: object) -> None:  # so that a regression fails rather than hangs
        raise AssertionError("watch started outside a project")

    monkeypatch.setattr("briefgen.build.watch.watch", never)
    code, out = run(*command)
    assert code == 2, out
    assert f"{NOT_A_PROJECT} {here.resolve()} or its parents" in out
    assert "Traceback" not in out
    assert tree(here) == before


def test_explicit_project_that_does_not_exist_is_not_created(tmp_path: Path) -> None:
    missing = tmp_path / "nonexistent"
    code, out = run("build", "-p", str(missing))
    assert code == 2 and f"not a briefgen project: no folder {missing}" in out
    assert not missing.exists()


def test_explicit_project_must_be_the_root_itself(starter: Path) -> None:
    """--project names the root: it does not walk up (a wrong path must not build some other project)."""
    before = tree(starter)
    code, out = run("build", "-p", str(starter / "facts"))
    assert code == 2
    assert f"{NOT_A_PROJECT} {(starter / 'facts').resolve()} (did you mean the project at {starter.resolve()}?)" \
        in out
    assert tree(starter) == before


def test_facts_and_briefings_without_settings_are_a_project(starter: Path) -> None:
    (starter / "briefgen.yaml").unlink()
    code, out = run("list", "-p", str(starter))
    assert code == 0 and "example" in out
