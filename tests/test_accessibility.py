"""Accessibility is checked on every produced PDF and on the stylesheet's colours."""

from __future__ import annotations

from pathlib import Path

from briefgen.checks.accessibility import contrast
from support import build, write


def failure(root: Path) -> str:
    result = build(root, formats=("pdf",))
    assert len(result.failed) == 1
    return result.failed[0][1]


def test_contrast_ratio_matches_wcag() -> None:
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast("#767676", "#ffffff"), 2) == 4.54
    assert contrast("#ffffff", "#003399") > 4.5


def test_low_contrast_text_fails_the_build(starter: Path) -> None:
    css = starter / "templates/styles/example.css"
    css.write_text(css.read_text() + "\nh2 { color: #aaaaaa; }\n")
    message = failure(starter)
    assert message.startswith("the PDF fails accessibility checks:")
    assert "example.css: 'h2': text #aaaaaa on #ffffff has contrast 2.32:1, below 4.5:1" in message


def test_skipped_heading_level_fails_the_build(starter: Path) -> None:
    write(starter, {"templates/example.md.j2": "# Title\n\n### Straight to level three\n\nText.\n"})
    assert "heading levels skip from H1 to H3" in failure(starter)


def test_good_pdf_passes(starter: Path) -> None:
    assert not build(starter, formats=("pdf",)).failed
