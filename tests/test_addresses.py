"""Addresses: the brief's source URLs and email addresses are real links, and in print an address
never breaks at a hyphen nor gains one (issue 27; issue 24's "policy-/team")."""

from __future__ import annotations

import re
import subprocess
from html import unescape
from pathlib import Path

import pikepdf

from briefgen.writers.addresses import GLUE, LONG_PART, glued
from briefgen.writers.html import make_markdown, render_body
from support import build, write

SOURCE = "https://example.org/uk-government-enters-into-mou-with-open-ai"


def test_source_urls_and_emails_become_links() -> None:
    html = render_body(make_markdown(), f"Write to policy-team@example.org. See {SOURCE}.", urls=[SOURCE])
    assert '<a href="mailto:policy-team@example.org" class="address">policy-team@example.org</a>.' in html
    assert f'<a href="{SOURCE}" class="address">{SOURCE}</a>.' in html


def test_other_addresses_stay_text() -> None:
    html = render_body(make_markdown(), "A fact says https://evil.example/x and file:///etc/passwd.", urls=[SOURCE])
    assert "<a " not in html


def test_existing_links_left_alone() -> None:
    html = render_body(make_markdown(), "[mail us](mailto:a@b.org) or a@b.org", urls=[])
    assert html.count("<a ") == 2 and 'class="address">a@b.org' in html


def test_glue_only_inside_address_links() -> None:
    html = '<p>well-known <a href="mailto:a-b@c.org" class="address">a-b@c.org</a></p>'
    assert glued(html) == f'<p>well-known <a href="mailto:a-b@c.org" class="address">a-{GLUE}b@c.org</a></p>'


def test_pdf_address_never_breaks_at_its_hyphen(starter: Path) -> None:
    # the address at every position along a line: some would straddle the line's end
    lines = "\n\n".join(f"{'word ' * (i % 12)}{'x' * (i // 12)} policy-team@example.org" for i in range(60))
    write(starter, {"templates/example.md.j2": f"# Contacts\n\n{lines}\n"})
    result = build(starter, formats=("pdf",))
    assert not result.failed, result.failed
    pdf = starter / "build/example.pdf"
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    assert text.count("policy-team@example.org") == 60, [s for s in text.split() if "team@" in s]
    assert GLUE not in text and "\u2011" not in text
    with pikepdf.open(pdf) as doc:
        uris = [str(a.A.URI) for page in doc.pages for a in page.obj.get("/Annots", []) if "/A" in a]
    assert uris.count("mailto:policy-team@example.org") >= 60


def test_a_path_part_longer_than_a_line_breaks_before_a_hyphen() -> None:
    long = "anthropic-offers-enisa-access-to-its-mythos-model-discussions-now-focus-on-secure-access"
    html = f'<a href="https://x.eu/a-b/{long}" class="address">https://x.eu/a-b/{long}</a>'
    text = glued(html).split('">', 1)[1]
    assert f"a-{GLUE}b/" in text  # a short part: never broken
    assert f"anthropic\u200b-{GLUE}offers" in text  # a long part: may break before its hyphens


def test_pdf_long_url_never_overflows_the_page(starter: Path) -> None:
    long = "https://agenceurope.eu/en/bulletin/article/13879/14/" \
           "anthropic-offers-enisa-access-to-its-mythos-model-discussions-now-focus-on-secure-access-arrangements"
    text = subprocess.run(["pdftotext", str(_pdf_citing(starter, long)), "-"], check=True,
                          capture_output=True, text=True).stdout
    assert long in "".join(text.split()), text


WIRED = "https://www.wired-gov.net/wg/news.nsf/articles/" \
        "Five+steps+to+protect+your+organisation+from+AIpowered+cyber+threats+14052026132000"


def test_a_long_part_without_hyphens_may_break_before_its_separators() -> None:
    html = f'<a href="{WIRED}" class="address">{WIRED}</a>'
    text = glued(html).split('">', 1)[1]
    assert f"steps\u200b+{GLUE}to" in text
    assert text.replace("\u200b", "").replace(GLUE, "") == f"{WIRED}</a>"


def test_a_long_run_with_no_separator_at_all_still_gets_break_points() -> None:
    run = "x" * 130
    html = f'<a href="https://x.eu/{run}" class="address">https://x.eu/{run}</a>'
    text = glued(html).split('">', 1)[1].removesuffix("</a>")
    pieces = text.split("/")[-1].split("\u200b")
    assert len(pieces) > 1 and max(len(p) for p in pieces) <= LONG_PART


def test_pdf_url_without_hyphens_stays_inside_the_page(starter: Path) -> None:
    pdf = _pdf_citing(starter, WIRED)
    boxes = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True,
                           text=True).stdout
    width = float(re.search(r'<page width="([\d.]+)"', boxes).group(1))  # type: ignore[union-attr]
    right = max(float(x) for x in re.findall(r'xMax="([\d.]+)"', boxes))
    assert right < width - 36, (right, width)  # inside the page's right margin, not running off it
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    assert WIRED in "".join(text.split()), text


def test_an_address_with_a_query_keeps_its_ampersands_whole() -> None:
    url = ("https://www.legislation.gov.uk/id/ukpga/2025/18/schedule/7/paragraph/"
           "4?PaginationInfo.CurrentPage=1&h=428&view=plain")
    html = render_body(make_markdown(), f"See {url}.", urls=[url])
    text = glued(html).split('class="address">', 1)[1].split("</a>", 1)[0]
    assert unescape(text).replace("\u200b", "").replace(GLUE, "") == url  # "&amp;" never cut in two


def test_an_address_never_breaks_after_its_scheme() -> None:
    # reader s4: "https://" was left alone at the end of a line, the rest of the address on the next
    html = f'<a href="{WIRED}" class="address">{WIRED}</a>'
    text = glued(html).split('">', 1)[1]
    assert text.startswith(f"https://{GLUE}www.")


def _pdf_citing(starter: Path, url: str) -> Path:
    """The starter's example brief built as a PDF whose one fact's source has ``url``, listed in its notes."""
    sources = starter / "facts/sources.yaml"
    sources.write_text(sources.read_text("utf-8").replace("    retrieved: 2026-01-15\n",
                                                          f"    retrieved: 2026-01-15\n    url: {url}\n", 1))
    write(starter, {"templates/example.md.j2": "# Long\n\n{{ fact('example-event') }}\n\n"
                                               '{% include "partials/notes.md.j2" %}\n'})
    result = build(starter, formats=("pdf",))
    assert not result.failed, result.failed
    return starter / "build/example.pdf"
