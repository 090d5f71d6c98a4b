"""The second adversarial round (issue 21): each attack, reproduced, and what briefgen now does.

Kinds: archive files (reading outside the archive, special files, size); manifests of the wrong
types; exceptions inside templates; control characters; the marking hidden or rewritten after
rendering; dates out of range; remote images; outputs written over editions; reclassified facts.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from briefgen.exceptions import ValidationError
from briefgen.reports.check import check_project
from support import write

DAY = "2026-11-24"

SOURCES = """\
sources:
  - id: example-report
    title: "[Example report]"
    publisher: Example Publisher
    retrieved: 2026-01-15
    archive: {archive}
"""

FACTS = """\
facts:
  - id: example-event
    statement: An example organisation announced a new policy on cyber security.
    kind: reported
    sources: [example-report]
    evidence:
      example-report: {{phrases: ["{phrase}"]}}
    tags: [example]
    as_of: 2026-01-15
"""

ARTICLE = "Example news report\nThe example organisation's board announced on Tuesday a new policy.\n"


def archived(starter: Path, archive: str, phrase: str = "the board announced on Monday a new policy",
             article: str | bytes | None = ARTICLE) -> Path:
    """The starter project citing one source whose archive file is ``archive``, beside ../archive."""
    write(starter, {"facts/sources.yaml": SOURCES.format(archive=archive),
                    "facts/example.yaml": FACTS.format(phrase=phrase)})
    with (starter / "briefgen.yaml").open("a", encoding="utf-8") as handle:
        handle.write("archive: ../archive\n")
    (starter.parent / "archive").mkdir(exist_ok=True)
    if isinstance(article, str):
        (starter.parent / "archive/example-report.txt").write_text(article, encoding="utf-8")
    elif isinstance(article, bytes):
        (starter.parent / "archive/example-report.txt").write_bytes(article)
    return starter


def check_message(root: Path) -> str:
    """What ``check`` says, error or not."""
    try:
        return check_project(root, DAY)
    except ValidationError as exc:
        return exc.format_message()


# Archive files: only inside the archive folder, regular, capped; a short passage, only after a match


@pytest.mark.parametrize("archive", ["/etc/passwd", "../../../../../../etc/passwd", "../proj/briefgen.yaml"])
def test_an_archive_file_outside_the_archive_folder_is_refused_and_never_printed(starter: Path, archive: str) -> None:
    message = check_message(archived(starter, archive, phrase="root x 0 0 root"))
    assert "root:" not in message and "closest passage" not in message
    assert f"facts/sources.yaml:2: archive: '{archive}' is outside the archive folder" in message


def test_a_link_out_of_the_archive_folder_is_refused(starter: Path) -> None:
    root = archived(starter, "example-report.txt", article=None)
    (starter.parent / "archive/example-report.txt").symlink_to("/etc/passwd")
    message = check_message(root)
    assert "root:" not in message
    assert "is outside the archive folder" in message


def test_a_fifo_as_an_archive_is_refused_without_hanging(starter: Path) -> None:
    root = archived(starter, "example-report.txt", article=None)
    os.mkfifo(starter.parent / "archive/example-report.txt")
    started = time.monotonic()
    message = check_message(root)
    assert time.monotonic() - started < 20
    assert "archive: 'example-report.txt': expected a regular file, found a FIFO (named pipe)" in message


def test_a_link_to_dev_zero_is_refused(starter: Path) -> None:
    root = archived(starter, "zero.txt")
    (starter.parent / "archive/zero.txt").symlink_to("/dev/zero")
    message = check_message(root)
    assert "outside the archive folder" in message


def test_a_device_inside_the_archive_folder_is_not_read(starter: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = archived(starter, "example-report.txt", article=None)
    monkeypatch.setenv("BRIEFGEN_SOURCES", "/dev")
    write(starter, {"facts/sources.yaml": SOURCES.format(archive="zero")})
    message = check_message(root)
    assert "archive: 'zero': expected a regular file, found a character device" in message


def test_an_archive_over_10_mb_is_refused(starter: Path) -> None:
    root = archived(starter, "example-report.txt", article=None)
    with (starter.parent / "archive/example-report.txt").open("wb") as handle:
        handle.truncate(300 * 1024 * 1024)  # sparse: 300 MB that cost no disk
    started = time.monotonic()
    message = check_message(root)
    assert time.monotonic() - started < 20
    assert "archive: 'example-report.txt': file is 314572800 bytes, over the limit of 10485760" in message


def test_a_large_archive_is_searched_in_linear_time_and_bounded_memory(starter: Path) -> None:
    """A 9 MB archive of 1.5 million words: before, check held every 8-word run of it (copying) and
    every window sorted (closest passage): 833 MB and 15 s; now about 320 MB and 4 s."""
    import subprocess
    import sys

    words = " ".join(f"w{i % 997}" for i in range(1_500_000))  # about 9 MB of words, none in the phrase
    root = archived(starter, "example-report.txt", article=words + "\nthe board announced on Tuesday a new policy\n")
    script = ("import resource, sys\nfrom briefgen.reports.check import check_project\n"
              "from briefgen.exceptions import ValidationError\n"
              f"try:\n    check_project(__import__('pathlib').Path({str(root)!r}), {DAY!r})\n"
              "except ValidationError as exc:\n    print(exc.format_message())\n"
              "print('maxrss', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n")
    started = time.monotonic()
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert time.monotonic() - started < 60
    assert 'closest passage: "the board announced on Tuesday a new policy"' in out
    assert int(out.rsplit("maxrss ", 1)[1]) < 500 * 1024  # kilobytes


def test_no_passage_is_echoed_unless_it_matches(starter: Path) -> None:
    secret = "alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima\n" * 3
    message = check_message(archived(starter, "example-report.txt", phrase="the board announced on Monday",
                                     article=secret))
    assert "alpha" not in message and "bravo" not in message
    assert "phrase not found in the archived text of source 'example-report'" in message
    assert "no passage of it comes close" in message


def test_a_long_passage_is_cut_short(starter: Path) -> None:
    article = "the board announced on " + "x" * 5000 + " a new policy\n"
    message = check_message(archived(starter, "example-report.txt", phrase="the board announced on Monday a new policy",
                                     article=article))
    assert "closest passage" in message and "x" * 400 not in message


# Exceptions inside templates: each a template error at the template's file and line


@pytest.mark.parametrize("expression", [
    "{{ 'x'|date }}",
    "{{ 'abc'|truncate(2) }}",
    "{{ 'a'|xmlattr }}",
    "{{ cycler() }}{{ cycler().next() }}",
    "{{ 'inf'|float|int }}",
    "{{ facts.all()|dictsort }}",
    "{{ 'x'|number }}",
    "{{ 'x'|money('GBP') }}",
    "{{ 1|percent }}{{ 'x'|percent }}",
    "{{ 'a'|wordwrap(0) }}",
    "{{ [1, 'a']|sort }}",
    "{{ 'x'|round }}",
    "{{ '%d'|format('x') }}",
])
def test_an_exception_inside_a_template_is_a_template_error_at_its_line(starter: Path, expression: str) -> None:
    write(starter, {"templates/example.md.j2": f"# T\n\nFirst line.\n\n{expression}\n"})
    message = check_message(starter)
    assert "templates/example.md.j2:5:" in message, message
    assert "Traceback" not in message and "internal error" not in message


def test_build_and_render_name_the_template_line_of_a_failing_filter(starter: Path) -> None:
    from click.testing import CliRunner

    from briefgen.commands import cli
    from support import build

    write(starter, {"templates/example.md.j2": "# T\n\n{{ 'x'|date }}\n"})
    failed = build(starter, formats=("md",)).failed
    assert failed and all("templates/example.md.j2:3:" in str(f) and "internal error" not in str(f) for f in failed)
    out = CliRunner().invoke(cli, ["render", "example", "-f", "md", "--as-of", DAY, "-p", str(starter)])
    assert out.exit_code == 1 and "templates/example.md.j2:3:" in out.output and "Traceback" not in out.output


# Manifests of the wrong types: named with path and field, the edition skipped with a warning


def published(starter: Path) -> Path:
    """The starter project with one edition published (2026-11-24); its manifest's path."""
    from support import build

    assert not build(starter, "2026-11-24", publish=True).failed
    facts = starter / "facts/example.yaml"
    facts.write_text(facts.read_text().replace("a new policy", "a revised policy"))
    return starter / "editions/example/2026-11-24/manifest.json"


def damage(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data))


def cli(*args: str) -> tuple[int, str]:
    from click.testing import CliRunner

    from briefgen.commands import cli as command

    result = CliRunner().invoke(command, list(args))
    return result.exit_code, result.output + ("" if result.exception is None or isinstance(result.exception, SystemExit)
                                              else repr(result.exception))


BAD_MANIFESTS: list[tuple[str, Callable[[dict[str, Any]], None], str]] = [
    ("fact hash 1e308", lambda d: d["facts"].__setitem__("example-event", 1e308),
     "field 'facts.example-event': expected an object, found a number"),
    ("changes.added true", lambda d: d.__setitem__("changes", {"since": "2026-11-17", "added": True}),
     "field 'changes.added': expected a list, found true"),
    ("fact text a number", lambda d: d["facts"]["example-event"].__setitem__("text", 5),
     "field 'facts.example-event.text': expected a string, found a number"),
    ("sources an object", lambda d: d.__setitem__("sources", {"a": 1}),
     "field 'sources': expected a list, found an object"),
    ("changed item what", lambda d: d.__setitem__("changes", {"since": "2026-11-17", "changed": [{"id": "x",
                                                             "what": "text", "text": "t"}]}),
     "field 'changes.changed[0].what': expected a list, found a string"),
    ("outputs hash", lambda d: d["outputs"].__setitem__("example.md", None),
     "field 'outputs.example.md': expected a string, found null"),
]


@pytest.mark.parametrize("bad", BAD_MANIFESTS, ids=[b[0] for b in BAD_MANIFESTS])
def test_a_manifest_of_the_wrong_types_is_named_and_skipped(starter: Path,
                                                            bad: tuple[str, Callable[[dict[str, Any]], None], str]
                                                            ) -> None:
    _, change, said = bad
    damage(published(starter), change)
    warning = f"editions/example/2026-11-24/manifest.json: {said}; this edition is skipped"
    for command in (["diff", "example", "--as-of", "2026-11-25"], ["feed"], ["check", "--as-of", "2026-11-25"],
                    ["build", "--as-of", "2026-11-25", "-f", "md"],
                    ["publish", "--as-of", "2026-11-25"]):
        code, out = cli(*command, "-p", str(starter))
        assert "Traceback" not in out and "internal error" not in out and "Error(" not in out, (command, out)
        assert warning in out, (command, out)
        if command[0] != "diff":
            assert code == 0, (command, out)


def test_a_truncated_latest_manifest_is_warned_about_by_build_and_diff(starter: Path) -> None:
    path = published(starter)
    path.write_bytes(path.read_bytes()[:100])
    for command in (["diff", "example", "--as-of", "2026-11-25"], ["build", "--as-of", "2026-11-25", "-f", "md"]):
        _, out = cli(*command, "-p", str(starter))
        assert "warning: editions/example/2026-11-24/manifest.json: not valid JSON" in out, (command, out)


# Control characters: never written to an output, never echoed raw to the terminal

CLIPBOARD = "\x1b]52;c;cm0gLXJmIH4=\x07\x1b[2J"


@pytest.mark.parametrize("template", [
    "# T\n\nBefore {{ '\\x1b]52;c;cm0gLXJmIH4=\\x07\\x1b[2J' }} after.\n",
    f"# T\n\nBefore {CLIPBOARD} after.\n",
    "# T\n\nBefore {{ '\\x9b2J' }} after.\n",
])
def test_a_template_writing_control_characters_fails_without_writing_them(starter: Path, template: str) -> None:
    write(starter, {"templates/example.md.j2": template})
    for command in (["build", "--as-of", DAY, "-f", "md"], ["render", "example", "-f", "md", "--as-of", DAY],
                    ["render", "example", "-f", "txt", "--as-of", DAY], ["check", "--as-of", DAY]):
        code, out = cli(*command, "-p", str(starter))
        assert code == 1, (command, out)
        assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out, (command, out)
        assert "templates/example.md.j2" in out and "control character U+" in out, (command, out)
    assert not (starter / "build").exists() or not any((starter / "build").glob("example.*"))


def test_control_characters_in_an_archive_are_never_echoed_raw(starter: Path) -> None:
    article = f"Example news report\nThe board announced {CLIPBOARD} on Tuesday a new policy.\n"
    root = archived(starter, "example-report.txt", phrase="The board announced on Monday a new policy",
                    article=article)
    code, out = cli("check", "--as-of", DAY, "-p", str(root))
    assert code == 1 and "closest passage" in out
    assert "\x1b" not in out and "\x07" not in out
    assert "\u241b]52;c;cm0gLXJmIH4=\u2407\u241b[2J" in out


def test_an_error_message_never_carries_raw_control_characters() -> None:
    from briefgen.exceptions import BriefgenError

    out = io.StringIO()
    BriefgenError(f"templates/x.md.j2:3: {CLIPBOARD}").show(out)
    assert "\x1b" not in out.getvalue() and "\u241b[2J" in out.getvalue()


# The marking hidden, shrunk or replaced: checked on what each edition's reader will see

HIDDEN_CSS = {
    "display none": ".marking{display:none!important} @page{@top-center{content:none} @bottom-center{content:none}}",
    "tiny": ".marking{font-size:0.1pt!important} @page{@top-center{font-size:0.1pt} @bottom-center{font-size:0.1pt}}",
    "transparent": ".marking{color:transparent} @page{@top-center{color:rgba(0,0,0,0)} @bottom-center{color:#fff0}}",
    "invisible": "header,footer{visibility:hidden} @page{@top-center{visibility:hidden} @bottom-center{opacity:0}}",
    "off the page": "header .marking,footer .marking{position:absolute;left:-9999px} "
                    "@page{@top-center{content:none} @bottom-center{content:none}}",
    "white on white": "body .marking{color:#fff} @page{@top-center{color:#fefefe} @bottom-center{color:white}}",
    "clipped": "header{height:0;overflow:hidden} footer{display:none} @page{@top-center{content:none} "
               "@bottom-center{content:none}}",
    "covered": "header,footer{position:relative} header::after,footer::after{content:'';position:absolute;"
               "top:0;left:0;right:0;bottom:0;background:white} "
               "@page{@top-center{content:none} @bottom-center{content:none}}",
}
#: What the HTML check (rules that apply to the marking) does not see: colours and boxes laid over it.
PDF_ONLY = ("white on white", "covered")


def stylesheet(starter: Path, css: str) -> None:
    path = starter / "templates/styles/example.css"
    path.write_text(path.read_text() + "\n" + css + "\n")


def green(starter: Path) -> None:
    """The example brief raised to TLP:GREEN by its floor."""
    spec = starter / "briefings/example.yaml"
    spec.write_text(spec.read_text().replace("ceiling: TLP:CLEAR", "ceiling: TLP:GREEN\nmarking: TLP:GREEN"))


def failure(starter: Path, fmt: str) -> str:
    from support import build

    spec = starter / "briefings/example.yaml"
    spec.write_text(spec.read_text().replace("formats: [md, pdf]\n", "formats: [md, pdf, html, txt, docx]\n"))
    failed = dict(build(starter, formats=(fmt,)).failed)
    assert f"example.{fmt}" in failed, f"the {fmt} edition was built"
    return failed[f"example.{fmt}"]


@pytest.mark.parametrize("css", HIDDEN_CSS.values(), ids=HIDDEN_CSS.keys())
def test_a_stylesheet_that_hides_the_marking_fails_the_pdf(starter: Path, css: str) -> None:
    green(starter)
    stylesheet(starter, css)
    message = failure(starter, "pdf")
    assert "page 1 of the PDF does not show the marking TLP:GREEN visibly" in message
    assert not (starter / "build/example.pdf").exists()


@pytest.mark.parametrize("css", [c for k, c in HIDDEN_CSS.items() if k not in PDF_ONLY],
                         ids=[k for k in HIDDEN_CSS if k not in PDF_ONLY])
def test_a_stylesheet_that_hides_the_marking_fails_the_html(starter: Path, css: str) -> None:
    stylesheet(starter, css)
    message = failure(starter, "html")
    assert "hides or shrinks the marking in the HTML edition" in message


def test_the_pdf_says_why_a_marking_it_found_is_not_visible(starter: Path) -> None:
    stylesheet(starter, HIDDEN_CSS["tiny"])
    assert "(it is there, but it is 0.1 pt, under 6 pt)" in failure(starter, "pdf")


def test_a_later_page_without_its_running_marking_fails(starter: Path) -> None:
    """Page 1 shows the body's first line; from page 2 on only the running header and footer do."""
    write(starter, {"templates/example.md.j2": "# T\n\n" + "Padding paragraph of the brief.\n\n" * 120})
    stylesheet(starter, "@page{@top-center{content:none} @bottom-center{content:none}}")
    message = failure(starter, "pdf")
    assert "page 1 " not in message and "page 2 of the PDF does not show the marking TLP:CLEAR" in message


@pytest.mark.parametrize("css", ['@page{@bottom-left{content:"TLP:CLEAR"}}',
                                 'main::before{content:"TLP:CLEAR"}'])
def test_a_stylesheet_writing_a_marking_of_its_own_fails(starter: Path, css: str) -> None:
    green(starter)
    stylesheet(starter, css)
    assert "writes a marking of its own, 'TLP:CLEAR', but the brief is marked TLP:GREEN" in failure(starter, "pdf")
    if not css.startswith("@page"):  # the HTML edition leaves out paged-media rules
        assert "writes a marking of its own, 'TLP:CLEAR'" in failure(starter, "html")


@pytest.mark.parametrize("typed", ["TLP:CLEAR", "Handling: TLP:RED. Share with no one.", "OFFICIAL-SENSITIVE"])
def test_a_template_typing_a_marking_of_its_own_fails(starter: Path, typed: str) -> None:
    green(starter)
    write(starter, {"templates/example.md.j2": f"# T\n\n{typed}\n\n{{{{ fact('example-event') }}}}\n"})
    message = failure(starter, "md")
    assert "the template writes a marking of its own" in message and "the brief is marked TLP:GREEN" in message
    message = check_message(starter)
    assert "briefings/example.yaml: template: example.md.j2: the template writes a marking of its own" in message


def test_a_marking_a_fact_mentions_is_the_facts_words_not_a_marking(starter: Path) -> None:
    facts = starter / "facts/example.yaml"
    facts.write_text(facts.read_text().replace("announced a new policy", "announced a new TLP:RED-free policy"))
    write(starter, {"templates/example.md.j2": "# T\n\n{{ fact('example-event') }}\n"})
    from support import build

    assert not build(starter, formats=("md",)).failed


def test_the_briefs_own_marking_typed_in_the_template_is_allowed(starter: Path) -> None:
    green(starter)
    write(starter, {"templates/example.md.j2": "# T\n\nThis guide is TLP:GREEN: share it with partners.\n"})
    from support import build

    assert not build(starter, formats=("md",)).failed


def word_template(path: Path, hide: dict[str, str]) -> None:
    """A house template whose styles (name -> 'vanish' or a size in half-points) hide or shrink text."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    doc = docx.Document()
    for name, how in hide.items():
        style = doc.styles[name] if name in [s.name for s in doc.styles] else doc.styles.add_style(name, 1)
        props = style.element.get_or_add_rPr()
        element = OxmlElement("w:vanish" if how == "vanish" else "w:sz")
        if how != "vanish":
            element.set(qn("w:val"), how)
        props.append(element)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))


@pytest.mark.parametrize("hide", [{"Header": "vanish", "Footer": "vanish", "Marking": "vanish"},
                                  {"Header": "2"}, {"Footer": "vanish"}, {"Marking": "vanish"}],
                         ids=["all vanish", "header 1 pt", "footer vanish", "marking vanish"])
def test_a_word_house_template_that_hides_the_marking_fails(starter: Path, hide: dict[str, str]) -> None:
    word_template(starter / "templates/styles/house.docx", hide)
    spec = starter / "briefings/example.yaml"
    spec.write_text(spec.read_text() + "reference_docx: styles/house.docx\n")
    message = failure(starter, "docx")
    assert "a house template may not hide or shrink the marking" in message, message


@pytest.mark.parametrize(("fmt", "text"), [("txt", "Body\n\nTLP:CLEAR\n"), ("txt", "TLP:CLEAR\n\nBody\n"),
                                           ("md", "Body\n\n**TLP:CLEAR**\n")])
def test_a_text_edition_must_open_and_close_with_its_marking(starter: Path, fmt: str, text: str) -> None:
    from briefgen.build.pipeline import Pipeline
    from briefgen.checks.marking_visible import problems
    from briefgen.content import project

    loaded = project.load(starter)
    rendered = Pipeline(loaded).markdown(loaded.briefings["example"], dt.date(2026, 11, 24))
    assert problems(fmt, text.encode(), rendered, loaded) == [
        f"the {'text' if fmt == 'txt' else 'Markdown'} edition does not open and close with its marking "
        + ("TLP:CLEAR" if fmt == "txt" else "**TLP:CLEAR**")]


# Dates out of range: a usage error with the supported range


@pytest.mark.parametrize("as_of", ["0001-01-01", "1975-06-01", "1979-12-31", "2100-01-01", "9999-12-31"])
def test_an_edition_date_out_of_range_is_a_usage_error(starter: Path, as_of: str) -> None:
    for command in (["build", "--as-of", as_of], ["check", "--as-of", as_of], ["render", "example", "--as-of", as_of],
                    ["publish", "--as-of", as_of]):
        code, out = cli(*command, "-p", str(starter))
        assert code == 2, (command, out)
        assert f"--as-of: expected a date from 1980-01-01 to 2099-12-31, found {as_of}" in out, (command, out)


@pytest.mark.parametrize("epoch", ["-5", "0", "4102444800", "99999999999999999"])
def test_a_source_date_epoch_out_of_range_is_a_usage_error(starter: Path, monkeypatch: pytest.MonkeyPatch,
                                                           epoch: str) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    code, out = cli("build", "-p", str(starter))
    assert code == 2, out
    assert "SOURCE_DATE_EPOCH: expected a date from 1980-01-01 to 2099-12-31" in out and "internal error" not in out


def test_the_edges_of_the_range_build(starter: Path) -> None:
    for as_of in ("1980-01-01", "2099-12-31"):
        code, out = cli("build", "--as-of", as_of, "-p", str(starter))
        assert code == 0, out


# render -o: never over a published edition, the build folder or the project's own files


@pytest.mark.parametrize("target", ["editions/example/2026-11-24/example.md", "build/example.md", "build/new.md",
                                    "editions/x.md", "templates/example.md.j2", "facts/example.yaml",
                                    "briefgen.yaml", "link/example.md"])
def test_render_refuses_to_write_inside_editions_build_or_the_content(starter: Path, target: str) -> None:
    published(starter)
    (starter / "link").symlink_to(starter / "editions/example/2026-11-24")
    before = {p: p.read_bytes() for p in starter.rglob("*") if p.is_file()}
    code, out = cli("render", "example", "-f", "md", "--as-of", DAY, "-o", str(starter / target), "-p", str(starter))
    assert code == 2, out
    assert "-o: refused to write" in out and "choose a file outside" in out
    assert {p: p.read_bytes() for p in starter.rglob("*") if p.is_file()} == before


def test_render_writes_elsewhere(starter: Path, tmp_path: Path) -> None:
    code, out = cli("render", "example", "-f", "md", "--as-of", DAY, "-o", str(tmp_path / "x.md"), "-p", str(starter))
    assert code == 0 and (tmp_path / "x.md").read_text().startswith("**TLP:CLEAR**")
    code, out = cli("render", "example", "-f", "md", "--as-of", DAY, "-o", str(starter / "drafts/x.md"),
                    "-p", str(starter))
    assert code == 0, out


# Images in the HTML edition: the project's own, inlined; nothing fetched from anywhere else

PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")


@pytest.mark.parametrize("src", ["http://127.0.0.1:8768/x.png", "//127.0.0.1:8768/x.png",
                                 "/etc/hostname", "../../outside.png", "data:image/png;base64,AAAA",
                                 "missing.png"])
def test_an_image_from_outside_the_project_is_refused_in_the_html(starter: Path, src: str) -> None:
    (starter.parent / "outside.png").write_bytes(PNG)
    write(starter, {"templates/example.md.j2": f"# T\n\n![r]({src})\n"})
    message = failure(starter, "html")
    assert f"image '{src}'" in message and "HTML edition" in message
    assert not (starter / "build/example.html").exists()


def test_the_projects_own_image_is_inlined_in_the_html(starter: Path) -> None:
    from support import build

    (starter / "assets").mkdir(exist_ok=True)
    (starter / "assets/dot.png").write_bytes(PNG)
    write(starter, {"templates/example.md.j2": "# T\n\n![A dot](../assets/dot.png)\n"})
    spec = starter / "briefings/example.yaml"
    spec.write_text(spec.read_text().replace("formats: [md, pdf]\n", "formats: [md, pdf, html]\n"))
    assert not build(starter, formats=("html",)).failed
    page = (starter / "build/example.html").read_text()
    assert '<img src="data:image/png;base64,' in page and 'alt="A dot"' in page and "../assets" not in page


# A feed that is a link out of the project: say what was written


def test_a_feed_linked_outside_the_project_says_what_was_published(starter: Path, tmp_path: Path) -> None:
    published(starter)
    outside = tmp_path / "outside"
    outside.mkdir()
    feed = starter / "editions/example/feed.atom"
    feed.unlink()
    feed.symlink_to(outside / "feed.atom")
    code, out = cli("publish", "--as-of", "2026-11-25", "-p", str(starter))
    assert code == 1
    assert (starter / "editions/example/2026-11-25/manifest.json").is_file()
    assert "nothing was published" not in out
    assert "editions/example/feed.atom: leads to" in out and "outside the project" in out
    assert "published: editions/example/2026-11-25; the feeds and index were not written" in out
    assert not (outside / "feed.atom").exists() and not (starter / "editions/index.html").is_symlink()


# A fact raised above a record's marking: what later records may say of it

PLATYPUS = """
facts:
  - id: platypus-fact
    statement: The platypus desk reported a {word} intrusion at the harbour authority.
    kind: reported
    sources: [example-report]
    tags: [example]
    marking: {marking}
"""


def test_a_fact_raised_to_red_is_neither_named_nor_quoted_by_later_clear_records(starter: Path) -> None:
    from support import build

    def publish(day: str, word: str, marking: str = "TLP:CLEAR") -> None:
        write(starter, {"facts/platypus.yaml": PLATYPUS.format(word=word, marking=marking)})
        assert not build(starter, day, publish=True).failed

    publish("2026-11-24", "minor")
    publish("2026-11-25", "serious")  # the feed tells readers what changed: "Updated ... serious intrusion"
    feed = (starter / "editions/example/feed.atom").read_text()
    assert "serious intrusion" in feed
    publish("2026-11-26", "serious", "TLP:RED")
    manifest = json.loads((starter / "editions/example/2026-11-26/manifest.json").read_text())
    assert manifest["marking"] == "TLP:CLEAR"
    assert "platypus-fact" not in json.dumps(manifest)
    assert manifest["changes"]["dropped_hidden"] == 1
    for record in ("editions/example/feed.atom", "editions/index.html"):
        text = (starter / record).read_text()
        assert "platypus" not in text and "intrusion" not in text, record
        assert "A fact that can no longer be shown here." in text, record
    # The edition published when the fact was CLEAR is the record of what was released: never rewritten.
    assert "serious intrusion" in (starter / "editions/example/2026-11-25/example.md").read_text()


def test_a_label_that_leaves_out_the_default_scale_is_at_its_lowest_level(starter: Path) -> None:
    """A brief marked "OFFICIAL" is TLP:CLEAR too: its records still quote its TLP:CLEAR facts."""
    from briefgen.content import project
    from briefgen.editions.reclassified import raised_above

    loaded = project.load(starter)
    assert not raised_above("example-event", "OFFICIAL", loaded.facts, loaded.settings)
    assert not raised_above("example-event", "TLP:CLEAR", loaded.facts, loaded.settings)
