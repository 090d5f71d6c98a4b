"""Helpers shared by the tests."""

from __future__ import annotations

import subprocess
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from briefgen.build.options import Result

REPO = Path(__file__).resolve().parent.parent
SOURCES_ENV = "BRIEFGEN_SOURCES"


def source_archive() -> Path:
    """The folder of archived source articles: $BRIEFGEN_SOURCES, else ../shared/sources beside the
    repository. Where it is missing, a test that needs it fails under CI and is skipped loudly
    elsewhere (conftest prints a warning at the end of the run)."""
    import os

    import pytest

    folder = Path(os.environ.get(SOURCES_ENV) or REPO.parent / "shared" / "sources")
    if not folder.is_dir():
        message = (f"the source archive {folder} is missing, so the fact base was NOT checked against its "
                   f"sources; put the articles there or set {SOURCES_ENV}")
        MISSING.append(message)
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return folder


MISSING: list[str] = []


def copy_repo(root: Path) -> Path:
    """A copy of this repository's content at ``root``, so that no local build/ can change results."""
    import shutil

    for name in ("facts", "briefings", "templates", "assets"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "briefgen.yaml", root / "briefgen.yaml")
    return root


MINIMAL = REPO / "tests" / "fixtures" / "minimal"


def minimal_project(root: Path) -> Path:
    """A small project that builds as it stands (one briefing, ``example``, two facts, one source, a
    plain stylesheet): the engine's tests run on it. ``briefgen init``'s starter kit, richer, is
    tested on its own (tests/test_starter.py)."""
    import shutil

    shutil.copytree(MINIMAL, root)
    (root / ".gitignore").write_text("/build/\n")
    return root


def write(root: Path, files: dict[str, str]) -> Path:
    """Write ``files`` (path -> text, dedented) under ``root``; return ``root``."""
    for rel, text in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


def pdf_pages_text(path: Path) -> list[str]:
    """The text of each page of a PDF, from poppler's pdftotext."""
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                         capture_output=True, text=True).stdout
    pages = out.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def build(root: Path, day: str = "2026-11-24", **options: Any) -> Result:
    """Run a build of ``root`` as the CLI would; return its Result (events recorded)."""
    import datetime as dt

    from briefgen.build.options import Options
    from briefgen.build.run import run

    return run(root.resolve(), Options(**options), dt.date.fromisoformat(day), lambda *a: None)


def straight(text: str) -> str:
    """``text`` with curly quotes made straight: every edition sets quotes curly (rendering.typography),
    so literal-text checks compare with the quotes straightened on both sides."""
    return text.translate(str.maketrans("\u201c\u201d\u2018\u2019", "\"\"''"))


def problems(root: Path) -> list[str]:
    """Every problem ``project.load`` reports for ``root``, as its messages (it must refuse the project)."""
    import pytest

    from briefgen.content import project
    from briefgen.exceptions import ValidationError

    with pytest.raises(ValidationError) as info:
        project.load(root)
    return [str(p) for p in info.value.problems]
