"""The demonstration of issue 22 on a copy of the real project: a fact correction names every template
line and wording of every brief that rests on it, refuses a strict publish, and publishes once accepted.
The expected lines are found in the copy's templates and facts, not written here: the briefs change."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

from briefgen.content import project as project_mod
from briefgen.exceptions import ValidationError
from briefgen.reports.check import check_project
from briefgen.reports.review import accept, review_brief
from support import build, copy_repo

DAY = "2026-12-07"


def _rewrite(root: Path, fid: str, **fields: str) -> Path:
    """Set ``fields`` of fact ``fid`` (wording_<audience> for a wording) in whichever file holds it."""
    for path in sorted((root / "facts").glob("*.yaml")):
        data = yaml.safe_load(path.read_text())
        for fact in data.get("facts") or []:
            if fact["id"] == fid:
                for name, value in fields.items():
                    if name.startswith("wording_"):
                        fact.setdefault("wording", {})[name[8:]] = value
                    else:
                        fact[name] = value
                path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000))
                return path
    raise AssertionError(f"no fact {fid}")


def _template_lines(root: Path, template: str, fid: str) -> set[str]:
    """'templates/x.md.j2:N' for every line of the template or its partials naming ``fid``."""
    found = set()
    for path in [root / "templates" / template, *sorted((root / "templates/partials").glob("*.j2"))]:
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if re.search(rf"""fact\(\s*["']{re.escape(fid)}["']\s*\)""", line):
                found.add(f"{path.relative_to(root).as_posix()}:{number}")
    return found


def _accept_all(root: Path) -> None:
    project = project_mod.load(root)
    for bid in project.briefings:
        accept(project, bid, (), dt.date.fromisoformat(DAY))


@pytest.fixture
def real(tmp_path: Path) -> Path:
    root = copy_repo(tmp_path / "proj")
    _accept_all(root)
    return root


def _users(root: Path, fid: str) -> list[str]:
    """The briefings whose templates name fact ``fid``."""
    project = project_mod.load(root)
    return sorted(b.id for b in project.briefings.values() if _template_lines(root, b.template, fid))


def _shared_fact(root: Path) -> str:
    """The fact the most briefs rest on (at least two), as the content stands: the briefs are rewritten
    every round (the issue's demonstration used 'regnier-briefing', long gone), so which fact, and how
    many briefs share it, is read from the templates, not written here."""
    project = project_mod.load(root)
    counts = {fid: (len(_users(root, fid)), _printed(root, fid)) for fid in sorted(project.facts)}
    best = max(counts.values())
    assert best[0] >= 2 and best[1], "no fact is used by two briefs and printed by one"
    return next(fid for fid, n in counts.items() if n == best)


def _printed(root: Path, fid: str) -> bool:
    """Whether some template prints the fact's words (``{{ fact("id") }}``), not only cites it or reads
    its date: the demonstration's correction must show in a brief."""
    shown = re.compile(rf"""fact\(\s*["']{re.escape(fid)}["']\s*\)\s*}}}}""")
    return any(shown.search(path.read_text()) for path in (root / "templates").rglob("*.j2"))


CORRECTION = " Two meetings with Anthropic had already touched on access."


def test_a_fact_correction_names_every_line_that_rests_on_it(real: Path) -> None:
    before = check_project(real, DAY)
    assert "review:" not in before
    FACT = _shared_fact(real)
    fact = project_mod.load(real).facts[FACT]
    _rewrite(real, FACT, statement=fact.statement + CORRECTION,
             **{f"wording_{a}": text + CORRECTION for a, text in fact.wording.items() if a == "uk-regulator"})
    project = project_mod.load(real)
    out = check_project(real, DAY)
    users = [b for b in project.briefings.values() if _template_lines(real, b.template, FACT)]
    assert len(users) >= 2
    for briefing in users:
        assert f"review: {briefing.id}: fact '{FACT}' changed since its review" in out
        review = review_brief(project, briefing.id, dt.date.fromisoformat(DAY))
        for where in _template_lines(real, briefing.template, FACT):
            assert f"rests on it: {where}" in review, (briefing.id, where)
        if briefing.audience in project.facts[FACT].wording:
            assert re.search(rf"rests on it: wording facts/[\w-]+\.yaml:\d+ \({briefing.audience}\)", review)
        assert f"briefgen accept {briefing.id} {FACT}" in review
    assert "{+Two meetings with Anthropic had already touched on access.+}" in out
    with pytest.raises(ValidationError, match=FACT):
        check_project(real, DAY, strict=True)


def test_publish_strict_refuses_until_accepted(real: Path) -> None:
    FACT = _shared_fact(real)
    first = build(real, DAY, publish=True)
    assert len(first.names("published")) == 3
    _rewrite(real, FACT, statement="Two meetings with Anthropic had already touched on access, the Commission said.")
    refused = build(real, "2026-12-08", publish=True, strict=True)
    assert refused.names("published") == []
    assert any(FACT in detail and "refused (--strict) until reviewed" in detail for _, _, detail in refused.events)
    project = project_mod.load(real)
    one = _users(real, FACT)[0]
    message = accept(project, one, (FACT,), dt.date.fromisoformat(DAY))
    assert FACT in message
    lock = (real / f"briefings/{one}.lock").read_text().splitlines()
    assert sum(FACT in line for line in lock) == 1
    new = "Two meetings with Anthropic had already touched on access, the Commission said."
    _rewrite(real, FACT, **{f"wording_{a}": new for a in project.facts[FACT].wording})  # the wordings revised
    _accept_all(real)
    strict = build(real, "2026-12-08", publish=True, strict=True)  # other gates may refuse: not the review
    # (the EU note's check_by is 8 December, so its date gate refuses it on that day: not this fact's review)
    assert not any(FACT in detail and "until reviewed" in detail for _, _, detail in strict.events)
    published = build(real, "2026-12-08", publish=True)  # what the strict run did not publish
    showing = [b for b in project.briefings if new in (real / f"build/{b}.md").read_text()]
    expected = sorted(f"editions/{b}/2026-12-08" for b in showing)
    assert showing and sorted(strict.names("published") + published.names("published")) == expected


def test_a_cited_only_edit_publishes_nothing_and_names_the_lines(real: Path) -> None:
    project = project_mod.load(real)

    def cited_only(bid: str) -> list[str]:
        template = project.briefings[bid].template
        text = (real / "templates" / template).read_text().splitlines()
        return [fid for fid in sorted(project.facts) if _template_lines(real, template, fid)
                and all(".cite" in line for line in text if f'fact("{fid}")' in line)
                and not any(_template_lines(real, project.briefings[other].template, fid)
                            for other in project.briefings if other != bid)]

    bid, fid = next((b, found[0]) for b in sorted(project.briefings) if (found := cited_only(b)))
    template = project.briefings[bid].template
    build(real, DAY, publish=True)
    _rewrite(real, fid, statement="An edited statement that no reader of the brief sees.")
    second = build(real, "2026-12-08", publish=True)
    assert not any(name.startswith(f"editions/{bid}/") for name in second.names("published"))
    warned = "\n".join(detail for name, status, detail in second.events if name == bid and status == "gate")
    for where in _template_lines(real, template, fid):
        assert where in warned
