"""A French brief (tests/fixtures/french, not the shipped content): lang fr-FR in every format, with French
dates, numbers, labels from the fr catalogue (one overridden by the project), « » quotation marks, and the
project's own yardstick."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pikepdf
import pytest

from support import REPO, build, pdf_pages_text

FIXTURE = REPO / "tests" / "fixtures" / "french"
NNBSP, NBSP = "\u202f", "\u00a0"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fr") / "projet"
    shutil.copytree(FIXTURE, root)
    result = build(root, day="2026-12-07")
    assert not result.failed, result.failed
    return root / "build"


def test_markdown_has_french_dates_numbers_and_phrases(built: Path) -> None:
    md = (built / "note.md").read_text("utf-8")
    assert "· 7 décembre 2026" in md  # the edition date, Babel's long date
    assert "12 mai 2026. Consulté le 1 juin 2026." in md  # a source's dates
    assert f"Un budget de 3{NNBSP}000,5 euros, soit 12,5{NBSP}% du total, ou 3{NNBSP}000{NBSP}€." in md
    assert "s.d." in md and "n.d." not in md  # an undated source
    assert "Éditeur non indiqué" in md  # the project's override of the fr catalogue's "Éditeur non précisé"
    assert "Déclaration officielle :" in md  # fact.kind_label
    assert "## Notre évaluation" in md  # t("kind_assessment")
    assert "d'ici un an.[^1][^2] (probable" in md  # an assessment's bases' notes, as any claim's (no "sur la base de")
    assert "*(En cours de réexamen depuis le 30 novembre 2026.)*" in md  # a fact past review_by
    assert "(probable : 55-75%)" in md  # the project's yardstick: likelihood and its range
    for english in ("drawing on", "Retrieved", "Under review", "Publisher", "December"):
        assert english not in md


def test_html_says_french_and_sets_french_quotes(built: Path) -> None:
    html = (built / "note.html").read_text("utf-8")
    assert html.startswith('<!DOCTYPE html>\n<html lang="fr-FR">\n')
    assert f"«{NBSP}en discussion{NBSP}»" in html
    assert "“" not in html and "”" not in html


def test_pdf_has_french_language_and_page_numbers(built: Path) -> None:
    with pikepdf.open(built / "note.pdf") as pdf:
        assert str(pdf.Root.Lang) == "fr-FR"  # kept through the PDF/UA repair
        assert "/StructTreeRoot" in pdf.Root
    page = " ".join(pdf_pages_text(built / "note.pdf")[0].split())
    assert "Page 1 sur 1" in page and " of " not in page  # the footer in the brief's language
    assert "7 décembre 2026" in page
    assert "« en discussion »" in page


def test_docx_language_quotes_and_footer(built: Path) -> None:
    with zipfile.ZipFile(built / "note.docx") as docx:
        styles = docx.read("word/styles.xml").decode()
        settings = docx.read("word/settings.xml").decode()
        core = docx.read("docProps/core.xml").decode()
        body = docx.read("word/document.xml").decode()
        footers = "".join(docx.read(n).decode() for n in docx.namelist() if n.startswith("word/footer"))
    assert '<w:lang w:val="fr-FR"' in styles
    assert '<w:themeFontLang w:val="fr-FR"' in settings
    assert "<dc:language>fr-FR</dc:language>" in core
    assert f"«{NBSP}en discussion{NBSP}»" in body
    assert "> sur </w:t>" in footers and "Page </w:t>" in footers and " of " not in footers


def test_text_is_french_with_french_quotes(built: Path) -> None:
    text = (built / "note.txt").read_text("utf-8")
    assert text.startswith("TLP:CLEAR\n\nNOTE D’INFORMATION SUR L’ACCÈS AUX MODÈLES D’IA\n")
    # (the text edition has always written no-break spaces as spaces: it wraps at 72 columns itself)
    assert "« en discussion »" in " ".join(text.split())
    assert "Consulté" in text and "s.d." in text
    assert "**" not in text
