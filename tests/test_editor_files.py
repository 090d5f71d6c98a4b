"""Editors' temporary files beside the project's inputs (emacs's ``.#x.yaml`` lock, vim's ``.x.yaml.swp``
and ``4913`` probe, backups ``x.yaml~``) are never read as facts or briefings, never named in a build."""

from __future__ import annotations

import os
from pathlib import Path

from briefgen.content.project import load
from briefgen.layout import Layout, is_editor_file
from support import build


def _litter(folder: Path, stem: str) -> None:
    """What emacs and vim leave beside ``stem.yaml`` while it is being edited."""
    os.symlink("user@host.1234:1700000000", folder / f".#{stem}.yaml")  # emacs's lock: a dangling link
    (folder / f".#{stem}-copy.yaml").write_text("")  # some editors write the lock as a file
    (folder / f".{stem}.yaml.swp").write_bytes(b"b0VIM 9.0")
    (folder / f"{stem}.yaml~").write_text("facts: [")
    (folder / "4913").write_text("")


def test_editor_files_are_not_inputs(starter: Path) -> None:
    _litter(starter / "facts", "example")
    _litter(starter / "briefings", "example")
    layout = Layout(starter)
    assert [p.name for p in layout.fact_files()] == sorted(p.name for p in (starter / "facts").glob("[!.]*.yaml"))
    assert [p.name for p in layout.spec_files()] == ["example.yaml"]
    project = load(starter)
    assert sorted(project.briefings) == ["example"]
    result = build(starter, formats=("md",))
    assert not result.failed, result.failed
    said = " ".join(f"{name} {detail}" for name, _, detail in result.events)
    assert ".#" not in said and "swp" not in said and "~" not in said


def test_is_editor_file() -> None:
    for name in (".#x.yaml", "x.yaml~", ".x.yaml.swp", ".x.yaml.swx", "4913", "#x.yaml#", "x.yaml.tmp",
                 "x.yaml___jb_tmp___", "x.yaml.kate-swp", ".goutputstream-AB12"):
        assert is_editor_file(name), name
    for name in ("x.yaml", "eu-official.yaml", "2026-facts.yaml", "notes.md.j2", "base.css"):
        assert not is_editor_file(name), name
