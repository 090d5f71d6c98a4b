"""PDF/UA structure of the PDFs briefgen writes, checked with pikepdf (checks/pdfua.py): furniture as
artifacts, scoped table headers, list bodies, printable links (repaired in WeasyPrint's finisher hook:
writers/pdf_tags.py); and the checker itself on WeasyPrint's raw output, which has each of those faults."""

from __future__ import annotations

import datetime as dt
import io
import unittest.mock
from pathlib import Path

import pikepdf
import pytest

from briefgen.build.pipeline import Pipeline
from briefgen.checks.accessibility import check_pdf
from briefgen.checks.pdfua import elements, structure_problems
from briefgen.content import project
from briefgen.writers.pdf import PdfWriter
from support import build, copy_repo, pdf_pages_text, write

#: Furniture on every page, a table, a loose list (items holding paragraphs), a note (a link), and enough
#: text to run over three pages.
TEMPLATE = """\
# Structured

| Option | Cost | Owner |
| --- | --- | --- |
| Do nothing | None | DSIT |
| Legislate | High | Parliament |

- First point, loose.

- Second point, loose.

- Third point.

{facts}
"""


def _template(paragraphs: int = 90) -> str:
    many = "\n\n".join(f"Paragraph {i}: {{{{ fact('example-event') }}}}" for i in range(paragraphs))
    return TEMPLATE.format(facts=many) + '\n{% include "partials/notes.md.j2" %}\n'


def _raw_and_finished(starter: Path) -> tuple[bytes, bytes]:
    write(starter, {"templates/example.md.j2": _template()})
    result = build(starter, formats=("pdf",))
    assert not result.failed, result.failed
    return _weasyprint_only(starter), (starter / "build/example.pdf").read_bytes()


def _weasyprint_only(starter: Path, repaired: bool = False) -> bytes:
    """The same brief as WeasyPrint alone writes it (no repairs, unless ``repaired``), through the
    writer's own settings."""
    proj = project.load(starter)
    pipeline = Pipeline(proj)
    rendered = pipeline.markdown(proj.briefings["example"], dt.date(2026, 11, 24))
    writer = PdfWriter([proj.templates, proj.assets], base=proj.templates)
    sheets = [proj.templates / "styles/example.css"]
    html = pipeline.html(rendered, inline_css=False)
    if repaired:
        return writer.write(html, sheets)
    with unittest.mock.patch("briefgen.writers.pdf.repair", lambda pdf: None):
        return writer.write(html, sheets)


def _problems(data: bytes) -> list[str]:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return structure_problems(pdf)


def test_weasyprint_alone_fails_the_check(starter: Path) -> None:
    raw, _ = _raw_and_finished(starter)
    found = "\n".join(_problems(raw))
    assert "neither artifacts nor in the tag tree" in found  # the running marking and page numbers
    assert "(TH) has no /Scope" in found
    assert "holds /Lbl + /P, not Lbl + LBody" in found
    assert "lacks the Print flag" in found


def test_written_pdf_passes_the_structure_check(starter: Path) -> None:
    _, finished = _raw_and_finished(starter)
    assert _problems(finished) == []
    assert check_pdf(finished)[0] == []


def test_furniture_is_pagination_artifact_and_still_extractable(starter: Path) -> None:
    _, finished = _raw_and_finished(starter)
    with pikepdf.open(io.BytesIO(finished)) as pdf:
        assert len(pdf.pages) >= 3
        for page in pdf.pages:
            artifacts = [i.operands[1] for i in pikepdf.parse_content_stream(page)
                         if str(i.operator) == "BDC" and i.operands[0] == pikepdf.Name.Artifact]
            assert artifacts and all(a.Type == pikepdf.Name.Pagination for a in artifacts)
    pages = pdf_pages_text(starter / "build/example.pdf")
    for number, text in enumerate(pages, 1):
        assert text.count("TLP:CLEAR") >= 2, f"page {number} lost its running marking"
        assert f"Page {number} of {len(pages)}" in text


def test_header_cells_scoped_as_columns(starter: Path) -> None:
    _, finished = _raw_and_finished(starter)
    with pikepdf.open(io.BytesIO(finished)) as pdf:
        scopes = [str(e.A.Scope) for e in elements(pdf.Root.StructTreeRoot) if e.S == pikepdf.Name.TH]
    assert scopes == ["/Column"] * 3


def test_repairs_are_deterministic(starter: Path) -> None:
    _, finished = _raw_and_finished(starter)
    assert _weasyprint_only(starter, repaired=True) == _weasyprint_only(starter, repaired=True) == finished


@pytest.mark.content
def test_real_briefs_pass_the_structure_check(tmp_path: Path) -> None:
    root = copy_repo(tmp_path / "repo")
    result = build(root, formats=("pdf",))
    assert not result.failed, result.failed
    for name in ("eu-official", "uk-regulator", "uk-sme"):
        data = (root / "build" / f"{name}.pdf").read_bytes()
        assert check_pdf(data)[0] == [], name
