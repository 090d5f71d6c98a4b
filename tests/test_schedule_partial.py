"""A partial publish in CI (issue 23): when one brief fails --strict, the editions of the others were
written, and contrib/publish.sh --commit records them before it exits non-zero, so the next fresh
clone has them; nothing is left written but unrecorded."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from support import copy_repo
from test_schedule import BRIEFGEN, CLEAN_GIT, analyst, clone, content_origin, editions, git
from test_schedule_gates import rewordings


def publish(origin: Path, where: Path, day: str) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """One scheduled run as the CI recipes run it: publish and commit, then push whatever happened."""
    work = clone(origin, where)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "SOURCE_DATE"))} | CLEAN_GIT | {
        "BRIEFGEN": BRIEFGEN, "BRIEFGEN_ARGS": f"--as-of {day} -j 2"}
    done = subprocess.run(["sh", "contrib/publish.sh", "--commit"], cwd=work, env=env, capture_output=True,
                          text=True, timeout=300)
    git(work, "push", "-q", "origin", "HEAD:main")
    return work, done


def test_a_brief_failing_strict_does_not_lose_the_editions_of_the_others(tmp_path: Path) -> None:
    seed = copy_repo(tmp_path / "seed")
    origin = content_origin(seed, tmp_path / "origin.git")
    first, done = publish(origin, tmp_path / "run-1", "2026-12-01")
    assert done.returncode == 0, done.stderr

    spec = (first / "briefings/eu-official.yaml").read_text()
    budget = next(line for line in spec.splitlines() if line.startswith("  words: "))
    analyst(origin, tmp_path / "analyst", [*rewordings(first, 1)[0],
                                           ("briefings/eu-official.yaml", budget, "  words: 10")],
            "One fact said with more force; a word budget the EU brief cannot meet")
    # the day before the EU note's check_by (8 December), whose date gate would otherwise refuse it first
    second, done = publish(origin, tmp_path / "run-2", "2026-12-07")
    assert done.returncode == 1, done.stderr
    assert "eu-official" in done.stderr and "over the budget of 10" in done.stderr
    assert git(second, "status", "--porcelain", "--", "editions") == ""  # nothing written and left unrecorded
    after = clone(origin, tmp_path / "after")  # what the next fresh clone sees
    assert editions(after, "uk-sme") == ["2026-12-01", "2026-12-07"]
    assert editions(after, "eu-official") == ["2026-12-01"]
    assert git(after, "log", "-1", "--format=%an: %s").startswith("briefgen: Publish editions: uk-sme 2026-12-07")
