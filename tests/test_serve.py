"""``briefgen serve``: the live preview, over HTTP and in a real (headless) browser."""

from __future__ import annotations

import datetime as dt
import http.client
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefgen.build.options import Options
from briefgen.build.preview_page import inject
from briefgen.build.serve import Running, host_name, is_loopback, start
from briefgen.content.starter import scaffold
from support import MISSING, write

EDITION = dt.date(2026, 11, 24)


@pytest.fixture
def kit(tmp_path: Path) -> Path:
    root = tmp_path / "kit"
    scaffold(root)
    return root


@pytest.fixture
def served(kit: Path) -> Iterator[Running]:
    said: list[str] = []
    running = start(kit, Options(wait=True), lambda: EDITION, "127.0.0.1", 0, said.append, lambda *e: None)
    try:
        wait_until(lambda: running.preview.outputs >= 1 and not running.preview.building, 60)
        yield running
    finally:
        running.stop()


def wait_until(condition: object, timeout: float) -> float:
    started = time.monotonic()
    while not condition():  # type: ignore[operator]
        if time.monotonic() - started > timeout:
            raise AssertionError("timed out")
        time.sleep(0.02)
    return time.monotonic() - started


def get(running: Running, path: str, host: str | None = None) -> tuple[int, dict[str, str], bytes]:
    address, port = running.server.server_address[:2]
    conn = http.client.HTTPConnection(str(address), port, timeout=10)
    conn.request("GET", path, headers={"Host": host or f"127.0.0.1:{port}"})
    answer = conn.getresponse()
    body = answer.read()
    conn.close()
    return answer.status, {k.lower(): v for k, v in answer.getheaders()}, body


def test_hosts_and_injection() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.4") and not is_loopback("example.org")
    assert host_name("127.0.0.1:8000") == "127.0.0.1" and host_name("[::1]:8000") == "[::1]"
    assert inject("<html><body><p>x</p></body></html>", "<s>") == "<html><body><p>x</p><s></body></html>"
    assert inject("<p>no body</p>", "<s>") == "<p>no body</p><s>"


@pytest.mark.realtime
def test_index_pages_and_pdf_one_click_away(served: Running, kit: Path) -> None:
    status, headers, body = get(served, "/")
    index = body.decode()
    assert status == 200 and '<a href="/public-guide.html">Example guide</a>' in index
    assert '<a href="/public-guide.pdf">PDF</a>' in index and '<a href="/officials-note.pdf">PDF</a>' in index
    status, headers, body = get(served, "/public-guide.pdf")
    assert status == 200 and headers["content-type"] == "application/pdf" and body.startswith(b"%PDF-")
    assert body == (kit / "build/public-guide.pdf").read_bytes()
    status, headers, body = get(served, "/public-guide.html")
    assert status == 200 and b"/__briefgen/state" in body and "script-src 'nonce-" in headers["content-security-policy"]
    assert b"__briefgen" not in (kit / "build/public-guide.html").read_bytes()  # the file itself is untouched


@pytest.mark.realtime
def test_serves_only_built_editions_and_only_to_its_own_host(served: Running, kit: Path) -> None:
    (kit / "build/secret.html").write_text("<p>not a brief</p>")
    for path in ("/secret.html", "/../briefgen.yaml", "/public-guide.d", "/.briefgen-state.json",
                 "/%2e%2e/briefgen.yaml", "/public-guide.html/../../briefgen.yaml"):
        assert get(served, path)[0] == 404, path
    assert get(served, "/", host="attacker.example:80")[0] == 421  # DNS rebinding: refused
    assert get(served, "/", host="localhost:1")[0] == 200


def test_serve_warns_when_not_loopback_and_refuses_a_busy_port(kit: Path) -> None:
    from click.testing import CliRunner

    from briefgen.commands import cli

    first = start(kit, Options(wait=True), lambda: EDITION, "127.0.0.1", 0, lambda s: None, lambda *e: None)
    try:
        port = first.server.server_address[1]
        result = CliRunner().invoke(cli, ["serve", "-p", str(kit), "--port", str(port)])
        assert result.exit_code == 2 and f"cannot serve on 127.0.0.1:{port}" in result.output
        assert "Traceback" not in result.output
        result = CliRunner().invoke(cli, ["serve", "-p", str(kit), "--host", "203.0.113.7", "--port", "1"])
        assert "warning: serving on 203.0.113.7, not this machine only" in result.output
    finally:
        first.stop()


@pytest.mark.realtime
@pytest.mark.slow
def test_in_a_browser_edit_break_and_fix(served: Running, kit: Path, tmp_path: Path) -> None:
    """Edit a fact: the open page changes. Break the template: the page shows the error with its file and
    line. Fix it: the error goes. Screenshots of each step are kept in the test's tmp folder."""
    from browser import browser, chromium

    executable = chromium()
    if executable is None:
        message = ("chromium is missing, so `briefgen serve` was NOT tested in a browser: "
                   "apt-get install chromium (make system does), or set BRIEFGEN_CHROMIUM")
        MISSING.append(message)
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    shots = tmp_path / "screenshots"
    shots.mkdir()
    print(f"screenshots in {shots}")
    with browser(executable, tmp_path / "profile") as page:
        page.goto(served.url)
        assert page.evaluate("document.querySelector('a[href=\"/public-guide.pdf\"]').textContent") == "PDF"
        page.screenshot(shots / "0-index.png")
        page.goto(served.url + "public-guide.html")
        page.wait_for("document.body.innerText.includes('announced a new policy')")
        page.screenshot(shots / "1-before.png")

        facts = kit / "facts/example.yaml"
        saved = time.monotonic()
        facts.write_text(facts.read_text().replace("announced a new policy", "announced a stricter policy"))
        page.wait_for("document.body.innerText.includes('announced a stricter policy')")
        print(f"save to reload: {time.monotonic() - saved:.2f} s")
        page.screenshot(shots / "2-edited.png")

        template = kit / "templates/public.md.j2"
        good = template.read_text()
        template.write_text(good.replace("## What has happened", "## What has happened\n\n{{ fact('no-such-fact') }}"))
        page.wait_for("document.getElementById('briefgen-serve-error') !== null")
        error = page.evaluate("document.getElementById('briefgen-serve-error').innerText")
        assert "templates/public.md.j2:10" in error and "no-such-fact" in error, error
        assert page.evaluate("document.body.innerText.includes('announced a stricter policy')")  # last good edition
        page.screenshot(shots / "3-broken.png")

        template.write_text(good)
        page.wait_for("document.getElementById('briefgen-serve-error') === null "
                      "&& document.body.innerText.includes('announced a stricter policy')")
        page.screenshot(shots / "4-fixed.png")
    assert all((shots / f"{n}.png").stat().st_size > 1000 for n in ("0-index", "1-before", "2-edited", "3-broken",
                                                                     "4-fixed"))


@pytest.mark.realtime
def test_broken_content_at_start_shows_in_the_page_then_recovers(kit: Path) -> None:
    write(kit, {"facts/bad.yaml": "facts:\n  - id: Bad_Id\n"})
    running = start(kit, Options(wait=True), lambda: EDITION, "127.0.0.1", 0, lambda s: None, lambda *e: None)
    try:
        wait_until(lambda: running.preview.outputs >= 1 and not running.preview.building, 60)
        status, _, body = get(running, "/public-guide.html")
        assert status == 200 and b'id="briefgen-serve-error"' in body and b"facts/bad.yaml:2" in body
        (kit / "facts/bad.yaml").unlink()
        wait_until(lambda: running.preview.generation >= 2 and not running.preview.building, 60)
        status, _, body = get(running, "/public-guide.html")
        assert b"briefgen-serve-error" not in body and b"announced a new policy" in body
    finally:
        running.stop()
