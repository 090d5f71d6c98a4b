"""The build state stores each input's stamp once; targets refer to the stamps they read. A no-op
build parses and checks each input's stamp once, however many targets read it. Operation counts,
never timings."""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path
from types import ModuleType

import pytest

from briefgen.build import plan as plan_mod
from briefgen.build import state as state_mod
from briefgen.build.options import Options, Result
from briefgen.build.plan import fast_path, target_config
from briefgen.build.state import BuildState, Stamp
from briefgen.layout import STATE_FILE
from support import REPO, build, write

DAY = "2026-11-24"


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_build", REPO / "benchmarks" / "bench_build.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _noop_counts(root: Path, briefings: int, monkeypatch: pytest.MonkeyPatch) -> tuple[int, int, int]:
    """(stamps parsed loading the state, stamps checked by the no-op, fact files) after an md build."""
    _bench().make_project(root, briefings, 1)
    build(root, DAY, formats=("md",), jobs=1)
    state = BuildState.load(root / "build")
    checked = []
    real = state_mod.file_changed

    def counting(path: Path, stamp: Stamp) -> tuple[bool, Stamp | None]:
        checked.append(path)
        return real(path, stamp)

    monkeypatch.setattr(plan_mod, "file_changed", counting)
    import datetime as dt
    names = fast_path(root, state, Options(formats=("md",)), target_config(dt.date.fromisoformat(DAY)))
    assert names is not None and len(names) == briefings
    return state.parsed, len(checked), len(list((root / "facts").glob("*.yaml")))


def test_a_noop_reads_each_input_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    parsed3, checked3, facts = _noop_counts(tmp_path / "three", 3, monkeypatch)
    parsed6, checked6, _ = _noop_counts(tmp_path / "six", 6, monkeypatch)
    # each briefing adds its spec and its output; the fact files, template and settings are shared
    assert parsed6 - parsed3 == 3 * 2
    assert checked6 - checked3 == 3 * 2
    assert parsed3 < facts + 3 * 4


def test_the_state_file_holds_each_fact_file_once(two: Path) -> None:
    build(two)
    data = json.loads((two / "build" / STATE_FILE).read_text())
    rows = [row[0] for row in data["stamps"]]
    assert rows.count("facts/example.yaml") == 1


def test_touching_a_file_keeps_other_targets_stale(two: Path) -> None:
    """Touching an input (same bytes) refreshes its time only in the stamps that match its bytes: a
    target built from an older version of the file still rebuilds (before, a no-op of one briefing
    gave every target the touched file's new stamp, and the other briefing was then called current)."""
    build(two, formats=("md",))
    fact = two / "facts" / "example.yaml"
    fact.write_text(fact.read_text().replace("announced a new policy", "announced a new rule"))
    assert _statuses(build(two, formats=("md",), ids=("example",))) == {"example.md": "built"}
    os.utime(fact, ns=(fact.stat().st_mtime_ns + 10**9,) * 2)
    assert _statuses(build(two, formats=("md",), ids=("example",))) == {"example.md": "current"}
    assert _statuses(build(two, formats=("md",))) == {"example.md": "current", "second.md": "built"}


def _statuses(result: Result) -> dict[str, str]:
    return {target: status for target, status, _ in result.events}


def test_a_corrupt_shared_stamp_table_rebuilds(two: Path) -> None:
    build(two)
    path = two / "build" / STATE_FILE
    data = json.loads(path.read_text())
    data["stamps"][0] = ["facts/example.yaml", "x", 1, "y"]
    path.write_text(json.dumps(data))
    state = BuildState.load(two / "build")
    assert state.warning and not state.targets
    data["targets"][next(iter(data["targets"]))]["files"] = {"facts": 99, "other": []}
    path.write_text(json.dumps(data))
    assert BuildState.load(two / "build").warning


@pytest.fixture
def two(starter: Path) -> Path:
    write(starter, {"briefings/second.yaml": (starter / "briefings/example.yaml").read_text().replace(
        "title: Example brief", "title: Second brief")})
    return starter
