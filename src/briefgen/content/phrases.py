"""The fixed phrases briefgen writes itself ("n.d.", "drawing on", "Page 1 of 2", the feed's labels, the
plain-English word list), one catalogue per language, which a project can override.

Built in: ``briefgen/content/catalogues/<language>.yaml`` (en.yaml holds every key; another language's file may
leave some out, which then stay English). A project overrides any of them in briefgen.yaml::

    phrases:
      fr:                  # a language (every fr-* brief) or a full tag (fr-CA)
        n_d: "s. d."
        plain_english_avoid: [impacter, synergie]

A brief in fr-CA takes English, then fr.yaml, then fr-CA.yaml if briefgen has one, then the project's
``fr``, then its ``fr-CA``. Each override is checked: a known key, text for a text and a list for a
list, and the same placeholders (``{date}``) as the English.
"""

from __future__ import annotations

import difflib
import functools
import string
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from briefgen.content.fields import describe, printable
from briefgen.content.locale import DEFAULT_LANG, check_lang, primary
from briefgen.exceptions import Problem

#: Characters that would start Markdown markup in a phrase's own words, escaped where a phrase goes into Markdown.
_MARKUP = str.maketrans({char: "\\" + char for char in "\\`*_<>&~|[]"})

Value = str | tuple[str, ...]


@functools.cache
def builtin(name: str) -> dict[str, Value]:
    """The built-in catalogue ``name`` ('en', 'fr', 'fr-CA'); empty when briefgen has none."""
    try:
        text = resources.files("briefgen.content").joinpath("catalogues", f"{name}.yaml").read_text("utf-8")
    except FileNotFoundError:
        return {}
    data = yaml.safe_load(text) or {}
    return {key: tuple(value) if isinstance(value, list) else value for key, value in data.items()}


def placeholders(text: str) -> frozenset[str]:
    """The names in braces in ``text`` ('{date}' gives 'date')."""
    return frozenset(name for _, name, _, _ in string.Formatter().parse(text) if name is not None)


@dataclass(frozen=True)
class Phrases:
    """The phrases of one language, overrides applied."""

    lang: str
    table: Mapping[str, Value]

    def text(self, key: str, **values: object) -> str:
        """The phrase ``key`` with its placeholders filled in."""
        phrase = self.table[key]
        assert isinstance(phrase, str), key
        return phrase.format_map({name: str(value) for name, value in values.items()}) if values else phrase

    def table_notes(self) -> tuple[str, str, str]:
        """The line under a table that lists its notes (writers/table_notes.py): for one note and for
        several (each keeping ``{notes}``), and the word before the last of several."""
        return (self.text("table_notes_one", notes="{notes}"), self.text("table_notes_many", notes="{notes}"),
                self.text("list_and"))

    def markdown(self, key: str, **fragments: str) -> str:
        """The phrase as Markdown: its own words literal (a project's override can hold no markup), its
        placeholders filled with the Markdown fragments given (a citation's note references)."""
        phrase = self.table[key]
        assert isinstance(phrase, str), key
        out = []
        for literal, name, _, _ in string.Formatter().parse(phrase):
            out.append(literal.translate(_MARKUP))
            if name is not None:
                out.append(fragments[name])
        return "".join(out)

    def words(self, key: str) -> tuple[str, ...]:
        """A list phrase: the plain-English words to avoid, the assessment openers, the quotation marks."""
        phrase = self.table[key]
        assert isinstance(phrase, tuple), key
        return phrase


def for_lang(lang: str = DEFAULT_LANG, overrides: Mapping[str, Mapping[str, Any]] | None = None) -> Phrases:
    """The phrases of a brief in ``lang``, with the project's ``overrides`` (language to key to phrase)."""
    table: dict[str, Value] = dict(builtin("en"))
    layers: list[Mapping[str, Any]] = [builtin(primary(lang))]
    if lang.lower() != primary(lang):
        layers.append(builtin(lang))
    given = {tag.lower(): value for tag, value in (overrides or {}).items()}
    layers += [given.get(primary(lang), {}), given.get(lang.lower(), {}) if lang.lower() != primary(lang) else {}]
    for layer in layers:
        table.update({key: tuple(value) if isinstance(value, list) else value for key, value in layer.items()})
    return Phrases(lang, table)


def check_overrides(data: Any, shown: str, line: int | None) -> list[Problem]:
    """Every problem with a ``phrases:`` section: language tags, keys, kinds of value, placeholders."""
    if not isinstance(data, Mapping):
        return [Problem(shown, line, "phrases", f"expected a mapping of language to phrases, found {describe(data)}")]
    problems: list[Problem] = []
    line_of = getattr(data, "line_of", lambda key: line)
    for tag, table in data.items():
        where: int | None = line_of(tag)
        table_line = getattr(table, "line_of", None)
        bad = check_lang(tag) if isinstance(tag, str) else f"expected a language tag such as fr, found {describe(tag)}"
        if bad:
            problems.append(Problem(shown, where, f"phrases.{tag}", bad))
            continue
        if not isinstance(table, Mapping):
            problems.append(Problem(shown, where, f"phrases.{tag}",
                                    f"expected a mapping of phrase key to text, found {describe(table)}"))
            continue
        for key, value in table.items():
            message = _check_phrase(str(key), value)
            if message:
                problems.append(Problem(shown, table_line(key) if table_line else where,
                                        f"phrases.{tag}.{printable(str(key))}", message))
    return problems


def _check_phrase(key: str, value: Any) -> str | None:
    english = builtin("en")
    if key not in english:
        hint = difflib.get_close_matches(key, english, n=1)
        return "unknown phrase" + (f"; did you mean '{hint[0]}'?" if hint else
                                   f"; expected one of: {', '.join(english)}")
    default = english[key]
    if isinstance(default, tuple):
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            return f"expected a list of text, found {describe(value)}"
        if key == "quotes" and len(value) != 4:
            return f"expected four quotation marks (open, close, inner open, inner close), found {len(value)}"
        return None
    if not isinstance(value, str) or not value.strip():
        return f"expected text, found {describe(value)}"
    want, found = placeholders(default), _fields(value)
    if found is None:
        return ("expected text with placeholders in braces such as {date}, found unbalanced braces in "
                f"{describe(value)}")
    if want != found:
        missing, unknown = sorted(want - found), sorted(found - want)
        parts = ([f"missing placeholder {', '.join('{' + n + '}' for n in missing)}"] if missing else []) + (
            [f"unknown placeholder {', '.join('{' + n + '}' for n in unknown)}"] if unknown else [])
        expected = ", ".join("{" + n + "}" for n in sorted(want)) or "no placeholders"
        return f"expected {expected}, found {describe(value)}: {'; '.join(parts)}"
    return None


def _fields(text: str) -> frozenset[str] | None:
    try:
        return placeholders(text)
    except ValueError:
        return None
