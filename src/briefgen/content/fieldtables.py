"""The documentation's field tables, made from the field declarations (``content/model.py``).

The page for file formats (``docs/file-formats.md``, :data:`PAGE`) marks where each table goes with
``<!-- fields: NAME -->`` and ``<!-- /fields -->``;
NAME is a record (``fact``, ``briefing``, ``settings``...) or a record nested in one
(``briefing.header.from``). ``tests/test_fields.py`` keeps the page in step, and
``python -m briefgen.content.fieldtables docs/file-formats.md`` (run by ``make golden``) rewrites its tables.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from briefgen.content.fields import Field
from briefgen.content.model import Yardstick
from briefgen.content.schema import BRIEFING_FIELDS, FACT_FIELDS, SETTINGS_FIELDS, SOURCE_FIELDS
from briefgen.content.yardstick import BUILT_IN

#: The page, from the repository root, that holds the field tables.
PAGE = "docs/file-formats.md"
#: Each field type as a reader of the documentation knows it.
TYPE_WORDS = {
    "text": "text",
    "slug": "id",
    "slugs": "ids",
    "date": "date",
    "choice": "one of",
    "texts": "list of text",
    "wording": "audience id: text",
    "marking": "marking(s)",
    "bool": "true or false",
    "int": "whole number",
    "scales": "scale name: levels",
    "record": "mapping",
    "name or record": "name or mapping",
}
MARKER = re.compile(r"(<!-- fields: (?P<name>[a-z.]+) -->\n)(?P<table>.*?)(<!-- /fields -->)", re.S)
RECORDS = {"source": SOURCE_FIELDS, "fact": FACT_FIELDS, "briefing": BRIEFING_FIELDS, "settings": SETTINGS_FIELDS}


def records() -> Iterator[tuple[str, tuple[Field, ...]]]:
    """Every record with its fields, nested ones as ``parent.field``, parents first."""
    for name, fields in RECORDS.items():
        yield from _walk(name, fields)


def _walk(name: str, fields: tuple[Field, ...]) -> Iterator[tuple[str, tuple[Field, ...]]]:
    yield name, fields
    for field in fields:
        if field.record:
            yield from _walk(f"{name}.{field.name}", field.record)


def table(fields: tuple[Field, ...]) -> str:
    """A Markdown table of ``fields``: name, type, whether required, default, description."""
    rows = ["| field | type | required | default | what it is |", "| --- | --- | --- | --- | --- |"]
    for f in fields:
        kind = f"one of {', '.join(f'`{c}`' for c in f.choices)}" if f.choices else TYPE_WORDS[f.type]
        cells = (f"`{f.name}`", kind, "yes" if f.required else "", _default(f.default), f.help)
        rows.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(rows) + "\n"


def _default(value: Any) -> str:
    """A model default as the page shows it; blank when there is none to tell (None, empty)."""
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, Yardstick):
        return next(f"`{key}`" for key, known in BUILT_IN.items() if known == value)
    if isinstance(value, int | str) and value != "":
        return f"`{value}`"
    if isinstance(value, tuple) and value:
        return ", ".join(f"`{getattr(v, 'name', v)}`" for v in value)
    return ""


def refreshed(readme: str) -> str:
    """``readme`` (the page's text) with each marked table made anew from the declarations."""
    tables = dict(records())
    return MARKER.sub(lambda m: m[1] + table(tables[m["name"]]) + m[4], readme)


def main(path: str) -> None:
    readme = Path(path)
    text = readme.read_text(encoding="utf-8")
    new = refreshed(text)
    if new != text:
        readme.write_text(new, encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else PAGE)
