"""This repository's fact base: every citation carries evidence, and every phrase is found in the
archived article (../shared/sources, or $BRIEFGEN_SOURCES; missing: fails under CI, skipped loudly)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefgen.content import project
from briefgen.content.evidence import NOT_FOUND, OFFLINE, VERIFIED, verify
from briefgen.exceptions import ValidationError
from briefgen.reports.check import check_project
from support import REPO, copy_repo, source_archive

pytestmark = pytest.mark.content


def test_every_fact_has_evidence_for_each_of_its_sources() -> None:
    facts = project.load(REPO).facts
    missing = [f"{f.id}: {sid}" for f in facts.values() for sid in f.sources
               if sid not in {e.source for e in f.evidence}]
    judgements = [f.id for f in facts.values() if not f.sources]
    assert not missing, "facts citing a source without evidence from it:\n" + "\n".join(missing)
    assert all(facts[fid].based_on and facts[fid].kind == "assessment" for fid in judgements)


def test_every_phrase_is_verified_against_the_archived_articles() -> None:
    source_archive()
    loaded = project.load(REPO)
    v = verify(loaded.facts, loaded.sources, loaded.root, loaded.settings)
    assert not v.missing, f"no archived text for: {v.missing}"
    # Every phrase from an archived article is found in it; pages we may not keep (archive: offline)
    # are checked by a reviewer at their address, so each of them must have one.
    bad = [f"{c.fact}: {c.phrase!r} ({c.status}; closest: {c.closest!r})"
           for checks in v.checks.values() for c in checks
           if not (c.status == VERIFIED or (c.status == OFFLINE and loaded.sources[c.source].url))]
    assert not bad, "\n".join(bad)
    # really checked: at least one verified phrase for each fact resting on an archived article
    archived = {c.fact for cs in v.checks.values() for c in cs if c.status != OFFLINE}
    assert archived and sum(c.status == VERIFIED for cs in v.checks.values() for c in cs) >= len(archived)
    assert {fid: v.status(fid) for fid in loaded.facts if v.status(fid) not in (VERIFIED, OFFLINE)} == {}
    assert not v.changed_archives(), "an archived article changed: re-check the facts resting on it"


def test_check_strict_passes_on_the_repository_and_catches_a_drifted_phrase(tmp_path: Path) -> None:
    archive = source_archive()
    root = copy_repo(tmp_path / "repo")
    settings = root / "briefgen.yaml"
    settings.write_text(settings.read_text().replace("archive: ../shared/sources", f"archive: {archive}"))
    out = check_project(root, "2026-11-24", strict=True)  # every briefing requires verified evidence
    found = re.search(r"^evidence: (\d+) of (\d+) phrases verified, (\d+) from offline sources", out, re.M)
    assert found and int(found[1]) + int(found[3]) == int(found[2]), out
    path = root / "facts/commission-talks.yaml"
    path.write_text(path.read_text().replace('"The talks are still in an exploratory phase',
                                             '"The talks are still in an early phase'))
    with pytest.raises(ValidationError) as caught:
        check_project(root, "2026-11-24")
    message = caught.value.format_message()
    assert f"phrase {NOT_FOUND} in the archived text of source 'talks-report' (fact 'talks-exploratory')" in message
    assert 'closest passage: "The talks are still in an exploratory phase' in message
