"""Golden Markdown and HTML for the repository's real briefs.

Refresh after an intended change with `make golden`, then review `git diff tests/golden`.
"""

from __future__ import annotations

import datetime as dt
import os

import pytest

from briefgen.build.pipeline import Pipeline
from briefgen.content import project
from support import REPO, copy_repo

pytestmark = pytest.mark.content

GOLDEN = REPO / "tests" / "golden"
EDITION = dt.date(2026, 12, 7)  # the edition the briefs are written for (issue 24)
REFRESH = os.environ.get("BRIEFGEN_REFRESH_GOLDEN") == "1"
BRIEFINGS = sorted(p.stem for p in (REPO / "briefings").glob("*.yaml"))


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory: pytest.TempPathFactory) -> Pipeline:
    """The repository's content, copied so that no local build/ (editions) can change the output."""
    return Pipeline(project.load(copy_repo(tmp_path_factory.mktemp("golden") / "repo")))


@pytest.mark.parametrize("briefing_id", BRIEFINGS)
@pytest.mark.parametrize("fmt", ["md", "html", "txt"])
def test_golden(pipeline: Pipeline, briefing_id: str, fmt: str) -> None:
    rendered = pipeline.markdown(pipeline.project.briefings[briefing_id], EDITION)
    actual = pipeline.output(rendered, fmt).decode("utf-8")
    path = GOLDEN / f"{briefing_id}.{fmt}"
    if REFRESH:
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"no golden file {path.name}: run `make golden`"
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"{path.name} differs: run `make golden` if the change is intended"
