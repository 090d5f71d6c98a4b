"""The review baseline checked: which facts a brief's words rest on changed since they were last reviewed,
and which template lines and wordings rest on each (see :mod:`briefgen.content.baseline`)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

import jinja2

from briefgen.content import baseline
from briefgen.content.model import Briefing, Fact, Settings
from briefgen.layout import TEMPLATES_DIR
from briefgen.templating.scan import fact_lines


@dataclass(frozen=True)
class Change:
    """A fact the brief rests on that changed since the baseline (``before`` None: not in it)."""

    fact: str
    before: baseline.Entry | None
    after: baseline.Entry
    lines: tuple[str, ...]  # template lines and wordings that rest on it

    @property
    def fields(self) -> list[str]:
        if self.before is None:
            return ["new since the baseline"]
        return [f for f in ("statement", "wording", "attribution", "sources", "marking")
                if getattr(self.before, f) != getattr(self.after, f)]


def changes(root: Path, env: jinja2.Environment, briefing: Briefing, used: tuple[str, ...], facts: dict[str, Fact],
            settings: Settings) -> list[Change] | None:
    """The facts changed since the baseline, in id order; None when the briefing has no baseline."""
    recorded = baseline.load(root, briefing)
    if recorded is None:
        return None
    now = baseline.current(briefing, used, facts, settings)
    uses = fact_lines(env, briefing.template, Path(TEMPLATES_DIR))
    found = []
    for fid, entry in now.items():
        before = recorded.get(fid)
        if before is None or before.fingerprint != entry.fingerprint:
            found.append(Change(fid, before, entry, tuple(_resting_on(fid, briefing, used, facts, uses, root))))
    return found


def _resting_on(fid: str, briefing: Briefing, used: tuple[str, ...], facts: dict[str, Fact],
                uses: dict[str, list[str]], root: Path) -> list[str]:
    """Each template line and wording of the brief that rests on ``fid``: its own, and those of the facts
    based on it."""
    out: list[str] = []
    for gid in used:
        if gid not in facts or fid not in baseline.resting([gid], facts):
            continue
        via = "" if gid == fid else f" (fact '{gid}', based on it)"
        out += [f"{where}{via}" for where in uses.get(gid, [])]
        if briefing.audience in facts[gid].wording:
            out.append(f"wording {wording_line(facts[gid], briefing.audience, root)} ({briefing.audience}){via}")
    if not out:
        out.append("no template line names it: it is printed through a loop or a variable")
    return out


def wording_line(fact: Fact, audience: str, root: Path) -> str:
    """'facts/x.yaml:41': the line of ``fact``'s wording for ``audience``."""
    start = fact.field_lines.get("wording", fact.line)
    try:
        lines = (root / fact.path).read_text(encoding="utf-8").splitlines()
    except OSError:
        return f"{fact.path}:{start}"
    for number in range(start, min(len(lines), start + 40) + 1):
        if lines[number - 1].strip().startswith(f"{audience}:"):
            return f"{fact.path}:{number}"
    return f"{fact.path}:{start}"


def word_diff(before: str, after: str) -> str:
    """``after`` with what changed from ``before`` shown as [-removed-]{+added+}, word by word."""
    old, new = before.split(), after.split()
    out: list[str] = []
    for op, a, b, c, d in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if op == "equal":
            out += old[a:b]
            continue
        if b > a:
            out.append("[-" + " ".join(old[a:b]) + "-]")
        if d > c:
            out.append("{+" + " ".join(new[c:d]) + "+}")
    return " ".join(out)


def describe(briefing: Briefing, change: Change) -> str:
    """The message for one change: what changed, a word diff, what rests on it, how to accept."""
    head = f"fact '{change.fact}' changed since its review ({', '.join(change.fields)})"
    body: list[str] = []
    before, after = change.before, change.after
    if before is not None:
        for name in ("statement", "wording", "attribution"):
            old, new = getattr(before, name), getattr(after, name)
            if old != new:
                body.append(f"{name}: {word_diff(old or '', new or '')}")
        if before.sources != after.sources or before.marking != after.marking:
            body.append(f"sources {', '.join(before.sources)} -> {', '.join(after.sources)}; "
                        f"marking {before.marking} -> {after.marking}")
    else:
        body.append(f"statement: {after.statement}")
    body += [f"rests on it: {where}" for where in change.lines]
    body.append(f"revise those lines, then: briefgen accept {briefing.id} {change.fact} "
                f"(briefgen review {briefing.id} lists every change)")
    return head + "\n    " + "\n    ".join(body)


def messages(root: Path, env: jinja2.Environment, briefing: Briefing, used: tuple[str, ...], facts: dict[str, Fact],
             settings: Settings) -> list[str]:
    """One message per fact changed since the baseline (nothing when the briefing has none)."""
    found = changes(root, env, briefing, used, facts, settings) or []
    return [describe(briefing, c) for c in found]
