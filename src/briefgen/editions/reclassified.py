"""What a record may say of a fact whose marking has since risen above the record's.

A record marked M (an edition's manifest, an entry of the feed or of the index page) names and quotes
no fact that is now marked above M. The record is kept where it is written now: a new edition's
manifest counts such facts in ``changes.dropped_hidden`` instead of listing them in ``dropped``,
and the feed and index, rewritten on every publish, show "A fact that can no longer be shown here."
in place of the text an earlier edition's changes quoted. The earlier edition's own files are the
record of what was released at the time and are never rewritten (recall them by hand if need be).
A fact that has left the fact base was withdrawn, not raised: what was said of it stays, unless an
edition recorded it marked above the record first (it was raised, then removed): then it stays hidden.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from briefgen.content import markings
from briefgen.content.model import Fact, Settings
from briefgen.editions.manifest import Edition, Scan

#: What a record shows in place of the text of a fact now marked above it.
HIDDEN_TEXT = "A fact that can no longer be shown here."
_LISTS = ("added", "changed", "withdrawn", "editorial")


def raised_above(fid: str, marking: str, facts: Mapping[str, Fact], settings: Settings,
                 recorded: Mapping[str, dict[str, str]] | None = None) -> bool:
    """Whether fact ``fid`` is now marked above ``marking`` (a label such as 'TLP:CLEAR' or 'OFFICIAL');
    a label that can no longer be read counts as the lowest, so nothing is shown against it. A fact no
    longer in the fact base counts with the highest marking an edition recorded for it (``recorded``)."""
    fact = facts.get(fid)
    levels_of = fact.markings if fact is not None else (recorded or {}).get(fid)
    if not levels_of:
        return False
    # A brief's label leaves out the default scale's lowest level ("OFFICIAL" is TLP:CLEAR too).
    levels = {**markings.default(settings), **(markings.from_label(marking, settings) or {})}
    return markings.exceeds(levels_of, levels, settings) is not None


def recorded_markings(scans: Mapping[str, Scan], settings: Settings) -> dict[str, dict[str, str]]:
    """The highest marking every edition of every brief recorded for each fact, by fact id."""
    found: dict[str, list[dict[str, str]]] = {}
    for scan in scans.values():
        for edition in scan.editions:
            for fid, record in (edition.manifest.get("facts") or {}).items():
                parsed = markings.from_label(record.get("marking") if isinstance(record, dict) else None, settings)
                if parsed:
                    found.setdefault(fid, []).append(parsed)
    return {fid: markings.highest(levels, settings) for fid, levels in found.items()}


def drop_hidden(changes: dict[str, Any] | None, marking: str, facts: Mapping[str, Fact], settings: Settings
                ) -> dict[str, Any] | None:
    """A new manifest's changes, with the dropped facts now marked above ``marking`` counted, not named."""
    if not changes:
        return changes
    dropped = [fid for fid in changes.get("dropped", []) if not raised_above(fid, marking, facts, settings)]
    hidden = len(changes.get("dropped", [])) - len(dropped)
    return {**changes, "dropped": dropped, **({"dropped_hidden": hidden} if hidden else {})}


def redacted(scan: Scan, facts: Mapping[str, Fact], settings: Settings,
             recorded: Mapping[str, dict[str, str]] | None = None) -> Scan:
    """The editions of a scan as the feed and index may show them now (``recorded``: see
    :func:`recorded_markings`, for the facts that left the fact base)."""
    return dataclasses.replace(scan, editions=tuple(_edition(e, facts, settings, recorded) for e in scan.editions))


def _edition(edition: Edition, facts: Mapping[str, Fact], settings: Settings,
             recorded: Mapping[str, dict[str, str]] | None) -> Edition:
    changes = edition.manifest.get("changes")
    if not changes:
        return edition
    marking = str(edition.manifest.get("marking") or "")
    new = dict(changes)
    for key in _LISTS:
        new[key] = [_hide(item) if raised_above(str(item.get("id")), marking, facts, settings, recorded) else item
                    for item in changes.get(key, [])]
    return dataclasses.replace(edition, manifest={**edition.manifest, "changes": new})


def _hide(item: dict[str, Any]) -> dict[str, Any]:
    shown: dict[str, Any] = {"id": "", "text": HIDDEN_TEXT}
    if "what" in item:
        shown |= {"what": ["details"], "note": None}
    return shown
