"""The fields of each content record (source, fact, briefing, gates, settings), and the JSON Schemas made from them."""

from __future__ import annotations

from typing import Any

from briefgen.content.fields import Field, json_schema
from briefgen.content.model import KINDS, LIKELIHOODS

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
    Field("marking", "marking", "Handling marking(s) of the source's own details; default TLP:CLEAR. "
          "Facts citing it carry at least this marking."),
    # Evidence (issue 14)
    Field("archive", "text", "The file of the source's archived text, inside the settings' archive folder "
          "(default: the source id with .txt); 'offline' when its text cannot be kept: its evidence is then "
          "checked by a reviewer at its url."),
    Field("archive_sha256", "text", "The SHA-256 of the archived text when its evidence was checked; "
          "`check` says which facts rest on it when the text changes."),
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
    Field("marking", "marking", "Handling marking(s); default TLP:CLEAR. Never blank."),
    Field("as_of", "date", "When the fact was true or recorded."),
    Field("review_by", "date", "When an analyst must check it again."),
    Field("change", "choice", "How its change since the last published edition reaches readers: substantive "
          "(the default: listed under 'What has changed') or editorial (a rewording or typo: kept in the "
          "manifest, not shown).", choices=("substantive", "editorial")),
    Field("change_note", "text", "One line on what changed since the last published edition, shown to readers "
          "beside a substantive change."),
    # Evidence (issue 14)
    Field("evidence", "record", "Short verbatim phrases (at most 25 words each) from each cited source that "
          "support the fact: source id to a list of phrases, or to {phrases: [...], locator: ...}."),
)

BRIEFING_FIELDS = (
    Field("title", "text", "The brief's title.", required=True),
    Field("subtitle", "text", "A line under the title."),
    Field("audience", "slug", "Audience id: picks fact wording, e.g. uk-sme.", required=True),
    Field("template", "text", "Template file inside templates/.", required=True),
    Field("stylesheet", "text", "Stylesheet inside templates/ for HTML and PDF."),
    Field("reference_docx", "text", "Word template (.dotx) or document inside templates/ whose styles the .docx uses."),
    Field("style", "choice", "Date and number style.", choices=("eu", "uk")),
    Field("citations", "choice", "How claims cite sources.", choices=("notes", "lines")),
    Field("tags", "slugs", "Draw the facts carrying any of these tags."),
    Field("facts", "slugs", "Draw these facts by id."),
    Field("exclude_tags", "slugs", "Leave out facts carrying any of these tags."),
    Field("stale", "choice", "Facts past review_by: show them marked 'under review', or omit them.",
          choices=("show", "omit")),
    Field("ceiling", "marking", "The highest marking(s) this brief's reader may see.", required=True),
    Field("marking", "marking", "The floor: the brief is marked at least this, whatever facts it uses "
          "(for its own lines to take and recommendations). Within the ceiling."),
    Field("marking_floor", "marking", "Old name for 'marking' (the floor)."),
    Field("portion_marks", "bool", "Prefix each paragraph and bullet with the marking of what it holds, "
          "e.g. (TLP:GREEN)."),
    Field("formats", "texts", "Outputs: md, html, pdf, txt, docx."),
    Field("author", "text", "Who issues the brief, shown on it and in PDF metadata."),
    Field("gates", "record", "Quality gates: pages, words, sentence_words, plain_english, reading_ease."),
    # Evidence (issue 14)
    Field("require_evidence", "bool", "Under `check --strict`, every fact the brief uses must have evidence "
          "verified against its source's archived text."),
    Field("short_title", "text", "A title under 65 characters for the browser tab and the PDF title bar, "
          "where the full title is long."),
    Field("header", "record", "The document header block: to, from (unit, name, email), purpose (decision or "
          "information), decision_by, reference, clearance (by, date), meeting (what, when, where, time)."),
    Field("numbered_paragraphs", "bool", "Number the body's paragraphs and bullet points 1, 2, 3 in every format, "
          "as UK submissions do (headings, the header block, tables, notes and annexes are not numbered)."),
    # Provenance (issue 22)
    Field("dates", "record", "Dates the brief works to, name to YYYY-MM-DD, e.g. meeting: 2026-12-09, decision_by, "
          "remits_report_by; templates print them as brief.dates.<name> in the audience's style; check and build "
          "warn when one is on or before the edition date."),
    Field("max_source_age", "text", "The freshness gate: the oldest the brief's newest source may be at the "
          "edition date, e.g. 60d, 8w or 2m (days, weeks, months of 30 days)."),
    Field("require_citations", "bool", "Make an uncited claim in the template (a sentence with a date, number, "
          "name or quotation that neither prints nor cites a fact nor is marked as our own words) an error."),
)

HEADER_FIELDS = (
    Field("to", "text", "Who the brief is addressed to, e.g. 'Cross-regulator AI group'."),
    Field("from", "record", "Who sends it: unit, name, email (name and email default to the settings' contact)."),
    Field("purpose", "choice", "For decision or for information.", choices=("decision", "information")),
    Field("decision_by", "date", "The date a decision is needed by (with purpose: decision)."),
    Field("reference", "text", "The brief's reference, e.g. 'AI-2026-014'."),
    Field("clearance", "record", "Who cleared the brief (by) and when (date; not 'on', which YAML reads as true)."),
    Field("meeting", "record", "For a briefing before a meeting: what, when (a date), where, time."),
)

SENDER_FIELDS = (
    Field("unit", "text", "The sending team or unit."),
    Field("name", "text", "The named contact."),
    Field("email", "text", "The contact's email address."),
)

CLEARANCE_FIELDS = (
    Field("by", "text", "Who cleared it (a name and role).", required=True),
    Field("date", "date", "When it was cleared."),
)

MEETING_FIELDS = (
    Field("what", "text", "The meeting, e.g. 'Meeting with OpenAI on cyber access'.", required=True),
    Field("when", "date", "Its date."),
    Field("where", "text", "Its place."),
    Field("time", "text", "Its time, e.g. '10:00-11:30 CET'."),
)

CONTACT_FIELDS = (
    Field("name", "text", "The named contact.", required=True),
    Field("email", "text", "Their email address.", required=True),
)

LOGO_FIELDS = (
    Field("file", "text", "An image file inside assets/.", required=True),
    Field("alt", "text", "What the logo shows, for screen readers (required).", required=True),
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
    Field("keep_editions", "int", "How many editions of each brief to keep in the editions folder (0: all)."),
    Field("editions", "text", "The folder, inside the project and outside build/, where published editions, "
          "their feeds and index are kept (default: editions)."),
    Field("base_url", "text", "The address where the editions folder is served, e.g. "
          "https://intranet.example.org/briefs/; feeds then give absolute links."),
    Field("organisation", "text", "The organisation that issues the briefs, shown in their header blocks."),
    Field("contact", "record", "The default named contact of every brief: name and email."),
    Field("logo", "record", "A logo shown in the header blocks: file (inside assets/) and alt (what it shows)."),
    Field("scales", "scales", "Marking scales: name to levels, lowest first (replaces the built-in). "
          "A brief shows its markings in the order the scales are listed."),
    # Evidence (issue 14)
    Field("archive", "text", "The folder of archived source texts (one file per source), relative to the "
          "project; it may be outside the project, e.g. ../shared/sources."),
)

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def schemas() -> dict[str, dict[str, Any]]:
    fact_file = {
        "$schema": DRAFT,
        "title": "briefgen fact file (facts/*.yaml)",
        "type": "object",
        "properties": {
            "facts": {"type": "array", "items": json_schema(FACT_FIELDS, "fact")},
            "sources": {"type": "array", "items": json_schema(SOURCE_FIELDS, "source")},
        },
        "additionalProperties": False,
    }
    briefing = {"$schema": DRAFT, **json_schema(BRIEFING_FIELDS, "briefgen briefing spec")}
    briefing["properties"]["gates"] = {**json_schema(GATE_FIELDS, "quality gates"),
                                       "description": briefing["properties"]["gates"]["description"]}
    header = json_schema(HEADER_FIELDS, "document header block")
    for name, fields in (("from", SENDER_FIELDS), ("clearance", CLEARANCE_FIELDS), ("meeting", MEETING_FIELDS)):
        header["properties"][name] = {**json_schema(fields, name),
                                      "description": header["properties"][name]["description"]}
    briefing["properties"]["header"] = {**header, "description": briefing["properties"]["header"]["description"]}
    settings = {"$schema": DRAFT, **json_schema(SETTINGS_FIELDS, "briefgen settings (briefgen.yaml)")}
    for name, fields in (("contact", CONTACT_FIELDS), ("logo", LOGO_FIELDS)):
        settings["properties"][name] = {**json_schema(fields, name),
                                        "description": settings["properties"][name]["description"]}
    return {"fact-file": fact_file, "briefing": briefing, "settings": settings}
