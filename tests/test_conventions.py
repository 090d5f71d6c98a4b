"""Document conventions: the header block, numbered paragraphs, the short title, the phone layout."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import docx
import pytest

from briefgen.build.pipeline import Pipeline
from briefgen.content import project
from support import REPO, build, pdf_pages_text, problems, write

DAY = dt.date(2026, 11, 24)

HEADER = """
header:
  to: Cross-regulator AI group
  from: {unit: Cyber Policy Unit, name: Jo Bloggs, email: jo.bloggs@example.gov.uk}
  purpose: decision
  decision_by: 2026-12-04
  reference: AI-2026-014
  clearance: {by: "Head of Cyber Policy", date: 2026-11-23}
"""

TEMPLATE = """
# {{ brief.title }}

{% include "partials/header-uk.md.j2" %}

## Summary

First point. {{ fact("example-event") }}

Second point.

- A bullet.
- Another bullet.

| Option | Cost |
|---|---|
| One | Low |

## Annex: sources

Not numbered.

{% include "partials/notes.md.j2" %}
"""


def header_lines(box: str) -> list[tuple[str, str]]:
    """A header block's (label, value) lines, the value's own markup (an email address's link) left out."""
    found = re.findall(r"<p><strong>([^<]+)</strong> (.*?)</p>", box)
    return [(label, re.sub(r"<[^>]+>", "", value)) for label, value in found]


@pytest.fixture
def conv(starter: Path) -> Path:
    """The starter project with the repository's header partials and a UK header in its spec."""
    for name in ("header-uk.md.j2", "header-eu.md.j2"):
        shutil.copy(REPO / "templates/partials" / name, starter / "templates/partials" / name)
    write(starter, {"templates/example.md.j2": TEMPLATE})
    spec = starter / "briefings/example.yaml"
    spec.write_text(spec.read_text().replace("formats: [md, pdf]", "formats: [md, html, pdf, txt, docx]") + HEADER)
    return starter


def outputs(root: Path) -> dict[str, str]:
    loaded = project.load(root)
    pipeline = Pipeline(loaded)
    rendered = pipeline.markdown(loaded.briefings["example"], DAY)
    return {fmt: pipeline.output(rendered, fmt).decode() for fmt in ("md", "html", "txt")}


def set_spec(root: Path, old: str, new: str) -> None:
    spec = root / "briefings/example.yaml"
    text = spec.read_text()
    assert old in text
    spec.write_text(text.replace(old, new))



def test_uk_header_in_every_edition(conv: Path) -> None:
    out = outputs(conv)
    html = out["html"]
    box = re.search(r'<div class="doc-header doc-header-uk"[^>]*>(.*?)</div>', html, re.S)
    assert box, html
    lines = header_lines(box.group(1))
    assert lines == [
        ("To:", "Cross-regulator AI group"),
        ("From:", "Jo Bloggs, Cyber Policy Unit, jo.bloggs@example.gov.uk"),
        ("Date:", "24 November 2026"),
        ("Purpose:", "For decision"),
        ("Decision by:", "4 December 2026"),
        ("Reference:", "AI-2026-014"),
        ("Clearance:", "Head of Cyber Policy, 23 November 2026"),
    ]
    txt = out["txt"]
    assert "\nTo: Cross-regulator AI group\nFrom: Jo Bloggs, Cyber Policy Unit, jo.bloggs@example.gov.uk\n" in txt
    assert "Purpose: For decision\nDecision by: 4 December 2026\n" in txt
    assert ":::" not in txt and "**" not in txt


def test_header_values_are_data(conv: Path) -> None:
    set_spec(conv, "to: Cross-regulator AI group", "to: '**x** [y](http://z) <b>b</b> ::: `c`'")
    html = outputs(conv)["html"]
    assert "<strong>x</strong>" not in html and 'href="http://z"' not in html and "<b>" not in html
    assert "**x** [y](http://z) &lt;b&gt;b&lt;/b&gt; ::: `c`" in html


def test_settings_give_the_default_sender(conv: Path) -> None:
    set_spec(conv, "from: {unit: Cyber Policy Unit, name: Jo Bloggs, email: jo.bloggs@example.gov.uk}",
             "from: {unit: Cyber Policy Unit}")
    with (conv / "briefgen.yaml").open("a") as f:
        f.write("organisation: Department for Examples\ncontact: {name: Sam Doe, email: sam@example.org}\n")
    html = outputs(conv)["html"]
    assert ("<strong>From:</strong> Sam Doe, Cyber Policy Unit, Department for Examples, "
            '<a href="mailto:sam@example.org" class="address">sam@example.org</a>') in html


def test_eu_box(conv: Path) -> None:
    write(conv, {"templates/example.md.j2": TEMPLATE.replace("header-uk", "header-eu")})
    set_spec(conv, "  purpose: decision\n  decision_by: 2026-12-04\n",
             "  meeting: {what: Meeting with OpenAI, when: 2026-12-02, where: 'Berlaymont, Brussels', time: '10:00'}\n")
    html = outputs(conv)["html"]
    box = re.search(r'<div class="doc-header doc-header-eu"[^>]*>(.*?)</div>', html, re.S)
    assert box
    lines = header_lines(box.group(1))
    assert lines[:5] == [
        ("Meeting:", "Meeting with OpenAI"),
        ("Date:", "2 December 2026, 10:00"),
        ("Place:", "Berlaymont, Brussels"),
        ("Lead service:", "Cyber Policy Unit"),
        ("Contact:", "Jo Bloggs, jo.bloggs@example.gov.uk"),
    ]


def test_no_header_no_box(conv: Path) -> None:
    spec = conv / "briefings/example.yaml"
    spec.write_text(spec.read_text().split("\nheader:")[0] + "\n")
    assert 'class="doc-header' not in outputs(conv)["html"]


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("purpose: decision", "purpose: decide", "header.purpose: expected one of decision, information; found 'decide'"),
    ("decision_by: 2026-12-04", "decision_by: soon", "header.decision_by: expected a date as YYYY-MM-DD"),
    ("email: jo.bloggs@example.gov.uk", "email: jo.bloggs", "header.from.email: expected an email address"),
    ("name: Jo Bloggs,", "nmae: Jo Bloggs,", "header.from.nmae: unknown field; did you mean 'name'?"),
    ("clearance: {by: \"Head of Cyber Policy\", date: 2026-11-23}", "clearance: {date: 2026-11-23}",
     "header.clearance.by: required field is missing"),
    ("purpose: decision\n  decision_by: 2026-12-04", "purpose: information\n  decision_by: 2026-12-04",
     "header.decision_by: expected 'purpose: decision'"),
    ("  reference: AI-2026-014", "  refrence: AI-2026-014",
     "header.refrence: unknown field; did you mean 'reference'?"),
])
def test_header_problems_name_file_line_and_field(conv: Path, old: str, new: str, expected: str) -> None:
    set_spec(conv, old, new)
    found = problems(conv)
    line = next(n for n, text in enumerate((conv / "briefings/example.yaml").read_text().splitlines(), 1)
                if new.strip().splitlines()[-1].strip() in text)
    assert any(p.startswith(f"briefings/example.yaml:{line}: {expected}") for p in found), found


def test_settings_problems(conv: Path) -> None:
    with (conv / "briefgen.yaml").open("a") as f:
        f.write("contact: {name: Sam Doe}\nlogo: {file: missing.png, alt: The crest}\n")
    found = problems(conv)
    assert any(p.startswith("briefgen.yaml:") and "contact.email: required field is missing" in p for p in found)
    assert any("logo.file: expected an image file inside assets/, found 'missing.png'" in p for p in found)


def test_short_title(conv: Path) -> None:
    set_spec(conv, "title: Example brief", "title: An example brief whose full title is long\nshort_title: Example")
    html = outputs(conv)["html"]
    assert "<title>Example</title>" in html
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    set_spec(conv, "short_title: Example", "short_title: " + "x" * 65)
    assert any(re.match(r"briefings/example.yaml:\d+: short_title: expected at most 64 characters", p)
               for p in problems(conv))


def test_numbered_paragraphs_same_in_every_edition(conv: Path) -> None:
    (conv / "briefings/example.yaml").write_text((conv / "briefings/example.yaml").read_text()
                                                 + "numbered_paragraphs: true\n")
    out = outputs(conv)
    html = out["html"]
    numbers = re.findall(r'<span class="paranum">(\d+)\. </span>([A-Z][a-z]*)', html)
    assert numbers == [("1", "First"), ("2", "Second"), ("3", "A"), ("4", "Another")]
    assert '<ul class="numbered">' in html
    assert "Not numbered" in html and not re.search(r"paranum\">\d+\. </span>Not", html)
    txt = out["txt"]
    assert re.search(r"^1\.  First point\.", txt, re.M) and re.search(r"^2\.  Second point\.$", txt, re.M)
    assert re.search(r"^3\.  A bullet\.$", txt, re.M) and re.search(r"^4\.  Another bullet\.$", txt, re.M)
    assert not re.search(r"^\d+\.\s+(To|From|Date):", txt, re.M)  # the header block is not numbered
    result = build(conv, formats=("pdf", "docx"))
    assert not result.failed, result.failed
    pages = "\n".join(pdf_pages_text(conv / "build/example.pdf"))
    for n, word in (("1.", "First"), ("2.", "Second"), ("3.", "A bullet"), ("4.", "Another")):
        assert re.search(rf"^\s*{re.escape(n)}\s+{word}", pages, re.M), pages
    paragraphs = [p.text for p in docx.Document(str(conv / "build/example.docx")).paragraphs]
    assert "1.\tFirst point." in " ".join(paragraphs)
    assert {"2.\tSecond point.", "3.\tA bullet.", "4.\tAnother bullet."} <= set(paragraphs)


def test_not_numbered_unless_asked(conv: Path) -> None:
    out = outputs(conv)
    assert 'class="paranum' not in out["html"] and not re.search(r"^1\.  First", out["txt"], re.M)


def test_header_box_in_pdf(conv: Path) -> None:
    result = build(conv, formats=("pdf",))
    assert not result.failed, result.failed
    first = pdf_pages_text(conv / "build/example.pdf")[0]
    assert re.search(r"To:\s+Cross-regulator AI group", first)
    assert re.search(r"Purpose:\s+For decision", first)


def test_note_references_glued_and_separated() -> None:
    """A reference is glued to the word before it (a word joiner: it never starts a line); adjacent
    references are separated by one comma, and only they."""
    from briefgen.writers.html import make_markdown, render_body

    page = render_body(make_markdown(), "One.[^1][^2] Two.[^1] Three.[^2]\n\n[^1]: x\n[^2]: y\n")
    assert page.count('<span class="footnote-sep">,</span>') == 1
    assert page.count('.\u2060<sup class="footnote-ref">') == 3


def test_a_brief_names_its_own_sender_organisation(conv: Path) -> None:
    """A header's sender can belong to another organisation than the settings' (issue 24, round 2):
    it replaces the settings' organisation in the header, and takes no name or email from the
    settings' contact, who belongs to a different organisation."""
    set_spec(conv, "from: {unit: Cyber Policy Unit, name: Jo Bloggs, email: jo.bloggs@example.gov.uk}",
             "from: {unit: Secretariat, organisation: Cross-regulator AI group}")
    with (conv / "briefgen.yaml").open("a") as f:
        f.write("organisation: Department for Examples\ncontact: {name: Sam Doe, email: sam@example.org}\n")
    html = outputs(conv)["html"]
    assert "<strong>From:</strong> Secretariat, Cross-regulator AI group</p>" in html
    assert "Department for Examples" not in html and "sam@example.org" not in html


def test_uk_header_names_who_was_consulted(conv: Path) -> None:
    """Round 3 of issue 24: a submission's header says who was consulted, after its clearance."""
    set_spec(conv, "clearance: {", "consulted: 'AISI, NCSC and **FCA** officials'\n  clearance: {")
    out = outputs(conv)
    box = re.search(r'<div class="doc-header doc-header-uk"[^>]*>(.*?)</div>', out["html"], re.S)
    assert box
    assert header_lines(box.group(1))[-1] == ("Consulted:", "AISI, NCSC and **FCA** officials")
    assert "\nConsulted: AISI, NCSC and **FCA** officials\n" in out["txt"]
