"""The fields of each content record (source, fact, briefing, gates, settings), read from their
declarations in ``content/model.py``, and the JSON Schemas made from them."""

from __future__ import annotations

from typing import Any

from briefgen.content.fields import Field, json_schema, record_fields
from briefgen.content.model import Briefing, Clearance, Contact, Fact, Gates, Header, Logo, Meeting, Settings, Source


def _nested(fields: tuple[Field, ...], name: str) -> tuple[Field, ...]:
    return next(f.record for f in fields if f.name == name)


SOURCE_FIELDS = record_fields(Source)
FACT_FIELDS = record_fields(Fact)
BRIEFING_FIELDS = record_fields(Briefing)
GATE_FIELDS = record_fields(Gates)
HEADER_FIELDS = record_fields(Header)
SENDER_FIELDS = record_fields(Contact)
CLEARANCE_FIELDS = record_fields(Clearance)
MEETING_FIELDS = record_fields(Meeting)
SETTINGS_FIELDS = record_fields(Settings)
CONTACT_FIELDS = _nested(SETTINGS_FIELDS, "contact")
LOGO_FIELDS = record_fields(Logo)

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
    settings = {"$schema": DRAFT, **json_schema(SETTINGS_FIELDS, "briefgen settings (briefgen.yaml)")}
    return {"fact-file": fact_file, "briefing": briefing, "settings": settings}
