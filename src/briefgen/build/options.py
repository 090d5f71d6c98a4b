"""What a build is asked to do, and what it did, target by target."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from briefgen.exceptions import BuildError, StaleFactsError

if TYPE_CHECKING:
    from briefgen.build.shard import Shard


@dataclass(frozen=True, kw_only=True)
class Options:
    """What to build and how, each by name (eight of them are switches). ``shard``: build only the
    briefings of this shard (``build --shard K/N``)."""

    ids: tuple[str, ...] = ()
    audiences: tuple[str, ...] = ()
    formats: tuple[str, ...] = ()
    jobs: int = 0
    force: bool = False
    dry_run: bool = False
    fail_fast: bool = False
    wait: bool = False
    strict: bool = False
    publish: bool = False
    allow_older: bool = False
    shard: Shard | None = None


@dataclass
class Result:
    """What a build did, target by target. ``events`` is (target, status, detail) in order;
    ``warnings`` are things repaired on the way (a corrupt state file); a failed quality gate is a
    'gate' event, a warning too unless the build is --strict (then the target fails)."""

    events: list[tuple[str, str, str]] = field(default_factory=list)
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)
    #: A publishing run's evidence: "99 of 99 phrases verified", or why fewer ("source archive missing").
    evidence: str = ""

    def names(self, status: str) -> list[str]:
        return [t for t, s, _ in self.events if s == status]

    @property
    def failed(self) -> list[tuple[str, str]]:
        return [(t, d) for t, s, d in self.events if s == "failed"]

    def summary(self, edition: dt.date) -> str:
        """One log line: what happened, how long it took, which edition."""
        n = {s: len(self.names(s))
             for s in ("built", "unchanged", "current", "removed", "would build", "stale", "cancelled")}
        parts = [f"{n['built']} built", f"{n['current']} up to date"]
        if n["unchanged"]:
            parts.append(f"{n['unchanged']} rebuilt with identical bytes")
        if n["removed"]:
            parts.append(f"{n['removed']} removed")
        if n["would build"]:
            parts.append(f"{n['would build']} would be built")
        if n["stale"]:
            parts.append(f"{n['stale']} refused as stale")
        published = len(self.names("published"))
        if published or self.names("same edition"):
            parts.append(f"{published} edition{'' if published == 1 else 's'} published")
        parts.append(f"{len(self.failed)} failed")
        if n["cancelled"]:
            parts.append(f"{n['cancelled']} cancelled")
        warnings = len(self.names("gate")) + len(self.warnings)
        if warnings:
            parts.append(f"{warnings} warning{'' if warnings == 1 else 's'}")
        if self.evidence:
            parts.append(f"evidence: {self.evidence}")
        return f"briefgen: {', '.join(parts)} in {self.seconds:.2f} s (edition {edition.isoformat()})"

    def raise_for_failures(self) -> None:
        stale = [(t, d) for t, s, d in self.events if s == "stale"]
        if stale and not self.failed:
            details = "\n".join(f"  {t}: {m}" for t, m in stale)
            raise StaleFactsError(f"--strict: {len(stale)} target(s) would show facts past their review date; "
                                  f"nothing was published for them:\n{details}")
        if self.failed:
            details = "\n".join(f"  {t}: {m}" for t, m in self.failed)
            cancelled = len(self.names("cancelled"))
            also = f" ({cancelled} more cancelled by --fail-fast)" if cancelled else ""
            raise BuildError(f"{len(self.failed)} target(s) failed{also}; their earlier outputs were kept:\n{details}")


Report = Callable[[str, str, str], None]
