"""Build benchmark: a synthetic project of 1,000 facts and 100 briefings of 2 to 4 pages.

Run on demand (never part of `make test`): ``.venv/bin/python benchmarks/bench_build.py``.
Prints whole-process medians and the ratios the build issue sets as targets.
Options: ``--scale N`` (N times the content; prints check, Markdown-only and no-op build figures),
``--briefings N`` (default 100N), ``--repeat N`` (default 5), ``--pandoc`` to also
time Pandoc with WeasyPrint (needs the pypandoc-binary package), ``--keep`` to keep the project.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
BRIEFGEN = [str(BIN / "briefgen")]
EDITION = ["--as-of", "2026-11-24"]

WORDS = (
    "policy access model cyber security review agency guidance supplier risk incident "
    "response analysis data protection market report evidence option cost timing"
).split()


def tags_of(b: int, scale: int = 1) -> list[str]:
    """What briefing ``b`` draws: its own 5 facts and 3 to 7 shared groups of 5 (20 to 40 facts,
    2 to 4 pages). At scale 1, facts 0-499 are in own groups of 5, one per briefing; 500-999 in
    shared ones. At scale N there are N times as many of each (and N times the briefings)."""
    return [f"own-{b}"] + [f"shared-{(b * 7 + k) % (100 * scale)}" for k in range(3 + b % 5)]


def brief_id(b: int) -> str:
    return f"b{b:04d}"


def fact_tag(n: int, scale: int = 1) -> str:
    own = 500 * scale
    return f"own-{n // 5}" if n < own else f"shared-{(n - own) // 5}"


def make_project(root: Path, briefings: int, scale: int = 1) -> None:
    """Write the synthetic project: 20N fact files of 50 facts (1,000N facts), 10 sources, ``briefings``
    specs; at scale N the briefings default to 100N."""
    (root / "facts").mkdir(parents=True)
    (root / "briefings").mkdir()
    shutil.copytree(REPO / "assets", root / "assets")
    shutil.copytree(REPO / "templates" / "styles", root / "templates" / "styles")
    (root / "templates" / "partials").mkdir()
    (root / "templates" / "partials" / "notes.md.j2").write_text(
        "## Sources\n\n{% for s in sources() %}\n[^{{ s.number }}]: {{ s.citation }}\n{% endfor %}\n")
    (root / "templates" / "brief.md.j2").write_text(
        "# {{ brief.title }}\n\n{{ brief.subtitle }} · {{ brief.date|date }}\n\n"
        "{% for kind in ['reported', 'official', 'analysis'] %}\n"
        "## {{ kind|capitalize }}\n\n{% for f in facts.kind(kind) %}\n- {{ f }}\n{% endfor %}\n\n"
        "{% endfor %}\n{% include 'partials/notes.md.j2' %}\n")
    sources = "\n".join(
        f"  - id: src-{i}\n    title: Synthetic source {i}\n    publisher: Publisher {i}\n"
        f"    retrieved: 2026-11-24" for i in range(10))
    (root / "facts" / "sources.yaml").write_text(f"sources:\n{sources}\n")
    kinds = ("reported", "official", "analysis")
    n = 0
    for file_no in range(20 * scale):
        items = []
        for _ in range(50):
            words = " ".join(WORDS[(n * 7 + k * 3) % len(WORDS)] for k in range(38))
            kind = kinds[n % 3]
            attribution = "" if kind == "reported" else "\n    attribution: an official"
            items.append(
                f"  - id: fact-{n:04d}\n    statement: Fact {n} says {words}.\n    kind: {kind}{attribution}\n"
                f"    sources: [src-{n % 10}]\n    tags: [{fact_tag(n, scale)}]")
            n += 1
        (root / "facts" / f"facts-{file_no:03d}.yaml").write_text("facts:\n" + "\n".join(items) + "\n")
    styles = ("eu-official", "uk-regulator", "uk-sme")
    for b in range(briefings):
        groups = ", ".join(tags_of(b, scale))
        (root / "briefings" / f"{brief_id(b)}.yaml").write_text(
            f"title: Synthetic brief {b}\nsubtitle: For benchmarking\naudience: bench\n"
            f"template: brief.md.j2\nstylesheet: styles/{styles[b % 3]}.css\n"
            f"style: uk\ntags: [{groups}]\nceiling: TLP:CLEAR\nformats: [md, pdf]\n")


def settle(root: Path) -> None:
    """Date the project's files an hour back, as in a checkout (briefgen caches only a fact base
    whose files are not seconds old: content.factcache)."""
    then = time.time_ns() - 3600 * 10**9
    for path in root.rglob("*"):
        if path.is_file():
            os.utime(path, ns=(then, then))


def run(args: list[str], cwd: Path, env: dict[str, str] | None = None, quiet: bool = False) -> float:
    """Wall time of one process (``quiet``: its messages on stderr are dropped unless it fails)."""
    start = time.perf_counter()
    done = subprocess.run(args, cwd=cwd, stdout=subprocess.DEVNULL, env=env,
                          stderr=subprocess.PIPE if quiet else None, text=True)
    if done.returncode:
        raise SystemExit(f"{' '.join(args)} failed ({done.returncode}):\n{done.stderr or ''}")
    return time.perf_counter() - start


def cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(args: list[str], cwd: Path, env: dict[str, str] | None = None,
          quiet: bool = False) -> tuple[float, float]:
    """Wall time and CPU time (user + system, all processes) of one whole ``briefgen`` process."""
    cpu = cpu_of_children()
    wall = run(args, cwd, env, quiet)
    return wall, cpu_of_children() - cpu


def median_pair(repeat: int, args: list[str], cwd: Path, before=None,  # type: ignore[no-untyped-def]
                env: dict[str, str] | None = None) -> tuple[float, float]:
    pairs = []
    for _ in range(repeat):
        if before:
            before()
        pairs.append(timed(args, cwd, env))
    return statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs)


def median_of(repeat: int, args: list[str], cwd: Path, before=None) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        if before:
            before()
        times.append(run(args, cwd))
    return statistics.median(times)


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants, in MB."""
    total = 0
    pids = [pid]
    seen = set()
    while pids:
        p = pids.pop()
        if p in seen:
            continue
        seen.add(p)
        try:
            with open(f"/proc/{p}/status") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
            with open(f"/proc/{p}/task/{p}/children") as fh:
                pids += [int(c) for c in fh.read().split()]
        except OSError:
            continue
    return total / 1024


def peak_memory(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> float:
    proc = subprocess.Popen(args, cwd=cwd, stdout=subprocess.DEVNULL, env=env)
    peak = 0.0

    def sample() -> None:
        nonlocal peak
        while proc.poll() is None:
            peak = max(peak, tree_rss_mb(proc.pid))
            time.sleep(0.05)

    thread = threading.Thread(target=sample)
    thread.start()
    proc.wait()
    thread.join()
    return peak


FLOOR = """
import sys, time, pathlib, weasyprint
from weasyprint.text.fonts import FontConfiguration
from briefgen.content import project
from briefgen.build.pipeline import Pipeline
import datetime as dt
p = project.load(pathlib.Path(sys.argv[1]))
pipe = Pipeline(p)
docs = []
for b in sorted(p.briefings.values(), key=lambda b: b.id):
    r = pipe.markdown(b, dt.date(2026, 11, 24))
    docs.append((pipe.html(r, inline_css=False), p.templates / b.stylesheet))
fonts = FontConfiguration()
from briefgen.writers.pdf import ProjectFetcher
fetcher = ProjectFetcher([p.templates, p.assets])
css = {}
start = time.perf_counter()
for html, sheet in docs:
    if sheet not in css:
        css[sheet] = weasyprint.CSS(filename=str(sheet), url_fetcher=fetcher, font_config=fonts)
    weasyprint.HTML(string=html, base_url=p.templates.as_uri() + "/", url_fetcher=fetcher).write_pdf(
        stylesheets=[css[sheet]], font_config=fonts, pdf_variant="pdf/ua-1", pdf_tags=True,
        custom_metadata=True)
print(time.perf_counter() - start)
"""

GROWTH = """
import sys, pathlib, datetime as dt
from briefgen.content import project
from briefgen.build.pipeline import Pipeline
p = project.load(pathlib.Path(sys.argv[1]))
pipe = Pipeline(p)
def rss():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
b = sorted(p.briefings.values(), key=lambda b: b.id)[0]
values = []
for i in range(40):
    pipe.output(pipe.markdown(b, dt.date(2026, 11, 24)), "pdf")
    values.append(rss())
print(values[9], values[-1])
"""


def load() -> str:
    return "load average " + " ".join(f"{x:.1f}" for x in os.getloadavg())


def scale_figures(roots: dict[str, Path], repeat: int, envs: dict[str, dict[str, str] | None]) -> None:
    """``check``, the Markdown-only full build at ``-j 2`` (with its peak memory), the no-op build and
    cold ``render``s of one brief after a build, for each tree in ``roots`` (its own copy of the
    project), run in turn figure by figure so that load falls on all of them alike."""
    build_md = [*BRIEFGEN, "build", "-q", *EDITION, "-f", "md"]
    figures: dict[str, dict[str, tuple[float, float]]] = {name: {} for name in roots}
    peaks: dict[str, float] = {}

    def each(label: str, args: list[str], times: int, before=None) -> None:  # type: ignore[no-untyped-def]
        for name, root in roots.items():
            prepare = (lambda where=root: before(where)) if before else None
            figures[name][label] = median_pair(times, args, root, prepare, env=envs[name])

    def clean(root: Path) -> None:
        shutil.rmtree(root / "build", ignore_errors=True)

    print(f"before: {load()}")
    each("check", [*BRIEFGEN, "check", *EDITION], repeat)
    each("full build -f md -j 2", [*build_md, "-j", "2"], max(1, repeat // 2), clean)
    each("no-op build -f md", build_md, repeat)
    each("cold render -f md", [*BRIEFGEN, "render", brief_id(0), "-f", "md", *EDITION], repeat)
    each("cold render -f pdf", [*BRIEFGEN, "render", brief_id(0), "-f", "pdf", "-o", "/dev/null", *EDITION], repeat)
    for name, root in roots.items():
        clean(root)
        peaks[name] = peak_memory([*build_md, "-j", "2"], root, envs[name])
    print(f"after: {load()}")
    print("figure (median)                 " + "".join(f"{name + ' wall':>14}{name + ' CPU':>14}" for name in roots))
    for label in figures[next(iter(roots))]:
        print(f"{label:32}" + "".join(f"{figures[n][label][0]:13.2f}s{figures[n][label][1]:13.2f}s" for n in roots))
    print(f"{'peak MB, full build -f md -j 2':32}" + "".join(f"{peaks[n]:14.0f}{'':14}" for n in roots))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=None,
                        help="N times the content: 1,000N facts in 20N files and 100N briefings. Measures check, "
                             "the Markdown-only build and the no-op build (add --pdf for the PDF figures too)")
    parser.add_argument("--briefings", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--pdf", action="store_true", help="with --scale: the PDF figures too")
    parser.add_argument("--pandoc", action="store_true")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--write", type=Path, metavar="DIR", help="only write the synthetic project to DIR")
    parser.add_argument("--compare", type=Path, metavar="SRC",
                        help="with --scale: also run every figure with briefgen from SRC (another tree's src/, "
                             "e.g. from git archive), side by side, each on its own copy of the project")
    args = parser.parse_args()
    compile_sources(*([args.compare] if args.compare else []))
    scale = args.scale or 1
    briefings = args.briefings or 100 * scale
    if args.write:
        make_project(args.write, briefings, scale)
        return
    tmp = Path(tempfile.mkdtemp(prefix="briefgen-bench-"))
    root = tmp / "project"
    make_project(root, briefings, scale)
    settle(root)
    env_note = f"{os.cpu_count()} cores, Python {sys.version.split()[0]}"
    print(f"synthetic project: {1000 * scale} facts, {briefings} briefings, at {root} ({env_note})")
    if args.scale is not None:
        roots, envs = {"this": root}, {"this": None}
        if args.compare:
            shutil.copytree(root, tmp / "compared", symlinks=True)
            roots["before"] = tmp / "compared"
            envs["before"] = {**os.environ, "PYTHONPATH": str(args.compare.resolve())}
        scale_figures(roots, args.repeat, envs)
        if not args.pdf:
            if not args.keep:
                shutil.rmtree(tmp)
            return
    pdf_figures(root, tmp, args)
    if not args.keep:
        shutil.rmtree(tmp)


def pdf_figures(root: Path, tmp: Path, args: argparse.Namespace) -> None:
    """The build issue's figures: full PDF builds, no-op, one fact changed, memory, Pandoc."""
    build = [*BRIEFGEN, "build", "-q", *EDITION]
    briefings = len(list((root / "briefings").glob("*.yaml")))

    def clean() -> None:
        shutil.rmtree(root / "build", ignore_errors=True)

    full_j1 = median_of(max(1, args.repeat // 2), [*build, "-j", "1"], root, clean)
    full_j2 = median_of(max(1, args.repeat // 2), [*build, "-j", "2"], root, clean)
    noop = median_of(args.repeat, build, root)

    # Fact 0 is in own-0, which only briefing b000 draws: changing it affects that briefing alone.
    fact_no, only = 0, 0
    target = root / "facts" / f"facts-{fact_no // 50:03d}.yaml"
    original = target.read_text()
    flip = [0]

    def change_one_fact() -> None:
        flip[0] += 1
        target.write_text(original.replace(f"Fact {fact_no} says", f"Fact {fact_no} (edit {flip[0]}) says"))

    one_fact = median_of(args.repeat, build, root, change_one_fact)
    target.write_text(original)
    subprocess.run(build, cwd=root, check=True)
    render_one = median_of(args.repeat, [*BRIEFGEN, "render", brief_id(only), "-f", "pdf", "-o", str(tmp / "one.pdf"),
                                         *EDITION], root)
    floor = float(subprocess.run([sys.executable, "-c", FLOOR, str(root)], check=True, capture_output=True,
                                 text=True).stdout)
    clean()
    peak = peak_memory([*build, "-j", "2"], root)
    before, after = map(float, subprocess.run([sys.executable, "-c", GROWTH, str(root)], check=True,
                                              capture_output=True, text=True).stdout.split())

    print(f"full build -j1                 {full_j1:7.2f} s")
    print(f"full build -j2                 {full_j2:7.2f} s   speed-up {full_j1 / full_j2:.2f} (target >= 1.8)")
    print(f"floor: WeasyPrint alone, 1 proc {floor:6.2f} s   -j1 is {100 * (full_j1 / floor - 1):+.0f}% "
          "(target <= +10%; -j1 also loads, validates and renders Markdown)")
    print(f"no-op rebuild                  {noop:7.3f} s   (target <= 0.3 s)")
    print(f"one fact changed               {one_fact:7.2f} s   vs rendering that brief alone "
          f"{render_one:.2f} s: ratio {one_fact / render_one:.2f} (target <= 1.5)")
    print(f"peak memory, -j2 full build    {peak:7.0f} MB  (target <= 400 MB)")
    print(f"worker RSS after 10 / 40 docs  {before:.0f} / {after:.0f} MB  (growth {after - before:+.1f} MB)")
    if args.pandoc:
        pandoc_bench(root, tmp, briefings)


def pandoc_bench(root: Path, tmp: Path, briefings: int) -> None:
    try:
        import pypandoc
    except ImportError:
        print("pandoc: skipped (pip install pypandoc-binary)")
        return
    pandoc = pypandoc.get_pandoc_path()
    sample = [brief_id(b) for b in range(0, briefings, max(1, briefings // 10))]
    env = {**os.environ, "PATH": f"{BIN}:{os.environ['PATH']}"}
    cold_against_pandoc(root, tmp, pandoc, sample, env)
    start = time.perf_counter()
    for bid in sample:
        subprocess.run([pandoc, str(root / "build" / f"{bid}.md"), "-o", str(tmp / f"{bid}-pandoc.pdf"),
                        "--pdf-engine=weasyprint"], check=True, env=env, capture_output=True)
    per_pandoc = (time.perf_counter() - start) / len(sample)
    shutil.rmtree(root / "build", ignore_errors=True)
    start = time.perf_counter()
    subprocess.run([*BRIEFGEN, "build", "-q", "-j", "1", *EDITION, *sample], cwd=root, check=True)
    per_briefgen = (time.perf_counter() - start) / len(sample)
    print(f"pandoc + weasyprint, per brief {per_pandoc:7.2f} s   briefgen -j1 per brief {per_briefgen:.2f} s: "
          f"briefgen is {per_pandoc / per_briefgen:.1f}x faster")


def cold_against_pandoc(root: Path, tmp: Path, pandoc: str, sample: list[str], env: dict[str, str]) -> None:
    """One cold ``briefgen render -f pdf`` against one Pandoc ``--pdf-engine=weasyprint`` run (which
    starts WeasyPrint's own CLI) on the same brief's Markdown, one after the other for each brief of
    ``sample``: CPU time of each whole process and its children, medians."""
    ours, theirs = [], []
    for bid in sample:
        theirs.append(timed([pandoc, str(root / "build" / f"{bid}.md"), "-o", str(tmp / f"{bid}-pandoc.pdf"),
                             "--pdf-engine=weasyprint"], root, env, quiet=True)[1])
        ours.append(timed([*BRIEFGEN, "render", bid, "-f", "pdf", "-o", str(tmp / f"{bid}.pdf"), *EDITION],
                          root, env, quiet=True)[1])
    a, b = statistics.median(ours), statistics.median(theirs)
    print(f"one cold render -f pdf, CPU     {a:7.2f} s   one Pandoc + WeasyPrint run on the same brief {b:.2f} s: "
          f"{a / b:.2f} of Pandoc's time (target <= 0.8; medians of {len(sample)} briefs)")


def compile_sources(*trees: Path) -> None:
    """Byte-compile briefgen's sources (this one's, and any other ``trees``), as an installed package
    is: in a checkout run with PYTHONDONTWRITEBYTECODE, every cold process would otherwise compile
    them again (about 0.1 s of CPU)."""
    import briefgen

    for tree in (Path(briefgen.__file__).parent, *trees):
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(tree)], check=True, stdout=subprocess.DEVNULL)


if __name__ == "__main__":
    main()
