"""What a manifest keeps of each fact a reader saw, and what changed between two editions."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from briefgen.content.fields import parse_date


def fact_record(text: str, kind: str, attribution: str | None, sources: list[str], source_details: list[Any],
                marking: str, review_by: dt.date | None, statement: str) -> dict[str, Any]:
    """What a manifest keeps of one fact as this reader saw it, with a hash of all of it.

    ``statement_hash`` (the fact's base statement, outside the hash) lets `check` notice an audience
    wording left unchanged when the statement it rewords has changed.
    """
    record: dict[str, Any] = {"text": text, "kind": kind, "attribution": attribution, "sources": sources,
                              "marking": marking, "review_by": review_by.isoformat() if review_by else None}
    digest = json.dumps([record, source_details], sort_keys=True, default=str)
    record["hash"] = hashlib.sha256(digest.encode("utf-8")).hexdigest()[:16]
    record["statement_hash"] = hashlib.sha256(statement.encode("utf-8")).hexdigest()[:16]
    return record


@dataclass(frozen=True)
class Changes:
    """What changed in a brief since an earlier edition."""

    since: dt.date
    added: tuple[str, ...]
    changed: tuple[tuple[str, tuple[str, ...]], ...]
    withdrawn: tuple[tuple[str, str], ...]

    @property
    def empty(self) -> bool:
        return not (self.added or self.changed or self.withdrawn)


_WHAT = (("text", "what it says"), ("kind", "kind of claim"), ("attribution", "attribution"), ("sources", "sources"),
         ("marking", "marking"), ("review_by", "review date"))


def compare(old: dict[str, Any], new: dict[str, dict[str, Any]]) -> Changes:
    """Facts added, changed (saying which parts) and withdrawn, between a manifest and fact records."""
    before: dict[str, dict[str, Any]] = old["facts"]
    added = tuple(fid for fid in new if fid not in before)
    changed = []
    for fid, record in new.items():
        if fid in before and before[fid]["hash"] != record["hash"]:
            parts = tuple(label for key, label in _WHAT if before[fid].get(key) != record.get(key))
            changed.append((fid, parts or ("details",)))
    withdrawn = tuple((fid, rec["text"]) for fid, rec in before.items() if fid not in new)
    since = parse_date(old["edition"])
    assert since is not None
    return Changes(since, added, tuple(changed), withdrawn)
