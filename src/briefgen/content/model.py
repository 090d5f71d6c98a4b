"""The content model: sources, facts, briefing specs and project settings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from briefgen.layout import EDITIONS_DIR

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

#: Output formats; "txt" is the plain-text edition for pasting into email, "docx" the Word edition.
FORMATS = ("md", "html", "pdf", "txt", "docx")


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
    #: Handling marking(s) of the source itself (its title, note and other details), scale to level.
    markings: dict[str, str] = field(default_factory=dict)
    # Evidence (issue 14): where the source's archived text is, and the hash it had when recorded.
    #: The archived text's file, inside the settings' archive folder (default: ``<id>.txt``).
    archive: str | None = None
    #: The SHA-256 of the archived text when its evidence was last checked.
    archive_sha256: str | None = None


#: Fields of a source that say where its archived text is, not what a reader sees of it.
SOURCE_ARCHIVE_FIELDS = ("archive", "archive_sha256")


@dataclass(frozen=True)
class Evidence:
    """One fact's citation of one source: short verbatim phrases from it, and where they are."""

    source: str
    phrases: tuple[str, ...]
    locator: str | None = None
    #: The line of each phrase in its fact file (file positions never count as content).
    lines: tuple[int, ...] = field(default=(), compare=False, repr=False)


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
    change: str | None = None
    change_note: str | None = None
    path: str = ""
    line: int = 0
    field_lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)
    #: The marking the fact states (or the default); ``markings`` adds what it inherits from the
    #: facts it is based on and the sources it cites. Empty when not known: the same as ``markings``.
    declared: dict[str, str] = field(default_factory=dict)
    #: Evidence per cited source (issue 14), in the order written.
    evidence: tuple[Evidence, ...] = ()

    def text_for(self, audience: str) -> str:
        """The statement as worded for ``audience``."""
        return self.wording.get(audience, self.statement)


@dataclass(frozen=True)
class Gates:
    """A briefing's quality gates; a gate left as None or False is not checked."""

    pages: int | None = None
    words: int | None = None
    sentence_words: int | None = None
    plain_english: bool = False
    acronyms: bool = False
    reading_ease: int | None = None
    acronyms_known: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        """Whether any gate is set."""
        return self != Gates()


@dataclass(frozen=True)
class Contact:
    """Who a brief comes from: a named person, their email, and (for a header's sender) their unit."""

    name: str | None = None
    email: str | None = None
    unit: str | None = None


@dataclass(frozen=True)
class Clearance:
    """Who cleared a brief, and when."""

    by: str
    date: dt.date | None = None


@dataclass(frozen=True)
class Meeting:
    """The meeting an EU briefing is for: what, on which day, where, and at what time."""

    what: str
    when: dt.date | None = None
    where: str | None = None
    time: str | None = None


@dataclass(frozen=True)
class Header:
    """A brief's document header block (``header:`` in its spec); every part is optional."""

    to: str | None = None
    sender: Contact | None = None  # 'from' in the spec
    purpose: str | None = None  # 'decision' or 'information'
    decision_by: dt.date | None = None
    reference: str | None = None
    clearance: Clearance | None = None
    meeting: Meeting | None = None


@dataclass(frozen=True)
class Logo:
    """An image file in assets/ shown on every brief's header, with the text a screen reader reads."""

    file: str
    alt: str


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
    reference_docx: str | None = None
    tags: tuple[str, ...] = ()
    facts: tuple[str, ...] = ()
    exclude_tags: tuple[str, ...] = ()
    stale: str = "show"
    marking_floor: dict[str, str] = field(default_factory=dict)
    portion_marks: bool = False
    author: str | None = None
    gates: Gates = Gates()
    #: Under ``check --strict``, every fact the brief uses must have verified evidence.
    require_evidence: bool = False
    short_title: str | None = None
    header: Header | None = None
    numbered_paragraphs: bool = False
    #: Dates the brief works to (meeting, decision_by, ...), name to date, in the order written.
    dates: dict[str, dt.date] = field(default_factory=dict)
    #: The freshness gate in days: the oldest the newest source may be at the edition date.
    max_source_age: int | None = None
    require_citations: bool = False
    path: str = ""
    #: Lines of the spec's fields (and of each 'dates' entry, as 'dates.<name>'), for messages.
    field_lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)


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
    editions: str = EDITIONS_DIR
    base_url: str | None = None
    organisation: str | None = None
    contact: Contact | None = None
    logo: Logo | None = None
    scales: tuple[Scale, ...] = (
        Scale("tlp", ("TLP:CLEAR", "TLP:GREEN", "TLP:AMBER", "TLP:AMBER+STRICT", "TLP:RED")),
        Scale("uk", ("OFFICIAL", "OFFICIAL-SENSITIVE")),
    )
    #: The folder of archived source texts, relative to the project root (may be outside it).
    archive: str | None = None

    def scale(self, name: str) -> Scale:
        return next(s for s in self.scales if s.name == name)

    def scale_of(self, level: str) -> Scale | None:
        return next((s for s in self.scales if level in s.levels), None)
