"""Sharded builds merged (issue 26): four shards run as four processes in four copies of a project,
merged with `briefgen merge`, give the bytes one ordinary build gives, over two dated publishing runs
with a fact change between them; and a merge of trees that do not belong together is refused, naming
the difference, and changes nothing."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from briefgen.build.shard import SHARD_FILE, Shard
from briefgen.build.state import BuildState
from briefgen.commands import cli
from shards import PARTITION, WATCHING, change_watched_fact, six_briefings
from support import build, copy_repo

#: The only files of build/ that differ between machines, by design: the lock (it holds the pid of the
#: last build) and the cache of validated facts (content.factcache), neither part of a build's result.
MACHINE_LOCAL = {"build/.lock", "build/.briefgen-facts.pickle"}
#: The state file is compared with every file's modification time set aside: those are this machine's.
STATE = "build/.briefgen-state.json"
FIRST, SECOND = "2026-12-07", "2026-12-14"
#: Editions record when they were published; a reproducible run takes it from here.
EPOCH = str(int(dt.datetime(2026, 12, 7, 6, 30, tzinfo=dt.UTC).timestamp()))


def briefgen(*args: str) -> subprocess.Popen[str]:
    env = os.environ | {"SOURCE_DATE_EPOCH": EPOCH}
    return subprocess.Popen([sys.executable, "-m", "briefgen", *args], env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def finished(*procs: subprocess.Popen[str]) -> list[str]:
    outs = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, out + err
        outs.append(out)
    return outs


def tree(root: Path) -> dict[str, bytes]:
    """Every file of build/ and editions/ by path, but the machine-local ones and the state."""
    found = {}
    for top in ("build", "editions"):
        for path in sorted((root / top).rglob("*")):
            rel = path.relative_to(root).as_posix()
            if path.is_file() and rel not in MACHINE_LOCAL and rel != STATE:
                found[rel] = path.read_bytes()
    return found


def state_without_times(root: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((root / STATE).read_text())
    data["stamps"] = [[rel, 0, size, sha] for rel, _, size, sha in data["stamps"]]
    for target in data["targets"].values():
        target["output"]["mtime_ns"] = 0
    return data


def sharded_run(shards: list[Path], merged: Path, day: str) -> str:
    """Publish the four shards at once, each in its own process and copy, then merge them."""
    finished(*(briefgen("publish", "--shard", f"{k}/4", "--as-of", day, "-p", str(shard))
               for k, shard in enumerate(shards, 1)))
    for k, shard in enumerate(shards, 1):  # each shard's tree holds and claims its own briefings alone
        state = BuildState.load(shard / "build")
        assert {t.briefing for t in state.targets.values()} == set(PARTITION[k]), k
    return finished(briefgen("merge", *map(str, shards), "--into", str(merged)))[0]


def assert_same_build(single: Path, merged: Path) -> None:
    one, other = tree(single), tree(merged)
    assert sorted(one) == sorted(other)
    assert [rel for rel in one if one[rel] != other[rel]] == []
    assert state_without_times(single) == state_without_times(merged)
    assert not (merged / "build" / SHARD_FILE).exists()
    # the only files set aside are these few, named (the fact cache is written only once files settle)
    hidden = {p.relative_to(root).as_posix() for root in (single, merged) for p in (root / "build").glob(".*")}
    assert "build/.lock" in hidden and hidden - {STATE} <= MACHINE_LOCAL


def test_four_shards_merged_are_one_build_over_two_dated_runs(tmp_path: Path) -> None:
    base = six_briefings(tmp_path / "base")
    single, merged = shutil.copytree(base, tmp_path / "single"), shutil.copytree(base, tmp_path / "merged")
    shards = [shutil.copytree(base, tmp_path / f"shard-{k}") for k in range(1, 5)]

    single_run = briefgen("publish", "--as-of", FIRST, "-p", str(single))
    said = sharded_run(shards, merged, FIRST)
    finished(single_run)
    assert said == f"briefgen: merged 4 shards into {merged}: 17 targets, 6 edition folders (edition {FIRST})\n"
    assert_same_build(single, merged)
    assert (merged / "editions/index.html").is_file() and len(list(merged.glob("editions/*/feed.atom"))) == 6
    again = finished(briefgen("build", "--as-of", FIRST, "-p", str(merged)))[0]  # the merged state is whole
    assert again.startswith("briefgen: 0 built, 17 up to date, 0 failed")

    for root in (single, merged):
        change_watched_fact(root)
    shards = []  # the next run's shards start from what the last one merged, its build/ included
    for k in range(1, 5):
        shutil.rmtree(tmp_path / f"shard-{k}")
        shards.append(shutil.copytree(merged, tmp_path / f"shard-{k}"))
    single_run = briefgen("publish", "--as-of", SECOND, "-p", str(single))
    sharded_run(shards, merged, SECOND)
    finished(single_run)
    assert_same_build(single, merged)
    assert sorted(p.parent.name for p in merged.glob(f"editions/*/{SECOND}")) == sorted(WATCHING)
    assert "The watchdog" in (merged / f"editions/alpha/{SECOND}/alpha.md").read_text()


# Refusals: the shards are built in this process, Markdown only, for speed.

def shard_trees(tmp_path: Path, days: dict[int, str] | None = None) -> tuple[Path, list[Path]]:
    base = six_briefings(tmp_path / "base")
    trees = []
    for k in range(1, 5):
        root = shutil.copytree(base, tmp_path / f"shard-{k}")
        build(root, (days or {}).get(k, FIRST), shard=Shard(k, 4), formats=("md",))
        trees.append(root)
    into = shutil.copytree(base, tmp_path / "into")
    build(into, FIRST, formats=("md",), ids=("alpha",))
    return into, trees


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    return {p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(root.rglob("*")) if p.is_file()}


def refused(into: Path, trees: list[Path]) -> str:
    before = snapshot(into)
    done = CliRunner().invoke(cli, ["merge", *map(str, trees), "--into", str(into)])
    assert done.exit_code == 1 and "Traceback" not in done.output, done.output
    assert done.output.startswith("error: refusing to merge; nothing was changed:\n")
    assert snapshot(into) == before  # a refused merge changes nothing
    return done.output


def test_a_merge_of_shards_built_for_different_dates_is_refused(tmp_path: Path) -> None:
    into, trees = shard_trees(tmp_path, {3: SECOND})
    said = refused(into, trees)
    assert f"built for different dates: shard 1/4 ({trees[0]}) for {FIRST}, shard 3/4 ({trees[2]}) for {SECOND}" in said


def test_a_merge_of_shards_built_from_different_inputs_is_refused(tmp_path: Path) -> None:
    into, trees = shard_trees(tmp_path)
    change_watched_fact(trees[1])
    build(trees[1], FIRST, shard=Shard(2, 4), formats=("md",))
    said = refused(into, trees)
    assert f"facts/watch.yaml differs between shard 1/4 ({trees[0]}) and shard 2/4 ({trees[1]})" in said
    assert "shard 3/4" not in said


def test_a_merge_into_a_project_with_other_inputs_is_refused(tmp_path: Path) -> None:
    into, trees = shard_trees(tmp_path)
    (into / "templates/extra.md.j2").write_text("x\n")
    said = refused(into, trees)
    assert f"templates/extra.md.j2 is in the project {into} only, not in shard 1/4 ({trees[0]})" in said


def test_a_merge_needs_every_shard_once(tmp_path: Path) -> None:
    into, trees = shard_trees(tmp_path)
    said = refused(into, [trees[0], trees[1], trees[1], trees[3]])
    assert "shard 3/4 is missing: give the trees of all 4 shards" in said and "shard 2/4 is given 2 times" in said
    said = refused(into, [*trees, into])
    assert f"{into / 'build'}: no {SHARD_FILE}: not the build/ of a sharded build" in said


def test_a_merge_refuses_a_shard_whose_state_claims_another_shards_target(tmp_path: Path) -> None:
    into, trees = shard_trees(tmp_path)
    state = json.loads((trees[3] / STATE).read_text())
    state["targets"]["alpha.md"] = state["targets"]["example.md"] | {"briefing": "alpha"}
    (trees[3] / STATE).write_text(json.dumps(state))
    (trees[1] / "build/bravo.md").write_text("edited by hand\n")
    said = refused(into, trees)
    assert "records alpha.md, which shard 3/4 builds, not 4/4" in said
    assert f"{trees[1] / 'build/bravo.md'} is not the output its state records" in said


def test_a_merge_of_builds_that_did_not_publish_leaves_the_editions_alone(tmp_path: Path) -> None:
    into, trees = shard_trees(tmp_path)
    done = CliRunner().invoke(cli, ["merge", *map(str, trees), "--into", str(into)])
    assert done.exit_code == 0, done.output
    assert not (into / "editions").exists()
    assert sorted(p.name for p in (into / "build").glob("*.md")) == [f"{b}.md" for b in sorted(
        ["alpha", "bravo", "charlie", "delta", "echo", "example"])]
    assert build(into, FIRST, formats=("md",)).names("built") == []


def test_a_shard_may_be_merged_into_its_own_tree(tmp_path: Path) -> None:
    _, trees = shard_trees(tmp_path)
    done = CliRunner().invoke(cli, ["merge", *map(str, trees), "--into", str(trees[2])])
    assert done.exit_code == 0, done.output
    assert len(BuildState.load(trees[2] / "build").targets) == 6
    assert build(trees[2], FIRST, formats=("md",)).names("built") == []


def test_a_merge_never_writes_editions_through_a_link_out_of_the_project(tmp_path: Path) -> None:
    into, trees = shard_trees(tmp_path)
    (tmp_path / "elsewhere").mkdir()
    (into / "editions").symlink_to(tmp_path / "elsewhere")
    said = refused(into, trees)
    assert "editions: leads to" in said and "outside the project" in said
    assert list((tmp_path / "elsewhere").iterdir()) == []


def test_a_merge_carries_the_font_copies_the_html_edition_names(tmp_path: Path) -> None:
    # The HTML edition's fonts are copied beside it into build/ (build/fonts.py); a merge of shards built
    # from the real content must carry them too, or the merged HTML falls back to system fonts.
    shards = [copy_repo(tmp_path / f"s{k}") for k in (1, 2)]
    whole, merged = copy_repo(tmp_path / "whole"), copy_repo(tmp_path / "merged")
    for k, shard in enumerate(shards, 1):
        done = CliRunner().invoke(cli, ["build", "--shard", f"{k}/2", "-f", "html", "--as-of", FIRST,
                                        "-p", str(shard)])
        assert done.exit_code == 0, done.output
    assert CliRunner().invoke(cli, ["build", "-f", "html", "--as-of", FIRST, "-p", str(whole)]).exit_code == 0
    done = CliRunner().invoke(cli, ["merge", *map(str, shards), "--into", str(merged)])
    assert done.exit_code == 0, done.output
    fonts = {p.relative_to(whole / "build").as_posix(): p.read_bytes()
             for p in (whole / "build").rglob("*.ttf")}
    assert fonts, "the real content's HTML names its house fonts"
    assert {rel: (merged / "build" / rel).read_bytes() for rel in fonts
            if (merged / "build" / rel).is_file()} == fonts
