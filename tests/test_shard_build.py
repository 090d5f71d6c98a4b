"""``build --shard K/N``: a stable partition of the briefings by id, usage errors for a bad K/N, and a
shard's tree that holds, records and claims its own briefings alone (issue 26)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefgen.build.shard import SHARD_FILE, Shard, ShardManifest, shard_of
from briefgen.build.state import BuildState
from briefgen.commands import cli
from shards import PARTITION, six_briefings
from support import build

DAY = "2026-12-07"


@pytest.fixture
def six(tmp_path: Path) -> Path:
    return six_briefings(tmp_path / "six")


def test_a_briefings_shard_depends_on_its_id_alone() -> None:
    ids = ["alpha", "bravo", "charlie", "delta", "echo", "example"]
    assert {k: sorted(b for b in ids if shard_of(b, 4) == k) for k in range(1, 5)} == PARTITION
    assert shard_of("uk-regulator--finance", 7) == shard_of("uk-regulator--finance", 7)  # no hash seed
    more = ids + [f"added-{n}" for n in range(50)]
    assert all(shard_of(b, 4) == k for k, bs in PARTITION.items() for b in bs)  # adding briefings moves none
    assert {shard_of(b, 3) for b in more} == {1, 2, 3} and {shard_of(b, 1) for b in more} == {1}


@pytest.mark.parametrize(("given", "says"), [
    ("5/4", "the shard must be from 1 to 4"), ("0/4", "the shard must be from 1 to 4"),
    ("a/b", "expected K/N"), ("1/0", "the number of shards must be at least 1"), ("2", "expected K/N"),
    ("-1/4", "expected K/N"),
])
def test_a_bad_shard_is_a_usage_error(six: Path, given: str, says: str) -> None:
    for command in ("build", "publish"):
        done = CliRunner().invoke(cli, [command, "--shard", given, "-p", str(six), "--as-of", DAY])
        assert done.exit_code == 2, done.output
        assert f"Invalid value for '--shard': {says}" in done.output and "Traceback" not in done.output
        assert not (six / "build").exists()


def test_shard_parses_spaces_and_prints_itself() -> None:
    assert Shard.parse(" 2 / 4 ") == Shard(2, 4) and str(Shard(2, 4)) == "2/4"


def outputs(root: Path) -> set[str]:
    return {p.name for p in (root / "build").iterdir() if not p.name.startswith(".")}


def test_a_shard_builds_records_and_claims_its_briefings_alone(six: Path) -> None:
    result = build(six, DAY, shard=Shard(3, 4))
    assert sorted({n.rsplit(".", 1)[0] for n in result.names("built")}) == PARTITION[3]
    assert outputs(six) == {f"{b}.{f}" for b in PARTITION[3] for f in ("md", "html", "txt", "d")}
    state = BuildState.load(six / "build")
    assert {t.briefing for t in state.targets.values()} == set(PARTITION[3]) and state.shard == "3/4"
    manifest = ShardManifest.read(six / "build")
    assert (manifest.shard, manifest.edition, manifest.briefings) == (Shard(3, 4), DAY, PARTITION[3])
    assert "facts/watch.yaml" in manifest.inputs and "briefgen.yaml" in manifest.inputs
    again = build(six, DAY, shard=Shard(3, 4))
    assert len(again.names("current")) == 9 and not again.names("built")


def test_an_empty_shard_builds_nothing_and_says_so_in_its_manifest(six: Path) -> None:
    result = build(six, DAY, shard=Shard(1, 4))
    assert not result.names("built") and not result.failed and outputs(six) == set()
    assert ShardManifest.read(six / "build").briefings == []
    assert BuildState.load(six / "build").targets == {}


def test_a_shard_built_over_an_ordinary_build_removes_what_other_shards_build(six: Path) -> None:
    build(six, DAY)
    result = build(six, DAY, shard=Shard(4, 4))
    assert len(result.names("removed")) == 15 and outputs(six) == {"example.md", "example.pdf", "example.d"}
    assert {t.briefing for t in BuildState.load(six / "build").targets.values()} == {"example"}


def test_an_ordinary_build_after_a_shard_builds_every_briefing_and_forgets_the_shard(six: Path) -> None:
    build(six, DAY, shard=Shard(2, 4))
    result = build(six, DAY)
    assert len(result.names("built")) == 11 and len(result.names("current")) == 6
    assert BuildState.load(six / "build").shard is None and not (six / "build" / SHARD_FILE).exists()
    assert "shard" not in json.loads((six / "build/.briefgen-state.json").read_text())


def test_a_build_of_some_briefings_does_not_hide_the_others_from_the_next_build(six: Path) -> None:
    """The no-op path planned from the briefings the last run recorded: after `build alpha`, a plain
    `build` found alpha current and built none of the five others."""
    build(six, DAY, ids=("alpha",))
    result = build(six, DAY)
    assert len(result.names("built")) == 14 and len(result.names("current")) == 3
