"""Rendering at the edges: template errors on the build path, template limits, folders that lead out
of the project, inert CSS in the HTML edition, and a missing Pango library."""

from __future__ import annotations

import datetime as dt
import importlib.abc
import importlib.machinery
import json
import os
import subprocess
import sys
import textwrap
import time
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

import pytest
from click.testing import CliRunner, Result

from briefgen.commands import cli
from briefgen.content import project
from briefgen.exceptions import TemplateError
from briefgen.templating.render import Renderer
from support import build, write

DAY = dt.date(2026, 11, 24)


def cli_build(root: Path, *args: str) -> Result:
    """``briefgen build`` as a user runs it; an exception other than a clean exit fails the test."""
    result = CliRunner().invoke(cli, ["build", "-p", str(root), "--as-of", "2026-11-24", *args])
    assert isinstance(result.exception, SystemExit | None), "".join(
        __import__("traceback").format_exception(result.exception))
    assert "Traceback" not in result.output
    return result


def render(root: Path, template: str) -> str:
    write(root, {"templates/example.md.j2": template})
    loaded = project.load(root)
    return Renderer(loaded).render(loaded.briefings["example"], DAY).markdown


# -- 1. A broken include on the build path -------------------------------------------------------

@pytest.mark.parametrize(("include", "partial", "expected"), [
    ("partials/missing.md.j2", None, "templates/example.md.j2:3: template not found: partials/missing.md.j2"),
    ("../../outside.md.j2", None, "templates/example.md.j2:3: template not found: ../../outside.md.j2"),
    ("partials/link.md.j2", None, "templates/example.md.j2:3: template not found: partials/link.md.j2 "
                                  "(it leads outside templates/)"),
    ("partials/bad.md.j2", "{% for x in y %}\n", "templates/partials/bad.md.j2:1: template syntax error"),
])
def test_build_with_a_broken_include_names_file_and_line(starter: Path, tmp_path: Path, include: str,
                                                         partial: str | None, expected: str) -> None:
    (tmp_path / "outside.md.j2").write_text("secret outside the project\n")
    (starter / "templates/partials/link.md.j2").symlink_to(tmp_path / "outside.md.j2")
    if partial is not None:
        write(starter, {"templates/partials/bad.md.j2": partial})
    write(starter, {"templates/example.md.j2": f"# T\n\n{{% include '{include}' %}}\n"})
    result = cli_build(starter, "-j", "1")
    assert result.exit_code == 1
    assert expected in result.output
    assert "secret outside" not in result.output


def test_a_broken_include_fails_only_its_own_brief(starter: Path) -> None:
    spec = (starter / "briefings/example.yaml").read_text()
    write(starter, {"briefings/second.yaml": spec.replace("example.md.j2", "second.md.j2"),
                    "templates/second.md.j2": "# Second\n\n{% include 'nowhere.md.j2' %}\n"})
    result = build(starter, formats=("md",))
    assert [name for name, _ in result.failed] == ["second.md"]
    assert "templates/second.md.j2:3: template not found: nowhere.md.j2" in result.failed[0][1]
    assert (starter / "build/example.md").is_file()


# -- 2. Runtime errors and limits in templates ---------------------------------------------------

@pytest.mark.parametrize(("template", "message"), [
    ("{% if 1 is nope %}x{% endif %}", "No test named 'nope'"),
    ("{% if true %}{{ 1|nope }}{% endif %}", "No filter named 'nope'"),
    ("{{ range(10**7)|length }}", "Range too big"),
    ("{{ 1 / 0 }}", "division by zero"),
    ("{{ lipsum(3) }}", "undefined value"),
    ("{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}", "too deeply nested"),
    ("{{ 10 ** 10 ** 10 ** 10 ** 10 }}", "too large"),
])
def test_template_runtime_errors_name_file_and_line(starter: Path, template: str, message: str) -> None:
    with pytest.raises(TemplateError) as info:
        render(starter, "# T\n\n" + template + "\n")
    text = info.value.format_message()
    assert text.startswith("templates/example.md.j2:3: "), text
    assert message in text, text


def test_a_runtime_error_fails_the_target_not_the_build(starter: Path) -> None:
    write(starter, {"templates/example.md.j2": "# T\n\n{% if 1 is nope %}x{% endif %}\n"})
    result = cli_build(starter, "-j", "1")
    assert result.exit_code == 1
    assert "example.md: templates/example.md.j2:3: No test named 'nope' found." in result.output


#: Each would take gigabytes or hours unchecked: run in a child process with 1.5 GB of address
#: space, so that a regression fails this test rather than the machine.
HUGE = [
    "{{ 'x' * 4000000000 }}",
    "{{ ['x'] * 4000000000 }}",
    "{{ 'x'.center(4000000000) }}",
    "{{ 'x'|center(4000000000) }}",
    "{{ 'x'.zfill(4000000000) }}",
    "{{ '%4000000000d' % 1 }}",
    "{{ '%*d' % (4000000000, 1) }}",
    "{{ '%d'|format(1) ~ '%4000000000d'|format(1) }}",
    "{{ '{:>4000000000}'.format(1) }}",
    "{{ 'x'|indent(4000000000, true) }}",
    "{{ ('x' * 1000000).replace('x', 'xxxxxxxxxxxx') }}",
    "{{ ('x' * 1000000)|replace('x', 'xxxxxxxxxxxx') }}",
    "{{ ('x' * 1000000).join(['a'] * 100000) }}",
    "{{ ('\t' * 1000000).expandtabs(100000) }}",
    "{{ [1]|batch(4000000000, 0)|list }}",
    "{{ 7 ** 4000000000 }}",
    "{% set ns = namespace(s='x') %}{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s }}",
    "{% set ns = namespace(s='x') %}{% for i in range(64) %}{% set ns.s = ns.s + ns.s %}{% endfor %}{{ ns.s }}",
    "{% set ns = namespace(n=7) %}{% for i in range(64) %}{% set ns.n = ns.n * ns.n %}{% endfor %}{{ ns.n > 1 }}",
    "{% for i in range(100000) %}{{ 'x' * 100000 }}{% endfor %}",
    "{% for i in range(100000) %}{% for j in range(100000) %}xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
    "{% endfor %}{% endfor %}",
    "{% macro m() %}{% for i in range(100000) %}{% for j in range(100000) %}xxxxxxxxxxxxxxxx"
    "{% endfor %}{% endfor %}{% endmacro %}{% set x = m() %}",
    "{% set s = 'x' * 100000 %}{% for a in s %}{% for b in s %}{% endfor %}{% endfor %}",
]

CHILD = textwrap.dedent("""
    import datetime as dt, json, resource, sys
    from pathlib import Path
    resource.setrlimit(resource.RLIMIT_AS, (1536 * 2**20, 1536 * 2**20))
    from briefgen.content import project
    from briefgen.exceptions import TemplateError
    from briefgen.templating.render import Renderer
    loaded = project.load(Path(sys.argv[1]))
    try:
        Renderer(loaded).render(loaded.briefings["example"], dt.date(2026, 11, 24))
        print(json.dumps({"outcome": "rendered"}))
    except TemplateError as exc:
        print(json.dumps({"outcome": "error", "message": exc.format_message()}))
""")


def render_in_child(root: Path, template: str) -> dict[str, str]:
    write(root, {"templates/example.md.j2": "# T\n\n" + template + "\n"})
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    done = subprocess.run([sys.executable, "-c", CHILD, str(root)], capture_output=True, text=True,
                          timeout=120, env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    outcome: dict[str, str] = json.loads(done.stdout)
    return outcome


@pytest.mark.parametrize("template", HUGE)
def test_templates_cannot_exhaust_memory_or_time(starter: Path, template: str) -> None:
    started = time.monotonic()
    outcome = render_in_child(starter, template)
    assert outcome["outcome"] == "error"
    assert outcome["message"].startswith("templates/example.md.j2:3: "), outcome["message"]
    assert "template limit" in outcome["message"]
    # Generous: each is refused in well under a second; 60 s leaves room for a loaded CI machine
    # (unchecked, each takes hours or is killed for memory).
    assert time.monotonic() - started < 60


def test_render_time_is_limited(starter: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from briefgen.templating import limits

    monkeypatch.setattr(limits, "MAX_SECONDS", 0.2)
    started = time.monotonic()
    with pytest.raises(TemplateError, match=r"example.md.j2:3: template limit: .*took more than 0.2 s"):
        render(starter, "# T\n\n{% for i in range(100000) %}{% for j in range(100000) %}{{ 'x'|length }}"
                        "{% endfor %}{% endfor %}\n")
    assert time.monotonic() - started < 10  # generous bound for a 0.2 s limit


def test_limits_leave_real_briefs_alone(starter: Path) -> None:
    out = render(starter, "# T\n\n{% for i in range(1000) %}{{ '%05d' % i }} {{ 'ab' * 3 }} "
                          "{{ 'c'|center(5)|length }}\n{% endfor %}"
                          "{{ 2 ** 10 }} {{ [1, 2] * 2 }} {{ 'x' ~ 'y' }} {{ '{:0>4}'.format(7) }}\n")
    assert "00999 ababab 5" in out
    assert "1024 [1, 2, 1, 2] xy 0007" in out


# -- 3. Contrast ---------------------------------------------------------------------------------

def contrast_problems(tmp_path: Path, css: str) -> list[str]:
    from briefgen.checks.accessibility import check_contrast

    sheet = tmp_path / "templates/styles/sheet.css"
    write(tmp_path, {"templates/styles/sheet.css": css})
    return check_contrast(sheet, [tmp_path / "templates"])


@pytest.mark.parametrize(("css", "expected"), [
    ("h2 { color: #abcd; }", "'h2': text #abcd on #ffffff"),
    ("h2 { color: #aaaaaaff; }", "'h2': text #aaaaaaff on #ffffff"),
    ("h2 { color: rgb(170, 170, 170); }", "'h2': text rgb(170, 170, 170) on #ffffff"),
    ("h2 { color: rgba(0, 0, 0, 0.3); }", "'h2': text rgba(0, 0, 0, 0.3) on #ffffff"),
    ("h2 { color: rgb(170 170 170 / 100%); }", "'h2': text rgb(170 170 170 / 100%) on #ffffff"),
    ("h2 { color: hsl(0, 0%, 67%); }", "'h2': text hsl(0, 0%, 67%) on #ffffff"),
    ("h2 { color: hsla(0, 0%, 0%, 0.2); }", "'h2': text hsla(0, 0%, 0%, 0.2) on #ffffff"),
    ("h2 { color: silver; }", "'h2': text silver on #ffffff"),
    ("h2 { color: #333; background: transparent; }", None),
    ("body { background: #000; color: #fff; } p { color: #333; }", "'p': text #333 on #000 (the body background)"),
    ("html { background-color: navy; color: white; } p { color: #333; background: transparent; }",
     "'p': text #333 on navy (the html background)"),
    ("html { color: #777; }", "'html': text #777 on #ffffff"),
    (".x { background: #111 url(x.png) no-repeat; }", "'.x': text #000000 (the default colour) on #111"),
    ("html { color: #eee; background: #000; } .x { background: #fff; }", "'.x': text #eee (the html colour) on #fff"),
    ("@media screen { h3 { color: lightgrey; } }", "'h3': text lightgrey on #ffffff"),
    ("@page { @top-center { color: #ccc; } }", "'@page @top-center': text #ccc on #ffffff"),
    ("h2 { color: currentcolor; } h3 { color: inherit; } h4 { color: #767676; }", None),
])
def test_contrast_reads_css_with_a_real_parser(tmp_path: Path, css: str, expected: str | None) -> None:
    problems = contrast_problems(tmp_path, css)
    if expected is None:
        assert problems == []
    else:
        assert len(problems) == 1 and expected in problems[0], problems


def test_contrast_just_below_the_threshold_never_reads_as_the_threshold(tmp_path: Path) -> None:
    from briefgen.checks.accessibility import contrast

    assert 4.47 < contrast("#777777", "#ffffff") < 4.5
    problems = contrast_problems(tmp_path, "p { color: #777777; }")
    assert problems == ["sheet.css: 'p': text #777777 on #ffffff has contrast 4.47:1, below 4.5:1"]


def test_contrast_follows_imports_inside_the_project_only(tmp_path: Path) -> None:
    write(tmp_path, {"templates/styles/base.css": "h2 { color: #aaa; }\n",
                     "outside.css": "h3 { color: #aaa; }\n"})
    problems = contrast_problems(tmp_path, '@import "base.css";\n@import url("../../outside.css");\n')
    assert problems == ["base.css: 'h2': text #aaa on #ffffff has contrast 2.32:1, below 4.5:1"]


def test_contrast_reports_a_colour_it_cannot_check(tmp_path: Path) -> None:
    problems = contrast_problems(tmp_path, "p { color: lab(50% 40 20); } h2 { background-color: var(--x); }")
    assert problems == ["sheet.css: 'p': cannot check the contrast of text lab(50% 40 20): "
                        "write it as a hex colour, rgb(), hsl() or a colour name",
                        "sheet.css: 'h2': cannot check the contrast of the background var(--x): "
                        "write it as a hex colour, rgb(), hsl() or a colour name"]


def test_contrast_takes_the_page_background_in_cascade_order(tmp_path: Path) -> None:
    write(tmp_path, {"templates/styles/base.css": "body { background: #000; color: #fff; }\n"})
    css = '@import "base.css";\nbody { background: #fff; color: #111; }\n.x { color: #222; }\n'
    assert contrast_problems(tmp_path, css) == []


# -- 4. Symlinked roots --------------------------------------------------------------------------

def test_templates_folder_linking_out_of_the_project_is_refused(starter: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    (starter / "templates").rename(outside)
    (outside / "secret.txt").write_text("the secret outside\n")
    write(outside, {"example.md.j2": "# T\n\n{% include 'secret.txt' %}\n"})
    (starter / "templates").symlink_to(outside)
    result = cli_build(starter, "-f", "md")
    assert result.exit_code == 1
    assert f"templates: expected a folder inside the project, found a link to {outside}" in result.output
    assert "the secret outside" not in result.output
    assert not (starter / "build/example.md").exists()


def test_templates_folder_linking_to_the_root_cannot_publish_system_files(starter: Path) -> None:
    spec = (starter / "briefings/example.yaml").read_text().replace("example.md.j2", "etc/passwd")
    write(starter, {"briefings/example.yaml": spec})
    os.rename(starter / "templates", starter / "kept")
    (starter / "templates").symlink_to("/")
    result = cli_build(starter, "-f", "md")
    assert result.exit_code == 1
    assert "templates: expected a folder inside the project, found a link to /" in result.output
    assert "root:" not in result.output and not (starter / "build/example.md").exists()


def test_templates_folder_linking_inside_the_project_is_fine(starter: Path) -> None:
    (starter / "design").mkdir()
    (starter / "templates").rename(starter / "design/templates")
    (starter / "templates").symlink_to(Path("design/templates"))
    assert not build(starter, formats=("md",)).failed


def test_assets_folder_linking_out_of_the_project_is_refused(starter: Path) -> None:
    (starter / "assets").symlink_to("/")
    write(starter, {"templates/example.md.j2": "# T\n\n![The host's name](../assets/etc/hostname)\n"})
    result = build(starter, formats=("pdf",))
    assert len(result.failed) == 1
    assert "assets: expected a folder inside the project, found a link to /" in result.failed[0][1]


def test_fetcher_refuses_roots_that_lead_outside(tmp_path: Path) -> None:
    from briefgen.exceptions import ValidationError
    from briefgen.writers.pdf import ProjectFetcher

    (tmp_path / "proj").mkdir()
    (tmp_path / "proj/assets").symlink_to(tmp_path)
    with pytest.raises(ValidationError, match="assets: expected a folder inside the project"):
        ProjectFetcher([tmp_path / "proj/assets"])


# -- 5. Inert CSS in the HTML edition ------------------------------------------------------------

HOSTILE_CSS = r"""
@import url("https://evil.example/x.css");
@import "http://evil.example/y.css" screen;
@import "/etc/passwd";
@import "part.css" print;
@font-face { font-family: X; src: url(../../assets/fonts/x.ttf); }
</style><script>alert(1)</script> { color: red }
p::before { content: "</style><script>alert(2)</script>"; }
p::after { content: "<\/style>"; }
h1 { background: #003399 url(https://evil.example/h.png) no-repeat; color: #fff; }
h2 { background-image: image-set("a.png" 1x, url(https://evil.example/b.png) 2x); }
h3 { background-image: -webkit-image-set("a.png" 1x); list-style: u\72l(https://evil.example/c.png) square; }
h4 { background: src("https://evil.example/d.png"); mask: image("https://evil.example/e.png"); }
@media screen { body { background: URL( 'https://evil.example/f.png' ); max-width: 44rem; } }
ul { cursor: url(https://evil.example/g.cur), auto; }
"""


def test_inlined_css_is_inert(starter: Path) -> None:
    from briefgen.writers.html import standalone_css

    write(starter, {"templates/styles/hostile.css": HOSTILE_CSS,
                    "templates/styles/part.css": "em { font-style: normal; }\n"})
    css = standalone_css(starter / "templates/styles/hostile.css", starter / "templates")
    lowered = css.lower()
    assert "</" not in css  # so nothing inside can close the <style> element
    for gone in ("url", "http", "image-set", "src(", "image(", "@import", "@font-face", "evil"):
        assert gone not in lowered, (gone, css)
    assert "@media print {\nem { font-style: normal; }\n}" in css
    assert "h1 { background: #003399 none no-repeat; color: #fff; }" in css
    assert "@media screen { body { background: none; max-width: 44rem; } }" in css
    assert 'p::before { content: "\\3c /style><script>alert(2)\\3c /script>"; }' in css


def test_html_edition_carries_no_live_markup_from_css(starter: Path) -> None:
    spec = (starter / "briefings/example.yaml").read_text().replace("formats: [md, pdf]", "formats: [md, html]")
    write(starter, {"briefings/example.yaml": spec})
    css = starter / "templates/styles/example.css"
    css.write_text(css.read_text() + HOSTILE_CSS.replace('@import "part.css" print;\n', ""))
    assert not build(starter, formats=("html",)).failed
    page = (starter / "build/example.html").read_text()
    assert page.lower().count("</style") == 1 and page.lower().count("<style") == 1
    before, rest = page.split("<style>")
    style, after = rest.split("</style>")
    assert "</" not in style
    assert "<script" not in (before + after).lower() and "evil" not in page
    assert "font-size: 22pt" in page  # the shipped rules are still there


# -- 6. A missing Pango library ------------------------------------------------------------------

class _NoPango(importlib.abc.MetaPathFinder):
    """Fails ``import weasyprint`` as cffi does when libpango is not installed."""

    def find_spec(self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
                  ) -> importlib.machinery.ModuleSpec | None:
        if fullname == "weasyprint" or fullname.startswith("weasyprint."):
            raise OSError("cannot load library 'libpango-1.0-0': libpango-1.0-0: cannot open shared object file: "
                          "No such file or directory")
        return None


@pytest.fixture
def no_pango(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(sys.modules):
        if name == "weasyprint" or name.startswith("weasyprint.") or name == "briefgen.writers.pdf":
            monkeypatch.delitem(sys.modules, name)
    monkeypatch.setattr(sys, "meta_path", [_NoPango(), *sys.meta_path])


@pytest.mark.usefixtures("no_pango")
def test_missing_pango_names_the_system_packages() -> None:
    from briefgen.exceptions import BriefgenError

    with pytest.raises(BriefgenError) as info:
        import briefgen.writers.pdf  # noqa: F401
    message = info.value.format_message()
    for package in ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0", "briefgen doctor"):
        assert package in message


@pytest.mark.usefixtures("no_pango")
def test_missing_pango_fails_pdf_targets_with_the_message(starter: Path) -> None:
    result = cli_build(starter, "-j", "1")
    assert result.exit_code == 1
    assert "example.pdf: WeasyPrint cannot load its system libraries" in result.output
    assert (starter / "build/example.md").is_file()


def test_render_to_a_device_or_pipe_writes_through_it_and_never_replaces_it(starter: Path, tmp_path: Path) -> None:
    """`render -o /dev/null` (as the benchmark runs it) replaced /dev/null with a regular file when run as
    root: the output was written beside it and renamed over it. A target that exists and is not a regular
    file (a device, a FIFO) is written through, as a shell's `>` would. Shown here with a FIFO, safely."""
    import threading

    from click.testing import CliRunner

    from briefgen.commands import cli

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    result = CliRunner().invoke(cli, ["render", "example", "-f", "md", "-o", str(fifo), "-p", str(starter),
                                      "--as-of", "2026-11-24"])
    if not got:  # unblock the reader if render never opened the FIFO
        with open(fifo, "wb"):
            pass
    reader.join(10)
    assert result.exit_code == 0, result.output
    assert fifo.is_fifo()
    assert got and b"# " in got[0]
