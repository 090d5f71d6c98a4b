"""``briefgen init``: the starter kit is the repository's house look, builds as it stands, and the README's
"Adding an audience" works on it as written; and all of that from an installed wheel, not this checkout."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from briefgen.content.starter import scaffold
from support import REPO, build, pdf_pages_text, write

KIT = REPO / "src" / "briefgen" / "scaffold"


@pytest.mark.parametrize("rel", ["templates/styles/base.css", "templates/partials/title.md.j2",
                                 "templates/partials/header-uk.md.j2", "templates/partials/header-eu.md.j2",
                                 "templates/partials/notes.md.j2", "templates/partials/changes.md.j2",
                                 *[f"assets/fonts/{p.name}" for p in sorted((REPO / "assets/fonts").iterdir())]])
def test_kit_keeps_in_step_with_the_repository(rel: str) -> None:
    """The kit's house stylesheet, partials and fonts are the repository's own: when one changes, copy it
    (cp <repo file> src/briefgen/scaffold/<same path>)."""
    assert (KIT / rel).read_bytes() == (REPO / rel).read_bytes(), f"src/briefgen/scaffold/{rel} differs from {rel}"


def test_init_gives_two_audiences_in_html_with_the_house_fonts(tmp_path: Path) -> None:
    root = tmp_path / "kit"
    scaffold(root)
    assert (root / ".gitignore").read_text() == "/build/\n/editions/**/.tmp-*\n/.venv/\n"
    result = build(root)
    assert not result.failed
    for bid in ("public-guide", "officials-note"):
        for fmt in ("md", "html", "pdf"):
            assert (root / f"build/{bid}.{fmt}").is_file(), f"{bid}.{fmt}"
    assert "# Example guide" in (root / "build/public-guide.md").read_text()
    officials = (root / "build/officials-note.md").read_text()
    assert "::: header uk" in officials and "[^1]: " in officials
    assert officials.count("## Sources") == 1  # the template's heading; the partial prints none
    assert {"Open-Sans", "Open-Sans-Bold"} <= fonts(root / "build/public-guide.pdf")
    assert {"Lato", "Lato-Bold"} <= fonts(root / "build/officials-note.pdf")


def fonts(pdf: Path) -> set[str]:
    """The base names of the fonts embedded in ``pdf``, from poppler's pdffonts (subset prefix removed)."""
    out = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True, text=True).stdout
    return {line.split()[0].split("+", 1)[-1] for line in out.splitlines()[2:] if line.strip()}


def test_adding_an_audience_as_the_readme_says(tmp_path: Path) -> None:
    """docs/writing-templates.md, "Adding an audience, without touching Python": steps 1 to 5 on a fresh starter."""
    readme = (REPO / "docs/writing-templates.md").read_text()
    assert 'include\n   `partials/title.md.j2`' in readme and '`@import "base.css";`' in readme
    root = tmp_path / "kit"
    scaffold(root)
    write(root, {
        "templates/board.md.j2": """
            {% include "partials/title.md.j2" %}
            {% set changes_heading = "New since" %}
            {% include "partials/changes.md.j2" %}
            ## In short

            {{ fact("example-event") }}

            ## Sources

            {% include "partials/notes.md.j2" %}
            """,
        "templates/styles/board.css": '@import "base.css";\nh2 { color: #4c2c92; }\n',
        "briefings/board.yaml": """
            title: For the board
            audience: board
            template: board.md.j2
            stylesheet: styles/board.css
            style: uk
            citations: notes
            facts: [example-event]
            ceiling: TLP:CLEAR
            """,
        "facts/board.yaml": "facts: []\n",
    })
    from briefgen.reports.check import check_project

    assert check_project(root, "2026-11-24").startswith("ok:")
    result = build(root, ids=("board",))
    assert not result.failed
    assert "An example organisation announced" in pdf_pages_text(root / "build/board.pdf")[0]
    assert "Open-Sans" in fonts(root / "build/board.pdf")


def test_init_runs_git_init_outside_a_repository_only(tmp_path: Path) -> None:
    from briefgen.content.starter import git_init

    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    fresh = tmp_path / "fresh"
    scaffold(fresh)
    assert git_init(fresh) is not None and (fresh / ".git").is_dir()
    inner = fresh / "inside"
    scaffold(inner)
    assert git_init(inner) is None and not (inner / ".git").exists()


@pytest.mark.slow
def test_from_a_built_wheel_in_a_fresh_virtual_environment(tmp_path: Path) -> None:
    """`pip wheel .`, a new venv with only that wheel installed (not editable, not this checkout), then
    `briefgen init` and `briefgen build`: the PDFs are set in the bundled house fonts.

    The wheel is installed with --no-deps; the venv finds briefgen's dependencies through a .pth line
    naming this environment's site-packages (added after the venv's own, so the wheel's briefgen wins,
    and .pth files there, such as the editable install's finder, are not run)."""
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(REPO), "--no-deps", "-q", "-w", str(wheels)],
                   check=True, capture_output=True)
    wheel = next(wheels.glob("briefgen-*.whl"))
    import zipfile

    with zipfile.ZipFile(wheel) as archive:
        metadata = archive.read(next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))).decode()
    assert "License-Expression: MIT" in metadata and "Classifier: Programming Language :: Python :: 3.11" in metadata
    assert "Description-Content-Type: text/markdown" in metadata
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    (site / "zz-briefgen-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q",
                    str(wheel)], check=True, capture_output=True)
    env = {**os.environ, "PATH": f"{venv / 'bin'}:{os.environ['PATH']}"}
    work = tmp_path / "work"
    work.mkdir()
    where = subprocess.run([str(python), "-c", "import briefgen; print(briefgen.__file__)"], check=True,
                           capture_output=True, text=True, cwd=work, env=env).stdout
    assert where.startswith(str(site)), where  # the wheel's copy, not this checkout
    init = subprocess.run([str(venv / "bin/briefgen"), "init", "brief"], cwd=work, env=env,
                          capture_output=True, text=True)
    assert init.returncode == 0, init.stdout + init.stderr
    done = subprocess.run([str(venv / "bin/briefgen"), "build", "--as-of", "2026-11-24"], cwd=work / "brief",
                          env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert {"Open-Sans", "Open-Sans-Bold"} <= fonts(work / "brief/build/public-guide.pdf")
    assert {"Lato", "Lato-Bold"} <= fonts(work / "brief/build/officials-note.pdf")
    assert (work / "brief/build/public-guide.html").is_file()


def test_the_long_description_has_no_links_that_break_outside_the_repository() -> None:
    """The README is the package's long description (pip show, PyPI): a relative link there points nowhere."""
    import re

    readme = (REPO / "README.md").read_text()
    links = re.findall(r"\]\(([^)\s]+)\)", readme)
    relative = [link for link in links if not link.startswith(("http://", "https://", "mailto:", "#"))]
    assert relative == []


def test_a_brief_with_one_undated_source_says_so_in_words(tmp_path: Path) -> None:
    """A new user saw "Of the 1 sources, 1 is undated." in the starter's example brief."""
    from click.testing import CliRunner

    from briefgen.commands import cli

    root = tmp_path / "kit"
    scaffold(root)
    result = CliRunner().invoke(cli, ["build", "-p", str(root), "-f", "md", "--as-of", "2026-11-24"])
    assert result.exit_code == 0, result.output
    text = "\n".join(p.read_text() for p in (root / "build").glob("*.md"))
    assert "Of the 1 sources" not in text
