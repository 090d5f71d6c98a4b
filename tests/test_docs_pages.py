"""The generated documentation pages are in step with the code: `make golden` rewrites them."""

from __future__ import annotations

from pathlib import Path

from briefgen.commands import cli
from briefgen.commands.clidoc import PAGE as CLI_PAGE
from briefgen.commands.clidoc import page as cli_page

REPO = Path(__file__).resolve().parent.parent


def test_the_command_line_reference_is_every_commands_help() -> None:
    text = (REPO / CLI_PAGE).read_text(encoding="utf-8")
    assert cli_page(cli) == text, f"{CLI_PAGE} is out of date: run `make golden`"
    for name in cli.list_commands(None):  # type: ignore[arg-type]
        assert f"\n## briefgen {name}\n" in text
    assert "\n## briefgen new briefing\n" in text and "Usage: briefgen new briefing [OPTIONS] BRIEFING_ID" in text


def test_the_command_line_reference_does_not_depend_on_the_terminal(monkeypatch: object) -> None:
    import pytest

    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    monkeypatch.setenv("COLUMNS", "40")
    assert cli_page(cli) == (REPO / CLI_PAGE).read_text(encoding="utf-8")
