"""Shared fixtures: a throwaway starter project, and a guard against unexpected WeasyPrint warnings."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from support import minimal_project


@pytest.fixture
def starter(tmp_path: Path) -> Path:
    """A fresh copy of the small test project (tests/fixtures/minimal)."""
    root = tmp_path / "proj"
    return minimal_project(root)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say loudly, at the end of the run, what could not be checked here."""
    import datetime as dt
    import os

    from support import MISSING

    if os.environ.get("FAKETIME"):  # set by libfaketime's `faketime` (make test, make test-later)
        terminalreporter.write_line(f"clock set by faketime: this run was dated {dt.date.today().isoformat()}")
    for message in dict.fromkeys(MISSING):
        terminalreporter.write_line(f"WARNING: {message}", red=True, bold=True)


@pytest.fixture(autouse=True)
def no_unexpected_warnings(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """Fail any test in which WeasyPrint logs a warning it was not expected to (as WeasyPrint's
    own test-suite does). Tests that expect one clear ``caplog`` themselves."""
    caplog.set_level(logging.WARNING, logger="weasyprint")
    yield
    unexpected = [r.getMessage() for r in caplog.records
                  if r.name.startswith("weasyprint") and r.levelno >= logging.WARNING]
    assert not unexpected, f"unexpected WeasyPrint warnings: {unexpected}"
