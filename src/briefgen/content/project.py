"""A content project: settings, sources, facts and briefings, loaded and validated together."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from briefgen.content import factcache, specs
from briefgen.content import facts as facts_mod
from briefgen.content import settings as settings_mod
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
        """The briefings named by id and/or audience; all of them when neither is given. The id of a
        spec with a matrix names every briefing it makes."""
        ids = self._expand(ids)
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


    def one(self, briefing_id: str) -> Briefing:
        """The briefing with this id, for a command that makes one brief: the id of a spec with a matrix
        is refused, naming the briefings it makes."""
        made = self.instances(briefing_id)
        if made:
            raise ProjectUsageError(f"'{briefing_id}' is a spec with a matrix, which makes several briefs; "
                                    f"expected one of them: {', '.join(made)}")
        (briefing,) = self.select((briefing_id,))
        return briefing

    def instances(self, spec_id: str) -> list[str]:
        """The ids of the briefings a spec's matrix makes, in order ([] for any other id)."""
        if spec_id in self.briefings:
            return []
        return [b.id for b in self.briefings.values() if b.matrix_of == spec_id]

    def _expand(self, ids: tuple[str, ...]) -> tuple[str, ...]:
        """``ids`` with each spec id that has a matrix replaced by the ids of its instances."""
        return tuple(bid for given in ids for bid in (self.instances(given) or [given]))


def load(root: Path, *, keep_facts: bool = False) -> Project:
    """Load and validate everything; raise one :class:`ValidationError` listing every problem.

    The fact base comes from the cache ``build`` keeps (:mod:`briefgen.content.factcache`) when it
    is sound and its files are unchanged; with ``keep_facts`` (the build), a fact base loaded from
    its files is kept there for later runs."""
    root = root.resolve()
    if not root.is_dir():
        raise ProjectUsageError(f"no project folder at {root}")
    settings, problems = settings_mod.read(root)
    fact_base = _fact_base(root, settings, keep_facts)
    problems += fact_base.problems
    briefings, found, audiences = specs.load(root, settings, fact_base.facts, fact_base.complete)
    problems += found
    if audiences is not None:  # else some spec could not be read, and its audience is unknown
        problems += _check_wording(fact_base.facts, audiences)
    if problems or settings is None:
        raise ValidationError(problems)
    return Project(root, settings, fact_base.facts, fact_base.sources, briefings)


def _fact_base(root: Path, settings: Settings | None, keep: bool) -> facts_mod.FactBase:
    if settings is None:
        return facts_mod.load(root, settings)
    found = factcache.key(root)  # before the files are read: an edit while loading misses next time
    cached = factcache.read(root, found, settings)
    if cached is not None:
        return cached
    base = facts_mod.load(root, settings)
    if keep:
        factcache.write(root, found, settings, base)
    return base


def _check_wording(facts: dict[str, Fact], audiences: set[str]) -> list[Problem]:
    problems = []
    for fact in facts.values():
        for audience in fact.wording:
            if audiences and audience not in audiences:
                problems.append(Problem(fact.path, fact.line, "wording",
                                        f"expected an audience of some briefing ({', '.join(sorted(audiences))}), "
                                        f"found '{audience}' (fact '{fact.id}')"))
    return problems
