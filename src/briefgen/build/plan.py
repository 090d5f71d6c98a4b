"""Planning a build: which targets are stale, and why, from the recorded state."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from briefgen.build.options import Options
from briefgen.build.pipeline import output_path
from briefgen.build.state import BuildState, Config, Stamp, TargetState, content_files, file_changed, versions
from briefgen.exceptions import BuildError
from briefgen.layout import FACTS_DIR, Layout

FACTS_PREFIX = FACTS_DIR + "/"

if TYPE_CHECKING:
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    from briefgen.content.model import Briefing
    from briefgen.content.project import Project


@dataclass
class Plan:
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



def target_config(edition: dt.date) -> Config:
    return {"edition": edition.isoformat(), "versions": versions()}



def _config_changes(old: Config, new: Config) -> list[str]:
    reasons = []
    if old.get("edition") != new["edition"]:
        reasons.append(f"edition date {old.get('edition')} -> {new['edition']}")
    old_v = old.get("versions") or {}
    for name, version in new["versions"].items():
        if old_v.get(name) != version:
            reasons.append(f"{name} {old_v.get(name)} -> {version}")
    return reasons



def fast_path(root: Path, state: BuildState, opts: Options, config: Config) -> list[str] | None:
    """The requested targets if all are current without reading any content; else None."""
    if opts.force or not state.briefings or state.content != content_files(Layout(root)):
        return None
    if state.shard != (str(opts.shard) if opts.shard else None):  # another shard's, or all briefings
        return None
    known_audiences = {b.audience for b in state.briefings.values()}
    if any(i not in state.briefings for i in opts.ids) or any(a not in known_audiences for a in opts.audiences):
        return None
    names = []
    for bid, b in state.briefings.items():
        if (opts.ids or opts.audiences) and bid not in opts.ids and b.audience not in opts.audiences:
            continue
        if opts.shard and not opts.shard.owns(bid):
            continue
        for fmt in b.formats:
            if not opts.formats or fmt in opts.formats:
                names.append(f"{bid}.{fmt}")
    checked: set[int] = set()  # the stamps (shared objects once loaded) already found current
    groups_seen: set[int] = set()  # the fact groups (shared by loaded targets) already checked
    touched: list[tuple[Stamp, Stamp]] = []
    for name in names:
        t = state.targets.get(name)
        if t is None or t.config != config:
            return None
        changed, _ = file_changed(Layout(root).build / name, t.output)
        if changed:
            return None
        loaded = t.loaded()
        if loaded is not None and id(loaded.group) not in groups_seen:
            groups_seen.add(id(loaded.group))
            if not _current(root, loaded.group, checked, touched):
                return None
        if not _current(root, loaded.own if loaded else t.files, checked, touched):
            return None
    for stamp, fresh in touched:  # the same bytes: every target holding this stamp may keep it
        stamp.mtime_ns = fresh.mtime_ns
    state.dirty = bool(touched)
    return names


def _current(root: Path, files: dict[str, Stamp], checked: set[int], touched: list[tuple[Stamp, Stamp]]) -> bool:
    """Whether every file in ``files`` still matches its stamp; stamps only touched since (same
    bytes) are added to ``touched`` with their fresh stamps."""
    for rel, stamp in files.items():
        if id(stamp) in checked:
            continue
        changed, fresh = file_changed(root / rel, stamp)
        if changed:
            return False
        checked.add(id(stamp))
        if fresh:
            touched.append((stamp, fresh))
    return True


def plan_targets(project: Project, state: BuildState, opts: Options, config: Config,
          chosen: list[Briefing], edition: dt.date) -> list[Plan]:
    from briefgen.build.inputs import (  # lazy: the no-op build path never loads it (Jinja)
        Memo,
        all_fact_hashes,
        fact_hashes,
        input_files,
    )
    from briefgen.selection.select import select  # lazy: the no-op build path never loads it

    root = project.root
    env = _env(project)
    memo = Memo()  # this run's alone: a watch process must see a new include or @import next time
    stamps: dict[Path, Stamp] = {}

    def stamp(path: Path) -> Stamp:
        if path not in stamps:
            stamps[path] = Stamp.of(path)
        return stamps[path]

    rels: dict[Path, str] = {}

    def rel(path: Path) -> str:
        if path not in rels:
            rels[path] = os.path.relpath(path, root)
        return rels[path]

    plans = []
    every_hash = all_fact_hashes(project)
    for briefing in chosen:
        selection = select(briefing, project.facts, project.settings, edition)
        hashes = fact_hashes(every_hash, selection)
        for fmt in briefing.formats:
            if opts.formats and fmt not in opts.formats:
                continue
            name = f"{briefing.id}.{fmt}"
            found = input_files(project, briefing, fmt, env, edition, memo)
            files = {rel(p): stamp(p) for p in found}
            files = {r: files[r] for r in sorted(files)}
            reasons = _reasons(root, state.targets.get(name), name, files, hashes, config, opts.force)
            plans.append(Plan(briefing, fmt, name, output_path(project, briefing, fmt), reasons, files, hashes))
    return plans



def _env(project: Project) -> ImmutableSandboxedEnvironment:
    from briefgen.templating.environment import make_environment  # lazy: the no-op build path never loads it (Jinja)

    return make_environment(project.templates)



def _reasons(root: Path, old: TargetState | None, name: str, files: dict[str, Stamp],
             hashes: dict[str, str], config: Config, force: bool) -> list[str]:
    if force:
        return ["forced"]
    if old is None:
        return ["not built before"]
    reasons = _config_changes(old.config, config)
    changed, _ = file_changed(Layout(root).build / name, old.output)
    if changed:
        reasons.append("output missing or changed since it was built")
    facts_moved = False
    for rel in sorted(set(files) | set(old.files)):
        if rel not in old.files:
            if not rel.startswith(FACTS_PREFIX):
                reasons.append(f"new input {rel}")
            facts_moved = True
        elif rel not in files:
            if not rel.startswith(FACTS_PREFIX):
                reasons.append(f"no longer uses {rel}")
            facts_moved = True
        elif files[rel].sha256 != old.files[rel].sha256:
            if rel.startswith(FACTS_PREFIX):
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



def check_unique_outputs(plans: list[Plan]) -> None:
    seen: dict[Path, str] = {}
    for plan in plans:
        if plan.path in seen:
            raise BuildError(f"two targets would write {plan.path}: {seen[plan.path]} and {plan.name}")
        seen[plan.path] = plan.name

