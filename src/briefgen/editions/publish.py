"""Publishing: recording a built brief as an edition, when its content is new.

``briefgen publish`` (or ``build --publish``) builds, then for each brief built for the edition date
compares what it says (its fingerprint) with the last published edition: unchanged content makes no
new edition; new content makes the day's edition, or its next revision. Author's builds, previews
and checks never publish. The feeds and the index are written after every publishing run, so a run
killed after an edition was renamed into place is completed by the next.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefgen import __version__
from briefgen.content.changes import summary
from briefgen.content.evidence import manifest_record, verify
from briefgen.content.settings import load
from briefgen.editions.folder import clear_leftovers, inside, root_of
from briefgen.editions.manifest import MANIFEST, Scan, folder_of, scan
from briefgen.editions.reclassified import drop_hidden
from briefgen.editions.record import fingerprint, next_id, now_utc, prune, same_content, sha256, write_edition
from briefgen.exceptions import BuildError
from briefgen.templating.render import Renderer

if TYPE_CHECKING:
    from briefgen.content.model import Briefing
    from briefgen.content.project import Project

Emit = Callable[[str, str, str], None]


def _shown(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def prepare(root: Path, edition: dt.date, selected: Callable[[str, str], bool], allow_older: bool,
            emit: Emit) -> None:
    """Before a publishing build: check the editions folder stays inside the project, remove what a
    killed run left half-written, and refuse an edition older than the latest of a chosen brief."""
    settings, _ = load(root)
    editions = inside(root_of(root, settings.editions), root)
    newer: list[str] = []
    folders = [editions, *sorted(p for p in editions.iterdir() if p.is_dir())] if editions.is_dir() else []
    for folder in folders:
        for name in clear_leftovers(inside(folder, root)):
            emit(_shown(root, folder / name), "repaired", "removed what a killed run left half-written")
        if folder == editions:
            continue
        latest = scan(folder).latest()
        if latest and latest.date > edition and selected(folder.name, str(latest.manifest.get("audience", ""))):
            newer.append(f"  {_shown(root, latest.folder)} is dated after {edition.isoformat()}")
    if newer and not allow_older:
        raise BuildError("refusing to publish an edition older than the latest one; nothing was built:\n"
                         + "\n".join(newer) + "\n  (give --as-of a later date, or --allow-older to publish "
                         "an edition dated in the past on purpose)")


@dataclass(frozen=True)
class Outcome:
    """What publishing one brief did: the edition published, or the one its content already is."""

    briefing: str
    published: bool
    name: str
    since: str | None


def publish(project: Project, renderer: Renderer, briefing: Briefing, edition: dt.date,
            outputs: Sequence[Path]) -> Outcome:
    """Record the brief built in ``outputs`` as an edition, unless the last one says the same."""
    root = project.root
    folder = inside(folder_of(root, project.settings.editions, briefing.id), root)
    shown = _shown(root, folder)
    found = scan(folder, shown)
    content = fingerprint(renderer, briefing, edition)
    latest = found.latest(edition)
    if latest is not None and same_content(latest.manifest.get("content"), lambda: content, renderer, briefing,
                                           edition):
        prune(folder, found, project.settings.keep_editions)  # completes a run killed before it pruned
        return Outcome(briefing.id, False, str(latest.id), latest.manifest.get("since"))
    base = latest  # the content is new, so the brief says what has changed since the last edition
    rendered = renderer.render(briefing, edition, base.manifest if base else None)
    md = next((p for p in outputs if p.suffix == ".md"), None)
    if md is not None and md.read_bytes() != rendered.markdown.encode("utf-8"):
        raise BuildError(f"{_shown(root, md)} is not the brief as it renders now (was it edited by hand?); "
                         f"nothing was published for {briefing.id}; run: briefgen build --force {briefing.id}")
    name = next_id(found, edition)
    manifest = _manifest(project, briefing, rendered, name, base.manifest.get("id", str(base.id)) if base else None,
                         content, outputs)
    write_edition(folder, name, manifest, list(outputs))
    prune(folder, scan(folder), project.settings.keep_editions)
    return Outcome(briefing.id, True, str(name), manifest["since"])


def _manifest(project: Project, briefing: Briefing, rendered: Any, name: Any, since: str | None, content: str,
              outputs: Sequence[Path]) -> dict[str, Any]:
    facts = {}
    for fid, record in rendered.records.items():
        fact = project.facts[fid]
        facts[fid] = dict(record) | {k: v for k, v in (("change", fact.change), ("change_note", fact.change_note))
                                     if v is not None}
    changes = rendered.changes.for_readers(project.facts) if rendered.changes else None
    return {
        "briefing": briefing.id,
        "audience": briefing.audience,
        "title": briefing.title,
        "edition": name.date.isoformat(),
        "id": str(name),
        "revision": name.revision,
        "published": now_utc(),
        "since": since,
        "content": content,
        "marking": rendered.marking,
        "generator": f"briefgen {__version__}",
        "facts": facts,
        "sources": list(rendered.sources),
        "outputs": {path.name: sha256(path.read_bytes()) for path in outputs},
        "changes": drop_hidden(summary(changes, rendered.records), rendered.marking, project.facts,
                               project.settings) if changes else None,
        "evidence": _evidence(project, rendered.used),
    } | ({"labels": dict(rendered.labels)} if rendered.labels else {})


def _evidence(project: Project, used: tuple[str, ...]) -> dict[str, Any]:
    """Each used fact's evidence and its verification status now, and the hashes of the archived texts."""
    return manifest_record(verify(project.facts, project.sources, project.root, project.settings), used)


def publish_all(project: Project, chosen: Sequence[Briefing], edition: dt.date, outputs: dict[str, list[Path]],
                emit: Emit) -> dict[str, Path]:
    """Publish each chosen brief whose outputs were all built for ``edition``; then write the feeds and index.
    Returns the manifest of each edition published, by briefing id."""
    from briefgen.editions.feed import write_feeds  # cycle: feed imports publish

    renderer = Renderer(project)
    published: dict[str, Path] = {}
    for briefing in chosen:
        if briefing.id not in outputs:
            continue
        try:
            outcome = publish(project, renderer, briefing, edition, outputs[briefing.id])
        except BuildError as exc:
            emit(briefing.id, "failed", exc.format_message())
            continue
        where = f"{project.settings.editions}/{briefing.id}/{outcome.name}"
        if outcome.published:
            published[briefing.id] = folder_of(project.root, project.settings.editions, briefing.id) / outcome.name
            emit(where, "published", f"changes since {outcome.since}" if outcome.since else "first edition")
        else:
            emit(where, "same edition", "its content is that of the last published edition")
    try:
        warnings = write_feeds(project)
    except BuildError as exc:
        if not published:
            raise
        done = ", ".join(_shown(project.root, folder) for folder in published.values())
        raise BuildError(f"{exc.format_message()}\npublished: {done}; the feeds and index were not written: "
                         "fix the link, then run `briefgen feed`") from None
    for warning in warnings:
        emit(project.settings.editions, "warning", warning)
    return {bid: folder / MANIFEST for bid, folder in published.items()}


def warnings_of(project: Project) -> list[str]:
    """Warnings about every briefing's editions (manifests that are missing, truncated or invalid)."""
    root = root_of(project.root, project.settings.editions)
    if not root.is_dir():
        return []
    found: list[str] = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
        found += scan(folder, _shown(project.root, folder)).warnings
    return found


def all_scans(project: Project) -> dict[str, Scan]:
    """Every briefing folder's editions, by briefing id."""
    root = root_of(project.root, project.settings.editions)
    if not root.is_dir():
        return {}
    return {p.name: scan(p, _shown(project.root, p))
            for p in sorted(root.iterdir()) if p.is_dir() and not p.name.startswith(".")}
