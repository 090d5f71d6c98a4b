"""The build checks each PDF's objects as WeasyPrint serialises them (checks/pdf_objects.py, in its
finisher hook) instead of parsing the written bytes back: the two checks must agree, and a build
must parse no PDF it writes."""

from __future__ import annotations

import datetime as dt
import io
import unittest.mock
from pathlib import Path
from typing import Any

import pikepdf

from briefgen.build.pipeline import Pipeline
from briefgen.checks.accessibility import check_pdf
from briefgen.checks.pdf_objects import check_objects
from briefgen.content import project
from briefgen.writers.pdf import PdfWriter
from support import build, write
from test_pdfua import _template


def _both(starter: Path, repaired: bool) -> tuple[tuple[list[str], int], tuple[list[str], int]]:
    """(check of the objects as they were about to be written, check of the bytes written)."""
    write(starter, {"templates/example.md.j2": _template()})
    proj = project.load(starter)
    pipeline = Pipeline(proj)
    rendered = pipeline.markdown(proj.briefings["example"], dt.date(2026, 11, 24))
    writer = PdfWriter([proj.templates, proj.assets], base=proj.templates)
    seen: list[tuple[list[str], int]] = []

    def verify(pdf: Any) -> list[str]:
        seen.append(check_objects(pdf))
        return []

    html = pipeline.html(rendered, inline_css=False)
    sheets = [proj.templates / "styles/example.css"]
    if repaired:
        data = writer.write(html, sheets, verify=verify)
    else:
        with unittest.mock.patch("briefgen.writers.pdf.repair", lambda pdf: None):
            data = writer.write(html, sheets, verify=verify)
    return seen[0], check_pdf(data)


def test_object_check_finds_what_the_byte_check_finds_in_weasyprints_raw_output(starter: Path) -> None:
    (objects, pages), (from_bytes, pages_read) = _both(starter, repaired=False)
    assert pages == pages_read >= 3
    assert objects == from_bytes
    found = "\n".join(objects)
    for fault in ("neither artifacts nor in the tag tree", "(TH) has no /Scope", "not Lbl + LBody",
                  "lacks the Print flag"):
        assert fault in found


def test_object_check_passes_what_the_byte_check_passes(starter: Path) -> None:
    (objects, pages), (from_bytes, pages_read) = _both(starter, repaired=True)
    assert objects == from_bytes == []
    assert pages == pages_read


def test_object_check_reports_a_missing_language_and_title(starter: Path) -> None:
    write(starter, {"templates/example.md.j2": _template(3)})
    proj = project.load(starter)
    pipeline = Pipeline(proj)
    rendered = pipeline.markdown(proj.briefings["example"], dt.date(2026, 11, 24))
    writer = PdfWriter([proj.templates, proj.assets], base=proj.templates)
    seen: list[list[str]] = []

    def verify(pdf: Any) -> list[str]:
        del pdf.catalog["Lang"]
        del pdf.info["Title"]
        seen.append(check_objects(pdf)[0])
        return []

    data = writer.write(pipeline.html(rendered, inline_css=False), [proj.templates / "styles/example.css"],
                        verify=verify)
    assert seen[0] == check_pdf(data)[0] == ["the PDF has no document language (/Lang)", "the PDF has no title"]


def test_a_build_parses_no_pdf_it_writes_and_each_passes_the_byte_check(starter: Path) -> None:
    write(starter, {"templates/example.md.j2": _template()})
    opened = unittest.mock.Mock(side_effect=pikepdf.open)
    with unittest.mock.patch("pikepdf.open", opened):
        result = build(starter, formats=("pdf",))
    assert not result.failed, result.failed
    assert opened.call_count == 0
    written = sorted((starter / "build").glob("*.pdf"))
    assert written
    for path in written:
        assert check_pdf(path.read_bytes())[0] == []
        with pikepdf.open(io.BytesIO(path.read_bytes())) as pdf:
            assert "/StructTreeRoot" in pdf.Root


def test_a_failing_object_check_fails_the_build(starter: Path) -> None:
    write(starter, {"templates/example.md.j2": _template(3)})
    with unittest.mock.patch("briefgen.checks.pdf_objects._fonts", lambda graph: ["font X is not embedded"]):
        result = build(starter, formats=("pdf",))
    assert result.failed
    assert "font X is not embedded" in str(result.failed)
    assert not (starter / "build/example.pdf").exists()
