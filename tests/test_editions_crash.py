"""Crash safety, tested by killing a real `briefgen publish` process (SIGKILL: no cleanup runs) at each
rename it makes, just before and just after it; then a normal run must complete or repair the record."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from briefgen.editions.feed import check_atom
from briefgen.editions.record import sha256
from support import build, write

#: Runs briefgen's CLI with os.rename and os.replace wrapped: each rename is logged, and the Nth one
#: (counting only those whose target is under FILTER) kills the process before or after it happens.
KILLER = r"""
import os, signal, sys
log, nth, when, only = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
seen = 0
def wrap(real):
    def rename(src, dst, *args, **kwargs):
        global seen
        counted = only in os.fspath(dst)
        if counted:
            seen += 1
            with open(log, "a") as f:
                f.write(os.fspath(dst) + "\n")
        if counted and seen == nth and when == "before":
            os.kill(os.getpid(), signal.SIGKILL)
        real(src, dst, *args, **kwargs)
        if counted and seen == nth and when == "after":
            os.kill(os.getpid(), signal.SIGKILL)
    return rename
os.rename, os.replace = wrap(os.rename), wrap(os.replace)
from briefgen.commands import main
sys.argv = ["briefgen", *sys.argv[5:]]
main()
"""


def _project(root: Path, keep: int) -> Path:
    from support import minimal_project

    minimal_project(root)
    spec = root / "briefings/example.yaml"
    spec.write_text(spec.read_text().replace("formats: [md, pdf]", "formats: [md, html]"))  # no PDF: fast
    facts = root / "facts/example.yaml"
    if keep:  # an edition to prune: 2026-11-23 (2026-11-24, which the next compares with, is kept)
        write(root, {"briefgen.yaml": f"author: Policy team\nkeep_editions: {keep}\n"})
        assert not build(root, "2026-11-23", publish=True).failed
        facts.write_text(facts.read_text().replace("a new policy", "a new, long policy"))
    assert not build(root, "2026-11-24", publish=True).failed
    facts.write_text(facts.read_text().replace(", long policy", " policy").replace("a new policy", "a revised policy"))
    return root


def _kill(root: Path, tmp: Path, nth: int, when: str, only: str) -> tuple[int, list[str]]:
    script, log = tmp / "killer.py", tmp / "renames.log"
    script.write_text(KILLER)
    log.unlink(missing_ok=True)
    args = [sys.executable, str(script), str(log), str(nth), when, only,
            "publish", "-j", "1", "-q", "--as-of", "2026-11-25", "-p", str(root)]
    done = subprocess.run(args, capture_output=True, text=True, timeout=120, env=os.environ | {"PYTHONHASHSEED": "0"})
    renames = log.read_text().splitlines() if log.exists() else []
    if done.returncode not in (0, -9):
        raise AssertionError(done.stderr)
    return done.returncode, renames


def _whole(root: Path) -> list[str]:
    """The editions present, after checking each is whole: a valid manifest and outputs that match it."""
    folder = root / "editions/example"
    found = []
    for path in sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")):
        manifest = json.loads((path / "manifest.json").read_text())
        for name, digest in manifest["outputs"].items():
            assert sha256((path / name).read_bytes()) == digest, f"{path.name}/{name}"
        found.append(path.name)
    return found


def _leftovers(root: Path) -> list[str]:
    return [str(p.relative_to(root)) for p in (root / "editions").rglob(".*")]


def _renames(tmp: Path, keep: int, only: str) -> list[str]:
    base = _project(tmp / "count", keep)
    code, renames = _kill(base, tmp, 10_000, "before", only)
    assert code == 0 and renames
    return renames


@pytest.mark.parametrize("keep,only", [(0, "/"), (1, "/editions/")], ids=["every-rename", "with-pruning"])
def test_a_publish_killed_at_any_rename_loses_nothing_and_the_next_run_repairs(
        tmp_path: Path, keep: int, only: str) -> None:
    renames = _renames(tmp_path, keep, only)
    if keep == 0:  # the outputs, the edition, the feed and the index are all among them
        assert any(r.endswith("/build/example.md") for r in renames)
        assert any(r.endswith("/editions/example/2026-11-25") for r in renames)
        assert any(r.endswith("/editions/example/feed.atom") for r in renames)
        assert any(r.endswith("/editions/index.html") for r in renames)
    else:
        assert any("/.tmp-pruned-2026-11-23" in r for r in renames)
    template = _project(tmp_path / "template", keep)
    first = (template / "editions/example/2026-11-24/example.md").read_bytes()
    expected = ["2026-11-24", "2026-11-25"]
    for nth, target in enumerate(renames, 1):
        for when in ("before", "after"):
            root = tmp_path / f"run-{nth}-{when}"
            shutil.copytree(template, root, symlinks=True)
            code, _ = _kill(root, tmp_path, nth, when, only)
            where = f"killed {when} rename {nth} ({Path(target).name})"
            assert code == -9, where
            present = _whole(root)  # every edition present is whole, killed or not
            assert {"2026-11-24"} <= set(present) <= {"2026-11-23", "2026-11-24", "2026-11-25"}, where
            assert (root / "editions/example/2026-11-24/example.md").read_bytes() == first, where
            result = build(root, "2026-11-25", publish=True)
            assert not result.failed, where
            assert _whole(root) == expected, where
            assert _leftovers(root) == [], where
            feed = (root / "editions/example/feed.atom").read_bytes()
            assert check_atom(feed) == [] and b"2026-11-25/example.md" in feed, where
            assert b"Edition of 25 November 2026" in (root / "editions/index.html").read_bytes(), where
            md = (root / "build/example.md").read_text()
            assert "## What has changed since 24 November 2026" in md and "a revised policy" in md, where
            assert md.encode() == (root / "editions/example/2026-11-25/example.md").read_bytes(), where
            shutil.rmtree(root)
