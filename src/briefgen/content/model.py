"""The content model: sources, facts, briefing specs and project settings.

Each field a content file may hold is declared here once, on the dataclass field that keeps it:
``metadata=declared(type, description, ...)`` beside its Python type and default, in the order the
files, messages, JSON Schema and README tables list them (``content/fields.py`` reads them).
Fields without a declaration are the loader's own (file positions, values worked out).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from briefgen.content import rules
from briefgen.content.fields import declared
from briefgen.content.locale import DEFAULT_LANG
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


# The yardstick is here, with the model (the fact cache builds only this module's classes); the
# other yardsticks and the setting's parsing are in content/yardstick.py.
@dataclass(frozen=True)
class Yardstick:
    """A named probability scale: its terms, lowest first, each with its range."""

    name: str
    terms: tuple[tuple[str, str], ...]

    @property
    def ranges(self) -> dict[str, str]:
        return dict(self.terms)

    def uses_term(self, sentence: str) -> bool:
        """Whether ``sentence`` says one of the yardstick's terms (as written, lowercase)."""
        return any(term in sentence for term, _ in self.terms)


#: The UK Professional Head of Intelligence Assessment yardstick (the gaps are deliberate).
PHIA = Yardstick("PHIA", (
    ("remote chance", "0-5%"),
    ("highly unlikely", "10-20%"),
    ("unlikely", "25-35%"),
    ("realistic possibility", "40-50%"),
    ("likely", "55-75%"),
    ("highly likely", "80-90%"),
    ("almost certain", "95-100%"),
))

#: The UK PHIA probability yardstick's terms, lowest to highest, with their ranges.
LIKELIHOODS: dict[str, str] = PHIA.ranges

#: Kinds whose statement must say who says so.
ATTRIBUTED_KINDS = ("official", "quotation", "analysis", "forecast")

#: Output formats; "txt" is the plain-text edition for pasting into email, "docx" the Word edition.
FORMATS = ("md", "html", "pdf", "txt", "docx")


@dataclass(frozen=True, kw_only=True)
class Source:
    id: str = field(metadata=declared("slug", "Stable id that facts cite.", required=True))
    title: str = field(metadata=declared("text", "The headline, or a descriptive title in [brackets].",
                                         required=True))
    short: str | None = field(default=None, metadata=declared(
        "text", "A short name for 'Source:' lines, e.g. 'Resultsense article'."))
    publisher: str | None = field(default=None, metadata=declared("text", "Who published it; omit when unknown."))
    author: str | None = field(default=None, metadata=declared("text", "Who wrote it; omit when unknown."))
    published: dt.date | None = field(default=None, metadata=declared(
        "date", "Publication date; omit when unknown (shown as n.d.)."))
    retrieved: dt.date = field(metadata=declared("date", "The date the source was retrieved.", required=True))
    url: str | None = field(default=None, metadata=declared("text", "Where it can be read; omit when unknown."))
    note: str | None = field(default=None, metadata=declared("text", "What we know about the source itself."))
    #: Handling marking(s) of the source itself (its title, note and other details), scale to level.
    markings: dict[str, str] = field(default_factory=dict, metadata=declared(
        "marking", "Handling marking(s) of the source's own details; default TLP:CLEAR. "
        "Facts citing it carry at least this marking.", name="marking"))
    # Evidence (issue 14): where the source's archived text is, and the hash it had when recorded.
    archive: str | None = field(default=None, metadata=declared(
        "text", "The file of the source's archived text, inside the settings' archive folder "
        "(default: the source id with .txt); 'offline' when its text cannot be kept: its evidence is then "
        "checked by a reviewer at its url."))
    archive_sha256: str | None = field(default=None, metadata=declared(
        "text", "The SHA-256 of the archived text when its evidence was checked; "
        "`check` says which facts rest on it when the text changes."))
    path: str = ""
    line: int = 0


@dataclass(frozen=True)
class Evidence:
    """One fact's citation of one source: short verbatim phrases from it, and where they are."""

    source: str
    phrases: tuple[str, ...]
    locator: str | None = None
    #: The line of each phrase in its fact file (file positions never count as content).
    lines: tuple[int, ...] = field(default=(), compare=False, repr=False)


@dataclass(frozen=True, kw_only=True)
class Fact:
    id: str = field(metadata=declared("slug", "Stable id, unique across the fact base.", required=True))
    statement: str = field(metadata=declared("text", "The fact in plain prose, in our own words.", required=True))
    kind: str = field(metadata=declared("choice", "What sort of claim this is.", required=True,
                                        choices=tuple(KINDS)))
    attribution: str | None = field(default=None, metadata=declared(
        "text", "Who says so, e.g. 'a Commission spokesperson'."))
    sources: tuple[str, ...] = field(default=(), metadata=declared("slugs", "Ids of the sources that support it."))
    based_on: tuple[str, ...] = field(default=(), metadata=declared("slugs", "Ids of the facts a judgement rests on."))
    likelihood: str | None = field(default=None, metadata=declared(
        "text", "An assessment's probability term, from the settings' yardstick (PHIA by default: "
        + ", ".join(LIKELIHOODS) + ")."))
    wording: dict[str, str] = field(default_factory=dict, metadata=declared(
        "wording", "The same fact worded for one audience: audience id to text."))
    tags: tuple[str, ...] = field(default=(), metadata=declared("slugs", "Tags that briefings select by."))
    #: The fact's markings, scale to level: what it states (or the default) and what it inherits from
    #: the facts it is based on and the sources it cites.
    markings: dict[str, str] = field(metadata=declared(
        "marking", "Handling marking(s); default TLP:CLEAR. Never blank.", name="marking"))
    as_of: dt.date | None = field(default=None, metadata=declared("date", "When the fact was true or recorded."))
    review_by: dt.date | None = field(default=None, metadata=declared(
        "date", "When an analyst must check it again."))
    change: str | None = field(default=None, metadata=declared(
        "choice", "How its change since the last published edition reaches readers: substantive "
        "(the default: listed under 'What has changed') or editorial (a rewording or typo: kept in the "
        "manifest, not shown).", choices=("substantive", "editorial")))
    change_note: str | None = field(default=None, metadata=declared(
        "text", "One line on what changed since the last published edition, shown to readers "
        "beside a substantive change."))
    #: Evidence per cited source (issue 14), in the order written.
    evidence: tuple[Evidence, ...] = field(default=(), metadata=declared(
        "record", "Short verbatim phrases (at most 25 words each) from each cited source that "
        "support the fact: source id to a list of phrases, or to {phrases: [...], locator: ...}."))
    path: str = ""
    line: int = 0
    field_lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)
    #: The marking the fact states (or the default), without what it inherits. Empty when not
    #: known: the same as ``markings``.
    declared: dict[str, str] = field(default_factory=dict)

    def text_for(self, audience: str) -> str:
        """The statement as worded for ``audience``."""
        return self.wording.get(audience, self.statement)


@dataclass(frozen=True, kw_only=True)
class Gates:
    """A briefing's quality gates; a gate left as None or False is not checked."""

    pages: int | None = field(default=None, metadata=declared("int", "The most A4 pages the PDF may have."))
    words: int | None = field(default=None, metadata=declared(
        "int", "The most words the brief may have (notes and sources not counted)."))
    sentence_words: int | None = field(default=None, metadata=declared("int", "The most words a sentence may have."))
    plain_english: bool = field(default=False, metadata=declared(
        "bool", "Flag the words to avoid and acronyms not expanded at first use."))
    acronyms: bool = field(default=False, metadata=declared(
        "bool", "Flag acronyms not expanded at first use (implied by plain_english)."))
    reading_ease: int | None = field(default=None, metadata=declared(
        "int", "The lowest Flesch reading ease allowed (60 and above is plain English)."))
    acronyms_known: tuple[str, ...] = field(default=(), metadata=declared(
        "slugs", "Acronyms that need no expansion for this reader, lowercased."))

    def __bool__(self) -> bool:
        """Whether any gate is set."""
        return self != Gates()


@dataclass(frozen=True, kw_only=True)
class Contact:
    """Who a brief comes from: a named person, their email, and (for a header's sender) their unit and
    organisation."""

    unit: str | None = field(default=None, metadata=declared("text", "The sending team or unit."))
    organisation: str | None = field(default=None, metadata=declared(
        "text", "The sender's organisation, where it is not the settings' one (then no name or email "
        "is taken from the settings' contact)."))
    name: str | None = field(default=None, metadata=declared("text", "The named contact."))
    email: str | None = field(default=None, metadata=declared("text", "The contact's email address.",
                                                              check=rules.email))


@dataclass(frozen=True, kw_only=True)
class Clearance:
    """Who cleared a brief, and when."""

    by: str = field(metadata=declared("text", "Who cleared it (a name and role).", required=True))
    date: dt.date | None = field(default=None, metadata=declared("date", "When it was cleared."))


@dataclass(frozen=True, kw_only=True)
class Meeting:
    """The meeting an EU briefing is for: what, on which day, where, and at what time."""

    what: str = field(metadata=declared("text", "The meeting, e.g. 'Meeting with OpenAI on cyber access'.",
                                        required=True))
    when: dt.date | None = field(default=None, metadata=declared("date", "Its date."))
    where: str | None = field(default=None, metadata=declared("text", "Its place."))
    time: str | None = field(default=None, metadata=declared("text", "Its time, e.g. '10:00-11:30 CET'."))


@dataclass(frozen=True, kw_only=True)
class Header:
    """A brief's document header block (``header:`` in its spec); every part is optional."""

    to: str | None = field(default=None, metadata=declared(
        "text", "Who the brief is addressed to, e.g. 'Cross-regulator AI group'."))
    sender: Contact | None = field(default=None, metadata=declared(
        "record", "Who sends it: unit, organisation, name, email (name and email default to the settings' "
        "contact unless it names its own organisation).",
        name="from", of=Contact))
    purpose: str | None = field(default=None, metadata=declared(
        "choice", "For decision or for information.", choices=("decision", "information")))
    decision_by: dt.date | None = field(default=None, metadata=declared(
        "date", "The date a decision is needed by (with purpose: decision)."))
    reference: str | None = field(default=None, metadata=declared(
        "text", "The brief's reference, e.g. 'AI-2026-014'."))
    clearance: Clearance | None = field(default=None, metadata=declared(
        "record", "Who cleared the brief (by) and when (date; not 'on', which YAML reads as true).", of=Clearance))
    consulted: str | None = field(default=None, metadata=declared(
        "text", "Who was consulted on the brief, e.g. 'AISI, NCSC, FCA, ICO'."))
    meeting: Meeting | None = field(default=None, metadata=declared(
        "record", "For a briefing before a meeting: what, when (a date), where, time.", of=Meeting))


@dataclass(frozen=True, kw_only=True)
class Logo:
    """An image file in assets/ shown on every brief's header, with the text a screen reader reads."""

    file: str = field(metadata=declared("text", "An image file inside assets/.", required=True))
    alt: str = field(metadata=declared("text", "What the logo shows, for screen readers (required).",
                                       required=True))


@dataclass(frozen=True, kw_only=True)
class Briefing:
    title: str = field(metadata=declared("text", "The brief's title.", required=True))
    subtitle: str | None = field(default=None, metadata=declared("text", "A line under the title."))
    audience: str = field(metadata=declared("slug", "Audience id: picks fact wording, e.g. uk-sme.", required=True))
    template: str = field(metadata=declared("text", "Template file inside templates/.", required=True))
    stylesheet: str | None = field(default=None, metadata=declared(
        "text", "Stylesheet inside templates/ for HTML and PDF."))
    reference_docx: str | None = field(default=None, metadata=declared(
        "text", "Word template (.dotx) or document inside templates/ whose styles the .docx uses."))
    style: str = field(default="uk", metadata=declared("choice", "Date and number style.", choices=("eu", "uk")))
    lang: str = field(default=DEFAULT_LANG, metadata=declared(
        "text", "The brief's language, a BCP 47 tag such as en-GB or fr-FR (default: the settings' lang): "
        "the document language in every format, its dates, numbers and fixed phrases.", check=rules.lang))
    citations: str = field(default="notes", metadata=declared("choice", "How claims cite sources.",
                                                              choices=("notes", "lines")))
    tags: tuple[str, ...] = field(default=(), metadata=declared("slugs", "Draw the facts carrying any of these tags."))
    facts: tuple[str, ...] = field(default=(), metadata=declared("slugs", "Draw these facts by id."))
    exclude_tags: tuple[str, ...] = field(default=(), metadata=declared(
        "slugs", "Leave out facts carrying any of these tags."))
    stale: str = field(default="show", metadata=declared(
        "choice", "Facts past review_by: show them marked 'under review', or omit them.", choices=("show", "omit")))
    ceiling: dict[str, str] = field(metadata=declared(
        "marking", "The highest marking(s) this brief's reader may see.", required=True))
    marking_floor: dict[str, str] = field(default_factory=dict, metadata=declared(
        "marking", "The floor: the brief is marked at least this, whatever facts it uses "
        "(for its own lines to take and recommendations). Within the ceiling.", name="marking",
        old_names=(("marking_floor", "Old name for 'marking' (the floor)."),)))
    portion_marks: bool = field(default=False, metadata=declared(
        "bool", "Prefix each paragraph and bullet with the marking of what it holds, e.g. (TLP:GREEN)."))
    formats: tuple[str, ...] = field(metadata=declared("texts", "Outputs: md, html, pdf, txt, docx.",
                                                       check=rules.formats_from(FORMATS)))
    author: str | None = field(default=None, metadata=declared(
        "text", "Who issues the brief, shown on it and in PDF metadata."))
    gates: Gates = field(default=Gates(), metadata=declared(
        "record", "Quality gates: pages, words, sentence_words, plain_english, reading_ease.", of=Gates,
        title="quality gates"))
    # Evidence (issue 14)
    #: Under ``check --strict``, every fact the brief uses must have verified evidence.
    require_evidence: bool = field(default=False, metadata=declared(
        "bool", "Under `check --strict`, every fact the brief uses must have evidence "
        "verified against its source's archived text."))
    short_title: str | None = field(default=None, metadata=declared(
        "text", "A title under 65 characters for the browser tab and the PDF title bar, where the full title "
        "is long.", check=rules.short_title))
    header: Header | None = field(default=None, metadata=declared(
        "record", "The document header block: to, from (unit, name, email), purpose (decision or "
        "information), decision_by, reference, clearance (by, date), consulted, meeting (what, when, where, time).",
        of=Header, title="document header block"))
    numbered_paragraphs: bool = field(default=False, metadata=declared(
        "bool", "Number the body's paragraphs and bullet points 1, 2, 3 in every format, "
        "as UK submissions do (headings, the header block, tables, notes and annexes are not numbered)."))
    # Provenance (issue 22); checked in content.specs
    dates: dict[str, dt.date] = field(default_factory=dict, metadata=declared(
        "record", "Dates the brief works to, name to YYYY-MM-DD, e.g. meeting: 2026-12-09, decision_by, "
        "remits_report_by; templates print them as brief.dates.<name> in the audience's style; check and build "
        "warn when one is on or before the edition date."))
    #: The freshness gate in days: the oldest the newest source may be at the edition date.
    max_source_age: int | None = field(default=None, metadata=declared(
        "text", "The freshness gate: the oldest the brief's newest source may be at the edition date, e.g. 60d, "
        "8w or 2m (days, weeks, months of 30 days)."))
    require_citations: bool = field(default=False, metadata=declared(
        "bool", "Make an uncited claim in the template (a sentence with a date, number, name or quotation that "
        "neither prints nor cites a fact nor is marked as our own words) an error."))
    # Parameterised briefings (issue 26): expanded in content.matrix where specs are loaded
    matrix: dict[str, tuple[str, ...]] = field(default_factory=dict, metadata=declared(
        "record", "Make one brief per combination of values: parameter name to a list of values that are "
        "lowercase ids, e.g. sector: [finance, energy]. Each brief's id is the spec's id and its values joined "
        "by '--' (sectors.yaml makes sectors--finance); title, subtitle, short_title, tags, exclude_tags and "
        "facts may hold {sector}-style placeholders; templates read brief.params.sector."))
    id: str
    #: A matrix instance's parameters, name to value ({} for a briefing without a matrix).
    params: dict[str, str] = field(default_factory=dict)
    #: The id of the spec a matrix instance comes from (None for a briefing without a matrix).
    matrix_of: str | None = None
    path: str = ""
    #: Lines of the spec's fields (and of each 'dates' entry, as 'dates.<name>'), for messages.
    field_lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    @property
    def spec(self) -> str:
        """The spec file, for messages: with the instance's id for a matrix instance, since the spec
        makes several briefings ('briefings/sectors.yaml for sectors--finance')."""
        return f"{self.path} for {self.id}" if self.matrix_of else self.path


@dataclass(frozen=True)
class Scale:
    """An ordered marking scale, lowest level first."""

    name: str
    levels: tuple[str, ...]

    def rank(self, level: str) -> int:
        return self.levels.index(level)


@dataclass(frozen=True, kw_only=True)
class Settings:
    timezone: str = field(default="Europe/London", metadata=declared(
        "text", "IANA time zone for the edition date, e.g. Europe/London.", check=rules.timezone))
    formats: tuple[str, ...] = field(default=("md", "pdf"), metadata=declared(
        "texts", "Default output formats for briefings.", check=rules.formats_from(FORMATS)))
    author: str | None = field(default=None, metadata=declared("text", "Default issuer of briefs."))
    lang: str = field(default=DEFAULT_LANG, metadata=declared(
        "text", "The default language of briefs, a BCP 47 tag such as en-GB or fr-FR; also the language of "
        "the editions' index and feeds.", check=rules.lang))
    default_scale: str = field(default="tlp", metadata=declared(
        "slug", "The scale whose lowest level is a fact's default marking."))
    keep_editions: int = field(default=12, metadata=declared(
        "int", "How many editions of each brief to keep in the editions folder (0: all)."))
    editions: str = field(default=EDITIONS_DIR, metadata=declared(
        "text", "The folder, inside the project and outside build/, where published editions, "
        "their feeds and index are kept (default: editions).", check=rules.editions_folder))
    base_url: str | None = field(default=None, metadata=declared(
        "text", "The address where the editions folder is served, e.g. "
        "https://intranet.example.org/briefs/; feeds then give absolute links."))
    organisation: str | None = field(default=None, metadata=declared(
        "text", "The organisation that issues the briefs, shown in their header blocks."))
    contact: Contact | None = field(default=None, metadata=declared(
        "record", "The default named contact of every brief: name and email.", of=Contact,
        only=("name", "email"), needs=("name", "email")))
    logo: Logo | None = field(default=None, metadata=declared(
        "record", "A logo shown in the header blocks: file (inside assets/) and alt (what it shows).", of=Logo))
    scales: tuple[Scale, ...] = field(default=(
        Scale("tlp", ("TLP:CLEAR", "TLP:GREEN", "TLP:AMBER", "TLP:AMBER+STRICT", "TLP:RED")),
        Scale("uk", ("OFFICIAL", "OFFICIAL-SENSITIVE")),
    ), metadata=declared(
        "scales", "Marking scales: name to levels, lowest first (replaces the built-in). "
        "A brief shows its markings in the order the scales are listed.", check=rules.one_scale_per_level))
    #: Overrides of briefgen's fixed phrases: language tag to phrase key to text (content/phrases.py).
    phrases: dict[str, dict[str, Any]] = field(default_factory=dict, metadata=declared(
        "record", "Overrides of briefgen's fixed phrases ('n.d.', 'drawing on', 'Page {page} of {pages}', the "
        "plain-English word list...): a language (fr) or tag (fr-CA) to phrase key to text; "
        "see docs/file-formats.md for the keys."))
    yardstick: Yardstick = field(default=PHIA, metadata=declared(
        "name or record", "The probability yardstick of assessments: phia (the default), icd203, or the "
        "project's own as {name: ..., terms: {term: '55-75%', ...}}, lowest first."))
    # Evidence (issue 14)
    #: The folder of archived source texts, relative to the project root (may be outside it).
    archive: str | None = field(default=None, metadata=declared(
        "text", "The folder of archived source texts (one file per source), relative to the "
        "project; it may be outside the project, e.g. ../shared/sources."))

    def scale(self, name: str) -> Scale:
        return next(s for s in self.scales if s.name == name)

    def scale_of(self, level: str) -> Scale | None:
        return next((s for s in self.scales if level in s.levels), None)
