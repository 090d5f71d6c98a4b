"""The document conventions a spec and the settings can give: header block, sender, logo.

Each part is checked like any other record (every problem with its file, line and field, named
``header.from.email`` and so on); the values are data, escaped like a fact's text when printed.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from briefgen.content.fields import Field, check_record, check_values, describe, model_values
from briefgen.content.model import Contact, Header, Logo
from briefgen.content.paths import inside
from briefgen.content.schema import CONTACT_FIELDS, HEADER_FIELDS, LOGO_FIELDS
from briefgen.content.yamlfile import Mapping
from briefgen.exceptions import Problem

#: How a purpose reads on a brief.
PURPOSES = {"decision": "For decision", "information": "For information"}


def _record(value: Any, fields: Sequence[Field], shown: str, name: str, line: int | None,
            problems: list[Problem]) -> dict[str, Any] | None:
    """A nested record checked, its problems named ``name.field``; None when it has any."""
    values, found = check_record(value, fields, shown, f"'{name}'", line)
    problems += [Problem(p.path, p.line, f"{name}.{p.field}" if p.field else name, p.message) for p in found]
    if found:
        return None
    found = check_values(values, fields, shown, value, prefix=f"{name}.")
    problems += found
    return None if found else values


def header(value: Mapping, shown: str, line: int | None, problems: list[Problem]) -> Header | None:
    """A spec's ``header:``, or None when it has problems (added to ``problems``)."""
    before = len(problems)
    values = _record(value, HEADER_FIELDS, shown, "header", line, problems)
    if values is None:
        return None
    parts: dict[str, Any] = {}
    for field in HEADER_FIELDS:
        if field.of is not None and field.name in values:
            found = _record(values.pop(field.name), field.record, shown, f"header.{field.name}",
                            value.line_of(field.name), problems)
            if found is not None:
                parts[field.attr] = field.of(**model_values(found, field.record))
    if "decision_by" in values and values.get("purpose") != "decision":
        problems.append(Problem(shown, value.line_of("decision_by"), "header.decision_by",
                                f"expected 'purpose: decision' with a decision date, found purpose "
                                f"{describe(values.get('purpose'))}"))
    if len(problems) > before:
        return None
    return Header(**model_values(values, HEADER_FIELDS), **parts)


def contact(value: Mapping, shown: str, line: int | None, problems: list[Problem]) -> Contact | None:
    """The settings' default ``contact``."""
    values = _record(value, CONTACT_FIELDS, shown, "contact", line, problems)
    return None if values is None else Contact(**values)


def logo(value: Mapping, shown: str, line: int | None, assets: Path, problems: list[Problem]) -> Logo | None:
    """The settings' ``logo``: an existing image file inside ``assets``, with its alt text."""
    values = _record(value, LOGO_FIELDS, shown, "logo", line, problems)
    if values is None:
        return None
    target = inside(assets, values["file"]) if assets.is_dir() else None
    if target is None or not target.is_file():
        problems.append(Problem(shown, value.line_of("file"), "logo.file",
                                f"expected an image file inside {assets.name}/, found {describe(values['file'])}"))
        return None
    return Logo(**values)
