"""Every sentence accountable (issue 22): what ``check``, ``build`` and ``publish`` say about a rendered
brief's provenance. Each finding is a warning; ``--strict`` refuses the brief."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import jinja2

from briefgen.checks import freshness, review
from briefgen.content.model import Briefing, Fact, Settings, Source


def findings(root: Path, env: jinja2.Environment, briefing: Briefing, used: tuple[str, ...], edition: dt.date,
             facts: dict[str, Fact], sources: dict[str, Source], settings: Settings) -> list[str]:
    """Facts changed since the review baseline, spec dates passed, sources older than the gate."""
    out = [f"review: {briefing.id}: {m}" for m in review.messages(root, env, briefing, used, facts, settings)]
    out += [f"date passed: {m}" for m in freshness.passed_dates(briefing, edition)]
    out += [f"sources too old: {m}" for m in freshness.stale_sources(briefing, used, facts, sources, edition)]
    return out
