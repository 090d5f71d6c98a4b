"""PDF overhead benchmark: CPU time of briefgen's whole PDF path against WeasyPrint alone on the same HTML,
measured in one process, brief by brief, one after the other (so load falls on both alike).

Run on demand (never part of ``make test``)::

    .venv/bin/python benchmarks/bench_pdf_overhead.py --briefings 20 --rounds 3
    PYTHONPATH=/tmp/before/src .venv/bin/python benchmarks/bench_pdf_overhead.py   # another tree's briefgen

For each brief of the synthetic project (benchmarks/bench_build.py), after one warm-up document:
``floor`` is ``weasyprint.HTML(string=html).write_pdf(...)`` with briefgen's options, stylesheet and
fetcher; ``briefgen`` is ``Pipeline.markdown`` (the template) plus ``Pipeline.output(rendered, "pdf")``:
HTML, layout, marking check, writing, PDF/UA repairs and accessibility checks. Each goes first for
half the briefs, after a ``gc.collect()`` outside the timing. Both are ``time.process_time`` (CPU of
this process), summed over the briefs; the figure is the median of rounds. Interleaving perturbs
WeasyPrint's own caches (the floor measured this way came out 10-20% above the same work inside
briefgen), so the figure to compare is the last line: briefgen's own stages (each wrapped and timed:
template, body HTML, marking check, PDF/UA repairs, accessibility checks) against the rest of its path.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_build import make_project

EDITION = dt.date(2026, 11, 24)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--briefings", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    import weasyprint

    import briefgen
    from briefgen.build.pipeline import Pipeline
    from briefgen.content import project
    from briefgen.writers.pdf import ProjectFetcher

    root = Path(tempfile.mkdtemp(prefix="briefgen-pdf-bench-")) / "project"
    make_project(root, args.briefings)
    p = project.load(root)
    pipe = Pipeline(p)
    briefings = sorted(p.briefings.values(), key=lambda b: b.id)
    fetcher = ProjectFetcher([p.templates, p.assets])
    fonts = weasyprint.text.fonts.FontConfiguration()
    css: dict[Path, weasyprint.CSS] = {}
    options = {"pdf_variant": "pdf/ua-1", "pdf_tags": True, "custom_metadata": True}

    def floor(html: str, sheet: Path) -> None:
        if sheet not in css:
            css[sheet] = weasyprint.CSS(filename=str(sheet), url_fetcher=fetcher, font_config=fonts)
        weasyprint.HTML(string=html, base_url=p.templates.as_uri() + "/", url_fetcher=fetcher).write_pdf(
            stylesheets=[css[sheet]], font_config=fonts, **options)

    def ours(b: object) -> None:
        pipe.output(pipe.markdown(b, EDITION), "pdf")  # type: ignore[arg-type]

    stages = _timed_stages(pipe)
    docs = [(pipe.html(pipe.markdown(b, EDITION), inline_css=False), p.templates / str(b.stylesheet))
            for b in briefings]
    ours(briefings[0])  # warm-up: first-document costs of each path
    floor(*docs[0])
    stages.clear()
    totals: dict[str, list[float]] = {"floor": [], "briefgen": []}
    for _ in range(args.rounds):
        spent = {"floor": 0.0, "briefgen": 0.0}
        for i, (b, doc) in enumerate(zip(briefings, docs, strict=True)):
            runs = [("floor", lambda doc=doc: floor(*doc)), ("briefgen", lambda b=b: ours(b))]
            for key, call in runs if i % 2 else reversed(runs):  # each goes first for half the briefs
                gc.collect()  # garbage collection is paid by whatever made the garbage, not by the next run
                start = time.process_time()
                call()
                spent[key] += time.process_time() - start
        for key, value in spent.items():
            totals[key].append(value)
    f, o = statistics.median(totals["floor"]), statistics.median(totals["briefgen"])
    n = len(briefings)
    print(f"briefgen from {Path(briefgen.__file__).parent}")
    print(f"{n} briefs, {args.rounds} rounds, CPU per brief (median of rounds): WeasyPrint alone "
          f"{1000 * f / n:.0f} ms, briefgen {1000 * o / n:.0f} ms: {100 * (o / f - 1):+.1f}%")
    print("briefgen's stages, CPU per brief: " + ", ".join(f"{k} {1000 * v / (n * args.rounds):.1f} ms"
                                                          for k, v in stages.items()))
    own = sum(stages.values()) / args.rounds
    print(f"briefgen's own stages {1000 * own / n:.1f} ms a brief: +{100 * own / (o - own):.1f}% over the WeasyPrint "
          "work inside the same path (its total less those stages)")


def _timed_stages(pipe: object) -> dict[str, float]:
    """Time (CPU) each of briefgen's own stages that this tree has, by wrapping it on ``pipe``; the
    totals are kept in the returned dict."""
    import briefgen.writers.pdf as pdf_writer

    spent: dict[str, float] = {}

    def wrap(owner: object, name: str) -> None:
        original = getattr(owner, name)

        def timed(*args: object, **kwargs: object) -> object:
            start = time.process_time()
            try:
                return original(*args, **kwargs)
            finally:
                spent[name] = spent.get(name, 0.0) + time.process_time() - start

        setattr(owner, name, timed)

    for name in ("markdown", "body_html", "inspect", "verify"):
        if hasattr(pipe, name):
            wrap(pipe, name)
    for name in ("finish", "repair"):  # the PDF/UA repairs: on the bytes (before) or in the finisher (after)
        if hasattr(pdf_writer, name):
            wrap(pdf_writer, name)
    if "verify" not in spent and hasattr(pipe, "_checks"):  # before: the accessibility check on the bytes
        checks = pipe._checks
        original = checks["pdf"]

        def check(*args: object) -> None:
            start = time.process_time()
            original(*args)
            spent["check_pdf"] = spent.get("check_pdf", 0.0) + time.process_time() - start

        if not hasattr(pipe, "verify"):
            checks["pdf"] = check
    return spent


if __name__ == "__main__":
    main()
