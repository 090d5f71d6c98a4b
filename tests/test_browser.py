"""The HTML editions in a real browser (headless Chromium over the DevTools protocol on a pipe, tests/devtools_pipe.py):
no brief is wider than a phone's screen at 320 and 375 CSS pixels, and axe-core finds no violation.

Chromium is Debian's ``chromium`` (scripts/system-deps.sh installs it as root); axe-core is npm's
``axe-core``, installed into .venv by ``make``. Without either the tests are skipped, loudly, and under
``CI=true`` they fail instead.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from devtools_pipe import AXE, Browser, chromium
from support import build, copy_repo

BRIEFS = ("eu-official", "uk-regulator", "uk-sme")
WIDTHS = (320, 375)


def _unavailable(what: str) -> None:
    message = f"BROWSER TESTS NOT RUN: {what}"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    executable = chromium()
    if executable is None:
        _unavailable("no chromium on PATH (Debian: apt-get install chromium; `make system` does it as root)")
    assert executable is not None
    with Browser(executable) as b:
        yield b


@pytest.fixture(scope="module")
def axe() -> str:
    if not AXE.is_file():
        _unavailable(f"axe-core is not installed at {AXE} (`make` installs it with npm)")
    return AXE.read_text("utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_repo(tmp_path_factory.mktemp("browser") / "repo")
    result = build(root, formats=("html",))
    assert not result.failed, result.failed
    return root / "build"


def page_width(browser: Browser, page: Path, width: int) -> int:
    browser.load(page, width)
    found = browser.evaluate("Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)")
    assert isinstance(found, int)
    return found


def violations(browser: Browser, axe: str) -> list[str]:
    if browser.evaluate("typeof axe") != "object":
        browser.evaluate(axe)
    found = browser.evaluate(
        "axe.run(document).then(r => r.violations.map("
        "v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', ')))")
    assert isinstance(found, list)
    return [str(v) for v in found]


@pytest.mark.content
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("brief", BRIEFS)
def test_brief_fits_a_phone(browser: Browser, built: Path, brief: str, width: int) -> None:
    assert page_width(browser, built / f"{brief}.html", width) <= width


@pytest.mark.content
@pytest.mark.parametrize("brief", BRIEFS)
def test_brief_has_no_axe_violations(browser: Browser, axe: str, built: Path, brief: str) -> None:
    for width in (1280, 375):
        browser.load(built / f"{brief}.html", width)
        assert violations(browser, axe) == [], f"{brief} at {width} px"


def test_wide_table_scrolls_in_its_region(browser: Browser, starter: Path) -> None:
    cells = " | ".join(["Considerably-long-heading"] * 8)
    rule = " | ".join(["---"] * 8)
    (starter / "templates/example.md.j2").write_text(f"# Wide\n\n## Options\n\n| {cells} |\n| {rule} |\n| {cells} |\n")
    spec = starter / "briefings/example.yaml"
    spec.write_text(spec.read_text("utf-8").replace("formats: [md, pdf]", "formats: [md, html, pdf]"), "utf-8")
    result = build(starter, formats=("html",))
    assert not result.failed, result.failed
    page = starter / "build/example.html"
    assert page_width(browser, page, 320) <= 320
    region = browser.evaluate(
        "(() => { const r = document.querySelector('.table-scroll');"
        " return [r.getAttribute('role'), r.getAttribute('aria-label'), r.scrollWidth > r.clientWidth]; })()")
    assert region == ["region", "Options", True]


def test_editions_index_has_no_axe_violations(browser: Browser, axe: str, starter: Path) -> None:
    assert not build(starter, "2026-11-24", publish=True).failed
    browser.load(starter / "editions/index.html", 1280)
    assert violations(browser, axe) == []
    assert page_width(browser, starter / "editions/index.html", 320) <= 320
