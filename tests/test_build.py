"""Make-style builds: only what changed, the lock, atomic outputs, depfiles, workers."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from briefgen.build.lock import BuildLocked, build_lock
from briefgen.exceptions import BriefgenError
from support import build, write

SECOND = {
    "facts/other.yaml": """
        facts:
          - id: other-event
            statement: A second organisation published guidance.
            kind: reported
            sources: [example-report]
            tags: [other]
        """,
    "briefings/second.yaml": """
        title: Second brief
        audience: general
        template: second.md.j2
        stylesheet: styles/example.css
        tags: [other]
        ceiling: TLP:CLEAR
        formats: [md]
        """,
    "templates/second.md.j2": """
        # {{ brief.title }}

        {% for f in facts %}
        - {{ f }}
        {% endfor %}

        {% include "partials/notes.md.j2" %}
        """,
}


@pytest.fixture
def two(starter: Path) -> Path:
    write(starter, SECOND)
    (starter / "briefings/example.yaml").write_text(
        (starter / "briefings/example.yaml").read_text().replace("formats: [md, pdf]", "formats: [md]"))
    return starter


def statuses(result) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {target: status for target, status, _ in result.events}


def test_nothing_changed_nothing_built(two: Path) -> None:
    assert statuses(build(two)) == {"example.md": "built", "second.md": "built"}
    assert statuses(build(two)) == {"example.md": "current", "second.md": "current"}


def test_touch_without_change_rebuilds_nothing(two: Path) -> None:
    build(two)
    for path in two.rglob("*"):
        if path.is_file() and "build" not in path.parts:
            os.utime(path, (time.time() + 5, time.time() + 5))
    assert set(statuses(build(two)).values()) == {"current"}


def test_one_fact_rebuilds_only_its_brief(two: Path) -> None:
    build(two)
    path = two / "facts/other.yaml"
    path.write_text(path.read_text().replace("published guidance", "published new guidance"))
    result = build(two)
    assert statuses(result) == {"example.md": "current", "second.md": "built"}
    assert ("second.md", "built", "fact 'other-event' changed") in result.events
    assert "published new guidance" in (two / "build/second.md").read_text()


def test_editing_a_fact_file_but_not_the_facts_rebuilds_nothing(two: Path) -> None:
    build(two)
    path = two / "facts/other.yaml"
    path.write_text("# a comment moves every line down\n\n" + path.read_text())
    assert set(statuses(build(two)).values()) == {"current"}


def test_shared_partial_rebuilds_every_brief_including_it(two: Path) -> None:
    build(two)
    partial = two / "templates/partials/notes.md.j2"
    partial.write_text(partial.read_text().replace("## Sources", "## Notes"))
    result = build(two)
    assert statuses(result) == {"example.md": "built", "second.md": "built"}
    assert ("second.md", "built", "templates/partials/notes.md.j2 changed") in result.events


def test_new_fact_with_a_drawn_tag_rebuilds(two: Path) -> None:
    build(two)
    write(two, {"facts/more.yaml": """
        facts:
          - id: more-other
            statement: A third organisation agreed.
            kind: reported
            sources: [example-report]
            tags: [other]
        """})
    result = build(two)
    assert statuses(result) == {"example.md": "current", "second.md": "built"}
    assert ("second.md", "built", "fact 'more-other' added") in result.events


def test_edition_date_change_rebuilds(two: Path) -> None:
    build(two)
    result = build(two, day="2026-11-25")
    reasons = {target: detail for target, _, detail in result.events}
    assert reasons["example.md"].startswith("edition date 2026-11-24 -> 2026-11-25")


def test_removed_briefing_removes_its_outputs(two: Path) -> None:
    build(two)
    assert (two / "build/second.md").exists() and (two / "build/second.d").exists()
    (two / "briefings/second.yaml").unlink()
    result = build(two)
    assert ("second.md", "removed", "its briefing was removed") in result.events
    assert not (two / "build/second.md").exists() and not (two / "build/second.d").exists()


def test_forced_rebuild_keeps_mtime_when_bytes_equal(two: Path) -> None:
    build(two)
    out = two / "build/example.md"
    os.utime(out, (1_000_000_000, 1_000_000_000))
    build(two, day="2026-11-24")  # output stamp changed: rebuilt, same bytes
    result = build(two, force=True)
    assert statuses(result)["example.md"] == "unchanged"
    assert out.stat().st_mtime_ns == 1_000_000_000 * 10**9 or out.stat().st_mtime == 1_000_000_000


def test_deleted_output_is_rebuilt(two: Path) -> None:
    build(two)
    (two / "build/example.md").unlink()
    result = build(two)
    assert ("example.md", "built", "output missing or changed since it was built") in result.events


def test_failure_does_not_stop_others_and_keeps_old_output(two: Path) -> None:
    build(two)
    old = (two / "build/example.md").read_bytes()
    write(two, {"templates/example.md.j2": "# Broken\n{{ fact('nope') }}\n"})
    other = two / "facts/other.yaml"
    other.write_text(other.read_text().replace("published guidance", "issued guidance"))
    result = build(two)
    assert statuses(result) == {"example.md": "failed", "second.md": "built"}
    assert (two / "build/example.md").read_bytes() == old
    with pytest.raises(BriefgenError, match="1 target"):
        result.raise_for_failures()
    assert statuses(build(two))["example.md"] == "failed"  # still stale, tried again


def test_dry_run_writes_nothing(two: Path) -> None:
    result = build(two, dry_run=True)
    assert set(statuses(result).values()) == {"would build"}
    assert not list((two / "build").glob("*.md"))


def test_depfile_lists_real_inputs(starter: Path) -> None:
    build(starter)
    text = (starter / "build/example.d").read_text()
    head = text.split("\n\n")[0]
    assert head.startswith("build/example.md build/example.pdf: \\")
    for rel in ("briefings/example.yaml", "facts/example.yaml", "facts/sources.yaml", "briefgen.yaml",
                "templates/example.md.j2", "templates/partials/notes.md.j2", "templates/styles/example.css"):
        assert f"  {rel}" in head
    assert "templates/partials/notes.md.j2:\n" in text  # phony rule, as gcc -MP writes


def test_lock_refuses_a_second_build(two: Path) -> None:
    with build_lock(two / "build"), pytest.raises(BuildLocked, match="another build of this project is running"):
        build(two)


@pytest.mark.realtime
def test_lock_wait(two: Path) -> None:
    held = threading.Event()
    release = threading.Event()

    def hold() -> None:
        with build_lock(two / "build"):
            held.set()
            release.wait(5)

    thread = threading.Thread(target=hold)
    thread.start()
    held.wait(5)
    threading.Timer(0.3, release.set).start()
    result = build(two, wait=True)
    thread.join()
    assert statuses(result) == {"example.md": "built", "second.md": "built"}


def test_parallel_build_gives_the_same_bytes(starter: Path, tmp_path: Path) -> None:
    write(starter, SECOND)
    serial = build(starter, jobs=1)
    first = {p.name: p.read_bytes() for p in (starter / "build").glob("*.*") if p.suffix in (".md", ".pdf")}
    parallel = build(starter, jobs=2, force=True)
    again = {p.name: p.read_bytes() for p in (starter / "build").glob("*.*") if p.suffix in (".md", ".pdf")}
    assert not serial.failed and not parallel.failed
    assert first == again and set(statuses(parallel).values()) == {"unchanged"}


def test_no_op_build_imports_no_renderer(two: Path) -> None:
    # nor Babel: the no-op path needs the default language tag, never its locale data
    build(two)
    script = (
        "import sys; from briefgen.commands import cli\n"
        "try:\n    cli(['build', '-q', '--as-of', '2026-11-24', '-p', sys.argv[1]])\n"
        "except SystemExit as e:\n    assert e.code in (0, None), e.code\n"
        "print(sorted(m for m in ('weasyprint', 'markdown_it', 'jinja2', 'babel') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", script, str(two)], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr


def test_killed_build_leaves_earlier_outputs_intact(starter: Path) -> None:
    build(starter)
    template = (starter / "templates/example.md.j2").read_text()
    before = {p.name: p.read_bytes() for p in (starter / "build").iterdir() if p.suffix in (".md", ".pdf")}
    many = "\n".join(f"- {{{{ fact('example-event') }}}} Item {i}." for i in range(2500))
    write(starter, {"templates/example.md.j2": f"# Long\n\n{many}\n"})
    proc = subprocess.Popen([sys.executable, "-m", "briefgen", "build", "-q", "-j", "1", "--as-of", "2026-11-25",
                             "-p", str(starter)])
    lock = starter / "build/.lock"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and lock.read_text().strip() != str(proc.pid):
        time.sleep(0.05)
    time.sleep(1.5)  # rendering now: laying out some 80 pages takes far longer than this
    proc.kill()
    proc.wait()
    after = {p.name: p.read_bytes() for p in (starter / "build").iterdir() if p.suffix in (".md", ".pdf")}
    assert after == before
    kept = (".md", ".pdf", ".d", ".json", ".pickle", "")  # .pickle: the fact cache (content.factcache)
    assert not [p for p in (starter / "build").iterdir() if p.suffix not in kept]
    (starter / "templates/example.md.j2").write_text(template)
    result = build(starter, day="2026-11-25")
    assert statuses(result)["example.pdf"] == "built"


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_no_temporary_font_folders_left_behind(starter: Path, tmp_path: Path, jobs: str) -> None:
    write(starter, SECOND)
    (starter / "briefings/second.yaml").write_text(
        (starter / "briefings/second.yaml").read_text().replace("formats: [md]", "formats: [md, pdf]"))
    css = starter / "templates/styles/example.css"
    font = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if not font.exists():
        pytest.skip("no DejaVu font to embed")
    (starter / "assets").mkdir()
    (starter / "assets/body.ttf").write_bytes(font.read_bytes())
    css.write_text('@font-face { font-family: Body; src: url(../../assets/body.ttf); }\n'
                   "html { font-family: Body; }\n" + css.read_text())
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    env = {**os.environ, "TMPDIR": str(tmp)}
    subprocess.run([sys.executable, "-m", "briefgen", "build", "-q", "-j", jobs, "--as-of", "2026-11-24",
                    "-p", str(starter)], check=True, env=env)
    assert (starter / "build/second.pdf").exists()
    assert list(tmp.iterdir()) == []
