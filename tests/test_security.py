"""Hostile fact text stays literal in Markdown, HTML and PDF; restricted facts never leak."""

from __future__ import annotations

import datetime as dt
import html as htmlmod
import re
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from briefgen.build.pipeline import Pipeline
from briefgen.content import project
from briefgen.exceptions import TemplateError
from support import build, pdf_pages_text, straight, write

DAY = dt.date(2026, 11, 24)
HOSTILE = (
    '**bold** <script>alert(1)</script> <img src="file:///etc/passwd"> '
    "<link rel=attachment href=file:///etc/passwd> {{ 7*7 }} {% include 'x' %} "
    "[click](javascript:alert(1)) <style>body{background:url(/etc/hostname)}</style>"
)


def fact_file(statement: str, fid: str = "hostile", marking: str = "TLP:CLEAR") -> str:
    quoted = statement.replace("\\", "\\\\").replace('"', '\\"')
    return (f'facts:\n  - id: {fid}\n    statement: "{quoted}"\n    kind: reported\n'
            f"    sources: [example-report]\n    tags: [example]\n    marking: {marking}\n")


def test_hostile_fact_is_literal_everywhere(starter: Path) -> None:
    (starter / "facts/hostile.yaml").write_text(fact_file(HOSTILE))
    write(starter, {"templates/example.md.j2": "# T\n\n{{ fact('hostile') }}\n"})
    result = build(starter, formats=("md", "pdf"))
    assert not result.failed, result.failed
    md = (starter / "build/example.md").read_text()
    loaded = project.load(starter)
    pipeline = Pipeline(loaded)
    page = pipeline.html(pipeline.markdown(loaded.briefings["example"], DAY))
    body = page.split("<main", 1)[1]
    assert "<script" not in body and "<img" not in body and "<link" not in body and "<a href" not in body
    assert "<style>body{" not in body
    text = htmlmod.unescape(re.sub(r"<[^>]+>", "", body))
    assert straight(HOSTILE) in straight(" ".join(text.split()))
    assert "{{ 7\\*7 }}" in md and "49" not in md
    pdf_text = " ".join(" ".join(pdf_pages_text(starter / "build/example.pdf")).split())
    assert "<script>alert(1)</script>" in pdf_text and "root:" not in pdf_text


# Format characters (soft hyphen, zero-width) are invisible by design, so they are not in the alphabet.
LETTERS = st.characters(codec="latin-1", exclude_categories=("Cc", "Cf", "Cs", "Zl", "Zp", "Zs", "Mn"))


# Derandomised: a PDF per example is slow, so CI runs the same dozen examples every time.
@settings(max_examples=12, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(words=st.lists(st.text(alphabet=LETTERS, min_size=1, max_size=8), min_size=1, max_size=6))
@example(words=["Y."])  # found by CI: a kerned pair that pdftotext splits across lines
def test_any_fact_text_reaches_the_pdf_as_text(starter: Path, words: list[str]) -> None:
    statement = " ".join(words)
    (starter / "facts/hostile.yaml").write_text(fact_file(statement))
    write(starter, {"templates/example.md.j2": "# T\n\n{{ fact('hostile') }}\n"})
    loaded = project.load(starter)
    pipeline = Pipeline(loaded)
    rendered = pipeline.markdown(loaded.briefings["example"], DAY)
    pdf = starter / "out.pdf"
    pdf.write_bytes(pipeline.pdf(rendered))
    raw = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    # pdftotext may split a strongly kerned pair ("Y." becomes "Y", ".") across lines, so compare
    # the characters in order with whitespace removed.
    assert straight("".join(statement.split())) in straight("".join(raw.split()))


def test_red_fact_never_reaches_a_clear_brief(starter: Path) -> None:
    red = fact_file("Operation Kestrel begins at dawn on the northern border.", "red-fact", "TLP:RED")
    (starter / "facts/red.yaml").write_text(red)
    write(starter, {"templates/example.md.j2": """
        # Everything
        {% for f in facts %}
        - {{ f }} {{ f.id }} {% for s in f.sources %}{{ s.title }}{% endfor %}
        {% endfor %}
        {% for f in facts.tagged("example") %}{{ f }}{% endfor %}
        {% for f in facts.kind("reported") %}{{ f }}{% endfor %}
        {% for s in sources() %}{{ s.citation }}{% endfor %}
        """})
    result = build(starter)
    assert not result.failed
    for out in (starter / "build/example.md", starter / "build/example.pdf"):
        assert b"Kestrel" not in out.read_bytes()
    assert "Kestrel" not in " ".join(pdf_pages_text(starter / "build/example.pdf"))
    write(starter, {"templates/example.md.j2": "# T\n\n{{ fact('red-fact') }}\n"})
    with pytest.raises(TemplateError, match="fact 'red-fact' is TLP:RED, above this briefing's ceiling TLP:CLEAR"):
        loaded = project.load(starter)
        Pipeline(loaded).markdown(loaded.briefings["example"], DAY)


def test_uk_scale_is_separate_from_tlp(starter: Path) -> None:
    (starter / "facts/os.yaml").write_text(
        "facts:\n  - id: sensitive\n    statement: A sensitive detail.\n    kind: reported\n"
        "    sources: [example-report]\n    tags: [example]\n    marking: [TLP:CLEAR, OFFICIAL-SENSITIVE]\n")
    write(starter, {"templates/example.md.j2": "# T\n\n{{ fact('sensitive') }}\n"})
    loaded = project.load(starter)
    with pytest.raises(TemplateError, match="OFFICIAL-SENSITIVE, on the 'uk' scale, which this briefing's ceiling"):
        Pipeline(loaded).markdown(loaded.briefings["example"], DAY)
    spec = starter / "briefings/example.yaml"
    spec.write_text(spec.read_text().replace("ceiling: TLP:CLEAR", "ceiling: [TLP:CLEAR, OFFICIAL-SENSITIVE]"))
    loaded = project.load(starter)
    rendered = Pipeline(loaded).markdown(loaded.briefings["example"], DAY)
    assert rendered.marking == "OFFICIAL-SENSITIVE"
    assert rendered.markdown.startswith("**OFFICIAL-SENSITIVE**")


def test_oversized_asset_refused(starter: Path) -> None:
    (starter / "assets").mkdir()
    (starter / "assets/huge.png").write_bytes(b"\x89PNG" + b"\0" * (9 * 1024 * 1024))
    write(starter, {"templates/example.md.j2": "# T\n\n![A huge picture](../assets/huge.png)\n"})
    result = build(starter, formats=("pdf",))
    assert len(result.failed) == 1 and "over the 8388608 byte limit" in result.failed[0][1]


def test_spec_file_name_must_be_an_id(starter: Path) -> None:
    from briefgen.exceptions import ValidationError

    spec = (starter / "briefings/example.yaml").read_text()
    (starter / "briefings/../briefings/Bad Name.yaml").write_text(spec)
    with pytest.raises(ValidationError, match="expected a file name that is a lowercase id"):
        project.load(starter)
