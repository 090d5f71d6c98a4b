"""Declarative field lists for content records: one source for validation and JSON Schema.

Each record type (source, fact, briefing, project settings) is a tuple of
:class:`Field`. :func:`check_record` validates a loaded mapping against it and
reports every problem with its line; :func:`json_schema` turns the same list
into a JSON Schema for editors.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from briefgen.content.yamlfile import Mapping
from briefgen.exceptions import Problem

SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

#: Field types: what each accepts, as said in messages.
EXPECTED = {
    "text": "text",
    "slug": "a lowercase id (letters, digits, hyphens)",
    "slugs": "a list of lowercase ids",
    "date": "a date as YYYY-MM-DD",
    "choice": "one of",
    "texts": "a list of text",
    "wording": "a mapping of audience id to text",
    "marking": "a marking such as TLP:CLEAR, or a list of markings on different scales",
    "bool": "true or false",
    "int": "a whole number",
    "scales": "a mapping of scale name to its levels, lowest first",
    "record": "a mapping",
}


@dataclass(frozen=True)
class Field:
    """One field of a record."""

    name: str
    type: str
    help: str
    required: bool = False
    choices: tuple[str, ...] = ()


def describe(value: Any) -> str:
    """A short description of a found value for error messages."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"'{shown}'" if value else "empty text"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"{value!r}"


def parse_date(value: str) -> dt.date | None:
    """A strict YYYY-MM-DD date, or None when the text is not one."""
    if not isinstance(value, str) or not DATE_RE.match(value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def check_record(
    record: Any, fields: Sequence[Field], shown_as: str, what: str, line: int | None = None
) -> tuple[dict[str, Any], list[Problem]]:
    """Validate one mapping; return its cleaned values and every problem found."""
    if not isinstance(record, Mapping):
        return {}, [Problem(shown_as, line, None, f"expected {what} (a mapping), found {describe(record)}")]
    by_name = {f.name: f for f in fields}
    problems: list[Problem] = []
    values: dict[str, Any] = {}
    for key in record:
        if key not in by_name:
            hint = difflib.get_close_matches(key, by_name, n=1)
            extra = f"; did you mean '{hint[0]}'?" if hint else f"; expected one of: {', '.join(by_name)}"
            problems.append(Problem(shown_as, record.line_of(key), key, f"unknown field{extra}"))
    for field in fields:
        if field.name not in record or record[field.name] is None:
            if field.required:
                problems.append(
                    Problem(shown_as, record.line, field.name, f"required field is missing in {what}")
                )
            continue
        value = record[field.name]
        at = record.line_of(field.name)
        cleaned, message = _check_value(field, value)
        if message:
            problems.append(Problem(shown_as, at, field.name, message))
        else:
            values[field.name] = cleaned
    return values, problems


def _control_character(value: Any) -> str | None:
    """The first control character (other than white space) in a value's strings: invisible in a
    brief, and most cannot be written in XML at all (the Word edition)."""
    if isinstance(value, str):
        return next((c for c in value if unicodedata.category(c) in ("Cc", "Cs") and not c.isspace()), None)
    items = value.items() if isinstance(value, dict) else value if isinstance(value, list) else ()
    for item in items:
        for part in item if isinstance(item, tuple) else (item,):
            if (found := _control_character(part)) is not None:
                return found
    return None


def _check_value(field: Field, value: Any) -> tuple[Any, str | None]:
    expected = EXPECTED[field.type]
    bad = f"expected {expected}, found {describe(value)}"
    if (control := _control_character(value)) is not None:
        return None, f"expected text without control characters, found U+{ord(control):04X}"
    if field.type == "text":
        if not isinstance(value, str) or not value.strip():
            return None, bad
        return " ".join(value.split()), None
    if field.type == "slug":
        if not isinstance(value, str) or not SLUG_RE.match(value):
            return None, bad
        return value, None
    if field.type == "slugs":
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(
            isinstance(v, str) and SLUG_RE.match(v) for v in items
        ):
            return None, bad
        return tuple(items), None
    if field.type == "texts":
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            return None, bad
        return tuple(" ".join(v.split()) for v in value), None
    if field.type == "date":
        parsed = parse_date(value)
        return (parsed, None) if parsed else (None, bad)
    if field.type == "choice":
        if value not in field.choices:
            return None, f"expected one of {', '.join(field.choices)}; found {describe(value)}"
        return value, None
    if field.type == "wording":
        if not isinstance(value, dict) or not all(
            isinstance(k, str) and SLUG_RE.match(k) and isinstance(v, str) and v.strip()
            for k, v in value.items()
        ):
            return None, bad
        return {k: " ".join(v.split()) for k, v in value.items()}, None
    if field.type == "marking":
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not items or not all(isinstance(v, str) for v in items):
            return None, bad
        return tuple(items), None
    if field.type == "bool":
        return (value, None) if isinstance(value, bool) else (None, bad)
    if field.type == "record":
        return (value, None) if isinstance(value, Mapping) else (None, bad)
    if field.type == "scales":
        ok = isinstance(value, dict) and value and all(
            isinstance(k, str) and SLUG_RE.match(k) and isinstance(v, list) and v
            and all(isinstance(x, str) and x.strip() for x in v)
            for k, v in value.items()
        )
        return ({k: tuple(v) for k, v in value.items()}, None) if ok else (None, bad)
    if field.type == "int":
        ok = isinstance(value, int) and not isinstance(value, bool) and value >= 0
        return (value, None) if ok else (None, bad)
    raise AssertionError(f"unknown field type {field.type}")


_JSON_TYPES: dict[str, dict[str, Any]] = {
    "text": {"type": "string", "minLength": 1},
    "slug": {"type": "string", "pattern": SLUG_RE.pattern},
    "slugs": {
        "oneOf": [
            {"type": "string", "pattern": SLUG_RE.pattern},
            {"type": "array", "items": {"type": "string", "pattern": SLUG_RE.pattern}},
        ]
    },
    "texts": {"type": "array", "items": {"type": "string", "minLength": 1}},
    "date": {"type": "string", "pattern": DATE_RE.pattern, "format": "date"},
    "wording": {"type": "object", "additionalProperties": {"type": "string", "minLength": 1}},
    "marking": {
        "oneOf": [
            {"type": "string"},
            {"type": "array", "items": {"type": "string"}, "minItems": 1},
        ]
    },
    "bool": {"type": "boolean"},
    "int": {"type": "integer", "minimum": 0},
    "record": {"type": "object"},
    "scales": {
        "type": "object",
        "additionalProperties": {"type": "array", "items": {"type": "string"}, "minItems": 1},
    },
}


def json_schema(fields: Sequence[Field], title: str) -> dict[str, Any]:
    """A JSON Schema object for one record type."""
    properties: dict[str, Any] = {}
    for field in fields:
        if field.type == "choice":
            prop: dict[str, Any] = {"enum": list(field.choices)}
        else:
            prop = dict(_JSON_TYPES[field.type])
        prop["description"] = field.help
        properties[field.name] = prop
    return {
        "title": title,
        "type": "object",
        "properties": properties,
        "required": [f.name for f in fields if f.required],
        "additionalProperties": False,
    }
