"""The content model: sources, facts, briefing specs and project settings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from briefgen.content.fields import Field

#: Kinds of fact, with the label a reader sees.
KINDS: dict[str, str] = {
    "reported": "Reported",
    "official": "Official statement",
    "quotation": "Quotation",
    "analysis": "Analysis or opinion",
    "forecast": "Forecast",
    "question": "Open question",
    "assessment": "Our assessment",
}

#: The UK PHIA probability yardstick, lowest to highest, with its ranges.
LIKELIHOODS: dict[str, str] = {
    "remote chance": "0-5%",
    "highly unlikely": "10-20%",
    "unlikely": "25-35%",
    "realistic possibility": "40-50%",
    "likely": "55-75%",
    "highly likely": "80-90%",
    "almost certain": "95-100%",
}

#: Kinds whose statement must say who says so.
ATTRIBUTED_KINDS = ("official", "quotation", "analysis", "forecast")

SOURCE_FIELDS = (
    Field("id", "slug", "Stable id that facts cite.", required=True),
    Field("title", "text", "The headline, or a descriptive title in [brackets].", required=True),
    Field("short", "text", "A short name for 'Source:' lines, e.g. 'Resultsense article'."),
    Field("publisher", "text", "Who published it; omit when unknown."),
    Field("author", "text", "Who wrote it; omit when unknown."),
    Field("published", "date", "Publication date; omit when unknown (shown as n.d.)."),
    Field("retrieved", "date", "The date the source was retrieved.", required=True),
    Field("url", "text", "Where it can be read; omit when unknown."),
    Field("note", "text", "What we know about the source itself."),
)

FACT_FIELDS = (
    Field("id", "slug", "Stable id, unique across the fact base.", required=True),
    Field("statement", "text", "The fact in plain prose, in our own words.", required=True),
    Field("kind", "choice", "What sort of claim this is.", required=True, choices=tuple(KINDS)),
    Field("attribution", "text", "Who says so, e.g. 'a Commission spokesperson'."),
    Field("sources", "slugs", "Ids of the sources that support it."),
    Field("based_on", "slugs", "Ids of the facts a judgement rests on."),
    Field("likelihood", "choice", "PHIA term for an assessment.", choices=tuple(LIKELIHOODS)),
    Field("wording", "wording", "The same fact worded for one audience: audience id to text."),
    Field("tags", "slugs", "Tags that briefings select by."),
    Field("marking", "marking", "Handling marking(s); default TLP:CLEAR."),
    Field("as_of", "date", "When the fact was true or recorded."),
    Field("review_by", "date", "When an analyst must check it again."),
)

BRIEFING_FIELDS = (
    Field("title", "text", "The brief's title.", required=True),
    Field("subtitle", "text", "A line under the title."),
    Field("audience", "slug", "Audience id: picks fact wording, e.g. uk-sme.", required=True),
    Field("template", "text", "Template file inside templates/.", required=True),
    Field("stylesheet", "text", "Stylesheet inside templates/ for HTML and PDF."),
    Field("style", "choice", "Date and number style.", choices=("eu", "uk")),
    Field("citations", "choice", "How claims cite sources.", choices=("notes", "lines")),
    Field("tags", "slugs", "Draw the facts carrying any of these tags."),
    Field("facts", "slugs", "Draw these facts by id."),
    Field("exclude_tags", "slugs", "Leave out facts carrying any of these tags."),
    Field("stale", "choice", "Facts past review_by: show them marked 'under review', or omit them.",
          choices=("show", "omit")),
    Field("ceiling", "marking", "The highest marking(s) this brief's reader may see.", required=True),
    Field("marking_floor", "marking", "The brief is marked at least this."),
    Field("formats", "texts", "Outputs: md, html, pdf."),
    Field("author", "text", "Who issues the brief, shown on it and in PDF metadata."),
    Field("gates", "record", "Quality gates: pages, words, sentence_words, plain_english, reading_ease."),
)

GATE_FIELDS = (
    Field("pages", "int", "The most A4 pages the PDF may have."),
    Field("words", "int", "The most words the brief may have (notes and sources not counted)."),
    Field("sentence_words", "int", "The most words a sentence may have."),
    Field("plain_english", "bool", "Flag the words to avoid and acronyms not expanded at first use."),
    Field("acronyms", "bool", "Flag acronyms not expanded at first use (implied by plain_english)."),
    Field("reading_ease", "int", "The lowest Flesch reading ease allowed (60 and above is plain English)."),
    Field("acronyms_known", "slugs", "Acronyms that need no expansion for this reader, lowercased."),
)

SETTINGS_FIELDS = (
    Field("timezone", "text", "IANA time zone for the edition date, e.g. Europe/London."),
    Field("formats", "texts", "Default output formats for briefings."),
    Field("author", "text", "Default issuer of briefs."),
    Field("default_scale", "slug", "The scale whose lowest level is a fact's default marking."),
    Field("keep_editions", "int", "How many dated editions of each brief to keep in build/editions (0: all)."),
    Field("scales", "scales", "Marking scales: name to levels, lowest first (replaces the built-in)."),
)

FORMATS = ("md", "html", "pdf")


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    retrieved: dt.date
    short: str | None = None
    publisher: str | None = None
    author: str | None = None
    published: dt.date | None = None
    url: str | None = None
    note: str | None = None
    path: str = ""
    line: int = 0


@dataclass(frozen=True)
class Fact:
    id: str
    statement: str
    kind: str
    markings: dict[str, str]
    sources: tuple[str, ...] = ()
    attribution: str | None = None
    based_on: tuple[str, ...] = ()
    likelihood: str | None = None
    wording: dict[str, str] = field(default_factory=dict)
    tags: tuple[str, ...] = ()
    as_of: dt.date | None = None
    review_by: dt.date | None = None
    path: str = ""
    line: int = 0
    field_lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    def text_for(self, audience: str) -> str:
        """The statement as worded for ``audience``."""
        return self.wording.get(audience, self.statement)


@dataclass(frozen=True)
class Briefing:
    id: str
    title: str
    audience: str
    template: str
    ceiling: dict[str, str]
    formats: tuple[str, ...]
    style: str = "uk"
    citations: str = "notes"
    subtitle: str | None = None
    stylesheet: str | None = None
    tags: tuple[str, ...] = ()
    facts: tuple[str, ...] = ()
    exclude_tags: tuple[str, ...] = ()
    stale: str = "show"
    marking_floor: dict[str, str] = field(default_factory=dict)
    author: str | None = None
    gates: dict[str, object] = field(default_factory=dict)
    path: str = ""


@dataclass(frozen=True)
class Scale:
    """An ordered marking scale, lowest level first."""

    name: str
    levels: tuple[str, ...]

    def rank(self, level: str) -> int:
        return self.levels.index(level)


@dataclass(frozen=True)
class Settings:
    timezone: str = "Europe/London"
    formats: tuple[str, ...] = ("md", "pdf")
    author: str | None = None
    default_scale: str = "tlp"
    keep_editions: int = 12
    scales: tuple[Scale, ...] = (
        Scale("tlp", ("TLP:CLEAR", "TLP:GREEN", "TLP:AMBER", "TLP:AMBER+STRICT", "TLP:RED")),
        Scale("uk", ("OFFICIAL", "OFFICIAL-SENSITIVE")),
    )

    def scale(self, name: str) -> Scale:
        return next(s for s in self.scales if s.name == name)

    def scale_of(self, level: str) -> Scale | None:
        return next((s for s in self.scales if level in s.levels), None)
