"""A static index of every brief, its editions and what changed in each, for a shared drive or an intranet.

The page shows the changed facts' texts of every brief, so it is marked with the highest marking
among them, at its top and bottom, and is served only to readers cleared for that. Beside it, one
index per marking level that editions carry (``index-tlp-clear.html``...) lists only the editions at
or below that level, and nothing about the others: no ids, titles or counts, no feed link to a feed
that carries a higher marking. That page can be served to readers cleared for its level.
"""

from __future__ import annotations

import dataclasses
import html
import re
from typing import TYPE_CHECKING

from briefgen.content import markings, phrases
from briefgen.editions.feed import FEED, changes_html, edition_label, highest_marking
from briefgen.editions.manifest import Edition, Scan

if TYPE_CHECKING:
    from briefgen.content.model import Settings

_STYLE = """
body { font-family: "Source Sans 3", "Noto Sans", Arial, sans-serif; font-size: 1rem; line-height: 1.5;
       max-width: 48rem; margin: 2rem auto; padding: 0 1rem; color: #1b1b1b; background: #fff; }
.marking { font-weight: bold; text-transform: uppercase; margin: 0; }
h1 { font-size: 1.8rem; } h2 { font-size: 1.4rem; margin-top: 2.5rem; border-top: 1px solid #767676;
     padding-top: 1rem; } h3 { font-size: 1.1rem; margin-bottom: 0.25rem; }
a { color: #1d4f91; } .files a { margin-right: 0.75rem; } .meta { color: #454545; margin: 0; }
"""


def index_pages(scans: dict[str, Scan], settings: Settings) -> dict[str, bytes]:
    """The index of every edition (``index.html``), and one index per marking level the editions carry,
    by file name: ``index-tlp-clear.html`` lists only the editions a TLP:CLEAR reader may see."""
    pages = {"index.html": index_page(scans, settings)}
    levels = sorted({str(ed.manifest.get("marking") or "") for found in scans.values() for ed in found.editions})
    for level in levels:
        ceiling = markings.from_label(level, settings)
        if ceiling is None:  # a scale changed since: no page can be promised to readers of that level
            continue
        kept: dict[str, Scan] = {}
        whole: set[str] = set()
        for bid, found in scans.items():
            fits = tuple(ed for ed in found.editions if _within(ed, ceiling, settings))
            if fits:
                kept[bid] = dataclasses.replace(found, editions=fits)
            if fits and len(fits) == len(found.editions):
                whole.add(bid)
        pages[f"index-{level_slug(level)}.html"] = index_page(kept, settings, feeds=whole, level=level)
    return pages


def level_slug(level: str) -> str:
    """'TLP:AMBER+STRICT' -> 'tlp-amber-strict': a marking level as part of a file name."""
    return re.sub(r"[^a-z0-9]+", "-", level.lower()).strip("-")


def _within(edition: Edition, ceiling: dict[str, str], settings: Settings) -> bool:
    marking = markings.from_label(edition.manifest.get("marking"), settings)
    return marking is not None and markings.exceeds(marking, ceiling, settings) is None


def index_page(scans: dict[str, Scan], settings: Settings, feeds: set[str] | None = None,
               level: str | None = None) -> bytes:
    """Every brief with its editions, newest first, and what changed in each (HTML). ``feeds``: the
    briefs whose feed it may link to (all by default); ``level``: the marking level it is for."""
    e = html.escape
    say = phrases.for_lang(settings.lang, settings.phrases).text  # the project's language (settings' lang)
    briefs = {bid: found for bid, found in scans.items() if found.editions}
    linked = set(briefs) if feeds is None else feeds
    marking = highest_marking((ed.manifest.get("marking", "") for found in briefs.values()
                               for ed in found.editions), settings)
    banner = f'<p class="marking">{e(marking)}</p>' if marking else ""
    ordered = sorted(briefs.items(), key=lambda item: str(item[1].editions[-1].manifest.get("title") or item[0]))
    alternates = [f'<link rel="alternate" type="application/atom+xml" href="{e(bid)}/{FEED}" '
             f'title="{e(say("feed_title", title=found.editions[-1].manifest.get("title") or bid))}">'
             for bid, found in ordered if bid in linked]
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{e(settings.lang)}">',
        '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
        *alternates,
        f"<title>{e(say('index_title'))}</title><style>{_STYLE}</style></head>",
        "<body>",
        f"<header>{banner}</header>" if banner else "",
        "<main>",
        f"<h1>{e(say('index_title'))}</h1>",
        f"<p>{e(say('index_level', level=level))}</p>" if level else "",
        f"<p>{e(say('index_intro'))}</p>",
    ]
    if not briefs:
        parts.append(f"<p>{e(say('index_none'))}</p>")
    for bid, found in ordered:
        newest = found.editions[-1].manifest
        title = str(newest.get("title") or bid)
        parts.append(f'<section aria-labelledby="{e(bid)}"><h2 id="{e(bid)}">{e(title)}</h2>')
        feed = f' · <a href="{e(bid)}/{FEED}">{e(say("index_feed"))}</a>' if bid in linked else ""
        parts.append(f'<p class="meta">{e(say("index_audience", audience=newest.get("audience", "")))}{feed}</p>')
        for edition in reversed(found.editions):
            m = edition.manifest
            here = f"{bid}/{edition.id}/"
            files = " ".join(f'<a href="{e(here + name)}">{e(name.rsplit(".", 1)[-1].upper())}</a>'
                             for name in sorted(m["outputs"]))
            parts.append(f"<h3>{e(say('index_edition', date=edition_label(str(edition.id))))}</h3>")
            parts.append(f'<p class="meta">{e(say("index_marking", marking=m.get("marking", "")))} · '
                         f'<span class="files">{files}</span></p>')
            parts.append(changes_html(edition))
        parts.append("</section>")
    parts += ["</main>", f"<footer>{banner}</footer>" if banner else "", "</body>", "</html>", ""]
    return "\n".join(p for p in parts if p).encode("utf-8")
