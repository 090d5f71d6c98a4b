"""A build's outputs are not synced one by one: they are made durable together (one syncfs of the build
folder's file system on Linux) before the state that records them is written, so the state never
vouches for an output a power cut could lose. Other writes (render -o, the state itself) still sync."""

from __future__ import annotations

import os
import unittest.mock
from pathlib import Path
from typing import Any

from briefgen.build import outputs
from briefgen.build.state import BuildState
from support import build


def _build_recording(starter: Path, syncfs_works: bool) -> tuple[list[Any], list[int]]:
    events: list[Any] = []
    fsynced: list[int] = []
    real_save = BuildState.save
    real_fsync = os.fsync

    def sync_written() -> int:
        events.append(("sync", sorted(p.name for p in outputs._UNSYNCED)))
        return outputs.sync_written()

    def syncfs(folders: list[Path]) -> bool:
        events.append(("syncfs", list(folders)))
        return syncfs_works

    def save(self: BuildState, build_dir: Path) -> None:
        events.append(("state", sorted(p.name for p in build_dir.iterdir() if not p.name.startswith("."))))
        real_save(self, build_dir)

    def fsync(fd: int) -> None:
        fsynced.append(fd)
        real_fsync(fd)

    with unittest.mock.patch.object(outputs, "_syncfs", syncfs), \
            unittest.mock.patch.object(BuildState, "save", save), \
            unittest.mock.patch("briefgen.build.run.sync_written", sync_written), \
            unittest.mock.patch("os.fsync", fsync):
        result = build(starter, formats=("md",))
    assert not result.failed, result.failed
    return events, fsynced


def test_outputs_are_synced_together_before_the_state_is_written(starter: Path) -> None:
    events, fsynced = _build_recording(starter, syncfs_works=True)
    (sync, unsynced), (syncfs, folders), (state, listed) = events
    assert (sync, syncfs, state) == ("sync", "syncfs", "state")
    assert unsynced == listed  # every output and depfile the state records, and nothing else
    assert {"example.md", "example.d"} <= set(unsynced)
    assert folders == [(starter / "build").resolve()]
    assert len(fsynced) == 1  # the state file alone, not one per output
    assert not outputs._UNSYNCED


def test_without_syncfs_each_output_and_its_folder_is_synced(starter: Path) -> None:
    events, fsynced = _build_recording(starter, syncfs_works=False)
    unsynced = events[0][1]
    assert len(fsynced) == len(unsynced) + 1 + 1  # each file, their one folder, and the state file


def test_syncfs_runs_on_this_machine(tmp_path: Path) -> None:
    outputs.write_atomic(tmp_path / "a.txt", b"a", durable=False)
    assert outputs.sync_written() == 1
    assert outputs.sync_written() == 0


def test_write_atomic_syncs_by_default(tmp_path: Path) -> None:
    with unittest.mock.patch("os.fsync", wraps=os.fsync) as fsync:
        outputs.write_atomic(tmp_path / "out.pdf", b"x")
    assert fsync.call_count == 1
    assert not outputs._UNSYNCED
