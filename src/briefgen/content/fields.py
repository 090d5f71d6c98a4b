"""Each field of a content record declared once, and what is made from the declarations.

A record's fields are declared on its model's dataclass (``content/model.py``): each field's
``metadata`` holds a :class:`Declared` (its YAML type, description, whether it is required, its
choices, a check of its value) beside the Python type and default the dataclass gives it.
:func:`record_fields` reads them into a tuple of :class:`Field`, in the order declared;
:func:`check_record` validates a loaded mapping against it and reports every problem with its line;
:func:`json_schema` turns the same tuple into a JSON Schema for editors, and ``content/fieldtables``
into the README's field tables.
"""

from __future__ import annotations

import builtins
import dataclasses
import datetime as dt
import difflib
import functools
import re
from collections.abc import Callable, Sequence
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
    "name or record": "a name or a mapping",
}


#: A check of a field's value beyond its type: the message ("expected ..., found ...") when it
#: fails, else None.
Check = Callable[[Any], str | None]


@dataclass(frozen=True)
class Field:
    """One field of a record, as the YAML has it."""

    name: str
    type: str
    help: str
    required: bool = False
    choices: tuple[str, ...] = ()
    #: The model's attribute that holds it ('from' is a Python keyword: ``Header.sender``).
    attr: str = ""
    #: A nested record's own fields (``type`` "record"), its model, and its title in the JSON Schema.
    record: tuple[Field, ...] = ()
    of: builtins.type | None = None
    title: str = ""
    check: Check | None = None
    #: The model's default, as a reader should know it (None when there is none to tell).
    default: Any = None


@dataclass(frozen=True)
class Declared:
    """A field's declaration, kept in its dataclass field's ``metadata`` under :data:`KEY`."""

    type: str
    help: str
    required: bool = False
    choices: tuple[str, ...] = ()
    #: The name in the YAML, when it is not the attribute's.
    name: str = ""
    #: A nested record: its model, its title, and which of its fields (all when empty) it takes
    #: here, with those of them required here.
    of: builtins.type | None = None
    title: str = ""
    only: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()
    check: Check | None = None
    #: Old names still read for it, each with its description.
    old_names: tuple[tuple[str, str], ...] = ()


KEY = "briefgen"


def declared(type: str, help: str, **more: Any) -> dict[str, Declared]:
    """A dataclass field's ``metadata`` declaring a YAML field (see :class:`Declared` for ``more``)."""
    return {KEY: Declared(type, help, **more)}


@functools.cache
def record_fields(model: type) -> tuple[Field, ...]:
    """The YAML fields of a record, from its model's declarations, in the order declared."""
    found: list[Field] = []
    for spec in dataclasses.fields(model):
        about = spec.metadata.get(KEY)
        if about is None:
            continue
        name = about.name or spec.name
        found.append(Field(name, about.type, about.help, about.required, about.choices, spec.name,
                           _nested(about), about.of, about.title or name, about.check, _default(spec)))
        found += [Field(old, about.type, help, attr=spec.name) for old, help in about.old_names]
    return tuple(found)


def _nested(about: Declared) -> tuple[Field, ...]:
    if about.of is None:
        return ()
    fields = record_fields(about.of)
    if about.only:
        fields = tuple(dataclasses.replace(f, required=f.name in about.needs) for f in fields if f.name in about.only)
    return fields


def _default(spec: dataclasses.Field[Any]) -> Any:
    if spec.default is not dataclasses.MISSING:
        return spec.default
    if spec.default_factory is not dataclasses.MISSING:
        return spec.default_factory()
    return None


def model_values(values: dict[str, Any], fields: Sequence[Field]) -> dict[str, Any]:
    """Checked values (by YAML name) as the model's keyword arguments (by attribute)."""
    attrs = {f.name: f.attr or f.name for f in fields}
    return {attrs[name]: value for name, value in values.items()}


def check_values(values: dict[str, Any], fields: Sequence[Field], shown: str, record: Mapping,
                 prefix: str = "") -> list[Problem]:
    """A problem for each value present that fails its field's declared check (named ``prefix`` +
    the field), in the record's file at the field's line."""
    problems: list[Problem] = []
    for field in fields:
        if field.check is None or field.name not in values:
            continue
        message = field.check(values[field.name])
        if message is not None:
            problems.append(Problem(shown, record.line_of(field.name), prefix + field.name, message))
    return problems


def printable(text: str) -> str:
    """``text`` with every character a terminal would not show as itself written as an escape
    (U+202E as \\u202e): messages must not reorder or hide what they quote."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


def describe(value: Any) -> str:
    """A short description of a found value for error messages."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"'{printable(shown)}'" if value else "empty text"
    if isinstance(value, dict):
        return "a mapping" if value else "an empty mapping"
    if isinstance(value, list):
        return "a list" if value else "an empty list"
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
            problems.append(Problem(shown_as, record.line_of(key), printable(key), f"unknown field{extra}"))
    for field in fields:
        if field.name not in record or record[field.name] is None:
            if field.required:
                problems.append(
                    Problem(shown_as, record.line, field.name, f"required field is missing in {what}")
                )
            continue
        try:
            values[field.name] = _check_value(field, record[field.name])
        except _Bad as bad:
            problems.append(Problem(shown_as, bad.line or record.line_of(field.name), field.name, bad.message))
    return values, problems


class _Bad(Exception):
    """A value that does not fit its field: what was expected and found, and the line of the part at fault."""

    def __init__(self, expected: str, found: str, line: int | None = None) -> None:
        super().__init__(f"expected {expected}, found {found}")
        self.message = str(self)
        self.line = line


def _first_bad(items: list[Any], ok: Callable[[Any], object], expected: str, of: str = "") -> None:
    """Raise for the first item of a list that is not ``ok``, naming it and its place."""
    for index, item in enumerate(items):
        if not ok(item):
            lines = getattr(items, "lines", None)
            raise _Bad(expected, f"{describe(item)} (item {index + 1}{of})", lines[index] if lines else None)


def _is_text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _is_slug(value: Any) -> bool:
    return isinstance(value, str) and bool(SLUG_RE.match(value))


def _check_mapping(value: Any, expected: str, key_is: str, ok: Callable[[str, Any], None]) -> None:
    """Raise for a value that is not a mapping of lowercase ids, or for its first bad entry."""
    if not isinstance(value, dict):
        raise _Bad(expected, describe(value))
    line_of = getattr(value, "line_of", lambda key: None)
    for key, item in value.items():
        if not _is_slug(key):
            raise _Bad(expected, f"{describe(key)}, which is not {key_is} (lowercase letters, digits, hyphens)",
                       line_of(key))
        try:
            ok(key, item)
        except _Bad as bad:
            bad.line = bad.line or line_of(key)
            raise


def _check_value(field: Field, value: Any) -> Any:
    """The cleaned value; raises :class:`_Bad` when it does not fit the field."""
    expected = EXPECTED[field.type]

    def bad() -> _Bad:
        return _Bad(expected, describe(value))

    if field.type == "text":
        if not _is_text(value):
            raise bad()
        return " ".join(value.split())
    if field.type in ("slugs", "texts", "marking"):
        items = [value] if isinstance(value, str) and field.type != "texts" else value
        if not isinstance(items, list) or (field.type == "marking" and not items):
            raise bad()
        if field.type == "slugs":
            _first_bad(items, _is_slug, expected)
            return tuple(items)
        if field.type == "texts":
            _first_bad(items, _is_text, expected)
            return tuple(" ".join(v.split()) for v in items)
        _first_bad(items, lambda v: isinstance(v, str), expected)
        return tuple(items)
    if field.type == "slug":
        if not _is_slug(value):
            raise bad()
        return value
    if field.type == "date":
        parsed = parse_date(value)
        if not parsed:
            raise bad()
        return parsed
    if field.type == "choice":
        if value not in field.choices:
            wrong = bad()
            wrong.message = f"expected one of {', '.join(field.choices)}; found {describe(value)}"
            raise wrong
        return value
    if field.type == "wording":
        def text_for(key: str, text: Any) -> None:
            if not _is_text(text):
                raise _Bad(expected, f"{describe(text)} for '{key}'")

        _check_mapping(value, expected, "an audience id", text_for)
        return {k: " ".join(v.split()) for k, v in value.items()}
    if field.type == "scales":
        def levels(key: str, items: Any) -> None:
            if not isinstance(items, list) or not items:
                raise _Bad(expected, f"{describe(items)} for '{key}'")
            _first_bad(items, _is_text, expected, of=f" of '{key}'")

        if not value:
            raise bad()
        _check_mapping(value, expected, "a scale name", levels)
        return {k: tuple(v) for k, v in value.items()}
    if field.type == "bool":
        if not isinstance(value, bool):
            raise bad()
        return value
    if field.type == "record":
        if not isinstance(value, Mapping):
            raise bad()
        return value
    if field.type == "name or record":
        if not (isinstance(value, Mapping) or _is_text(value)):
            raise bad()
        return value
    if field.type == "int":
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise bad()
        return value
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
    "name or record": {"oneOf": [{"type": "string", "minLength": 1}, {"type": "object"}]},
    "scales": {
        "type": "object",
        "additionalProperties": {"type": "array", "items": {"type": "string"}, "minItems": 1},
    },
}


def json_schema(fields: Sequence[Field], title: str) -> dict[str, Any]:
    """A JSON Schema object for one record type, its nested records included."""
    properties: dict[str, Any] = {}
    for field in fields:
        if field.record:
            prop: dict[str, Any] = json_schema(field.record, field.title)
        elif field.type == "choice":
            prop = {"enum": list(field.choices)}
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
