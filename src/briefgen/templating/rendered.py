"""A brief rendered to Markdown, with what it used: what every later stage works from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from briefgen.content import phrases
from briefgen.content.changes import Changes
from briefgen.content.model import Briefing
from briefgen.selection.select import Selection
from briefgen.templating.mdtext import escape


@dataclass(frozen=True)
class Rendered:
    """One brief rendered to Markdown, with what it used."""

    briefing: Briefing
    body: str
    marking: str
    marking_levels: dict[str, str]
    used: tuple[str, ...]
    sources: tuple[str, ...]
    selection: Selection
    edition: dt.date
    records: dict[str, dict[str, object]]
    changes: Changes | None
    previous: dict[str, Any] | None
    #: Where each level of the marking comes from: "TLP:AMBER from fact 'x'".
    marking_reasons: tuple[str, ...] = ()
    #: Everything the brief read, keyed 'fact:<id>', 'source:<id>' or 'withdrawn:<id>', with its marking.
    marks: dict[str, dict[str, str]] = field(default_factory=dict)
    #: The words its changes section used ("changed": "Changed:"...), for its feed and the index.
    labels: dict[str, str] = field(default_factory=dict)
    #: The fixed phrases in the brief's language, with the project's overrides: for the writers.
    phrases: phrases.Phrases = field(default_factory=phrases.for_lang)

    @property
    def quotes(self) -> tuple[str, ...]:
        """The brief's quotation marks: opening, closing, inner opening, inner closing."""
        return self.phrases.words("quotes")

    @property
    def table_notes(self) -> tuple[str, str, str]:
        """The line under a table that lists its notes, for one note and for several (each with
        ``{notes}``), and the word before the last of several."""
        return self.phrases.table_notes()

    @property
    def stale_used(self) -> tuple[str, ...]:
        """Facts past review that the brief shows (marked as under review)."""
        return tuple(f for f in self.used if f in self.selection.stale)

    @property
    def markdown(self) -> str:
        """The Markdown brief: its marking as the first and the last line."""
        banner = f"**{escape(self.marking)}**"
        return f"{banner}\n\n{self.body}\n{banner}\n"
