"""``briefgen check`` finds what ``build`` would fail on, and says "ok" only when nothing failed."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from briefgen.checks.stylesheets import braces, parse_errors
from briefgen.commands import cli
from briefgen.content.starter import scaffold
from support import write


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


@pytest.fixture
def kit(tmp_path: Path) -> Path:
    root = tmp_path / "kit"
    scaffold(root)
    return root


def test_an_unclosed_brace_in_an_imported_sheet_is_named_with_its_file_and_line(kit: Path) -> None:
    base = kit / "templates/styles/base.css"
    lines = base.read_text().splitlines()
    lines[13] += " h2 { color: red;"  # line 14, inside @page, as the issue's user did
    base.write_text("\n".join(lines) + "\n")
    code, out = run("check", "-p", str(kit), "--as-of", "2026-11-24")
    assert code == 1, out
    assert "templates/styles/base.css:14: css: a '{' opened here is never closed" in out
    assert not out.startswith("ok")
    code, out = run("build", "-p", str(kit), "--as-of", "2026-11-24", "public-guide", "-f", "pdf")
    assert code == 1  # what check now finds first


def test_a_missing_import_and_font_are_found(kit: Path) -> None:
    (kit / "templates/styles/base.css").unlink()
    font = "@font-face { font-family: X; src: url(../../assets/fonts/X.ttf); }\n"
    write(kit, {"templates/styles/officials.css": '@import "base.css";\n' + font})
    code, out = run("check", "-p", str(kit), "--as-of", "2026-11-24")
    assert code == 1, out
    assert "templates/styles/public.css:2: css: @import 'base.css': no such file in the project" in out
    assert "templates/styles/officials.css:2: css: url(../../assets/fonts/X.ttf): no such file" in out


def test_a_missing_partial_is_found(kit: Path) -> None:
    (kit / "templates/partials/title.md.j2").unlink()
    code, out = run("check", "-p", str(kit), "--as-of", "2026-11-24")
    assert code == 1 and "partials/title.md.j2" in out and "templates/public.md.j2" in out, out


def test_the_summary_says_ok_only_when_no_gate_failed(kit: Path) -> None:
    code, out = run("check", "-p", str(kit), "--as-of", "2026-11-24")
    assert code == 0 and out.startswith("ok: 3 facts, 1 source, 2 briefings"), out
    spec = kit / "briefings/public-guide.yaml"
    spec.write_text(spec.read_text() + "gates:\n  words: 5\n")
    code, out = run("check", "-p", str(kit), "--as-of", "2026-11-24")
    assert code == 0 and out.startswith("1 quality gate failed (--strict makes them errors): 3 facts"), out
    assert "gate: public-guide: " in out


def test_brace_and_parse_errors_have_lines() -> None:
    assert braces("a { b: c; }\n/* { */ p::after { content: '}'; }\n") == []
    unclosed = "a '{' opened here is never closed: what follows is read as inside it"
    assert braces("a { b: c;\n\np { }\n") == [(1, unclosed)]
    assert braces("@page {\n  margin: 0; h2 { color: red;\n  @top { x: y;\n  }\n}\nbody { }\n") == [(2, unclosed)]
    assert braces("a { }\n}\n") == [(2, "a '}' with no '{' before it to close")]
    assert parse_errors("a { b: c }\n@media print { p { x: y } }\n") == []
    assert parse_errors("a { b: c }\nb\n")[0][0] == 2
    assert parse_errors("a { b: c }\np { x: y; ; 12 }\n")[0][0] == 2
