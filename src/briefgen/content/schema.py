"""JSON Schemas for content files, generated from the same field lists that validate them."""

from __future__ import annotations

from typing import Any

from briefgen.content.fields import json_schema
from briefgen.content.model import BRIEFING_FIELDS, FACT_FIELDS, GATE_FIELDS, SETTINGS_FIELDS, SOURCE_FIELDS

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
    settings = {"$schema": DRAFT, **json_schema(SETTINGS_FIELDS, "briefgen settings (briefgen.yaml)")}
    return {"fact-file": fact_file, "briefing": briefing, "settings": settings}
