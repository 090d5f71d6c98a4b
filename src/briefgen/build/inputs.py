"""What a target is built from: spec, templates, stylesheets and assets, facts, settings, versions."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from pathlib import Path

import jinja2
from jinja2 import meta

from briefgen.content.model import Briefing, Fact
from briefgen.content.project import Project
from briefgen.editions import manifest as editions
from briefgen.layout import BRIEFINGS_DIR, is_editor_file
from briefgen.selection.select import Selection
from briefgen.writers.css import referenced
from briefgen.writers.registry import writer


@dataclasses.dataclass
class Memo:
    """What one build run has learnt about its inputs. Made anew for each run and never kept, so a
    long-lived process (``watch``) sees a new include or ``@import`` at its next run."""

    references: dict[str, tuple[str | None, ...] | None] = dataclasses.field(default_factory=dict)
    closures: dict[tuple[Path, tuple[Path, ...]], frozenset[Path]] = dataclasses.field(default_factory=dict)
    resolved: dict[Path, Path] = dataclasses.field(default_factory=dict)
    fact_files: list[Path] | None = None


def _references(env: jinja2.Environment, name: str, memo: Memo) -> tuple[str | None, ...] | None:
    """The names of the templates ``name`` refers to; None when it cannot be loaded or parsed."""
    if name not in memo.references:
        assert env.loader is not None, "briefgen's environment always has a loader"
        try:
            source, _, _ = env.loader.get_source(env, name)
            memo.references[name] = tuple(meta.find_referenced_templates(env.parse(source)))
        except (jinja2.TemplateNotFound, jinja2.TemplateSyntaxError):
            memo.references[name] = None
    return memo.references[name]


def templates_of(env: jinja2.Environment, root: Path, name: str, memo: Memo) -> set[Path]:
    """Every template file ``name`` pulls in through extends, include and import.

    A computed template name cannot be followed, so then every template counts. A template that is
    missing, leads outside ``root`` or does not parse is left out: rendering the target then fails on
    it with its file and line, and a failed target records no state of its own.
    """
    seen: set[str] = set()
    stack = [name]
    everything = False
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        for ref in _references(env, current, memo) or ():
            if ref is None:
                everything = True
            else:
                stack.append(ref)
    base = root.resolve()
    found = [p for p in root.rglob("*") if not p.name.endswith(".css") and not is_editor_file(p.name)] \
        if everything else [root / n for n in seen]
    return {p for p in found if p.resolve().is_relative_to(base) and p.is_file()}


def stylesheet_closure(css: Path, allowed: tuple[Path, ...], memo: Memo) -> frozenset[Path]:
    """A stylesheet, the stylesheets it imports and the files they refer to (fonts, images), read
    with a CSS parser; only regular files inside ``allowed`` (the others fail the PDF stage)."""
    if (css, allowed) not in memo.closures:
        memo.closures[css, allowed] = frozenset(referenced(css, allowed))
    return memo.closures[css, allowed]


def fact_hashes(all_hashes: dict[str, str], selection: Selection) -> dict[str, str]:
    """The content hashes of the facts a briefing may use."""
    return {fid: all_hashes[fid] for fid in sorted(selection.visible)}


def all_fact_hashes(project: Project) -> dict[str, str]:
    """A content hash per fact, covering the records of the sources it cites.

    File positions are left out, so moving a fact or editing its neighbours changes nothing.
    """
    skip = {"path", "line", "field_lines"}
    sources = {
        sid: [getattr(src, f.name) for f in dataclasses.fields(src) if f.name not in skip]
        for sid, src in project.sources.items()
    }
    names = [f.name for f in dataclasses.fields(Fact) if f.name not in skip]
    hashes = {}
    for fid, fact in project.facts.items():
        record = [getattr(fact, n) for n in names] + [sources.get(s) for s in fact.sources]
        text = json.dumps(record, sort_keys=True, default=str)
        hashes[fid] = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    return hashes


def input_files(project: Project, briefing: Briefing, fmt: str, env: jinja2.Environment,
                edition: dt.date, memo: Memo) -> set[Path]:
    """Every file a target reads, including the manifest of the edition it reports changes since."""
    root = project.root
    files = {root / briefing.path}
    lock = root / BRIEFINGS_DIR / f"{briefing.id}.lock"  # the review baseline (content.baseline)
    if lock.exists():
        files.add(lock)
    manifest = editions.previous(project.build_dir, briefing.id, edition)
    if manifest is not None:
        files.add(manifest)
    if project.layout.settings.exists():
        files.add(project.layout.settings)
    if memo.fact_files is None:
        memo.fact_files = project.layout.fact_files()
    files.update(memo.fact_files)
    files |= templates_of(env, project.templates, briefing.template, memo)
    if writer(fmt).styled and briefing.stylesheet:
        files |= stylesheet_closure(project.templates / briefing.stylesheet, (project.templates, project.assets),
                                    memo)
    if fmt == "docx" and briefing.reference_docx:
        files.add(project.templates / briefing.reference_docx)
    return {_resolved(f, memo) for f in files}


def _resolved(path: Path, memo: Memo) -> Path:
    if path not in memo.resolved:
        memo.resolved[path] = path.resolve()
    return memo.resolved[path]
