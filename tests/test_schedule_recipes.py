"""Scheduling recipes for a content repository that installs briefgen from a package index, pinned to a
version (issue 23): `briefgen recipe NAME` prints them, `briefgen init` writes them into contrib/, and
none assumes this repository's Makefile or scripts/."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from briefgen import __version__
from briefgen.commands import cli
from briefgen.content.starter import RECIPE_FILES, scaffold

CHECK_JSONSCHEMA = Path(sys.executable).with_name("check-jsonschema")


def printed(name: str) -> str:
    done = CliRunner().invoke(cli, ["recipe", name])
    assert done.exit_code == 0, done.output
    return done.output


@pytest.mark.parametrize("name", sorted(RECIPE_FILES))
def test_each_recipe_is_for_a_content_repository_with_a_pinned_briefgen(name: str) -> None:
    text = printed(name)
    assert "scripts/" not in text and "make " not in text and ".venv/.installed" not in text
    assert "@BRIEFGEN_VERSION@" not in text
    assert f"briefgen=={__version__}" in text or f"briefgen {__version__}" in text or f"version={__version__}" in text
    if name == "systemd":
        assert text.count("# file: ") == 2 and "[Timer]" in text and "ExecStart=/bin/sh contrib/publish.sh" in text


def test_init_writes_the_recipes_pinned(tmp_path: Path) -> None:
    scaffold(tmp_path / "briefs")
    for name, files in RECIPE_FILES.items():
        for file in files:
            written = (tmp_path / "briefs" / "contrib" / file).read_text()
            assert written in printed(name)
    assert f'version={__version__}\n' in (tmp_path / "briefs/contrib/publish.sh").read_text()


def test_the_ci_recipes_push_a_partial_publish_and_ship_only_what_was_recorded() -> None:
    github = yaml.safe_load(printed("github"))["jobs"]["publish"]["steps"]
    push = next(s for s in github if s.get("run", "").startswith("git push"))
    upload = next(s for s in github if s.get("uses", "").startswith("actions/upload-artifact"))
    assert push["if"] == upload["if"] == "${{ !cancelled() }}" and upload["with"]["path"] == "editions/"
    assert next(s["run"] for s in github if "sudo" in s.get("run", "")).startswith("sudo apt-get update")
    gitlab = yaml.safe_load(printed("gitlab"))["publish-briefs"]
    assert gitlab["script"][-1] == 'exit "$status"' and gitlab["artifacts"]["paths"] == ["editions/"]


@pytest.mark.parametrize(("name", "schema"), [("github", "vendor.github-workflows"), ("gitlab", "vendor.gitlab-ci")])
def test_the_ci_recipes_pass_their_schemas(name: str, schema: str, tmp_path: Path) -> None:
    """check-jsonschema's bundled schemas (offline): the printed recipe and this repository's own."""
    own = {"github": "github-publish.yml", "gitlab": "gitlab-ci.yml"}[name]
    (tmp_path / f"{name}.yml").write_text(printed(name))
    shutil.copy(Path(__file__).parent.parent / "contrib" / own, tmp_path / own)
    done = subprocess.run([str(CHECK_JSONSCHEMA), "--builtin-schema", schema, f"{name}.yml", own], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_systemd_units_verify(tmp_path: Path) -> None:
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed (Debian: apt-get install systemd)")
    text = printed("systemd")
    for chunk in text.split("# file: contrib/")[1:]:
        name, body = chunk.split("\n", 1)
        (tmp_path / name).write_text(body)
    done = subprocess.run(["systemd-analyze", "verify", "briefgen.timer", "briefgen.service"], cwd=tmp_path,
                          capture_output=True, text=True)
    assert done.returncode == 0 and not done.stderr.strip(), done.stderr
