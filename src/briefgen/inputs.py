"""What a target is built from: spec, templates, stylesheets and assets, facts, settings, versions."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from pathlib import Path

import jinja2
from jinja2 import meta

from briefgen.model import Briefing, Fact
from briefgen.project import Project
from briefgen.select import Selection
from briefgen.settings import FILENAME as SETTINGS_FILE
from briefgen.state import fact_files

_CSS_REFS = re.compile(r"""@import\s+(?:url\()?\s*["']?([^"')\s;]+)|url\(\s*["']?([^"')\s]+)""")


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
        source, _, _ = env.loader.get_source(env, current)  # type: ignore[union-attr]
        for ref in meta.find_referenced_templates(env.parse(source)):
            if ref is None:
                everything = True
            else:
                stack.append(ref)
    if everything:
        return {p for p in root.rglob("*") if p.is_file() and not p.name.endswith(".css")}
    return {root / n for n in seen}


def stylesheet_closure(css: Path, allowed: list[Path]) -> set[Path]:
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
    return found


def fact_hashes(project: Project, selection: Selection) -> dict[str, str]:
    """A content hash per fact the briefing may use, with the sources it cites.

    File positions are left out, so moving a fact or editing its neighbours changes nothing.
    """
    hashes = {}
    for fid, fact in sorted(selection.visible.items()):
        hashes[fid] = _fact_hash(fact, project)
    return hashes


def _fact_hash(fact: Fact, project: Project) -> str:
    record = dataclasses.asdict(fact)
    record.pop("path")
    record.pop("line")
    record["source_records"] = [
        {k: v for k, v in dataclasses.asdict(project.sources[s]).items() if k not in ("path", "line")}
        for s in fact.sources if s in project.sources
    ]
    text = json.dumps(record, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def input_files(project: Project, briefing: Briefing, fmt: str, env: jinja2.Environment) -> set[Path]:
    """Every file a target reads."""
    root = project.root
    files = {root / briefing.path}
    settings = root / SETTINGS_FILE
    if settings.exists():
        files.add(settings)
    files |= set(fact_files(root))
    files |= templates_of(env, project.templates, briefing.template)
    if fmt in ("html", "pdf") and briefing.stylesheet:
        files |= stylesheet_closure(project.templates / briefing.stylesheet, [project.templates, project.assets])
    return {f.resolve() for f in files}
