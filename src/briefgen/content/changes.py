"""What a manifest keeps of each fact a reader saw, and what changed between two editions.

Kinds of change, as readers are told them (``Changes.for_readers``):

- *added*: a fact this brief shows that the earlier edition did not;
- *changed*: a fact whose text, kind, attribution, sources or marking changed, with the analyst's
  one-line ``change_note`` when there is one;
- *withdrawn*: a fact the earlier edition showed that is no longer in the fact base.

Never told: a change the analyst marked ``change: editorial`` (kept in the manifest), a renewed
``review_by`` alone, and a fact the brief no longer shows although the fact base still holds it
(the template or the spec dropped it, or its marking rose above the ceiling): that is a choice of
what this brief covers, not a withdrawal of the claim.

A ``change`` or ``change_note`` describes the change made since the last published edition. Once
published it is spent: if the fact changes again while the annotation stays as it was published,
the new change is shown as substantive, without the old note.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from briefgen.content.fields import parse_date

if TYPE_CHECKING:
    from briefgen.content.model import Fact, Source


def source_details(source: Source) -> tuple[Any, ...]:
    """What a fact's hash in a manifest covers of a source it cites: what a reader sees of it.

    Named one by one, in the order editions already published hashed them (the model's field order
    then, file positions as blanks): never reorder, or every fact reads as changed at the next edition.
    """
    s = source
    return (s.id, s.title, s.retrieved, s.short, s.publisher, s.author, s.published, s.url, s.note, "", 0)


def fact_record(text: str, kind: str, attribution: str | None, sources: list[str], source_details: list[Any],
                marking: str, review_by: dt.date | None, statement: str) -> dict[str, Any]:
    """What a manifest keeps of one fact as this reader saw it, with a hash of all of it.

    ``content_hash`` leaves out ``review_by``, so a renewed review date alone is told apart from a
    change of substance. ``statement_hash`` (the fact's base statement, outside the hash) lets
    `check` notice an audience wording left unchanged when the statement it rewords has changed.
    """
    record: dict[str, Any] = {"text": text, "kind": kind, "attribution": attribution, "sources": sources,
                              "marking": marking, "review_by": review_by.isoformat() if review_by else None}
    digest = json.dumps([record, source_details], sort_keys=True, default=str)
    record["hash"] = hashlib.sha256(digest.encode("utf-8")).hexdigest()[:16]
    content = json.dumps([{k: v for k, v in record.items() if k not in ("review_by", "hash")}, source_details],
                         sort_keys=True, default=str)
    record["content_hash"] = hashlib.sha256(content.encode("utf-8")).hexdigest()[:16]
    record["statement_hash"] = hashlib.sha256(statement.encode("utf-8")).hexdigest()[:16]
    return record


#: An analyst's annotation of a fact: (``change``, ``change_note``), either may be None.
Annotation = tuple[str | None, str | None]


def annotation(fact: Fact | None) -> Annotation:
    return (fact.change, fact.change_note) if fact is not None else (None, None)


def recorded_annotation(record: Mapping[str, Any]) -> Annotation:
    """The annotation a manifest recorded with a fact (as it stood when that edition was published)."""
    return (record.get("change"), record.get("change_note"))


@dataclass(frozen=True)
class Change:
    """One changed fact: which parts changed, whether it is editorial, and the analyst's note."""

    id: str
    what: tuple[str, ...]
    editorial: bool = False
    note: str | None = None


@dataclass(frozen=True)
class ForReaders:
    """What changed, sorted into what a reader is told and what is only kept in the record."""

    since: dt.date
    added: tuple[str, ...]
    changed: tuple[Change, ...]
    withdrawn: tuple[tuple[str, str], ...]
    editorial: tuple[Change, ...]
    dropped: tuple[str, ...]
    reviewed: tuple[str, ...]

    @property
    def empty(self) -> bool:
        """Nothing to tell readers (editorial changes, renewed reviews and dropped facts are not told)."""
        return not (self.added or self.changed or self.withdrawn)


@dataclass(frozen=True)
class Changes:
    """What changed in a brief since an earlier edition.

    ``changed`` leaves out facts whose only change is a renewed review date (those are in
    ``reviewed``); ``withdrawn`` is every fact the earlier edition showed and this one does not
    (see ``for_readers`` for which of them readers are told). ``earlier`` keeps, for each changed
    fact, the annotation recorded with it in the earlier edition; ``since_edition`` names that
    edition ("2026-11-24", or "2026-11-24.2" for a later revision of the day).
    """

    since: dt.date
    added: tuple[str, ...]
    changed: tuple[tuple[str, tuple[str, ...]], ...]
    withdrawn: tuple[tuple[str, str], ...]
    since_edition: str = ""
    reviewed: tuple[str, ...] = ()
    earlier: tuple[tuple[str, Annotation], ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.added or self.changed or self.withdrawn)

    def for_readers(self, facts: Mapping[str, Fact]) -> ForReaders:
        """Sort the changes by the fact base as it is now (``facts``: every fact, by id)."""
        earlier = dict(self.earlier)
        told: list[Change] = []
        editorial: list[Change] = []
        for fid, what in self.changed:
            now = annotation(facts.get(fid))
            kind, note = now if now != earlier.get(fid, (None, None)) else (None, None)  # spent: already published
            change = Change(fid, what, kind == "editorial", note)
            (editorial if change.editorial else told).append(change)
        withdrawn = tuple((fid, text) for fid, text in self.withdrawn if fid not in facts)
        dropped = tuple(fid for fid, _ in self.withdrawn if fid in facts)
        return ForReaders(self.since, self.added, tuple(told), withdrawn, tuple(editorial), dropped, self.reviewed)


_WHAT = (("text", "what it says"), ("kind", "kind of claim"), ("attribution", "attribution"), ("sources", "sources"),
         ("marking", "marking"))


def compare(old: dict[str, Any], new: dict[str, dict[str, Any]]) -> Changes:
    """Facts added, changed (saying which parts) and withdrawn, between a manifest and fact records."""
    before: dict[str, dict[str, Any]] = old["facts"]
    added = tuple(fid for fid in new if fid not in before)
    changed: list[tuple[str, tuple[str, ...]]] = []
    reviewed: list[str] = []
    for fid, record in new.items():
        was = before.get(fid)
        if was is None or was.get("hash") == record.get("hash"):
            continue
        parts = tuple(label for key, label in _WHAT if was.get(key) != record.get(key))
        same_content = was.get("content_hash", record.get("content_hash")) == record.get("content_hash")
        if not parts and was.get("review_by") != record.get("review_by") and same_content:
            reviewed.append(fid)
        else:
            changed.append((fid, parts or ("details",)))
    withdrawn = tuple((fid, rec["text"]) for fid, rec in before.items() if fid not in new)
    since = parse_date(old["edition"])
    assert since is not None
    earlier = tuple((fid, recorded_annotation(before[fid])) for fid, _ in changed)
    return Changes(since, added, tuple(changed), withdrawn, str(old.get("id") or old["edition"]), tuple(reviewed),
                   earlier)


def summary(changes: ForReaders, records: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """The changes as a manifest keeps them: everything, editorial changes included, with texts."""
    def change(c: Change) -> dict[str, Any]:
        return {"id": c.id, "what": list(c.what), "text": records[c.id]["text"], "note": c.note}

    return {
        "since": changes.since.isoformat(),
        "added": [{"id": fid, "text": records[fid]["text"]} for fid in changes.added],
        "changed": [change(c) for c in changes.changed],
        "withdrawn": [{"id": fid, "text": text} for fid, text in changes.withdrawn],
        "editorial": [change(c) for c in changes.editorial],
        "dropped": list(changes.dropped),
        "reviewed": list(changes.reviewed),
    }
