"""PDFs checked by structure and extracted text, never by bytes against a file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pypdf
import pytest

from briefgen.build.pipeline import Pipeline
from briefgen.content import project
from briefgen.exceptions import BuildError
from support import build, pdf_pages_text, write

DAY = dt.date(2026, 11, 24)


def built_pdf(root: Path) -> Path:
    result = build(root, formats=("pdf",))
    assert not result.failed, result.failed
    return root / "build/example.pdf"


def test_structure_and_metadata(starter: Path) -> None:
    reader = pypdf.PdfReader(built_pdf(starter))
    root: Any = reader.trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    meta: Any = reader.metadata
    assert meta.title == "Example brief"
    assert meta["/marking"] == "TLP:CLEAR"
    assert meta["/CreationDate"].startswith("D:20261124")
    pages: list[Any] = list(reader.pages)
    fonts = {f["/BaseFont"] for page in pages for f in page["/Resources"]["/Font"].values()}
    assert fonts
    for page in pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            assert "/FontFile2" in descriptor or "/FontFile3" in descriptor  # embedded


def test_marking_on_every_page(starter: Path) -> None:
    many = "\n".join(f"- {{{{ fact('example-event') }}}} Paragraph {i}." for i in range(120))
    write(starter, {"templates/example.md.j2": f"# Long\n\n{many}\n"})
    pages = pdf_pages_text(built_pdf(starter))
    assert len(pages) >= 3
    for number, text in enumerate(pages, 1):
        assert text.count("TLP:CLEAR") >= 2, f"page {number} lacks its header and footer marking"
        assert f"Page {number} of {len(pages)}" in text


def test_same_inputs_same_bytes(starter: Path, tmp_path: Path) -> None:
    first = built_pdf(starter).read_bytes()
    (starter / "build/example.pdf").unlink()
    assert built_pdf(starter).read_bytes() == first


@pytest.mark.parametrize("src", [
    "/etc/passwd", "../../../etc/hostname", "http://127.0.0.1:9/x.png",
])
def test_template_cannot_pull_outside_files(starter: Path, src: str) -> None:
    write(starter, {"templates/example.md.j2": f"# T\n\n![A picture]({src})\n"})
    loaded = project.load(starter)
    pipeline = Pipeline(loaded)
    rendered = pipeline.markdown(loaded.briefings["example"], DAY)
    with pytest.raises(BuildError, match="refused"):
        pipeline.pdf(rendered)


def test_stylesheet_cannot_read_outside(starter: Path) -> None:
    css = starter / "templates/styles/example.css"
    css.write_text(css.read_text() + "\nbody { background: url(/etc/hostname); }\n")
    loaded = project.load(starter)
    pipeline = Pipeline(loaded)
    with pytest.raises(BuildError, match="refused"):
        pipeline.pdf(pipeline.markdown(loaded.briefings["example"], DAY))


def test_file_urls_are_not_even_links(starter: Path) -> None:
    write(starter, {"templates/example.md.j2": "# T\n\n![A picture](file:///etc/hostname)\n"})
    pages = pdf_pages_text(built_pdf(starter))
    assert "![A picture](file:///etc/hostname)" in pages[0]
    assert Path("/etc/hostname").read_text().strip() not in pages[0].replace("/etc/hostname", "")


def test_stylesheet_problem_fails_every_brief_using_it(starter: Path, caplog: pytest.LogCaptureFixture) -> None:
    css = starter / "templates/styles/example.css"
    css.write_text(css.read_text() + "\nh1 { width: bogus-value; }\n")
    spec = (starter / "briefings/example.yaml").read_text()
    (starter / "briefings/copy.yaml").write_text(spec)
    result = build(starter, formats=("pdf",), jobs=1)
    failed = dict(result.failed)
    assert set(failed) == {"example.pdf", "copy.pdf"}
    for message in failed.values():
        assert message.startswith("stylesheet styles/example.css (or a file it imports) has problems:")
        assert "bogus-value" in message or "invalid value" in message
    caplog.clear()


def test_image_without_alt_text_fails(starter: Path) -> None:
    (starter / "assets").mkdir()
    write(starter, {"templates/example.md.j2": "# T\n\n![](../assets/logo.png)\n"})
    result = build(starter, formats=("pdf",))
    assert result.failed == [("example.pdf", "image '../assets/logo.png' has no alt text: "
                              "write ![what it shows](../assets/logo.png)")]
