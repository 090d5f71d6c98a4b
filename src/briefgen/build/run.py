"""Building briefs like a build system: each (briefing, format) is a target.

A target is rebuilt only when something it was built from changed: its spec, a
template it pulls in, its stylesheets and fonts, a fact it may use, the project
settings, the edition date, or the versions of briefgen and its renderers. The
no-op path reads only the state file and stats the recorded inputs, so it never
imports the renderers. Stale briefings are rendered in worker processes, each
keeping its Jinja environment, Markdown parser, fonts and stylesheets.

SIGINT and SIGTERM stop a build at once: the workers are stopped, the targets
already written are recorded, and the build fails with one line.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

from briefgen.build.depfile import write_depfile
from briefgen.build.fonts import copy_fonts
from briefgen.build.lock import build_lock
from briefgen.build.options import Options, Report, Result
from briefgen.build.outputs import BuildDirError, sync_written, write_atomic
from briefgen.build.pipeline import output_path
from briefgen.build.plan import Plan, check_unique_outputs, fast_path, plan_targets, target_config
from briefgen.build.shard import drop_other_shards, remove_manifest, write_manifest
from briefgen.build.state import BriefingState, BuildState, Config, Stamp, TargetState, content_files
from briefgen.exceptions import BriefgenError, relpath
from briefgen.layout import STATE_FILE, Layout

if TYPE_CHECKING:
    from briefgen.build.worker import Done
    from briefgen.content.project import Project

Emit = Callable[[str, str, str], None]


class Interrupted(BaseException):
    """SIGINT or SIGTERM arrived during a build."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


class BuildInterrupted(BriefgenError):
    """SIGINT stopped the build; the exit code is 128 + the signal's number, as a shell reports it."""

    exit_code = 128 + signal.SIGINT


class BuildTerminated(BuildInterrupted):
    """SIGTERM stopped the build."""

    exit_code = 128 + signal.SIGTERM


def _stopped(signum: int, done: int = 0, left: int = 0) -> BuildInterrupted:
    """The one-line error for a build stopped by ``signum``."""
    name = signal.Signals(signum).name
    progress = f": {done} target(s) finished and recorded, {left} not built" if done or left else ""
    kind = BuildTerminated if signum == signal.SIGTERM else BuildInterrupted
    return kind(f"build interrupted by {name}{progress}; earlier outputs are intact")


def run(root: Path, opts: Options, edition: dt.date, report: Report) -> Result:
    """Plan and build; report each target as it goes. Failed targets are in the result."""
    started = time.monotonic()
    result = Result()

    said: dict[tuple[str, str], str] = {}  # a failure already reported, by brief: the target it was reported on

    def emit(name: str, status: str, detail: str = "") -> None:
        if status in ("failed", "stale") and "\n" in detail:  # one brief's gates or refusals: its every format
            first = said.setdefault((name.rsplit(".", 1)[0], detail), name)
            if first != name:
                detail = f"{detail.splitlines()[0].rstrip(':')}: see {first}"
        result.events.append((name, status, detail))
        report(name, status, detail)

    build_dir = Layout(root).build
    with _signals_interrupt():
        try:
            with build_lock(build_dir, wait=opts.wait), _swept_if_interrupted(build_dir):
                _sweep(build_dir)  # from a build that was killed mid-write
                state = BuildState.load(build_dir)
                if state.warning:
                    result.warnings.append(state.warning)
                if not opts.dry_run:
                    remove_manifest(build_dir)  # written again once this run is recorded, if it is a shard's
                config = target_config(edition)
                if opts.publish:
                    _before_publishing(root, opts, edition, emit)
                current = None if opts.publish else fast_path(root, state, opts, config)
                if current is not None:
                    for name in current:
                        _emit_current(name, state.targets[name], opts, emit)
                    if state.dirty and not opts.dry_run:
                        _save(state, build_dir)  # only to remember touched files' new times
                else:
                    _full(root, state, opts, config, edition, emit)
                if not opts.strict:
                    _gate_warnings(result, state, emit)
                if opts.publish and not opts.dry_run:
                    _record_editions(root, opts, edition, state, result, emit)
                elif current is None:  # briefs were rendered: say which editions they could not compare with
                    result.warnings += _edition_warnings(root)
                if opts.shard and not opts.dry_run:
                    write_manifest(root, opts, edition, state)
        except Interrupted as exc:
            raise _stopped(exc.signum) from None
    result.seconds = time.monotonic() - started
    return result


def _sweep(build_dir: Path) -> None:
    """Remove the half-written temporary files (``.<name>.XXXX.tmp``) a stopped build left."""
    for leftover in build_dir.glob(".*.tmp"):
        if leftover.is_file() or leftover.is_symlink():
            leftover.unlink(missing_ok=True)


@contextmanager
def _swept_if_interrupted(build_dir: Path) -> Iterator[None]:
    """On a signal, sweep what the stopped workers were writing, while the build still holds the lock
    (a worker stopped mid-write can leave its temporary file behind)."""
    try:
        yield
    except Interrupted:
        _sweep(build_dir)
        raise


@contextmanager
def _signals_interrupt() -> Iterator[None]:
    """In the main thread, SIGINT and SIGTERM raise :class:`Interrupted` (once: a second signal while
    the finished targets are recorded is ignored). Elsewhere signals are left as they are."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    signums = (signal.SIGINT, signal.SIGTERM)
    previous = {s: signal.getsignal(s) for s in signums}
    owner = os.getpid()

    def interrupt(signum: int, frame: FrameType | None) -> None:
        if os.getpid() != owner:  # a worker just forked, before it set its own handlers: exit quietly
            raise SystemExit(128 + signum)
        for s in signums:
            signal.signal(s, signal.SIG_IGN)
        raise Interrupted(signum)

    for s in signums:
        signal.signal(s, interrupt)
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, signal.SIG_DFL if handler is None else handler)  # None: not set from Python


def _full(root: Path, state: BuildState, opts: Options, config: Config, edition: dt.date, emit: Emit) -> None:
    from briefgen.build.pool import execute  # lazy: the no-op build path never loads it
    from briefgen.build.worker import Job  # lazy: the no-op build path never loads it
    from briefgen.content import project as project_mod  # lazy: the no-op build path never loads it

    project = project_mod.load(root, keep_facts=not opts.dry_run)  # for later cold runs (content.factcache)
    chosen = [b for b in project.select(opts.ids, opts.audiences) if not opts.shard or opts.shard.owns(b.id)]
    plans = plan_targets(project, state, opts, config, chosen, edition)
    check_unique_outputs(plans)
    if not (opts.ids or opts.audiences or opts.formats):
        _remove_stale(project, state, opts.dry_run, emit)
    if opts.shard:
        drop_other_shards(project.build_dir, state, opts.shard, opts.dry_run, emit)
    for plan in plans:
        if not plan.stale:
            _emit_current(plan.name, state.targets[plan.name], opts, emit)
    stale = [p for p in plans if p.stale]
    if opts.dry_run:
        for plan in stale:
            emit(plan.name, "would build", "; ".join(plan.reasons))
        return
    by_briefing: dict[str, list[Plan]] = {}
    for plan in stale:
        by_briefing.setdefault(plan.briefing.id, []).append(plan)
    jobs = [Job(bid, tuple(p.fmt for p in ps), edition, opts.strict) for bid, ps in by_briefing.items()]
    settled: set[str] = set()
    recorded = 0
    interrupted: Interrupted | None = None

    def settle(name: str, status: str, detail: str = "") -> None:
        settled.add(name)
        emit(name, status, detail)

    try:
        with closing(execute(project, jobs, opts)) as results:  # closing it stops the workers
            for done in results:
                recorded += _store(project, state, config, edition, opts, by_briefing[done.briefing], done, settle)
                if done.errors and opts.fail_fast:
                    break
    except Interrupted as exc:
        interrupted = exc
    why = "interrupted" if interrupted else "--fail-fast: an earlier target failed"
    left = [plan for plan in stale if plan.name not in settled]
    for plan in left:
        emit(plan.name, "cancelled", why)
    for plan in plans:
        if not plan.stale and plan.name in state.targets:
            state.targets[plan.name].files = plan.files
    # Every briefing, built or not: the no-op path (build.plan.fast_path) reads this list as the whole
    # project's, so a build of some briefings must not let a later build of all of them skip the rest.
    state.briefings = {b.id: BriefingState(b.audience, list(b.formats)) for b in project.briefings.values()}
    state.shard = str(opts.shard) if opts.shard else None
    for briefing in chosen:
        try:
            write_depfile(project, briefing, state)
        except OSError as exc:
            raise BuildDirError(f"cannot write {project.build_dir / briefing.id}.d: {exc.strerror}") from None
    state.content = content_files(project.layout)
    _save(state, project.build_dir)
    if interrupted:
        raise _stopped(interrupted.signum, recorded, len(left))


def _store(project: Project, state: BuildState, config: Config, edition: dt.date, opts: Options,
           plans: list[Plan], done: Done, emit: Emit) -> int:
    """Write one job's outputs and record them in the state; how many were recorded."""
    recorded = 0
    for plan in plans:
        if plan.fmt in done.errors:
            emit(plan.name, "failed", done.errors[plan.fmt])
            continue
        if opts.strict and done.stale:
            emit(plan.name, "stale", _stale_detail(done.stale))
            continue
        try:
            written = write_atomic(plan.path, done.outputs[plan.fmt], durable=False)
            if plan.fmt == "html":
                copy_fonts(project, plan.briefing)  # the house fonts the page names, beside it
        except OSError as exc:
            emit(plan.name, "failed", f"cannot write {plan.path}: {exc.strerror or exc}")
            continue
        except BuildDirError as exc:
            emit(plan.name, "failed", exc.format_message())
            continue
        state.targets[plan.name] = TargetState(
            briefing=plan.briefing.id, format=plan.fmt, audience=plan.briefing.audience,
            files=plan.files, config=config, facts=plan.facts, output=Stamp.of(plan.path),
            used=list(done.used), stale=list(done.stale), gates=list(done.gates),
        )
        recorded += 1
        emit(plan.name, "built" if written else "unchanged", "; ".join(plan.reasons))
    return recorded


def _save(state: BuildState, build_dir: Path) -> None:
    try:
        sync_written()  # the outputs the state records reach the disk before the state does
        state.save(build_dir)
    except OSError as exc:
        raise BuildDirError(f"cannot write {build_dir / STATE_FILE}: {exc.strerror or exc}") from None


def _edition_warnings(root: Path) -> list[str]:
    """Editions a build could not compare with (their manifests truncated or of the wrong types)."""
    from briefgen.editions.manifest import warnings_under  # lazy: the no-op build path never loads it

    return warnings_under(root)


def _before_publishing(root: Path, opts: Options, edition: dt.date, emit: Callable[[str, str, str], None]) -> None:
    """Repair what a killed run left; refuse an edition older than the latest (before anything is built)."""
    from briefgen.editions.publish import prepare  # lazy: the no-op build path never loads it

    def chosen(briefing_id: str, audience: str) -> bool:
        if opts.shard and not opts.shard.owns(briefing_id):
            return False
        return not (opts.ids or opts.audiences) or briefing_id in opts.ids or audience in opts.audiences

    prepare(root, edition, chosen, opts.allow_older, emit)



def _record_editions(root: Path, opts: Options, edition: dt.date, state: BuildState, result: Result,
                     emit: Callable[[str, str, str], None]) -> None:
    """Publish each chosen brief whose every format was built for ``edition`` in this run or before."""
    from briefgen.content import project as project_mod  # lazy: the no-op build path never loads it
    from briefgen.editions.publish import publish_all  # lazy: the no-op build path never loads it

    project = project_mod.load(root)
    result.evidence = evidence_summary(project)
    refused = {name.rsplit(".", 1)[0] for name, status, _ in result.events if status in ("failed", "stale")}
    outputs = {}
    chosen = [b for b in project.select(opts.ids, opts.audiences) if not opts.shard or opts.shard.owns(b.id)]
    for briefing in chosen:
        targets = [state.targets.get(f"{briefing.id}.{fmt}") for fmt in briefing.formats]
        if briefing.id not in refused and all(t and t.config.get("edition") == edition.isoformat() for t in targets):
            outputs[briefing.id] = [output_path(project, briefing, fmt) for fmt in briefing.formats]
    try:
        published = publish_all(project, chosen, edition, outputs, emit)
    except OSError as exc:
        where = exc.filename or project.layout.editions
        raise BuildDirError(f"cannot write the editions in {where}: {exc.strerror or exc}") from None
    for bid, manifest in published.items():
        # The brief now compares with the edition just published and reads the same (editions.manifest.baseline):
        # record that manifest as its input, so the next run does not rebuild it for nothing.
        folder = manifest.parent.parent.relative_to(root).as_posix() + "/"
        for target in (state.targets[f"{bid}.{fmt}"] for fmt in project.briefings[bid].formats):
            target.files = {rel: stamp for rel, stamp in target.files.items() if not rel.startswith(folder)}
            target.files[manifest.relative_to(root).as_posix()] = Stamp.of(manifest)
    if published:
        _save(state, project.build_dir)



def evidence_summary(project: Project) -> str:
    """How much of the fact base's evidence this run could verify, and why not all of it, for the one
    summary line of a scheduled run: a fresh clone without the source archive says so."""
    from briefgen.content.evidence import VERIFIED, verify  # lazy: the no-op build path never loads it

    found = verify(project.facts, project.sources, project.root, project.settings)
    checks = [c for cs in found.checks.values() for c in cs]
    said = f"{sum(c.status == VERIFIED for c in checks)} of {len(checks)} phrases verified"
    folder = found.archive.folder
    if folder is not None and not folder.is_dir():
        return f"{said}: source archive missing ({relpath(folder, project.root)})"
    if found.missing:
        n = len(found.missing)
        return f"{said}: {n} source text{'' if n == 1 else 's'} missing from the archive"
    return said


def _stale_detail(ids: tuple[str, ...] | list[str]) -> str:
    return "uses facts past their review date: " + ", ".join(ids)


def _emit_current(name: str, target: TargetState, opts: Options, emit: Emit) -> None:
    if opts.strict and target.stale:
        emit(name, "stale", _stale_detail(target.stale))
    elif opts.strict and target.gates:
        emit(name, "failed", "fails its quality gates (--strict):\n    " + "\n    ".join(target.gates))
    else:
        emit(name, "current", "no input changed")


def _gate_warnings(result: Result, state: BuildState, emit: Emit) -> None:
    """A 'gate' event for every quality gate a brief built or found current fails, once per brief (the
    gates are measured per brief, and recorded on each of its targets); --strict fails them instead."""
    warned: set[str] = set()
    for name, status, _ in list(result.events):
        target = state.targets.get(name)
        if status not in ("built", "unchanged", "current") or target is None or target.briefing in warned:
            continue
        warned.add(target.briefing)
        for gate in target.gates:
            emit(target.briefing, "gate", gate)


def _remove_stale(project: Project, state: BuildState, dry_run: bool, emit: Emit) -> None:
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
