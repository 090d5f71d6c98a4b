"""Shell completion: briefing ids, audiences and formats, from the project being typed about."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.shell_completion import ShellComplete
from click.testing import CliRunner

from briefgen.commands import cli
from briefgen.content.starter import scaffold


def complete(args: list[str], incomplete: str) -> list[str]:
    return [item.value for item in ShellComplete(cli, {}, "briefgen", "_BRIEFGEN_COMPLETE")
            .get_completions(args, incomplete)]


@pytest.fixture
def kit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "kit"
    scaffold(root)
    monkeypatch.chdir(root / "templates")  # inside the project: found as build finds it
    return root


def test_briefing_ids_complete_in_every_command_that_takes_them(kit: Path) -> None:
    for command in ("build", "render", "watch", "serve", "publish", "audit", "diff"):
        assert complete([command], "") == ["officials-note", "public-guide"], command
    assert complete(["build"], "pub") == ["public-guide"]


def test_audiences_and_formats_complete(kit: Path) -> None:
    assert complete(["build", "--audience"], "") == ["officials", "public"]
    assert complete(["serve", "-a"], "o") == ["officials"]
    assert complete(["build", "-f"], "") == ["md", "html", "pdf", "txt", "docx"]


def test_the_project_option_is_followed(kit: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # not a project
    assert complete(["build"], "") == []
    assert complete(["build", "-p", str(kit)], "") == ["officials-note", "public-guide"]


def test_completion_prints_the_script_for_each_shell() -> None:
    for shell in ("bash", "zsh", "fish"):
        result = CliRunner().invoke(cli, ["completion", shell])
        assert result.exit_code == 0 and "_BRIEFGEN_COMPLETE" in result.output, shell
    assert CliRunner().invoke(cli, ["completion", "tcsh"]).exit_code == 2
