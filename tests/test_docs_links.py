"""Every relative link in README.md and docs/ leads somewhere: the file exists, and the heading it names is there.

``mkdocs build --strict`` (in ``make test``) checks the site's links too; this test checks them as the Markdown
is read on its own (in an editor, on a code host), README.md included, which mkdocs does not build.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DOCS = REPO / "docs"
#: Pages of the site made from files outside docs/ (docs/hooks.py): site path to the file.
OUTSIDE = {"security.md": REPO / "SECURITY.md"}
LINK = re.compile(r"(?<!!)\[[^\]]*\]\((?P<target><[^>]*>|[^)\s]+)\)")
FENCE = re.compile(r"^(```|~~~).*?^\1", re.S | re.M)
CODE = re.compile(r"`[^`\n]*`")


def pages() -> list[Path]:
    return [REPO / "README.md", *sorted(DOCS.glob("*.md"))]


def links(text: str) -> list[str]:
    """The link targets of a Markdown text, outside code blocks and code spans."""
    prose = CODE.sub("", FENCE.sub("", text))
    return [m["target"].strip("<>") for m in LINK.finditer(prose)]


def anchors(text: str) -> set[str]:
    """The anchors of a page's headings, as mkdocs (Python-Markdown's toc) makes them."""
    found = set()
    for heading in re.findall(r"^#{1,6} (.+?)\s*$", FENCE.sub("", text), re.M):
        plain = re.sub(r"[^\w\s-]", "", heading.replace("`", "")).strip().lower()
        found.add(re.sub(r"[-\s]+", "-", plain))
    return found


def resolve(page: Path, target: str) -> str | None:
    """Why ``target``, a link on ``page``, leads nowhere; None when it resolves."""
    path, _, anchor = target.partition("#")
    if not path:
        file = page
    else:
        file = (page.parent / path).resolve()
        if page.parent == DOCS and path in OUTSIDE:
            file = OUTSIDE[path]
        if not file.exists():
            return f"no such file: {path}"
    if anchor and anchor not in anchors(file.read_text(encoding="utf-8")):
        return f"no heading with the anchor #{anchor} in {file.relative_to(REPO)}"
    return None


@pytest.mark.parametrize("page", pages(), ids=lambda p: str(p.relative_to(REPO)))
def test_every_relative_link_resolves(page: Path) -> None:
    relative = [t for t in links(page.read_text(encoding="utf-8")) if not re.match(r"[a-z]+:", t)]
    broken = [f"{t}: {why}" for t in relative if (why := resolve(page, t))]
    assert broken == []


def test_the_checker_sees_a_broken_link_and_a_missing_anchor(tmp_path: Path) -> None:
    page = DOCS / "index.md"
    assert resolve(page, "nowhere.md") == "no such file: nowhere.md"
    assert resolve(page, "getting-started.md#no-such-heading") is not None
    assert resolve(page, "getting-started.md#your-first-brief-in-five-minutes") is None
    assert resolve(page, "security.md") is None
    assert links("see [a](a.md), `[b](b.md)`, ![c](c.png) and\n```\n[d](d.md)\n```\n") == ["a.md"]


def test_every_page_is_in_the_navigation() -> None:
    import yaml

    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    listed = {next(iter(item.values())) for item in config["nav"]}
    assert listed == {p.name for p in DOCS.glob("*.md")} | set(OUTSIDE)


@pytest.mark.slow
def test_the_strict_site_build_refuses_a_broken_link_and_a_missing_anchor(tmp_path: Path) -> None:
    """What `make test` relies on: mkdocs.yml makes a link to no page, and to no heading, an error.
    (The build runs without --quiet: with it, mkdocs drops the warnings before --strict counts them.)"""
    import shutil
    import subprocess
    import sys

    shutil.copytree(DOCS, tmp_path / "docs")
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copy(REPO / "SECURITY.md", tmp_path / "SECURITY.md")
    mkdocs = [str(Path(sys.executable).parent / "mkdocs"), "build", "--strict", "--site-dir", str(tmp_path / "site")]

    def build() -> subprocess.CompletedProcess[str]:
        return subprocess.run(mkdocs, cwd=tmp_path, capture_output=True, text=True, timeout=120)

    assert build().returncode == 0
    index = tmp_path / "docs/index.md"
    original = index.read_text(encoding="utf-8")
    for bad in ("[x](nowhere.md)", "[x](getting-started.md#no-such-heading)"):
        index.write_text(f"{original}\n{bad}\n", encoding="utf-8")
        done = build()
        target = bad[4:-1].partition("#")
        assert done.returncode != 0 and (target[2] or target[0]) in done.stdout + done.stderr, bad
