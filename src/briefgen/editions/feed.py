"""An Atom feed per briefing (RFC 4287): one entry per edition, with what changed and links to its files.

Written with the standard library's XML writer, read back and checked before it is written. A feed
shows the changed facts' texts, so it carries the highest marking of its editions, in its subtitle and
on each entry (as a category), and is served only to readers cleared for it.
"""

from __future__ import annotations

import html
import re
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from briefgen import __version__
from briefgen.content import markings, phrases
from briefgen.editions.folder import EditionId, inside, root_of, write_file
from briefgen.editions.manifest import Edition, Scan
from briefgen.editions.reclassified import recorded_markings, redacted
from briefgen.templating.styles import format_date

if TYPE_CHECKING:
    from briefgen.content.model import Settings
    from briefgen.content.project import Project

ATOM = "http://www.w3.org/2005/Atom"
FEED = "feed.atom"
INDEX = "index.html"
_TYPES = {".html": "text/html", ".md": "text/markdown", ".pdf": "application/pdf", ".txt": "text/plain"}
ET.register_namespace("", ATOM)


def write_feeds(project: Project) -> list[str]:
    """Write every briefing's feed and the index from the editions on disk; return the warnings."""
    from briefgen.editions.index import index_pages  # cycle: index imports feed
    from briefgen.editions.publish import all_scans  # cycle: publish imports feed

    unwritten = "so no feed and no index were written"
    root = inside(root_of(project.root, project.settings.editions), project.root, unwritten)
    found_all = all_scans(project)
    recorded = recorded_markings(found_all, project.settings)
    scans = {bid: redacted(found, project.facts, project.settings, recorded) for bid, found in found_all.items()}
    warnings = [w for found in scans.values() for w in found.warnings]
    # Every target is checked before any is written: all the feeds and the index, or none.
    feeds = {inside(root / bid / FEED, project.root, unwritten): bid for bid, found in scans.items() if found.editions}
    pages = index_pages(scans, project.settings) if scans else {}
    indexes = {inside(root / name, project.root, unwritten): page for name, page in pages.items()}
    for path, bid in feeds.items():
        write_file(path, feed(bid, scans[bid], project.settings))
    for path, page in indexes.items():
        write_file(path, page)
    for old in root.glob("index-*.html") if scans else ():  # a level no edition carries any more
        if old not in indexes and old.is_file():
            old.unlink()
    return warnings


def highest_marking(labels: Iterable[str], settings: Settings) -> str:
    """The highest of some marking labels ('TLP:AMBER', 'TLP:CLEAR / OFFICIAL'), as a label."""
    levels = []
    shown = list(dict.fromkeys(label for label in labels if label))
    for label in shown:
        parsed, error = markings.parse(label.split(" / "), settings)
        if error:
            return " / ".join(shown)  # a scale changed since: name them all rather than guess
        levels.append(parsed)
    return markings.label(markings.highest(levels, settings), settings) if levels else ""


def entry_title(edition: Edition) -> str:
    title = str(edition.manifest.get("title") or edition.manifest["briefing"])
    return f"{title}: edition of {edition_label(str(edition.id))}"


def changes_html(edition: Edition) -> str:
    """What changed in an edition, as readers are told it (never its editorial changes), in HTML."""
    changes: dict[str, Any] | None = edition.manifest.get("changes")
    e = html.escape
    if not changes:
        return "<p>First edition.</p>"
    said: dict[str, str] | None = edition.manifest.get("labels")  # the brief's own words (its changes partial)
    words = _OLD_LABELS if said is None else _OLD_LABELS | {"changed": "Changed:"} | said
    items = [f"<li><strong>{e(words['added'])}</strong> {e(c['text'])}</li>" for c in changes.get("added", [])]
    for c in changes.get("changed", []):
        note = f"<br>{e(words['note'])} {e(c['note'])}" if c.get("note") else ""
        parts = c["what"] if said is None else [said[f"what:{w}"] for w in c["what"] if f"what:{w}" in said]
        named = f" ({e(', '.join(parts))})" if parts else ""
        items.append(f"<li><strong>{e(words['changed'])}</strong>{named} {e(c['text'])}{note}</li>")
    items += [f"<li><strong>{e(words['withdrawn'])}</strong> {e(c['text'])}</li>" for c in changes.get("withdrawn", [])]
    when = edition_label(str(edition.manifest.get("since") or changes.get("since", "")))
    if not items:
        return f"<p>Nothing of substance changed since {e(when)}.</p>"
    return f"<p>{e(words['heading'])} {e(when)}:</p><ul>{''.join(items)}</ul>"


#: The words of editions published before their brief's labels were recorded in the manifest.
_OLD_LABELS = {"heading": "What has changed since", "added": "New:", "changed": "Updated", "note": "What changed:",
               "withdrawn": "Withdrawn:"}


def edition_label(name: str) -> str:
    """'24 November 2026', or '24 November 2026 (revision 2)', for an edition's name."""
    parsed = EditionId.parse(name)
    if parsed is None:
        return name
    day = format_date(parsed.date, "uk")
    return day if parsed.revision == 1 else f"{day} (revision {parsed.revision})"


def _link(parent: ET.Element, rel: str, href: str, kind: str | None = None, length: int | None = None) -> None:
    attrs = {"rel": rel, "href": href}
    if kind:
        attrs["type"] = kind
    if length is not None:
        attrs["length"] = str(length)
    ET.SubElement(parent, f"{{{ATOM}}}link", attrs)


def _text(parent: ET.Element, tag: str, text: str, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    element.text = text
    return element


def feed(briefing_id: str, found: Scan, settings: Settings) -> bytes:
    """The Atom feed of one briefing's editions, newest first, checked before it is returned."""
    editions = list(reversed(found.editions))
    base = (settings.base_url.rstrip("/") + "/" + settings.editions + "/" + briefing_id + "/"
            if settings.base_url else "")
    latest = editions[0].manifest
    marking = highest_marking((e.manifest.get("marking", "") for e in editions), settings)
    say = phrases.for_lang(settings.lang, settings.phrases).text  # the project's language (settings' lang)
    root = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": settings.lang})
    _text(root, "id", base + FEED if base else _urn(f"briefgen:feed:{briefing_id}"))
    _text(root, "title", say("feed_title", title=latest.get("title") or briefing_id))
    _text(root, "subtitle", f"{say('feed_subtitle')} {say('feed_handle_as', marking=marking)}" if marking
          else say("feed_subtitle_unmarked"))
    _text(root, "updated", max(_midnight(e) for e in editions))  # edition dates, never the clock: reproducible
    author = ET.SubElement(root, f"{{{ATOM}}}author")
    _text(author, "name", settings.author or "briefgen")
    _text(root, "generator", "briefgen", version=__version__)
    _link(root, "self", base + FEED if base else FEED, "application/atom+xml")
    _link(root, "alternate", (base + "../" if base else "../") + INDEX, "text/html")
    for edition in editions:
        m = edition.manifest
        entry = ET.SubElement(root, f"{{{ATOM}}}entry")
        here = f"{base}{edition.id}/"
        _text(entry, "id", here if base else _urn(f"briefgen:{briefing_id}:{edition.id}:{m.get('published')}"))
        _text(entry, "title", entry_title(edition))
        stamp = _midnight(edition)
        _text(entry, "updated", stamp)
        _text(entry, "published", stamp)
        if m.get("marking"):
            ET.SubElement(entry, f"{{{ATOM}}}category", {"term": m["marking"],
                                                         "label": say("feed_marking", marking=m["marking"])})
        names = sorted(m["outputs"], key=lambda n: (n.rsplit(".", 1)[-1] != "html", n))
        for n, name in enumerate(names):
            path = edition.folder / name
            kind = _TYPES.get(path.suffix, "application/octet-stream")
            rel = "alternate" if n == 0 else ("enclosure" if path.suffix == ".pdf" else "related")
            _link(entry, rel, f"{here}{name}", kind, path.stat().st_size if rel == "enclosure" and path.exists()
                  else None)
        _text(entry, "content", changes_html(edition), type="html")
    ET.indent(root)  # one element a line: editions are committed, and their feeds diffed
    ET.register_namespace("", ATOM)  # again: the registry is global, and another writer may have taken ""
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
    problems = check_atom(data)
    if problems:  # a programming error: the writer above made a feed that is not Atom
        raise AssertionError("invalid Atom feed: " + "; ".join(problems))
    return data


def _urn(name: str) -> str:
    return uuid.uuid5(uuid.NAMESPACE_URL, name).urn


def _midnight(edition: Edition) -> str:
    return edition.date.isoformat() + "T00:00:00Z"


def check_atom(data: bytes) -> list[str]:
    """What makes ``data`` not an Atom feed (RFC 4287's required elements, dates, unique ids); [] if none."""
    stamp = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        return [f"not well-formed XML: {exc}"]
    a = f"{{{ATOM}}}"
    if root.tag != f"{a}feed":
        return [f"expected an Atom <feed>, found <{root.tag}>"]
    problems = []

    def need(parent: ET.Element, tag: str, where: str) -> None:
        found = parent.findall(a + tag)
        if len(found) != 1 or not (found[0].text or "").strip():
            problems.append(f"{where}: expected one non-empty <{tag}>, found {len(found)}")
        elif tag == "updated" and not stamp.match(found[0].text or ""):
            problems.append(f"{where}: <updated> is not an RFC 3339 date-time: {found[0].text}")

    for tag in ("id", "title", "updated"):
        need(root, tag, "feed")
    entries = root.findall(a + "entry")
    ids = [e.findtext(a + "id") for e in entries]
    if len(set(ids)) != len(ids):
        problems.append("entries: ids are not unique")
    for n, entry in enumerate(entries, 1):
        for tag in ("id", "title", "updated"):
            need(entry, tag, f"entry {n}")
        if entry.find(a + "content") is None and entry.find(a + "summary") is None:
            problems.append(f"entry {n}: expected <content> or <summary>")
        if entry.find(a + "author") is None and root.find(a + "author") is None:
            problems.append(f"entry {n}: expected an <author> in the entry or the feed")
        if not [link for link in entry.findall(a + "link") if link.get("rel", "alternate") == "alternate"]:
            problems.append(f"entry {n}: expected a link to the edition (rel=alternate)")
    return problems
