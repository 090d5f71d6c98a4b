"""Print typography of the real briefs' PDFs: the theme's own fonts only, superscript note references,
no back-links, and no page that is mostly blank. Checked by structure and extracted text, never bytes."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from fontTools.ttLib import TTFont

from support import build, copy_repo, pdf_pages_text

pytestmark = pytest.mark.content

BRIEFINGS = ["eu-official", "uk-regulator", "uk-sme"]
_WORD_BOX = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
_MONTHS = "(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_FONT_FACE = re.compile(r"@font-face\s*{[^}]*src:\s*url\(([^)]+)\)", re.S)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_repo(tmp_path_factory.mktemp("print") / "repo")
    result = build(root, formats=("pdf",))
    assert not result.failed, result.failed
    return root


def declared_fonts(root: Path) -> set[str]:
    """The families of the font files the theme declares with @font-face, as WeasyPrint names them in a
    PDF (spaces as hyphens)."""
    sheet = root / "templates/styles/base.css"
    names = set()
    for url in _FONT_FACE.findall(sheet.read_text()):
        font = TTFont(str((sheet.parent / url.strip("\"'")).resolve()))
        names.add(str(font["name"].getDebugName(1)).replace(" ", "-"))
    return names


def family(base_font: str, families: set[str]) -> str:
    """The declared family a PDF font name (e.g. Open-Sans-Bold) belongs to, or the name itself."""
    return next((f for f in families if base_font == f or base_font.startswith(f + "-")), base_font)


def embedded_fonts(pdf: Path) -> set[str]:
    """The base names of every font in a PDF (its subset prefix ABCDEF+ dropped)."""
    found = set()
    with pikepdf.open(pdf) as doc:
        for page in doc.pages:
            resources: Any = page.obj.get("/Resources", {})
            for font in resources.get("/Font", {}).values():
                found.add(str(font.get("/BaseFont")).lstrip("/").split("+", 1)[-1])
    return found


@pytest.mark.parametrize("briefing", BRIEFINGS)
def test_every_glyph_from_the_theme_fonts(built: Path, briefing: str) -> None:
    declared = declared_fonts(built)
    assert {"Open-Sans", "Lato"} <= declared
    fonts = {family(name, declared) for name in embedded_fonts(built / f"build/{briefing}.pdf")}
    assert fonts and fonts <= declared, f"fonts not declared by the theme: {sorted(fonts - declared)}"


@pytest.mark.parametrize("briefing", BRIEFINGS)
def test_no_backlinks_and_glued_references(built: Path, briefing: str) -> None:
    text = "\n".join(pdf_pages_text(built / f"build/{briefing}.pdf"))
    assert "\u2191" not in text  # the notes' back-links are for the screen only
    # A reference starting a line would read "1 The next sentence" (or "[1] ...") at the line's start.
    starts = re.findall(rf"^\s*(?:\[\d+\]|\d{{1,2}}(?:,\d{{1,2}})*\s+(?!{_MONTHS})[A-Z])", text, re.M)  # not a date
    assert not starts, starts


def superscript_sizes(pdf: Path) -> list[tuple[str, float, float]]:
    """(word, height, baseline) of every word of a PDF, from pdftotext's bounding boxes."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [(m.group(5), float(m.group(4)) - float(m.group(2)), float(m.group(4)))
            for m in re.finditer(_WORD_BOX, out)]


@pytest.mark.parametrize("briefing", ["eu-official", "uk-regulator"])
def test_note_references_are_superscripts(built: Path, briefing: str) -> None:
    """A note reference is set smaller than the text around it, above its baseline."""
    words = superscript_sizes(built / f"build/{briefing}.pdf")
    sizes = [round(h) for _, h, _ in words]
    body = max((h for _, h, _ in words), key=lambda h: sizes.count(round(h)))
    small = [w for w, h, _ in words if re.fullmatch(r"[\d,]+", w) and h < 0.85 * body]
    assert small, "no note reference set as a superscript"


def page_fill(pdf: Path) -> list[float]:
    """How much of each page's text area (A4 less 20 mm margins) holds body text, 0 to 1."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    top, bottom = 20 / 25.4 * 72, 842 - 20 / 25.4 * 72
    fills = []
    for page in out.split("<page ")[1:]:
        ys = [float(y) for y in re.findall(r'yMax="([\d.]+)"', page) if top < float(y) < bottom]
        fills.append((max(ys) - top) / (bottom - top) if ys else 0.0)
    return fills


@pytest.mark.parametrize("briefing", BRIEFINGS)
def test_no_mostly_blank_last_page(built: Path, briefing: str) -> None:
    fills = page_fill(built / f"build/{briefing}.pdf")
    assert len(fills) == 1 or fills[-1] >= 0.15, f"the last of {len(fills)} pages is {fills[-1]:.0%} full"
