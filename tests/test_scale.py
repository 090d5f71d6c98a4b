"""Scale: a briefing's cost follows the facts it draws, not the size of the fact base; a cold PDF
render spawns no helper process. Operation counts, never timings (see benchmarks/ for those)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

from briefgen.content import project as project_mod
from briefgen.selection.index import index_of
from briefgen.selection.leaks import output_of
from briefgen.selection.select import select
from briefgen.selection.textindex import TextIndex
from support import REPO


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_build", REPO / "benchmarks" / "bench_build.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _visits(root: Path, scale: int) -> tuple[int, int]:
    """Facts visited selecting the first briefing of the synthetic project at ``scale``, and facts drawn."""
    _bench().make_project(root, 3, scale)
    p = project_mod.load(root)
    briefing = p.briefings["b0000"]
    index = index_of(p.facts, p.sources, p.settings)
    before = index.visits
    selection = select(briefing, p.facts, p.settings, None, p.sources)
    return index.visits - before, len(selection.visible)


def test_selection_visits_the_facts_drawn_not_the_base(tmp_path: Path) -> None:
    small = _visits(tmp_path / "x1", 1)
    large = _visits(tmp_path / "x3", 3)
    assert small == large  # 3 times the facts: the same facts visited for the same briefing
    assert small[0] == small[1] == 20  # its own 5 facts and 3 shared groups of 5


def test_leak_scan_looks_only_at_facts_sharing_words_with_the_output(starter: Path) -> None:
    p = project_mod.load(starter)
    index = TextIndex(p.facts)
    keys = list(index.members)
    some = next(iter(p.facts.values()))
    assert index.candidates(output_of("Nothing in this text is in any fact at all."), keys) == []
    assert some.id in index.candidates(output_of(f"Typed in: {some.statement}"), keys)


def test_a_cold_pdf_import_spawns_no_process() -> None:
    """ctypes.util.find_library runs ldconfig and gcc (0.3 s of a cold run); WeasyPrint still
    opens its libraries, HarfBuzz's subsetter included where it is installed."""
    code = (
        "import subprocess\n"
        "spawned = []\n"
        "real = subprocess.Popen.__init__\n"
        "def init(self, *a, **k):\n"
        "    spawned.append(a[0] if a else k.get('args'))\n"
        "    real(self, *a, **k)\n"
        "subprocess.Popen.__init__ = init\n"
        "import briefgen.writers.pdf, ctypes.util, weasyprint.text.ffi as ffi\n"
        "assert ctypes.util.find_library.__name__ == 'find_library'\n"
        "print(spawned, ffi.pango is not None)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    assert out.strip() == "[] True"
