"""The review baseline of a briefing: ``briefings/<id>.lock``, committed like a lock file.

One line per fact the brief prints, cites or words for its audience (and each fact a judgement of
it is based on): what the reader's words rest on, as last reviewed. ``check``, ``build`` and
``publish`` compare the fact base with it (:mod:`briefgen.checks.review`); ``briefgen accept``
rewrites it, so accepting a review is a one-line change per fact in git.

Each line is a JSON object: ``fact``, ``fingerprint`` (a hash of the rest), ``statement``,
``wording`` (this audience's, or null), ``attribution``, ``sources`` and ``marking``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefgen.atomic import replace_file
from briefgen.content import markings
from briefgen.content.model import Briefing, Fact, Settings
from briefgen.exceptions import Problem, ValidationError
from briefgen.layout import BRIEFINGS_DIR

HEADER = ("# briefgen review baseline: what this brief's prose and wordings were last reviewed against.\n"
          "# One line per fact; `briefgen review {id}` lists what changed since, `briefgen accept {id}` "
          "records a review.\n")
_FIELDS = ("statement", "wording", "attribution", "sources", "marking")


@dataclass(frozen=True)
class Entry:
    """One fact as the brief's reader's words rest on it."""

    fact: str
    statement: str
    wording: str | None
    attribution: str | None
    sources: tuple[str, ...]
    marking: str
    line: int = 0

    @property
    def fingerprint(self) -> str:
        body = json.dumps([getattr(self, f) for f in _FIELDS], ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(body.encode("utf-8")).hexdigest()[:16]

    def to_line(self) -> str:
        record: dict[str, Any] = {"fact": self.fact, "fingerprint": self.fingerprint}
        record |= {f: getattr(self, f) for f in _FIELDS}
        record["sources"] = list(self.sources)
        return json.dumps(record, ensure_ascii=False)


def lock_path(root: Path, briefing: Briefing) -> Path:
    return root / BRIEFINGS_DIR / f"{briefing.id}.lock"


def shown(briefing: Briefing) -> str:
    return f"{BRIEFINGS_DIR}/{briefing.id}.lock"


def entry(fact: Fact, audience: str, settings: Settings) -> Entry:
    return Entry(fact.id, fact.statement, fact.wording.get(audience), fact.attribution, tuple(fact.sources),
                 markings.label(fact.markings, settings))


def resting(used: Iterable[str], facts: dict[str, Fact]) -> list[str]:
    """The facts ``used`` and every fact they are based on (a judgement rests on its bases), sorted."""
    found: set[str] = set()
    stack = [f for f in used if f in facts]
    while stack:
        fid = stack.pop()
        if fid in found:
            continue
        found.add(fid)
        stack += [b for b in facts[fid].based_on if b in facts and b not in found]
    return sorted(found)


def current(briefing: Briefing, used: Iterable[str], facts: dict[str, Fact], settings: Settings) -> dict[str, Entry]:
    return {fid: entry(facts[fid], briefing.audience, settings) for fid in resting(used, facts)}


def load(root: Path, briefing: Briefing) -> dict[str, Entry] | None:
    """The baseline, by fact id; None when the briefing has none. A line that cannot be read is an error
    naming it."""
    path = lock_path(root, briefing)
    if not path.is_file():
        return None
    entries: dict[str, Entry] = {}
    problems: list[Problem] = []
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not text.strip() or text.startswith("#"):
            continue
        try:
            record = json.loads(text)
            found = Entry(str(record["fact"]), str(record["statement"]), record.get("wording"),
                          record.get("attribution"), tuple(record.get("sources") or ()), str(record.get("marking", "")),
                          number)
        except (ValueError, KeyError, TypeError) as exc:
            problems.append(Problem(shown(briefing), number, None, "expected one fact as a JSON object with fact and "
                                    f"statement (written by `briefgen accept {briefing.id}`), found a line that cannot "
                                    f"be read ({exc})"))
            continue
        entries[found.fact] = found
    if problems:
        raise ValidationError(problems)
    return entries


def write(root: Path, briefing: Briefing, entries: dict[str, Entry]) -> Path:
    """Write the baseline, one line per fact in id order (deterministic, so each change is one line)."""
    path = lock_path(root, briefing)
    lines = [entries[fid].to_line() for fid in sorted(entries)]
    text = HEADER.format(id=briefing.id) + "\n".join(lines) + ("\n" if lines else "")
    replace_file(path, text.encode("utf-8"), ".", ".tmp")
    return path
