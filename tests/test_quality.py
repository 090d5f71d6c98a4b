"""Quality gates: measured on the brief as read, reported by check, enforced by build --strict."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from briefgen.checks.quality import evaluate, measure, syllables
from briefgen.commands import cli
from briefgen.content.model import Gates
from support import build, write


def test_measures_plain_english() -> None:
    body = ("<h1>Title</h1><p>We will leverage a robust tool. The NCSC gives advice. "
            "The Information Commissioner's Office (ICO) helps. We assess this may happen.</p>")
    m = measure(body, plain=True, sentence_limit=25)
    assert m.flagged_words == ["leverage", "robust"]
    assert m.unexpanded == ["NCSC"]
    assert m.unhedged == ["We assess this may happen"]
    assert m.words == 21 and m.sentences == 4  # the one-word heading is not a sentence


def test_notes_and_markings_are_not_counted() -> None:
    body = ('<p class="marking">TLP:CLEAR</p><p>One short line.<sup class="footnote-ref"><a>1</a></sup></p>'
            '<section class="footnotes"><ol><li>A very long note that must not count at all.</li></ol></section>')
    assert measure(body, plain=False, sentence_limit=25).words == 3


def test_syllables() -> None:
    assert [syllables(w) for w in ("cat", "table", "security", "agreed")] == [1, 2, 4, 2]


def test_evaluate_names_each_failed_gate() -> None:
    long = "word " * 30
    m = measure(f"<p>{long.strip()}.</p><p>It is key.</p>", plain=True, sentence_limit=25)
    m.pages = 3
    problems = evaluate(Gates(pages=2, words=10, sentence_words=25, plain_english=True, reading_ease=110), m)
    assert problems[0] == "the PDF has 3 pages, over the budget of 2"
    assert problems[1] == "33 words, over the budget of 10"
    assert problems[2].startswith("1 sentence(s) over 25 words; the longest has 30:")
    assert problems[3] == "words to avoid in plain English: key"
    assert problems[4].startswith("Flesch reading ease")


def test_check_reports_and_strict_build_refuses(starter: Path) -> None:
    spec = starter / "briefings/example.yaml"
    spec.write_text(spec.read_text() + "gates:\n  words: 10\n  pages: 1\n")
    runner = CliRunner()
    out = runner.invoke(cli, ["check", "-p", str(starter), "--as-of", "2026-11-24"])
    assert out.exit_code == 0 and "gate: example: " in out.output and "over the budget of 10" in out.output
    assert runner.invoke(cli, ["check", "--strict", "-p", str(starter)]).exit_code == 1
    report = runner.invoke(cli, ["check", "--report", "-p", str(starter), "--as-of", "2026-11-24"])
    assert "  pages        1 (budget 1)" in report.output and "  gates        1 failed" in report.output
    assert not build(starter).failed  # without --strict the brief is built; the gate is only reported
    strict = runner.invoke(cli, ["build", "--strict", "-p", str(starter), "--as-of", "2026-11-24"])
    assert strict.exit_code == 1 and "fails its quality gates (--strict)" in strict.output
    write(starter, {"briefings/example.yaml": spec.read_text().replace("words: 10", "words: 500")})
    assert runner.invoke(cli, ["build", "--strict", "-p", str(starter), "--as-of", "2026-11-24"]).exit_code == 0


@pytest.mark.content
def test_the_real_briefs_pass_their_own_gates(tmp_path: Path) -> None:
    """Quality gates only: whether every fact's evidence is verified against the archived articles
    (``require_evidence``, which needs ../shared/sources) is tests/test_evidence_repo.py's business,
    so this test also passes in a clone that has no archive beside it."""
    from support import copy_repo

    root = copy_repo(tmp_path / "repo")
    for spec in (root / "briefings").glob("*.yaml"):
        spec.write_text(spec.read_text().replace("require_evidence: true", "require_evidence: false"))
    out = CliRunner().invoke(cli, ["check", "--strict", "-p", str(root), "--as-of", "2026-11-24"])
    assert out.exit_code == 0, out.output
    assert "gate:" not in out.output


def test_plain_build_warns_for_each_failed_gate(starter: Path) -> None:
    """Without --strict the brief is built, and every failed gate is a warning line, counted in the summary,
    on the build that made it and on a later build that finds it current."""
    spec = starter / "briefings/example.yaml"
    spec.write_text(spec.read_text() + "gates:\n  words: 10\n  sentence_words: 3\n")
    runner = CliRunner()
    args = ["build", "-p", str(starter), "--as-of", "2026-11-24"]
    for _ in range(2):  # built, then current
        out = runner.invoke(cli, args)
        assert out.exit_code == 0, out.output
        warnings = [line for line in out.output.splitlines() if line.startswith("warning: ")]
        assert len(warnings) == 2, out.output  # one per gate, not one per format
        assert warnings[0].startswith("warning: example: quality gate: ") and "over the budget of 10" in warnings[0]
        assert "sentence(s) over 3 words" in warnings[1]
        assert out.output.rstrip().splitlines()[-1].count(", 2 warnings in ") == 1
    write(starter, {"briefings/example.yaml": spec.read_text().replace("words: 10\n  sentence_words: 3\n", "")})
    out = runner.invoke(cli, args)
    assert "warning" not in out.output
