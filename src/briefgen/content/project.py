"""A content project: settings, sources, facts and briefings, loaded and validated together."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from briefgen.content import facts as facts_mod
from briefgen.content import settings as settings_mod
from briefgen.content import specs
from briefgen.content.model import Briefing, Fact, Settings, Source
from briefgen.exceptions import Problem, ProjectUsageError, ValidationError
from briefgen.layout import Layout


@dataclass(frozen=True)
class Project:
    root: Path
    settings: Settings
    facts: dict[str, Fact]
    sources: dict[str, Source]
    briefings: dict[str, Briefing]

    @property
    def layout(self) -> Layout:
        return Layout(self.root)

    @property
    def templates(self) -> Path:
        return self.layout.templates

    @property
    def assets(self) -> Path:
        return self.layout.assets

    @property
    def build_dir(self) -> Path:
        return self.layout.build

    def select(self, ids: tuple[str, ...] = (), audiences: tuple[str, ...] = ()) -> list[Briefing]:
        """The briefings named by id and/or audience; all of them when neither is given."""
        unknown = [i for i in ids if i not in self.briefings]
        if unknown:
            raise ProjectUsageError(
                f"no briefing '{unknown[0]}'; expected one of: {', '.join(sorted(self.briefings))}"
            )
        known = {b.audience for b in self.briefings.values()}
        missing = [a for a in audiences if a not in known]
        if missing:
            raise ProjectUsageError(
                f"no briefing for audience '{missing[0]}'; expected one of: {', '.join(sorted(known))}"
            )
        chosen = [
            b for b in self.briefings.values()
            if (not ids and not audiences) or b.id in ids or b.audience in audiences
        ]
        return sorted(chosen, key=lambda b: b.id)


def load(root: Path) -> Project:
    """Load and validate everything; raise one :class:`ValidationError` listing every problem."""
    root = root.resolve()
    if not root.is_dir():
        raise ProjectUsageError(f"no project folder at {root}")
    settings, problems = settings_mod.read(root)
    fact_base = facts_mod.load(root, settings)
    problems += fact_base.problems
    briefings, found, audiences = specs.load(root, settings, fact_base.facts, fact_base.complete)
    problems += found
    if audiences is not None:  # else some spec could not be read, and its audience is unknown
        problems += _check_wording(fact_base.facts, audiences)
    if problems or settings is None:
        raise ValidationError(problems)
    return Project(root, settings, fact_base.facts, fact_base.sources, briefings)


def _check_wording(facts: dict[str, Fact], audiences: set[str]) -> list[Problem]:
    problems = []
    for fact in facts.values():
        for audience in fact.wording:
            if audiences and audience not in audiences:
                problems.append(Problem(fact.path, fact.line, "wording",
                                        f"expected an audience of some briefing ({', '.join(sorted(audiences))}), "
                                        f"found '{audience}' (fact '{fact.id}')"))
    return problems
