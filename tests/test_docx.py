"""The Word edition: each .docx read back for its structure, its text, its markings and its bytes."""

from __future__ import annotations

import datetime as dt
import html as htmlmod
import io
import os
import re
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import docx
import pytest
from docx.document import Document
from docx.enum.text import WD_PARAGRAPH_ALIGNMENT
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

from briefgen.build.pipeline import Pipeline
from briefgen.content import project
from briefgen.writers.html import make_markdown, render_body
from support import build, copy_repo, write

DAY = dt.date(2026, 11, 24)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
SOURCE_URL = "https://example.org/report?id=1&lang=en"
HOSTILE = ('[click](https://evil.example/a) <https://evil.example/b> { PAGE } {=DDEAUTO c:\\\\cmd} '
           '<w:fldSimple w:instr="PAGE"/> ]]> &amp; **bold** https://evil.example/c')

RICH = """\
# {{ brief.title }}

{{ brief.subtitle }}  \\
{{ brief.date|date }}

## What has happened

{{ fact('example-event') }}

### In detail

- {{ fact('hostile') }}
- A second point
  - A point under it

1. First step
2. Second step

Between the lists.

3. Third step, numbered on

> A quotation, from the template.

| Measure | Value |
| --- | ---: |
| Offers | 2 |
| Meetings | 4 or 5 |

#### Deeper still

![A bar chart of offers by company](../assets/chart.png)

Advice is at [the NCSC site](https://www.ncsc.gov.uk). See also [the annex](annex.html).

{% include "partials/notes.md.j2" %}
"""


def png(width: int, height: int) -> bytes:
    """A small solid PNG, written by hand so the tests need no imaging library."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + b"\x1d\x4f\x91" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


@pytest.fixture
def rich(starter: Path) -> Path:
    """The starter project with a brief that uses every construct the Word edition maps."""
    sources = starter / "facts/sources.yaml"
    sources.write_text(sources.read_text() + f'    url: "{SOURCE_URL}"\n')
    quoted = HOSTILE.replace('"', '\\"')
    write(starter, {
        "facts/hostile.yaml": f"""
            facts:
              - id: hostile
                statement: "{quoted}"
                kind: reported
                sources: [example-report]
                tags: [example]
            """,
        "templates/rich.md.j2": RICH,
        "briefings/rich.yaml": """
            title: A rich brief
            subtitle: Every construct, once
            audience: general
            template: rich.md.j2
            style: uk
            citations: notes
            tags: [example]
            ceiling: TLP:AMBER
            marking_floor: TLP:GREEN
            formats: [md, docx]
            author: Policy team
            """,
    })
    (starter / "assets").mkdir(exist_ok=True)
    (starter / "assets/chart.png").write_bytes(png(40, 20))
    return starter


def built(root: Path, name: str = "rich", publish: bool = False) -> Path:
    result = build(root, ids=(name,), publish=publish)
    assert not result.failed, result.failed
    return root / "build" / f"{name}.docx"


def part(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read(name))


def styled(doc: Document) -> list[tuple[str, str]]:
    return [(p.style.name if p.style else "", p.text) for p in doc.paragraphs]


def docx_text(doc: Document) -> str:
    """The body's text in reading order: paragraphs, and table cells row by row."""
    parts = []
    for block in doc.iter_inner_content():
        if isinstance(block, Paragraph):
            parts.append(block.text)
        else:
            assert isinstance(block, Table)
            parts += [cell.text for row in block.rows for cell in row.cells]
    return " ".join(" ".join(parts).split())


def markdown_text(markdown: str, numbered: bool = False) -> str:
    """The Markdown edition's text as a reader sees it: the marking first and last, notes at the
    end of the body (as in the HTML and PDF), note references in brackets (as the stylesheet shows
    them), back-links dropped."""
    first, body = markdown.split("\n", 1)
    body, last = body.rstrip("\n").rsplit("\n", 1)
    assert first == last and first.startswith("**"), "the Markdown edition opens and closes with its marking"
    page = render_body(make_markdown(), body, numbered)
    page = re.sub(r'\u2060?<sup class="footnote-ref">(?:<span class="footnote-sep">,</span>)?<a [^>]*>(\d+)</a></sup>',
                  r"[\1]", page)  # the glue and the comma between references dropped
    page = re.sub(r'<a [^>]*class="footnote-backref"[^>]*>.*?</a>', "", page)
    page = re.sub(r"</?(a|strong|em|code|sup|span)\b[^>]*>", "", page)
    text = htmlmod.unescape(re.sub(r"<[^>]+>", " ", page))
    marking = first.strip("*").replace("\\", "")
    return " ".join(f"{marking} {text} {marking}".split())


def test_structure_uses_word_styles(rich: Path) -> None:
    doc = docx.Document(str(built(rich)))
    paragraphs = styled(doc)
    assert paragraphs[0] == ("Marking", "TLP:GREEN") and paragraphs[-1] == ("Marking", "TLP:GREEN")
    assert paragraphs[1] == ("Title", "A rich brief")
    assert paragraphs[2][0] == "Subtitle" and paragraphs[2][1].startswith("Every construct, once")
    headings = [(s, t) for s, t in paragraphs if s.startswith("Heading")]
    assert headings == [("Heading 1", "What has happened"), ("Heading 2", "In detail"),
                        ("Heading 3", "Deeper still"), ("Heading 1", "Sources")]
    styles = {t: s for s, t in paragraphs}
    assert styles["A second point"] == "List Bullet" and styles["A point under it"] == "List Bullet 2"
    assert styles["First step"] == styles["Third step, numbered on"] == "List Number"
    assert styles["A quotation, from the template."] == "Quote"
    assert styles["Between the lists."] == "Normal"


def test_each_ordered_list_counts_from_its_own_start(rich: Path) -> None:
    path = built(rich)
    body = part(path, "word/document.xml")
    numbering = part(path, "word/numbering.xml")

    def num_id(text: str) -> str:
        (p,) = [p for p in body.iter(f"{W}p") if "".join(p.itertext()) == text]
        value = p.find(f"{W}pPr/{W}numPr/{W}numId").get(f"{W}val")
        assert isinstance(value, str)
        return value

    first, second = num_id("First step"), num_id("Third step, numbered on")
    assert num_id("Second step") == first != second
    start = numbering.find(f"{W}num[@{W}numId='{second}']/{W}lvlOverride/{W}startOverride")
    assert start is not None and start.get(f"{W}val") == "3"


def test_language_is_british_english(rich: Path) -> None:
    path = built(rich)
    lang = part(path, "word/styles.xml").find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert lang is not None and lang.get(f"{W}val") == "en-GB"
    theme = part(path, "word/settings.xml").find(f"{W}themeFontLang")
    assert theme is not None and theme.get(f"{W}val") == "en-GB"
    assert docx.Document(str(path)).core_properties.language == "en-GB"


def test_marking_in_every_header_and_footer(rich: Path) -> None:
    path = built(rich)
    doc = docx.Document(str(path))
    for section in doc.sections:
        assert section.header.paragraphs[0].text == "TLP:GREEN"
        assert section.footer.paragraphs[0].text == "TLP:GREEN"
        assert section.footer.paragraphs[1].text.startswith("Page ")
    with zipfile.ZipFile(path) as archive:
        furniture = [n for n in archive.namelist() if re.fullmatch(r"word/(header|footer)\d+\.xml", n)]
        assert len(furniture) >= 2
        for name in furniture:
            assert "TLP:GREEN" in "".join(etree.fromstring(archive.read(name)).itertext()), name


def test_core_properties(rich: Path) -> None:
    props = docx.Document(str(built(rich))).core_properties
    assert props.title == "A rich brief"
    assert props.subject == "Every construct, once"
    assert props.author == props.last_modified_by == "Policy team"
    assert "TLP:GREEN" in props.keywords and props.category == "TLP:GREEN"
    midnight = dt.datetime(2026, 11, 24, tzinfo=dt.UTC)
    assert props.created == props.modified == midnight
    assert props.revision == 1 and props.last_printed is None
    assert props.comments == ""  # nothing of python-docx's own ("generated by python-docx")


def test_notes_are_numbered_references_linked_to_a_numbered_source_list(rich: Path) -> None:
    path = built(rich)
    body = part(path, "word/document.xml")
    refs = [link for link in body.iter(f"{W}hyperlink") if link.get(f"{W}anchor")]
    assert refs and {"".join(r.itertext()) for r in refs} == {"[1]"}
    assert {r.get(f"{W}anchor") for r in refs} == {"_Note1"}
    (mark,) = [b for b in body.iter(f"{W}bookmarkStart") if b.get(f"{W}name") == "_Note1"]
    note = mark.getparent()
    assert note.find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "ListNumber"
    assert note.find(f"{W}pPr/{W}numPr") is not None
    assert "Example report" in "".join(note.itertext()) and SOURCE_URL in "".join(note.itertext())


def test_links_only_from_the_template_and_the_sources(rich: Path) -> None:
    path = built(rich)
    with zipfile.ZipFile(path) as archive:
        rels = etree.fromstring(archive.read("word/_rels/document.xml.rels"))
        names = archive.namelist()
        types = archive.read("[Content_Types].xml").decode()
    targets = {r.get("Target") for r in rels if r.get("Type") == HYPERLINK}
    assert targets == {"https://www.ncsc.gov.uk", SOURCE_URL}
    body = part(path, "word/document.xml")
    external = [link for link in body.iter(f"{W}hyperlink") if link.get(R_ID)]
    assert {"".join(link.itertext()) for link in external} == {"the NCSC site", SOURCE_URL}
    assert not list(body.iter(f"{W}fldSimple")) and not list(body.iter(f"{W}instrText"))
    assert not list(body.iter(f"{W}fldChar"))
    assert not any("vba" in n.lower() for n in names) and "macroEnabled" not in types
    text = docx_text(docx.Document(str(path)))
    straight = text.translate(str.maketrans("\u201c\u201d\u2018\u2019", "\"\"''"))  # quotes are curled as text
    assert " ".join(HOSTILE.replace("\\\\", "\\").split()) in straight
    assert "See also the annex." in text  # a link Word could not follow stays text


def test_text_matches_the_markdown_edition(rich: Path) -> None:
    path = built(rich)
    markdown = (rich / "build/rich.md").read_text()
    assert docx_text(docx.Document(str(path))) == markdown_text(markdown)


@pytest.mark.content
@pytest.mark.parametrize("briefing", ["eu-official", "uk-regulator", "uk-sme"])
def test_real_briefs_text_and_structure(tmp_path: Path, briefing: str) -> None:
    root = copy_repo(tmp_path / "repo")
    result = build(root, ids=(briefing,), formats=("md", "docx"))
    assert not result.failed, result.failed
    doc = docx.Document(str(root / f"build/{briefing}.docx"))
    numbered = project.load(root).briefings[briefing].numbered_paragraphs
    assert docx_text(doc) == markdown_text((root / f"build/{briefing}.md").read_text(), numbered)
    names = {s for s, _ in styled(doc)}
    assert {"Marking", "Title", "Subtitle", "Heading 1"} <= names
    assert names & {"List Bullet", "List Number"}


def test_table_header_row_repeats(rich: Path) -> None:
    doc = docx.Document(str(built(rich)))
    (table,) = doc.tables
    assert table.style is not None and table.style.name == "Table Grid"
    header, *rows = table.rows
    assert header._tr.find(f"{W}trPr/{W}tblHeader") is not None
    assert all(r._tr.find(f"{W}trPr/{W}tblHeader") is None for r in rows)
    assert [c.text for c in header.cells] == ["Measure", "Value"]
    assert all(run.bold for c in header.cells for run in c.paragraphs[0].runs)
    assert rows[0].cells[1].paragraphs[0].alignment == WD_PARAGRAPH_ALIGNMENT.RIGHT


def test_images_carry_their_alt_text(rich: Path) -> None:
    path = built(rich)
    body = part(path, "word/document.xml")
    pictures = list(body.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"))
    assert [p.get("descr") for p in pictures] == ["A bar chart of offers by company"]
    with zipfile.ZipFile(path) as archive:
        assert any(n.startswith("word/media/") for n in archive.namelist())


def test_image_outside_the_project_is_refused(rich: Path) -> None:
    template = rich / "templates/rich.md.j2"
    template.write_text(template.read_text().replace("../assets/chart.png", "../../../../../etc/hostname"))
    result = build(rich, ids=("rich",))
    (failure,) = result.failed
    assert "rich.docx" in failure[0] and "inside templates/ or assets/" in failure[1]


def test_same_bytes_twice_and_dated_by_the_edition(rich: Path) -> None:
    path = built(rich)
    first = path.read_bytes()
    result = build(rich, ids=("rich",), force=True)
    assert not result.failed
    assert path.read_bytes() == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        infos = archive.infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert {i.date_time for i in infos} == {(2026, 11, 24, 0, 0, 0)}
    assert len({i.filename for i in infos}) == len(infos)


def test_same_bytes_from_separate_processes(rich: Path) -> None:
    """Nothing in the bytes depends on the process: ids, hashes, dictionary order, the clock."""
    script = ("import sys, datetime as dt; from briefgen.content import project; "
              "from briefgen.build.pipeline import Pipeline; from pathlib import Path; "
              "p = project.load(Path(sys.argv[1])); "
              "pl = Pipeline(p); r = pl.markdown(p.briefings['rich'], dt.date(2026, 11, 24)); "
              "sys.stdout.buffer.write(pl.output(r, 'docx'))")
    outputs = {subprocess.run([sys.executable, "-c", script, str(rich)], capture_output=True, check=True,
                              env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")}
    assert len(outputs) == 1


def reference(path: Path, strip: tuple[str, ...] = ()) -> None:
    """A department's template: its own heading font, sample text, a fixed header, its own author."""
    doc = docx.Document()
    doc.styles["Heading 1"].font.name = "Georgia"
    doc.add_paragraph("TEMPLATE SAMPLE TEXT")
    doc.sections[0].header.paragraphs[0].text = "OFFICIAL"
    doc.core_properties.author = "Template Author"
    for name in strip:
        element = doc.styles[name].element
        element.getparent().remove(element)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))


def with_reference(root: Path, name: str) -> None:
    spec = root / "briefings/rich.yaml"
    spec.write_text(spec.read_text() + f"reference_docx: {name}\n")


def test_reference_docx_supplies_the_styles(rich: Path) -> None:
    reference(rich / "templates/styles/dept.docx")
    with_reference(rich, "styles/dept.docx")
    path = built(rich)
    doc = docx.Document(str(path))
    assert doc.styles["Heading 1"].font.name == "Georgia"
    text = docx_text(doc)
    assert "TEMPLATE SAMPLE TEXT" not in text and "OFFICIAL" not in doc.sections[0].header.paragraphs[0].text
    assert doc.sections[0].header.paragraphs[0].text == "TLP:GREEN"
    assert doc.core_properties.author == "Policy team"
    assert ("Heading 1", "What has happened") in styled(doc)
    depfile = (rich / "build/rich.d").read_text()
    assert "templates/styles/dept.docx" in depfile


def test_reference_without_list_or_quote_styles_still_gets_them(rich: Path) -> None:
    reference(rich / "templates/styles/bare.docx", strip=("List Bullet", "List Number", "Quote", "Title"))
    with_reference(rich, "styles/bare.docx")
    path = built(rich)
    paragraphs = styled(docx.Document(str(path)))
    assert ("List Bullet", "A second point") in paragraphs
    assert ("Quote", "A quotation, from the template.") in paragraphs
    assert ("Title", "A rich brief") in paragraphs
    body = part(path, "word/document.xml")
    (first,) = [p for p in body.iter(f"{W}p") if "".join(p.itertext()) == "First step"]
    assert first.find(f"{W}pPr/{W}numPr") is not None


def test_reference_list_style_without_numbering_is_numbered(rich: Path) -> None:
    path = rich / "templates/styles/plain.docx"
    reference(path)
    doc = docx.Document(str(path))
    for num_pr in doc.styles["List Number"].element.xpath("./w:pPr/w:numPr"):
        num_pr.getparent().remove(num_pr)
    doc.save(str(path))
    with_reference(rich, "styles/plain.docx")
    out = built(rich)
    body = part(out, "word/document.xml")
    numbering = part(out, "word/numbering.xml")
    (first,) = [p for p in body.iter(f"{W}p") if "".join(p.itertext()) == "First step"]
    num_id = first.find(f"{W}pPr/{W}numPr/{W}numId").get(f"{W}val")
    abstract = numbering.find(f"{W}num[@{W}numId='{num_id}']/{W}abstractNumId").get(f"{W}val")
    fmt = numbering.find(f"{W}abstractNum[@{W}abstractNumId='{abstract}']/{W}lvl/{W}numFmt")
    assert fmt.get(f"{W}val") == "decimal"


def test_changing_the_reference_rebuilds_the_docx_only(rich: Path) -> None:
    reference(rich / "templates/styles/dept.docx")
    with_reference(rich, "styles/dept.docx")
    built(rich)
    reference(rich / "templates/styles/dept.docx", strip=("Quote",))
    result = build(rich, ids=("rich",))
    assert result.names("built") == ["rich.docx"]
    assert result.names("current") == ["rich.md"]


@pytest.mark.parametrize(("value", "expected"), [
    ("../outside.docx", "expected a path inside templates/"),
    ("styles/missing.docx", "expected an existing file in templates/"),
])
def test_reference_must_be_a_file_in_templates(rich: Path, value: str, expected: str) -> None:
    from briefgen.exceptions import ValidationError

    with_reference(rich, value)
    with pytest.raises(ValidationError) as caught:
        project.load(rich)
    assert "briefings/rich.yaml:" in str(caught.value) and f"reference_docx: {expected}" in str(caught.value)


def test_reference_that_is_not_a_word_document_fails_clearly(rich: Path) -> None:
    (rich / "templates/styles").mkdir(parents=True, exist_ok=True)
    (rich / "templates/styles/notword.docx").write_text("not a zip")
    with_reference(rich, "styles/notword.docx")
    result = build(rich, ids=("rich",))
    assert [t for t, _ in result.failed] == ["rich.docx"]
    assert "reference_docx styles/notword.docx: expected a Word document (.docx)" in result.failed[0][1]
    assert (rich / "build/rich.md").exists()


def test_docx_is_in_depfile_edition_and_manifest(rich: Path) -> None:
    import json

    built(rich, publish=True)
    depfile = (rich / "build/rich.d").read_text()
    assert depfile.startswith("build/rich.docx build/rich.md:")
    edition = rich / "editions/rich/2026-11-24"
    assert (edition / "rich.docx").read_bytes() == (rich / "build/rich.docx").read_bytes()
    manifest = json.loads((edition / "manifest.json").read_text())
    assert "rich.docx" in manifest["outputs"]


def test_render_refuses_to_write_docx_to_a_terminal(rich: Path) -> None:
    import pty

    leader, follower = pty.openpty()
    try:
        proc = subprocess.run([sys.executable, "-m", "briefgen", "render", "rich", "-f", "docx", "-p", str(rich),
                               "--as-of", "2026-11-24"], stdout=follower, stderr=subprocess.PIPE, text=True)
    finally:
        os.close(follower)
        os.close(leader)
    assert proc.returncode == 2 and "a DOCX is not written to a terminal" in proc.stderr


def test_render_docx_to_a_file(rich: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from briefgen.commands import cli

    out = tmp_path / "brief.docx"
    result = CliRunner().invoke(cli, ["render", "rich", "-f", "docx", "-o", str(out), "-p", str(rich),
                                       "--as-of", "2026-11-24"])
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == built(rich).read_bytes()


def test_pipeline_output_for_docx(rich: Path) -> None:
    loaded = project.load(rich)
    pipeline = Pipeline(loaded)
    data = pipeline.output(pipeline.markdown(loaded.briefings["rich"], DAY), "docx")
    assert data[:2] == b"PK" and docx.Document(io.BytesIO(data)).paragraphs[1].text == "A rich brief"


@pytest.mark.parametrize("escape", ["\\x07", "\\x00", "\\x1b", "\\x7f"])
def test_control_character_in_a_fact_is_a_content_error(starter: Path, escape: str) -> None:
    """XML (so Word) cannot hold most control characters: lxml raised a traceback from the middle of
    the build. They are invisible in every edition, so the fact base refuses them, naming the place."""
    from briefgen.exceptions import ValidationError

    (starter / "facts/ctl.yaml").write_text(
        f'facts:\n  - id: ctl\n    statement: "Bell {escape} here."\n    kind: reported\n'
        f"    sources: [example-report]\n    tags: [example]\n    wording:\n      general: \"Also {escape}\"\n")
    with pytest.raises(ValidationError) as caught:
        project.load(starter)
    code = f"U+{int(escape[2:], 16):04X}"
    message = str(caught.value)
    assert f"facts/ctl.yaml:3: statement: expected text without control characters, found {code}" in message
    assert f"facts/ctl.yaml:8: wording.general: expected text without control characters, found {code}" in message


def test_control_character_in_a_template_fails_the_docx_clearly(rich: Path) -> None:
    template = rich / "templates/rich.md.j2"
    template.write_text(template.read_text().replace("Between the lists.", "Between\x07 the lists."))
    result = build(rich, ids=("rich",))
    assert "rich.docx" in [t for t, _ in result.failed]  # every edition fails: none may hold it (issue 21)
    message = dict(result.failed)["rich.docx"]
    assert "control character U+0007" in message and "rich.md.j2" in message and "line " in message


def repack(source: Path, target: Path, replace: dict[str, bytes], add: dict[str, bytes] | None = None) -> None:
    """A copy of a package with some entries' bytes changed and others added."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            for name, text in replace.items():
                if info.filename == name:
                    data = text
            new.writestr(info.filename, data)
        for name, data in (add or {}).items():
            new.writestr(name, data)


def test_a_word_template_dotx_serves_as_reference(rich: Path) -> None:
    """Departments hand out templates (.dotx), which python-docx will not open as they are."""
    styles = rich / "templates/styles"
    reference(styles / "dept.docx")
    with zipfile.ZipFile(styles / "dept.docx") as archive:
        types = archive.read("[Content_Types].xml").replace(b"document.main+xml", b"template.main+xml")
        settings = archive.read("word/settings.xml").replace(
            b"<w:defaultTabStop", b'<w:attachedTemplate r:id="rId99"/><w:defaultTabStop')
        settings_rels = archive.read("word/_rels/settings.xml.rels") if "word/_rels/settings.xml.rels" in \
            archive.namelist() else None
    assert settings_rels is None
    rels = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.'
            b'openxmlformats.org/package/2006/relationships"><Relationship Id="rId99" Type="http://schemas.'
            b'openxmlformats.org/officeDocument/2006/relationships/attachedTemplate" '
            b'Target="file:///S:/Templates/Dept.dotm" TargetMode="External"/></Relationships>')
    repack(styles / "dept.docx", styles / "dept.dotx", {"[Content_Types].xml": types, "word/settings.xml": settings},
           {"word/_rels/settings.xml.rels": rels})
    (styles / "dept.docx").unlink()
    with_reference(rich, "styles/dept.dotx")
    path = built(rich)
    doc = docx.Document(str(path))
    assert doc.styles["Heading 1"].font.name == "Georgia"
    with zipfile.ZipFile(path) as archive:
        everything = b"".join(archive.read(n) for n in archive.namelist())
    assert b"attachedTemplate" not in everything and b"Dept.dotm" not in everything


def test_a_reference_with_macros_is_refused(rich: Path) -> None:
    styles = rich / "templates/styles"
    reference(styles / "plain.docx")
    with zipfile.ZipFile(styles / "plain.docx") as archive:
        types = archive.read("[Content_Types].xml").replace(
            b"wordprocessingml.document.main+xml", b"wordprocessingml.document.main+xml\"/><Default "
            b"Extension=\"bin\" ContentType=\"application/vnd.ms-office.vbaProject")
    repack(styles / "plain.docx", styles / "macros.docx", {"[Content_Types].xml": types},
           {"word/vbaProject.bin": b"\0" * 64})
    with_reference(rich, "styles/macros.docx")
    result = build(rich, ids=("rich",))
    assert [t for t, _ in result.failed] == ["rich.docx"]
    assert "reference_docx styles/macros.docx:" in result.failed[0][1] and "macros" in result.failed[0][1]


def test_reference_with_style_names_as_libreoffice_writes_them(rich: Path) -> None:
    """LibreOffice stores "Heading 1" where Word stores "heading 1"; python-docx finds only the latter."""
    path = rich / "templates/styles/lo.docx"
    reference(path, strip=("Heading 3",))
    with zipfile.ZipFile(path) as archive:
        styles = re.sub(rb'w:val="(heading|header|footer|caption)( \d)?"',
                        lambda m: b'w:val="' + m.group(1).capitalize() + (m.group(2) or b"") + b'"',
                        archive.read("word/styles.xml"))
    repack(path, rich / "templates/styles/lo2.docx", {"word/styles.xml": styles})
    with_reference(rich, "styles/lo2.docx")
    paragraphs = styled(docx.Document(str(built(rich))))
    assert ("Heading 2", "In detail") in paragraphs and ("Heading 3", "Deeper still") in paragraphs


def test_a_wide_image_is_scaled_to_the_text_width(rich: Path) -> None:
    (rich / "assets/chart.png").write_bytes(png(4000, 10))  # 55 inches at 72 dpi
    doc = docx.Document(str(built(rich)))
    (shape,) = doc.inline_shapes
    section = doc.sections[0]
    assert section.page_width and section.left_margin and section.right_margin
    assert shape.width == section.page_width - section.left_margin - section.right_margin
