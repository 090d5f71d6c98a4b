"""Building briefs like a build system: each (briefing, format) is a target.

A target is rebuilt only when something it was built from changed: its spec, a
template it pulls in, its stylesheets and fonts, a fact it may use, the project
settings, the edition date, or the versions of briefgen and its renderers. The
no-op path reads only the state file and stats the recorded inputs, so it never
imports the renderers. Stale briefings are rendered in worker processes, each
keeping its Jinja environment, Markdown parser, fonts and stylesheets.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from briefgen.build.lock import build_lock
from briefgen.build.outputs import write_atomic
from briefgen.build.state import (
    BriefingState,
    BuildState,
    Stamp,
    TargetState,
    file_changed,
    listing,
)
from briefgen.exceptions import BriefgenError, BuildError, StaleFactsError

if TYPE_CHECKING:
    from briefgen.content.model import Briefing
    from briefgen.content.project import Project
    from briefgen.rendering.markdown import Rendered


@dataclass(frozen=True)
class Options:
    """What to build and how."""

    ids: tuple[str, ...] = ()
    audiences: tuple[str, ...] = ()
    formats: tuple[str, ...] = ()
    jobs: int = 0
    force: bool = False
    dry_run: bool = False
    fail_fast: bool = False
    wait: bool = False
    strict: bool = False


@dataclass
class Result:
    """What a build did, target by target. ``events`` is (target, status, detail) in order."""

    events: list[tuple[str, str, str]] = field(default_factory=list)
    seconds: float = 0.0

    def names(self, status: str) -> list[str]:
        return [t for t, s, _ in self.events if s == status]

    @property
    def failed(self) -> list[tuple[str, str]]:
        return [(t, d) for t, s, d in self.events if s == "failed"]

    def summary(self, edition: dt.date) -> str:
        """One log line: what happened, how long it took, which edition."""
        n = {s: len(self.names(s)) for s in ("built", "unchanged", "current", "removed", "would build", "stale")}
        parts = [f"{n['built']} built", f"{n['current']} up to date"]
        if n["unchanged"]:
            parts.append(f"{n['unchanged']} rebuilt with identical bytes")
        if n["removed"]:
            parts.append(f"{n['removed']} removed")
        if n["would build"]:
            parts.append(f"{n['would build']} would be built")
        if n["stale"]:
            parts.append(f"{n['stale']} refused as stale")
        parts.append(f"{len(self.failed)} failed")
        return f"briefgen: {', '.join(parts)} in {self.seconds:.2f} s (edition {edition.isoformat()})"

    def raise_for_failures(self) -> None:
        stale = [(t, d) for t, s, d in self.events if s == "stale"]
        if stale and not self.failed:
            details = "\n".join(f"  {t}: {m}" for t, m in stale)
            raise StaleFactsError(f"--strict: {len(stale)} target(s) would show facts past their review date; "
                                  f"nothing was published for them:\n{details}")
        if self.failed:
            details = "\n".join(f"  {t}: {m}" for t, m in self.failed)
            raise BuildError(f"{len(self.failed)} target(s) failed; their earlier outputs were kept:\n{details}")


Report = Callable[[str, str, str], None]


class Pipeline:
    """The stages for one project, each made once per process and reused for every brief."""

    def __init__(self, project: Project) -> None:
        from briefgen.rendering.markdown import Renderer

        self.project = project
        self.renderer = Renderer(project)
        self._md = None
        self._pdf = None
        self._contrast: dict[Path, list[str]] = {}
        self._css: dict[Path, str] = {}
        # One-slot caches for the brief in hand: its body as HTML, and its PDF's page count.
        self._body: tuple[str, str] | None = None
        self._pages: tuple[str, int] | None = None

    def markdown(self, briefing: Briefing, edition: dt.date) -> Rendered:
        return self.renderer.render(briefing, edition)

    def body_html(self, rendered: Rendered) -> str:
        """The brief's body in HTML, rendered once for its HTML, its PDF and its measures."""
        from briefgen.rendering import html

        if self._body is None or self._body[0] != rendered.body:
            if self._md is None:
                self._md = html.make_markdown()
            self._body = (rendered.body, html.render_body(self._md, rendered.body))
        return self._body[1]

    def html(self, rendered: Rendered, inline_css: bool = True) -> str:
        from briefgen.rendering import html

        css = None
        sheet = rendered.briefing.stylesheet
        if inline_css and sheet:
            path = self.project.templates / sheet
            if path not in self._css:
                self._css[path] = html.standalone_css(path, self.project.templates)
            css = self._css[path]
        return html.document(rendered, self.body_html(rendered), css)

    def pdf(self, rendered: Rendered) -> bytes:
        """The PDF, checked for accessibility: a problem fails the build."""
        from briefgen.rendering.accessibility import check_contrast, check_pdf
        from briefgen.rendering.pdf import PdfWriter

        if self._pdf is None:
            p = self.project
            self._pdf = PdfWriter([p.templates, p.assets], base=p.templates)
        sheets = []
        if rendered.briefing.stylesheet:
            sheets.append(self.project.templates / rendered.briefing.stylesheet)
        for sheet in sheets:
            if sheet not in self._contrast:
                self._contrast[sheet] = check_contrast(sheet)
        data = self._pdf.write(self.html(rendered, inline_css=False), sheets)
        found, pages = check_pdf(data)
        self._pages = (rendered.markdown, pages)
        problems = [p for sheet in sheets for p in self._contrast[sheet]] + found
        if problems:
            raise BuildError("the PDF fails accessibility checks:\n  " + "\n  ".join(problems))
        return data

    def measure(self, rendered: Rendered, pages: bool = False):  # type: ignore[no-untyped-def]
        """The editor's measures of a brief, and the quality gates it fails. Pages are counted on its
        PDF: the one just written for it, or one written now when a pages gate or ``pages`` asks."""
        from briefgen.rendering import quality

        gates = rendered.briefing.gates
        known = quality.KNOWN_ACRONYMS + tuple(a.upper() for a in gates.get("acronyms_known", ()))  # type: ignore[union-attr]
        limit = gates.get("sentence_words", 25)
        plain = bool(gates.get("plain_english"))
        m = quality.measure(self.body_html(rendered), plain, int(limit), known,  # type: ignore[arg-type]
                            acronyms=plain or bool(gates.get("acronyms")))
        if (pages or "pages" in gates) and "pdf" in rendered.briefing.formats:
            if self._pages is None or self._pages[0] != rendered.markdown:
                self.pdf(rendered)
            assert self._pages is not None
            m.pages = self._pages[1]
        m.problems = quality.evaluate(gates, m)
        return m

    def output(self, rendered: Rendered, fmt: str) -> bytes:
        if fmt == "md":
            return rendered.markdown.encode("utf-8")
        if fmt == "html":
            return self.html(rendered).encode("utf-8")
        if fmt == "pdf":
            return self.pdf(rendered)
        raise ValueError(f"unknown format {fmt}")


def output_path(project: Project, briefing: Briefing, fmt: str) -> Path:
    return project.build_dir / f"{briefing.id}.{fmt}"


# ---------------------------------------------------------------- workers

_WORKER: Pipeline | None = None
_FORK_PROJECT: Project | None = None


def _worker_init() -> None:
    global _WORKER
    assert _FORK_PROJECT is not None
    _WORKER = Pipeline(_FORK_PROJECT)


@dataclass
class _Job:
    briefing: str
    formats: tuple[str, ...]
    edition: dt.date
    strict: bool = False


@dataclass
class _Done:
    briefing: str
    outputs: dict[str, bytes]
    errors: dict[str, str]
    used: tuple[str, ...] = ()
    stale: tuple[str, ...] = ()
    marking: str = ""
    records: dict[str, dict[str, object]] = field(default_factory=dict)
    sources: tuple[str, ...] = ()
    gates: list[str] = field(default_factory=list)


def _run_job(job: _Job, pipeline: Pipeline | None = None) -> _Done:
    pipeline = pipeline or _WORKER
    assert pipeline is not None
    briefing = pipeline.project.briefings[job.briefing]
    done = _Done(job.briefing, {}, {})
    try:
        rendered = pipeline.markdown(briefing, job.edition)
    except BriefgenError as exc:
        done.errors = {f: exc.format_message() for f in job.formats}
        return done
    done.used = rendered.used
    done.stale = rendered.stale_used
    done.marking, done.records, done.sources = rendered.marking, rendered.records, rendered.sources
    if job.strict and done.stale:
        return done
    for fmt in job.formats:
        try:
            done.outputs[fmt] = pipeline.output(rendered, fmt)
        except BriefgenError as exc:
            done.errors[fmt] = exc.format_message()
    if not done.errors and rendered.briefing.gates:
        done.gates = pipeline.measure(rendered).problems
        if job.strict and done.gates:
            message = "fails its quality gates (--strict):\n    " + "\n    ".join(done.gates)
            done.errors = {fmt: message for fmt in job.formats}
    return done


# ---------------------------------------------------------------- planning


@dataclass
class _Plan:
    briefing: Briefing
    fmt: str
    name: str
    path: Path
    reasons: list[str]
    files: dict[str, Stamp]
    facts: dict[str, str]

    @property
    def stale(self) -> bool:
        return bool(self.reasons)


def _config(edition: dt.date) -> dict[str, object]:
    from briefgen.build.state import versions

    return {"edition": edition.isoformat(), "versions": versions()}


def _config_changes(old: dict[str, object], new: dict[str, object]) -> list[str]:
    reasons = []
    if old.get("edition") != new["edition"]:
        reasons.append(f"edition date {old.get('edition')} -> {new['edition']}")
    old_v = old.get("versions") or {}
    for name, version in dict(new["versions"]).items():  # type: ignore[call-overload]
        if old_v.get(name) != version:  # type: ignore[union-attr]
            reasons.append(f"{name} {old_v.get(name)} -> {version}")  # type: ignore[union-attr]
    return reasons


def _fast_path(root: Path, state: BuildState, opts: Options, config: dict[str, object]) -> list[str] | None:
    """The requested targets if all are current without reading any content; else None."""
    if opts.force or not state.briefings or state.listing != listing(root):
        return None
    known_audiences = {b.audience for b in state.briefings.values()}
    if any(i not in state.briefings for i in opts.ids) or any(a not in known_audiences for a in opts.audiences):
        return None
    names = []
    for bid, b in state.briefings.items():
        if (opts.ids or opts.audiences) and bid not in opts.ids and b.audience not in opts.audiences:
            continue
        for fmt in b.formats:
            if not opts.formats or fmt in opts.formats:
                names.append(f"{bid}.{fmt}")
    touched: dict[str, Stamp] = {}
    for name in names:
        t = state.targets.get(name)
        if t is None or t.config != config:
            return None
        out = root / "build" / name
        changed, _ = file_changed(out, t.output)
        if changed:
            return None
        for rel, stamp in t.files.items():
            if rel in touched:
                continue
            changed, fresh = file_changed(root / rel, stamp)
            if changed:
                return None
            if fresh:
                touched[rel] = fresh
    for t in state.targets.values():
        for rel in t.files:
            if rel in touched:
                t.files[rel] = touched[rel]
    state.dirty = bool(touched)
    return names


def _plan(project: Project, state: BuildState, opts: Options, config: dict[str, object],
          chosen: list[Briefing], edition: dt.date) -> list[_Plan]:
    from briefgen.build.inputs import all_fact_hashes, fact_hashes, input_files
    from briefgen.selection.select import select

    root = project.root
    env = _env(project)
    stamps: dict[Path, Stamp] = {}

    def stamp(path: Path) -> Stamp:
        if path not in stamps:
            stamps[path] = Stamp.of(path)
        return stamps[path]

    plans = []
    every_hash = all_fact_hashes(project)
    for briefing in chosen:
        selection = select(briefing, project.facts, project.settings, edition)
        hashes = fact_hashes(every_hash, selection)
        for fmt in briefing.formats:
            if opts.formats and fmt not in opts.formats:
                continue
            name = f"{briefing.id}.{fmt}"
            found = input_files(project, briefing, fmt, env, edition)
            files = {os.path.relpath(p, root): stamp(p) for p in sorted(found)}
            reasons = _reasons(root, state.targets.get(name), name, files, hashes, config, opts.force)
            plans.append(_Plan(briefing, fmt, name, output_path(project, briefing, fmt), reasons, files, hashes))
    return plans


def _env(project: Project):  # type: ignore[no-untyped-def]
    from briefgen.rendering.markdown import make_environment

    return make_environment(project.templates)


def _reasons(root: Path, old: TargetState | None, name: str, files: dict[str, Stamp],
             hashes: dict[str, str], config: dict[str, object], force: bool) -> list[str]:
    if force:
        return ["forced"]
    if old is None:
        return ["not built before"]
    reasons = _config_changes(old.config, config)
    changed, _ = file_changed(root / "build" / name, old.output)
    if changed:
        reasons.append("output missing or changed since it was built")
    facts_moved = False
    for rel in sorted(set(files) | set(old.files)):
        if rel not in old.files:
            if not rel.startswith("facts/"):
                reasons.append(f"new input {rel}")
            facts_moved = True
        elif rel not in files:
            if not rel.startswith("facts/"):
                reasons.append(f"no longer uses {rel}")
            facts_moved = True
        elif files[rel].sha256 != old.files[rel].sha256:
            if rel.startswith("facts/"):
                facts_moved = True
            else:
                reasons.append(f"{rel} changed")
    if facts_moved or hashes != old.facts:
        for fid in sorted(set(hashes) | set(old.facts)):
            if fid not in old.facts:
                reasons.append(f"fact '{fid}' added")
            elif fid not in hashes:
                reasons.append(f"fact '{fid}' withdrawn")
            elif hashes[fid] != old.facts[fid]:
                reasons.append(f"fact '{fid}' changed")
    return reasons


# ---------------------------------------------------------------- running


def run(root: Path, opts: Options, edition: dt.date, report: Report) -> Result:
    """Plan and build; report each target as it goes. Failed targets are in the result."""
    started = time.monotonic()
    result = Result()

    def emit(name: str, status: str, detail: str = "") -> None:
        result.events.append((name, status, detail))
        report(name, status, detail)

    build_dir = root / "build"
    with build_lock(build_dir, wait=opts.wait):
        for leftover in build_dir.glob(".*.tmp"):  # from a build that was killed mid-write
            leftover.unlink(missing_ok=True)
        state = BuildState.load(build_dir)
        config = _config(edition)
        current = _fast_path(root, state, opts, config)
        if current is not None:
            for name in current:
                _emit_current(name, state.targets[name], opts, emit)
            if state.dirty and not opts.dry_run:
                state.save(build_dir)  # only to remember touched files' new times
        else:
            _full(root, state, opts, config, edition, emit)
    result.seconds = time.monotonic() - started
    return result


def _full(root: Path, state: BuildState, opts: Options, config: dict[str, object], edition: dt.date,
          emit: Callable[[str, str, str], None]) -> None:
    from briefgen.content import project as project_mod

    project = project_mod.load(root)
    chosen = project.select(opts.ids, opts.audiences)
    plans = _plan(project, state, opts, config, chosen, edition)
    _check_unique_outputs(plans)
    if not (opts.ids or opts.audiences or opts.formats):
        _remove_stale(project, state, opts.dry_run, emit)
    for plan in plans:
        if not plan.stale:
            _emit_current(plan.name, state.targets[plan.name], opts, emit)
    stale = [p for p in plans if p.stale]
    if opts.dry_run:
        for plan in stale:
            emit(plan.name, "would build", "; ".join(plan.reasons))
        return
    by_briefing: dict[str, list[_Plan]] = {}
    for plan in stale:
        by_briefing.setdefault(plan.briefing.id, []).append(plan)
    jobs = [_Job(bid, tuple(p.fmt for p in ps), edition, opts.strict) for bid, ps in by_briefing.items()]
    for done in _execute(project, jobs, opts):
        for plan in by_briefing[done.briefing]:
            if plan.fmt in done.errors:
                emit(plan.name, "failed", done.errors[plan.fmt])
                continue
            if opts.strict and done.stale:
                emit(plan.name, "stale", _stale_detail(done.stale))
                continue
            data = done.outputs[plan.fmt]
            written = write_atomic(plan.path, data)
            state.targets[plan.name] = TargetState(
                briefing=plan.briefing.id, format=plan.fmt, audience=plan.briefing.audience,
                files=plan.files, config=config, facts=plan.facts, output=Stamp.of(plan.path),
                used=list(done.used), stale=list(done.stale), gates=list(done.gates),
            )
            emit(plan.name, "built" if written else "unchanged", "; ".join(plan.reasons))
        if not done.errors and not (opts.strict and done.stale):
            _record_edition(project, project.briefings[done.briefing], edition, done, state)
        if done.errors and opts.fail_fast:
            break
    for plan in plans:
        if not plan.stale and plan.name in state.targets:
            state.targets[plan.name].files = plan.files
    for briefing in chosen:
        state.briefings[briefing.id] = BriefingState(briefing.audience, list(briefing.formats))
        _write_depfile(project, briefing, state)
    state.listing = listing(root)
    state.save(project.build_dir)


def _execute(project: Project, jobs: list[_Job], opts: Options):  # type: ignore[no-untyped-def]
    """Run jobs in this process or in worker processes; yield each result as it completes."""
    workers = min(opts.jobs or os.cpu_count() or 1, len(jobs))
    if workers <= 1:
        pipeline = Pipeline(project)
        for job in jobs:
            yield _run_job(job, pipeline)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    global _FORK_PROJECT
    _FORK_PROJECT = project
    if any("pdf" in job.formats for job in jobs):
        import weasyprint  # noqa: F401  (imported once here, inherited by every forked worker)
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_worker_init) as pool:
        futures = [pool.submit(_run_job, job) for job in jobs]
        for future in as_completed(futures):
            yield future.result()


def _record_edition(project: Project, briefing: Briefing, edition: dt.date, done: _Done,
                    state: BuildState) -> None:
    """Keep this edition of the brief: the outputs built for ``edition`` and their manifest."""
    from briefgen.editions import manifest as editions

    outputs = {
        fmt: output_path(project, briefing, fmt) for fmt in briefing.formats
        if (t := state.targets.get(f"{briefing.id}.{fmt}")) and t.config.get("edition") == edition.isoformat()
    }
    editions.record(project.build_dir, briefing.id, briefing.audience, edition, done.marking, done.records,
                    list(done.sources), outputs, project.settings.keep_editions)


def _stale_detail(ids: tuple[str, ...] | list[str]) -> str:
    return "uses facts past their review date: " + ", ".join(ids)


def _emit_current(name: str, target: TargetState, opts: Options, emit: Callable[[str, str, str], None]) -> None:
    if opts.strict and target.stale:
        emit(name, "stale", _stale_detail(target.stale))
    elif opts.strict and target.gates:
        emit(name, "failed", "fails its quality gates (--strict):\n    " + "\n    ".join(target.gates))
    else:
        emit(name, "current", "no input changed")


def _check_unique_outputs(plans: list[_Plan]) -> None:
    seen: dict[Path, str] = {}
    for plan in plans:
        if plan.path in seen:
            raise BuildError(f"two targets would write {plan.path}: {seen[plan.path]} and {plan.name}")
        seen[plan.path] = plan.name


def _remove_stale(project: Project, state: BuildState, dry_run: bool,
                  emit: Callable[[str, str, str], None]) -> None:
    """Remove outputs of briefings (or formats) that no longer exist."""
    for name, target in sorted(state.targets.items()):
        briefing = project.briefings.get(target.briefing)
        if briefing is not None and target.format in briefing.formats:
            continue
        why = "its briefing was removed" if briefing is None else f"{target.format} is no longer among its formats"
        if not dry_run:
            (project.build_dir / name).unlink(missing_ok=True)
            del state.targets[name]
            if briefing is None:
                (project.build_dir / f"{target.briefing}.d").unlink(missing_ok=True)
                state.briefings.pop(target.briefing, None)
        emit(name, "would remove" if dry_run else "removed", why)


def _write_depfile(project: Project, briefing: Briefing, state: BuildState) -> None:
    """``build/<id>.d`` in make's format: the briefing's outputs and every input they were built from."""
    targets = [t for n, t in sorted(state.targets.items()) if t.briefing == briefing.id]
    if not targets:
        return
    outputs = " ".join(f"build/{briefing.id}.{t.format}" for t in targets)
    inputs = sorted({rel for t in targets for rel in t.files})
    lines = [f"{outputs}: \\"] + [f"  {_make_escape(rel)} \\" for rel in inputs[:-1]]
    lines += [f"  {_make_escape(inputs[-1])}", ""]
    lines += [f"{_make_escape(rel)}:" for rel in inputs]
    write_atomic(project.build_dir / f"{briefing.id}.d", ("\n".join(lines) + "\n").encode("utf-8"))


def _make_escape(path: str) -> str:
    return path.replace("$", "$$").replace(" ", "\\ ").replace("#", "\\#")
