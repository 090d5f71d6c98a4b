"""The recipes for sharded builds (issue 26): a GitHub Actions matrix and a Kubernetes Indexed Job, each
valid YAML that runs the real commands with options briefgen has, splits the work as many ways as it
runs shards, and merges every one of them."""

from __future__ import annotations

import re
import shlex
import subprocess
from pathlib import Path
from typing import Any

import click
import pytest
import yaml
from click.testing import CliRunner

from briefgen.build.shard import Shard
from briefgen.commands import cli
from support import minimal_project
from test_schedule_recipes import CHECK_JSONSCHEMA


def printed(name: str) -> str:
    done = CliRunner().invoke(cli, ["recipe", name])
    assert done.exit_code == 0, done.output
    return done.output


def commands(script: str) -> list[list[str]]:
    """Each briefgen command line of a shell script, its variables given the values of shard 1."""
    script = script.replace("${{ matrix.shard }}", "1").replace("$k", "1").replace("/shards/", "shards/")
    found = []
    for line in script.splitlines():
        at = line.find("briefgen ")
        if at < 0 or line[:at].strip() not in ("", "status=0;") or "pip install" in line:
            continue
        words = shlex.split(re.split(r"\|\||&&|;", line[at:])[0].replace('"$AS_OF"', "2026-12-07"))
        found.append(words[1:])
    return found


def parsed(args: list[str]) -> dict[str, Any]:
    """The options of ``briefgen ARGS`` as briefgen parses them (an unknown option fails the test)."""
    command = cli.get_command(click.Context(cli), args[0])
    assert command is not None, args
    return command.make_context(args[0], args[1:]).params


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = minimal_project(tmp_path / "briefs")
    for k in range(1, 5):
        (root / f"shards/shard-{k}").mkdir(parents=True)
    monkeypatch.chdir(root)
    return root


def test_the_github_matrix_publishes_each_shard_then_merges_them_all(project: Path) -> None:
    jobs = yaml.safe_load(printed("shard-github"))["jobs"]
    shards = jobs["shard"]["strategy"]["matrix"]["shard"]
    runs = [[c for s in jobs[job]["steps"] for c in commands(s.get("run", ""))] for job in ("shard", "merge")]
    [publish], [merge] = runs
    assert parsed(publish)["shard"] == Shard(1, len(shards)) and shards == list(range(1, len(shards) + 1))
    assert parsed(merge)["shards"] == tuple(Path(f"shards/shard-{k}") for k in shards)
    assert jobs["shard"]["env"]["SOURCE_DATE_EPOCH"] == jobs["merge"]["env"]["SOURCE_DATE_EPOCH"]  # one date
    upload = next(s for s in jobs["shard"]["steps"] if s.get("uses", "").startswith("actions/upload-artifact"))
    assert upload["with"]["include-hidden-files"] is True and set(upload["with"]["path"].split()) == {
        "build/", "editions/"}
    assert jobs["merge"]["needs"] == ["moment", "shard"] and jobs["merge"]["if"] == "${{ !cancelled() }}"


def test_the_kubernetes_indexed_job_runs_shard_index_plus_one_then_a_merge(project: Path) -> None:
    shards, merge = yaml.safe_load_all(printed("shard-kubernetes"))
    spec = shards["spec"]
    assert (shards["kind"], spec["completionMode"]) == ("Job", "Indexed")
    script = spec["template"]["spec"]["containers"][0]["args"][0]
    assert "k=$((JOB_COMPLETION_INDEX + 1))" in script  # the index is 0-based, --shard 1-based
    [publish] = commands(script)
    assert parsed(publish)["shard"] == Shard(1, spec["completions"]) and spec["parallelism"] == spec["completions"]
    [merged] = commands(merge["spec"]["template"]["spec"]["containers"][0]["args"][0])
    assert parsed(merged)["shards"] == tuple(Path(f"shards/shard-{k}") for k in range(1, spec["completions"] + 1))
    assert (merge["kind"], shards["metadata"]["labels"], merge["metadata"]["labels"]) == (
        "Job", {"step": "shards"}, {"step": "merge"})


def test_the_github_matrix_passes_the_workflow_schema(tmp_path: Path) -> None:
    (tmp_path / "shards.yml").write_text(printed("shard-github"))
    done = subprocess.run([str(CHECK_JSONSCHEMA), "--builtin-schema", "vendor.github-workflows", "shards.yml"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
