"""The HTML edition in the house fonts: the theme's ``@font-face`` rules kept, each pointing at a copy of
its font file beside the HTML in build/ (a relative address: the page fetches nothing from elsewhere)."""

from __future__ import annotations

import re
from pathlib import Path

from briefgen.content.starter import scaffold
from support import build, write

_URL = re.compile(r"url\(([^)]*)\)")


def _kit(tmp_path: Path) -> Path:
    root = tmp_path / "kit"
    scaffold(root)
    return root


def test_html_edition_uses_the_house_fonts_copied_beside_it(tmp_path: Path) -> None:
    kit = _kit(tmp_path)
    result = build(kit, formats=("html",))
    assert not result.failed, result.failed
    page = (kit / "build/public-guide.html").read_text()
    assert '@font-face { font-family: "Open Sans"; src: url("assets/fonts/OpenSans-Regular.ttf")' in page
    assert '@font-face { font-family: "Lato"; src: url("assets/fonts/Lato-Bold.ttf")' in page
    addresses = _URL.findall(page)
    assert len(addresses) == 7, addresses
    for address in addresses:
        rel = address.strip('"')
        assert not rel.startswith(("/", ".")) and ":" not in rel, rel
        assert (kit / "build" / rel).read_bytes() == (kit / rel).read_bytes(), rel
    first = page
    (kit / "build/public-guide.html").unlink()
    build(kit, formats=("html",))
    assert (kit / "build/public-guide.html").read_text() == first  # deterministic


def test_only_local_font_files_are_kept(starter: Path) -> None:
    from briefgen.writers.html_fonts import font_faces

    write(starter, {"assets/fonts/Body.woff2": "font", "assets/notes.css": "p {}",
                    "templates/styles/fonts.css": (
                        '@font-face { font-family: Body; src: url(../../assets/fonts/Body.woff2) format("woff2"); }\n'
                        "@font-face { font-family: Far; src: url(https://evil.example/f.woff2); }\n"
                        "@font-face { font-family: Mixed; src: url(../../assets/fonts/Body.woff2), url(/etc/x.ttf); }\n"
                        "@font-face { font-family: Gone; src: url(../../assets/fonts/Gone.ttf); }\n"
                        "@font-face { font-family: Sheet; src: url(../../assets/notes.css); }\n"
                        "@font-face { font-family: Out; src: url(../../../outside.ttf); }\n"
                        "p { font-family: Body, sans-serif; }\n")})
    (starter.parent / "outside.ttf").write_text("x")
    faces = font_faces(starter / "templates/styles/fonts.css", starter)
    css, fonts = faces.css, faces.files
    assert css.count("@font-face") == 1
    assert '@font-face { font-family: Body; src: url("assets/fonts/Body.woff2") format("woff2"); }' in css
    assert "evil" not in css and "/etc" not in css and "Gone" not in css and "outside" not in css
    assert fonts == {"assets/fonts/Body.woff2": (starter / "assets/fonts/Body.woff2").resolve()}


def test_serve_sends_the_fonts_and_nothing_else_beside_them(tmp_path: Path) -> None:
    import datetime as dt

    from briefgen.build.options import Options
    from briefgen.build.serve import start
    from test_serve import get, wait_until

    kit = _kit(tmp_path)
    (kit / "build").mkdir()
    (kit / "build/secret.ttf").symlink_to(kit / "briefgen.yaml")
    running = start(kit, Options(formats=("html",), wait=True), lambda: dt.date(2026, 11, 24), "127.0.0.1", 0,
                    lambda s: None, lambda *e: None)
    try:
        wait_until(lambda: running.preview.outputs >= 1 and not running.preview.building, 60)
        status, headers, body = get(running, "/assets/fonts/Lato-Regular.ttf")
        assert status == 200 and headers["content-type"] == "font/ttf"
        assert body == (kit / "assets/fonts/Lato-Regular.ttf").read_bytes()
        for path in ("/secret.ttf", "/assets/fonts/../../briefgen.yaml", "/assets/fonts/Lato-COPYRIGHT.txt",
                     "/../assets/fonts/Lato-Regular.ttf", "/assets/fonts/Nope.ttf"):
            assert get(running, path)[0] == 404, path
    finally:
        running.stop()
