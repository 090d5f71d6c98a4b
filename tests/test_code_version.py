"""A change to briefgen's own code rebuilds what it wrote, even before its version number moves: run
from a source checkout, the version a build records carries a digest of the code (found when a fix to
the PDF writer left the PDFs of ``make`` as they were)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from briefgen.build import state
from support import build


def _package(root: Path) -> Path:
    package = root / "pkg"
    (package / "writers").mkdir(parents=True)
    (package / "writers/pdf.py").write_text("X = 1\n", "utf-8")
    (package / "theme.css").write_text("p {}\n", "utf-8")
    return package


def test_the_digest_follows_the_code_not_its_file_times(tmp_path: Path) -> None:
    package = _package(tmp_path)
    first = state.source_digest(package)
    os.utime(package / "writers/pdf.py", (0, 0))
    assert state.source_digest(package) == first  # a fresh clone on another machine: the same digest
    (package / "writers/pdf.py").write_text("X = 2\n", "utf-8")
    assert state.source_digest(package) != first
    (package / "writers/pdf.py").write_text("X = 1\n", "utf-8")
    (package / "theme.css").write_text("p { color: red }\n", "utf-8")
    assert state.source_digest(package) != first


def test_this_checkout_records_its_code_digest() -> None:
    recorded = state.versions()["briefgen"]
    assert recorded.endswith("+src." + state.source_digest(Path(state.__file__).resolve().parents[1]))


def test_a_code_change_rebuilds_every_target(starter: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert not build(starter).failed
    targets = [target for target, _, _ in build(starter).events]
    assert build(starter).names("current") == targets  # nothing changed: nothing made again
    monkeypatch.setattr(state, "_briefgen_version", lambda: "0.0.0+src.changed")
    again = build(starter)
    assert not again.failed and again.names("current") == []
    assert all("-> 0.0.0+src.changed" in detail for _, _, detail in again.events)  # each made again, and why
