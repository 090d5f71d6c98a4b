"""What ``check``, ``audit``, the fact-check reports and the manifest say about evidence."""

from __future__ import annotations

import os
from pathlib import Path

from briefgen.content import copying
from briefgen.content.evidence import NOT_FOUND, OFFLINE, UNVERIFIED, VERIFIED, Verification
from briefgen.content.model import Briefing
from briefgen.exceptions import Problem


def findings(v: Verification, strict: bool) -> tuple[list[Problem], list[str]]:
    """The errors (phrases not found; under ``strict``, copying and changed archives too) and the
    warning lines (sources without an archived text, copying, changed archives, hashes to record)."""
    problems: list[Problem] = []
    lines: list[str] = []
    for checks in v.checks.values():
        for c in checks:
            if c.status == NOT_FOUND:
                fact = v.facts[c.fact]
                problems.append(Problem(fact.path, c.line or fact.line, "evidence",
                                        f"phrase not found in the archived text of source '{c.source}' "
                                        f"(fact '{c.fact}'): \"{c.phrase}\"; " + _closest(c.closest)))
    for sid, wrong in sorted(v.archive.refused.items()):
        source = v.sources[sid]
        problems.append(Problem(source.path, source.line, "archive",
                                f"'{source.archive or sid + '.txt'}'{' ' if wrong.startswith('is ') else ': '}{wrong}"))
    for sid, path in sorted(v.missing.items()):
        facts = [fid for fid, checks in v.checks.items() if any(c.source == sid for c in checks)]
        if not facts:
            continue
        where = f"no archived text at {_shown(path, v)}" if path else "no archive folder (settings: archive)"
        url = v.sources[sid].url
        lines.append(f"evidence: source '{sid}': {where}: the evidence of {len(facts)} fact(s) is unverified"
                     + (f"; check it at {url}" if url else ""))
    for sid, (recorded, now) in sorted(v.changed_archives().items()):
        source = v.sources[sid]
        message = (f"the archived text of source '{sid}' has changed since its hash was recorded "
                   f"(archive_sha256 {recorded[:12]}..., now {now[:12]}...); facts resting on it: "
                   f"{', '.join(v.resting_on(sid))}; check them, then record archive_sha256: {now}")
        if strict:
            problems.append(Problem(source.path, source.line, "archive_sha256", message))
        else:
            lines.append(f"archive: {source.path}:{source.line}: {message}")
    for sid, digest in sorted(v.hashes.items()):
        if not v.sources[sid].archive_sha256:
            source = v.sources[sid]
            lines.append(f"archive: {source.path}:{source.line}: source '{sid}' records no hash of its archived "
                         f"text; add archive_sha256: {digest}")
    for fact in v.facts.values():
        texts = [t.text for sid in fact.sources if sid in v.sources and (t := v.archive.text(v.sources[sid]))]
        for run in copying.copied(fact, texts):
            message = (f"fact '{fact.id}' copies {copying.RUN}+ words in a row from its source: \"{run}\"; "
                       "paraphrase it, or make it a fact of kind quotation")
            if strict:
                problems.append(Problem(fact.path, fact.line, "statement", message))
            else:
                lines.append(f"copying: {fact.path}:{fact.line}: {message}")
    return problems, lines


def _closest(passage: str | None) -> str:
    return f"closest passage: \"{passage}\"" if passage else "no passage of it comes close"


def required(v: Verification, briefing: Briefing, used: tuple[str, ...]) -> list[Problem]:
    """For a briefing that requires evidence: each fact it uses whose evidence is not verified."""
    return [Problem(briefing.path, None, "require_evidence",
                    f"fact '{fid}' ({v.facts[fid].path}:{v.facts[fid].line}) is used without verified evidence "
                    f"(its evidence: {status})")
            for fid in used if (status := v.status(fid)) not in (VERIFIED, OFFLINE)]


def summary(v: Verification) -> str:
    checks = [c for cs in v.checks.values() for c in cs]
    verified = sum(c.status == VERIFIED for c in checks)
    unverified = sum(c.status == UNVERIFIED for c in checks)
    offline = sum(c.status == OFFLINE for c in checks)
    return (f"evidence: {verified} of {len(checks)} phrases verified" +
            (f", {unverified} unverified (no archived text)" if unverified else "") +
            (f", {offline} from offline sources (check them at the sources' addresses)" if offline else "") +
            f"; {sum(v.status(f) == VERIFIED for f in v.facts)} of {len(v.facts)} facts fully verified.")


def write_reports(v: Verification, folder: Path) -> list[Path]:
    """One fact-check report per source (Markdown): every fact resting on it, with its phrases, for a
    fact-checker to read beside the article."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for sid in sorted(v.sources):
        path = folder / f"{sid}.md"
        path.write_text(_report(v, sid), encoding="utf-8")
        written.append(path)
    return written


def _report(v: Verification, sid: str) -> str:
    source = v.sources[sid]
    archived = v.archive.path_of(source)
    out = [f"# Fact-check: {source.title}", "",
           f"- Source id: `{sid}`",
           f"- Archived text: {_shown(archived, v) if archived else 'none'}"
           + ("" if sid not in v.missing else " (missing: evidence unverified)"),
           f"- SHA-256: {v.hashes.get(sid, 'unknown')}"]
    if source.url:
        out.append(f"- URL: {source.url}")
    out.append("")
    for fid in v.resting_on(sid):
        fact = v.facts[fid]
        out += [f"## {fid} ({fact.kind}; evidence {v.status(fid)})", "", f"{fact.statement}", "",
                f"{fact.path}:{fact.line}", ""]
        if v.rests_on_bases(fact):
            out += [f"Rests on: {', '.join(fact.based_on)}", ""]
            continue
        checks = [c for c in v.checks.get(fid, []) if c.source == sid]
        if not checks:
            out += ["- (no evidence from this source)", ""]
        for c in checks:
            where = f" [{c.locator}]" if c.locator else ""
            out.append(f"- [{'x' if c.status == VERIFIED else ' '}] \u201c{c.phrase}\u201d{where}: {c.status}")
        out.append("")
    return "\n".join(out)


#: Trails deeper than this are indented no further (a chain of 10,000 facts would otherwise print
#: lines of 40,000 spaces); each "rests on" line still names the facts below.
DEEPEST_INDENT = 8


def audit_lines(v: Verification, used: tuple[str, ...], text_of: dict[str, str]) -> list[str]:
    """claim -> fact -> source -> evidence, with each phrase's status, for the facts a brief used."""
    out = [f"evidence (claim -> fact -> source -> evidence) ({len(used)}):"]
    for fid in used:
        out.append(f"  claim: {text_of[fid]}")
        out += _trail_lines(v, fid)
    return out


def _trail_lines(v: Verification, top: str) -> list[str]:
    """One claim's trail, depth first: each fact once (a fact reached again by another path says
    so in one line), so that a branching ``based_on`` graph costs one visit per fact and link."""
    out: list[str] = []
    shown: set[str] = set()
    stack = [(top, 1)]
    while stack:
        fid, depth = stack.pop()
        again = fid in shown
        out += _fact_lines(v, fid, "    " * min(depth, DEEPEST_INDENT), again)
        shown.add(fid)
        if not again and v.rests_on_bases(v.facts[fid]):
            stack.extend((b, depth + 1) for b in reversed(v.facts[fid].based_on) if b in v.facts)
    return out


def _fact_lines(v: Verification, fid: str, pad: str, again: bool) -> list[str]:
    fact = v.facts[fid]
    out = [f"{pad}fact {fid} ({fact.kind}): evidence {v.status(fid)}" + (" (trail shown above)" if again else "")]
    if again:
        return out
    if v.rests_on_bases(fact):
        return [*out, f"{pad}  rests on: {', '.join(fact.based_on)}"]
    for sid in fact.sources:
        out.append(f"{pad}  source {sid}")
        checks = [c for c in v.checks.get(fid, []) if c.source == sid]
        if not checks:
            out.append(f"{pad}    (no evidence)")
        for c in checks:
            where = f" [{c.locator}]" if c.locator else ""
            out.append(f"{pad}    \u201c{c.phrase}\u201d{where}: {c.status}")
    return out


def _shown(path: Path, v: Verification) -> str:
    """The path as an analyst would type it from the project root (``../shared/sources/x.txt``), or in full."""
    shown = Path(os.path.relpath(path, v.archive.root)).as_posix()
    return str(path) if shown.startswith("../../") else shown
