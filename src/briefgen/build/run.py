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
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from briefgen.build.depfile import write_depfile
from briefgen.build.lock import build_lock
from briefgen.build.options import Options, Report, Result
from briefgen.build.outputs import write_atomic
from briefgen.build.pipeline import output_path
from briefgen.build.plan import Plan, check_unique_outputs, fast_path, plan_targets, target_config
from briefgen.build.pool import Job, execute
from briefgen.build.state import BriefingState, BuildState, Config, Stamp, TargetState, content_files
from briefgen.layout import Layout

if TYPE_CHECKING:
    from briefgen.content.project import Project


def run(root: Path, opts: Options, edition: dt.date, report: Report) -> Result:
    """Plan and build; report each target as it goes. Failed targets are in the result."""
    started = time.monotonic()
    result = Result()

    def emit(name: str, status: str, detail: str = "") -> None:
        result.events.append((name, status, detail))
        report(name, status, detail)

    build_dir = Layout(root).build
    with build_lock(build_dir, wait=opts.wait):
        for leftover in build_dir.glob(".*.tmp"):  # from a build that was killed mid-write
            leftover.unlink(missing_ok=True)
        state = BuildState.load(build_dir)
        config = target_config(edition)
        if opts.publish:
            _before_publishing(root, opts, edition, emit)
        current = None if opts.publish else fast_path(root, state, opts, config)
        if current is not None:
            for name in current:
                _emit_current(name, state.targets[name], opts, emit)
            if state.dirty and not opts.dry_run:
                state.save(build_dir)  # only to remember touched files' new times
        else:
            _full(root, state, opts, config, edition, emit)
        if opts.publish and not opts.dry_run:
            _record_editions(root, opts, edition, state, result, emit)
    result.seconds = time.monotonic() - started
    return result



def _full(root: Path, state: BuildState, opts: Options, config: Config, edition: dt.date,
          emit: Callable[[str, str, str], None]) -> None:
    from briefgen.content import project as project_mod

    project = project_mod.load(root)
    chosen = project.select(opts.ids, opts.audiences)
    plans = plan_targets(project, state, opts, config, chosen, edition)
    check_unique_outputs(plans)
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
    by_briefing: dict[str, list[Plan]] = {}
    for plan in stale:
        by_briefing.setdefault(plan.briefing.id, []).append(plan)
    jobs = [Job(bid, tuple(p.fmt for p in ps), edition, opts.strict) for bid, ps in by_briefing.items()]
    for done in execute(project, jobs, opts):
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
        if done.errors and opts.fail_fast:
            break
    for plan in plans:
        if not plan.stale and plan.name in state.targets:
            state.targets[plan.name].files = plan.files
    for briefing in chosen:
        state.briefings[briefing.id] = BriefingState(briefing.audience, list(briefing.formats))
        write_depfile(project, briefing, state)
    state.content = content_files(project.layout)
    state.save(project.build_dir)



def _before_publishing(root: Path, opts: Options, edition: dt.date, emit: Callable[[str, str, str], None]) -> None:
    """Repair what a killed run left; refuse an edition older than the latest (before anything is built)."""
    from briefgen.editions.publish import prepare

    def chosen(briefing_id: str, audience: str) -> bool:
        return not (opts.ids or opts.audiences) or briefing_id in opts.ids or audience in opts.audiences

    prepare(root, edition, chosen, opts.allow_older, emit)



def _record_editions(root: Path, opts: Options, edition: dt.date, state: BuildState, result: Result,
                     emit: Callable[[str, str, str], None]) -> None:
    """Publish each chosen brief whose every format was built for ``edition`` in this run or before."""
    from briefgen.content import project as project_mod
    from briefgen.editions.publish import publish_all

    project = project_mod.load(root)
    refused = {name.rsplit(".", 1)[0] for name, status, _ in result.events if status in ("failed", "stale")}
    outputs = {}
    for briefing in project.select(opts.ids, opts.audiences):
        targets = [state.targets.get(f"{briefing.id}.{fmt}") for fmt in briefing.formats]
        if briefing.id not in refused and all(t and t.config.get("edition") == edition.isoformat() for t in targets):
            outputs[briefing.id] = [output_path(project, briefing, fmt) for fmt in briefing.formats]
    published = publish_all(project, project.select(opts.ids, opts.audiences), edition, outputs, emit)
    for bid, manifest in published.items():
        # The brief now compares with the edition just published and reads the same (editions.manifest.baseline):
        # record that manifest as its input, so the next run does not rebuild it for nothing.
        folder = manifest.parent.parent.relative_to(root).as_posix() + "/"
        for target in (state.targets[f"{bid}.{fmt}"] for fmt in project.briefings[bid].formats):
            target.files = {rel: stamp for rel, stamp in target.files.items() if not rel.startswith(folder)}
            target.files[manifest.relative_to(root).as_posix()] = Stamp.of(manifest)
    if published:
        state.save(project.build_dir)



def _stale_detail(ids: tuple[str, ...] | list[str]) -> str:
    return "uses facts past their review date: " + ", ".join(ids)



def _emit_current(name: str, target: TargetState, opts: Options, emit: Callable[[str, str, str], None]) -> None:
    if opts.strict and target.stale:
        emit(name, "stale", _stale_detail(target.stale))
    elif opts.strict and target.gates:
        emit(name, "failed", "fails its quality gates (--strict):\n    " + "\n    ".join(target.gates))
    else:
        emit(name, "current", "no input changed")



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

