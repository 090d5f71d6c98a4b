"""briefgen watch: a save triggers the same incremental build."""

from __future__ import annotations

import datetime as dt
import threading
import time
from pathlib import Path

from briefgen.build.options import Options
from briefgen.build.watch import relevant, watch


def test_relevant_paths(starter: Path) -> None:
    changes = [(1, str(starter / "facts/example.yaml")), (1, str(starter / "build/example.md")),
               (1, str(starter / "templates/.example.md.j2.swp")), (1, str(starter / "briefgen.yaml")),
               (1, "/elsewhere/file.yaml")]
    assert relevant(starter, changes) == ["briefgen.yaml", "facts/example.yaml"]


def test_saving_a_fact_rebuilds_its_brief(starter: Path) -> None:
    stop = threading.Event()
    said: list[str] = []
    events: list[tuple[str, str, str]] = []
    opts = Options(formats=("md",), wait=True)
    thread = threading.Thread(target=watch, args=(starter, opts, lambda: dt.date(2026, 11, 24), said.append,
                                                  lambda *e: events.append(e), stop))
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while not any(s.startswith("briefgen:") for s in said) and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.3)
        facts = starter / "facts/example.yaml"
        facts.write_text(facts.read_text().replace("new policy", "stricter policy"))
        while not any("stricter" in (starter / "build/example.md").read_text() for _ in [0]):
            if time.monotonic() > deadline + 10:
                break
            time.sleep(0.1)
    finally:
        stop.set()
        thread.join(5)
    assert "stricter policy" in (starter / "build/example.md").read_text()
    assert "changed: facts/example.yaml" in said
    assert ("example.md", "built", "fact 'example-event' changed") in events
