"""The HTML edition's inlined stylesheet holds no paged media (issue 27: the Nu checker flags
string-set and content: string() as unknown CSS): @page and its margin boxes and string-set stay in the
print stylesheet WeasyPrint reads; the rest, @media print included, is kept."""

from __future__ import annotations

from pathlib import Path

from briefgen.writers.css import inert
from support import write


def test_inert_copy_drops_paged_media(tmp_path: Path) -> None:
    write(tmp_path, {"styles/a.css": """
        @page { size: A4; @top-center { content: string(marking); } }
        @page :first { @top-center { content: none; } }
        header .marking { string-set: marking content(); color: #000; }
        .running::before { content: string(title); }
        @media print { footer .marking { display: none; } }
        p { margin: 0; }
    """})
    text = inert(tmp_path / "styles/a.css", tmp_path)
    assert "@page" not in text and "string-set" not in text and "string(" not in text
    assert "header .marking { color: #000; }" in text
    assert "@media print { footer .marking { display: none; } }" in text
    assert "p { margin: 0; }" in text


def test_repository_themes_inline_without_paged_media() -> None:
    styles = Path(__file__).resolve().parent.parent / "templates/styles"
    for sheet in ("eu-official.css", "uk-regulator.css", "uk-sme.css"):
        text = inert(styles / sheet, styles.parent)
        assert "@page" not in text and "string-set" not in text and "string(" not in text, sheet
