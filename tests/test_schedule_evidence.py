"""A scheduled run whose source archive is missing says so in its one summary line (issue 23): a fresh
cron clone verified 0 of its evidence phrases, and its log did not say so."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from briefgen.content.archive import ARCHIVE_ENV
from support import build, copy_repo, source_archive

DAY = "2026-12-01"


def test_a_publish_without_the_source_archive_says_so_in_its_summary(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_repo(tmp_path / "repo")
    monkeypatch.setenv(ARCHIVE_ENV, str(tmp_path / "not-cloned"))
    result = build(root, DAY, publish=True, ids=("uk-sme",), jobs=1)
    line = result.summary(dt.date.fromisoformat(DAY))
    assert line.count("\n") == 0
    assert f"phrases verified: source archive missing ({tmp_path / 'not-cloned'})" in line
    assert ", evidence: 0 of " in line


def test_a_publish_with_the_archive_counts_what_it_verified(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ARCHIVE_ENV, str(source_archive()))
    root = copy_repo(tmp_path / "repo")
    line = build(root, DAY, publish=True, ids=("uk-sme",), jobs=1).summary(dt.date.fromisoformat(DAY))
    assert "phrases verified" in line and "missing" not in line and ", evidence: 0 of " not in line


def test_a_build_that_publishes_nothing_says_nothing_of_evidence(tmp_path: Path) -> None:
    root = copy_repo(tmp_path / "repo")
    assert "evidence" not in build(root, DAY, ids=("uk-sme",), jobs=1).summary(dt.date.fromisoformat(DAY))
