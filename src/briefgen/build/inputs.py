"""What a target is built from: spec, templates, stylesheets and assets, facts, settings, versions."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import json
import re
from pathlib import Path

import jinja2
from jinja2 import meta

from briefgen.content.model import Briefing, Fact
from briefgen.content.project import Project
from briefgen.editions import manifest as editions
from briefgen.selection.select import Selection

_CSS_REFS = re.compile(r"""@import\s+(?:url\()?\s*["']?([^"')\s;]+)|url\(\s*["']?([^"')\s]+)""")


@functools.cache
def _references(env: jinja2.Environment, name: str) -> tuple[str | None, ...]:
    assert env.loader is not None, "briefgen's environment always has a loader"
    source, _, _ = env.loader.get_source(env, name)
    return tuple(meta.find_referenced_templates(env.parse(source)))


def templates_of(env: jinja2.Environment, root: Path, name: str) -> set[Path]:
    """Every template file ``name`` pulls in through extends, include and import.

    A computed template name cannot be followed, so then every template counts.
    """
    seen: set[str] = set()
    stack = [name]
    everything = False
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        for ref in _references(env, current):
            if ref is None:
                everything = True
            else:
                stack.append(ref)
    if everything:
        return {p for p in root.rglob("*") if p.is_file() and not p.name.endswith(".css")}
    return {root / n for n in seen}


@functools.cache
def stylesheet_closure(css: Path, allowed: tuple[Path, ...]) -> frozenset[Path]:
    """A stylesheet, the stylesheets it imports, and the files they refer to (fonts, images)."""
    found: set[Path] = set()
    stack = [css.resolve()]
    while stack:
        current = stack.pop()
        if current in found or not current.is_file():
            continue
        found.add(current)
        if current.suffix != ".css":
            continue
        text = current.read_text("utf-8", errors="replace")
        for imported, url in _CSS_REFS.findall(text):
            ref = imported or url
            if ":" in ref or ref.startswith("#"):
                continue
            target = (current.parent / ref).resolve()
            if any(target.is_relative_to(a.resolve()) for a in allowed):
                stack.append(target)
    return frozenset(found)


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
                edition: dt.date) -> set[Path]:
    """Every file a target reads, including the manifest of the edition it reports changes since."""
    root = project.root
    files = {root / briefing.path}
    manifest = editions.previous(project.build_dir, briefing.id, edition)
    if manifest is not None:
        files.add(manifest)
    if project.layout.settings.exists():
        files.add(project.layout.settings)
    files |= set(project.layout.fact_files())
    files |= templates_of(env, project.templates, briefing.template)
    if fmt in ("html", "pdf") and briefing.stylesheet:
        files |= stylesheet_closure(project.templates / briefing.stylesheet, (project.templates, project.assets))
    if fmt == "docx" and briefing.reference_docx:
        files.add(project.templates / briefing.reference_docx)
    return {_resolved(f) for f in files}


@functools.cache
def _resolved(path: Path) -> Path:
    return path.resolve()
