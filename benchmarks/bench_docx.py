"""Word edition benchmark: briefgen's python-docx writer against Pandoc, on this repository's briefs.

Run on demand (never part of `make test`): ``.venv/bin/python benchmarks/bench_docx.py``.
Pandoc is measured only where the ``pypandoc-binary`` package is installed
(``.venv/bin/pip install pypandoc-binary``). Prints, per library: time per brief, what becomes of
the notes, whether two runs give the same bytes, and the installed size.
Options: ``--repeat N`` (default 20).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import io
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
import zipfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EDITION = dt.date(2026, 11, 24)
BRIEFS = ("eu-official", "uk-regulator", "uk-sme")


@dataclass
class Figures:
    times: dict[str, float]
    notes: tuple[int, int]
    same: bool
    first: float = 0.0
    growth: float = 0.0
    sizes: dict[str, int] | None = None
    version: str = ""
    same_without_epoch: bool = False


def installed_size(dist: str) -> float:
    """Megabytes a distribution occupies in site-packages (its RECORD), 0 when absent."""
    try:
        files = metadata.distribution(dist).files or []
    except metadata.PackageNotFoundError:
        return 0.0
    total = 0
    for f in files:
        path = Path(str(f.locate()))
        if path.is_file():
            total += path.stat().st_size
    return total / 1e6


def notes_in(data: bytes) -> tuple[int, int]:
    """(Word footnotes, references to our numbered note list) in a .docx."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        footnotes = archive.read("word/footnotes.xml").decode() if "word/footnotes.xml" in names else ""
        body = archive.read("word/document.xml").decode()
    real = len(re.findall(r'<w:footnote w:id="\d+"(?! w:type)', footnotes))
    return real, len(re.findall(r'w:anchor="_Note\d+"', body))


def bench_briefgen(repeat: int, root: Path) -> Figures:
    import briefgen.writers.docx.document  # noqa: F401  (import cost measured separately below)
    from briefgen.build.pipeline import Pipeline
    from briefgen.content import project

    loaded = project.load(root)
    pipeline = Pipeline(loaded)
    rendered = {b: pipeline.markdown(loaded.briefings[b], EDITION) for b in BRIEFS}
    first = time.perf_counter()
    pipeline.output(rendered["uk-regulator"], "docx")
    first_doc = time.perf_counter() - first
    times: dict[str, float] = {}
    outputs: dict[str, bytes] = {}
    for b, r in rendered.items():
        samples = []
        for _ in range(repeat):
            start = time.perf_counter()
            outputs[b] = pipeline.output(r, "docx")
            samples.append(time.perf_counter() - start)
        times[b] = statistics.median(samples)
    tracemalloc.start()
    for _ in range(10):
        pipeline.output(rendered["uk-regulator"], "docx")
    gc.collect()
    after10 = tracemalloc.get_traced_memory()[0]
    for _ in range(40):
        pipeline.output(rendered["uk-regulator"], "docx")
    gc.collect()
    after50 = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    same = all(pipeline.output(r, "docx") == outputs[b] for b, r in rendered.items())
    return Figures(times, notes_in(outputs["uk-regulator"]), same, first_doc, (after50 - after10) / 40 / 1024,
                   {b: len(d) for b, d in outputs.items()})


def import_cost() -> float:
    code = "import time; t = time.perf_counter(); import briefgen.writers.docx.document; print(time.perf_counter() - t)"
    runs = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
            for _ in range(5)]
    return statistics.median(runs)


def bench_pandoc(repeat: int, markdown: dict[str, Path]) -> Figures | None:
    try:
        import pypandoc
    except ImportError:
        return None
    pandoc = pypandoc.get_pandoc_path()
    version = subprocess.run([pandoc, "--version"], capture_output=True, text=True, check=True).stdout.split("\n")[0]
    out = Path(tempfile.mkdtemp())
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1795478400"}  # 2026-11-24

    def convert(brief: str, target: Path, environ: dict[str, str]) -> float:
        start = time.perf_counter()
        subprocess.run([pandoc, "-f", "commonmark_x", "-t", "docx", "-o", str(target), str(markdown[brief])],
                       check=True, env=environ)
        return time.perf_counter() - start

    times = {b: statistics.median(convert(b, out / f"{b}.docx", env) for _ in range(repeat)) for b in BRIEFS}
    data = (out / "uk-regulator.docx").read_bytes()
    convert("uk-regulator", out / "again.docx", env)
    same_with_epoch = (out / "again.docx").read_bytes() == data
    convert("uk-regulator", out / "clock1.docx", dict(os.environ))
    time.sleep(2.1)  # zip timestamps have a two-second resolution
    convert("uk-regulator", out / "clock2.docx", dict(os.environ))
    same_without = (out / "clock1.docx").read_bytes() == (out / "clock2.docx").read_bytes()
    shutil.rmtree(out)
    return Figures(times, notes_in(data), same_with_epoch, version=version, same_without_epoch=same_without)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp()) / "repo"  # a copy, so the repository's own build/ is left alone
    for name in ("facts", "briefings", "templates", "assets"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "briefgen.yaml", root)
    subprocess.run([str(Path(sys.executable).parent / "briefgen"), "build", "-p", str(root), "--quiet",
                    "--as-of", EDITION.isoformat(), "-f", "md"], check=True)
    markdown = {b: root / "build" / f"{b}.md" for b in BRIEFS}
    cites = len(re.findall(r"\[\^\d+\](?!:)", markdown["uk-regulator"].read_text()))
    ours = bench_briefgen(args.repeat, root)
    print(f"python-docx {metadata.version('python-docx')} (briefgen's writer), median of {args.repeat}, in-process:")
    for b, t in ours.times.items():
        print(f"  {b:13} {t * 1000:6.1f} ms   {(ours.sizes or {})[b] / 1024:5.1f} KB")
    print(f"  first document in a process: {ours.first * 1000:.0f} ms; "
          f"import briefgen.writers.docx.document (with python-docx, lxml): {import_cost() * 1000:.0f} ms")
    real, anchors = ours.notes
    print(f"  uk-regulator: {cites} note citations to 2 sources -> {real} Word footnotes, "
          f"{anchors} linked references to a 2-entry numbered list")
    print(f"  same bytes twice: {ours.same}; memory per further document: {ours.growth:.1f} KB")
    print(f"  installed: python-docx {installed_size('python-docx'):.1f} MB "
          f"(+ lxml {installed_size('lxml'):.1f} MB, already required by pikepdf)")
    theirs = bench_pandoc(args.repeat, markdown)
    if theirs is None:
        print("Pandoc: not measured (pip install pypandoc-binary)")
        return
    print(f"{theirs.version} (pypandoc-binary), one process per brief, median of {args.repeat}:")
    for b, t in theirs.times.items():
        print(f"  {b:13} {t * 1000:6.1f} ms")
    print(f"  uk-regulator: {cites} note citations to 2 sources -> {theirs.notes[0]} Word footnotes")
    print(f"  same bytes twice: {theirs.same} with SOURCE_DATE_EPOCH, "
          f"{theirs.same_without_epoch} without (2 s apart)")
    print(f"  installed: pypandoc-binary {installed_size('pypandoc-binary'):.1f} MB")


if __name__ == "__main__":
    main()
