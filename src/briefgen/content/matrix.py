"""Parameterised briefings: a spec's ``matrix:`` makes one briefing per combination of its values.

A spec such as::

    matrix:
      sector: [finance, energy]
    tags: ["{sector}"]
    title: "AI and cyber risk: {sector}"

stands for two briefings, ``<spec>--finance`` and ``<spec>--energy``, each an ordinary briefing
whose placeholders (``{sector}``) are filled with its values. Several parameters make their
product, in the matrix's key order, and their values join the id in that order
(``<spec>--finance--fr``). Placeholders are plain named fields, as ``str.format`` writes them,
and are filled only in :data:`FILLED` (``{{`` and ``}}`` are literal braces): never Jinja, never
attribute or index access, never a conversion or format spec.

The matrix is expanded here, where specs are loaded, so everything downstream (selection, build,
editions, audit) sees ordinary briefings with their ``params`` and the spec they come from
(``matrix_of``).
"""

from __future__ import annotations

import itertools
import re
import string
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefgen.content.fields import SLUG_RE, describe, printable
from briefgen.content.yamlfile import Mapping, Sequence
from briefgen.exceptions import Problem

#: The spec's field that holds the matrix.
FIELD = "matrix"

#: The fields whose text may hold placeholders.
FILLED = ("title", "subtitle", "short_title", "tags", "exclude_tags", "facts")

#: What joins a spec's id and each of its values in an instance's id.
JOIN = "--"

#: A parameter's name: an identifier a template can write as ``brief.params.<name>``.
NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

_FORMATTER = string.Formatter()


@dataclass(frozen=True)
class Instance:
    """One briefing a matrix makes: its id, its parameters, and the spec's data with them filled in."""

    id: str
    params: dict[str, str]
    data: Mapping


def has_matrix(data: Any) -> bool:
    """Whether a loaded spec asks for a matrix."""
    return isinstance(data, Mapping) and FIELD in data


def parameters(data: Mapping, shown: str, problems: list[Problem]) -> dict[str, tuple[str, ...]]:
    """The spec's matrix, parameter name to its values, checked; every problem is added to ``problems``
    (and the matrix then holds only the parameters that were sound)."""
    raw = data[FIELD]
    line = data.line_of(FIELD)
    if not isinstance(raw, Mapping) or not raw:
        problems.append(Problem(shown, line, FIELD, "expected a mapping of parameter name to a list of values, "
                                f"such as 'sector: [finance, energy]', found {describe(raw)}"))
        return {}
    found: dict[str, tuple[str, ...]] = {}
    for name, values in raw.items():
        at = raw.line_of(name)
        field = f"{FIELD}.{printable(name)}"
        if not NAME_RE.match(name):
            problems.append(Problem(shown, at, field, "expected a parameter name that is an identifier (letters, "
                                    f"digits and underscores, not starting with a digit), found '{printable(name)}'"))
            continue
        checked = _values(values, shown, at, field, problems)
        if checked:
            found[name] = checked
    return found


def _values(values: Any, shown: str, line: int, field: str, problems: list[Problem]) -> tuple[str, ...]:
    """One parameter's values, each a safe id, each once; empty when any is not."""
    if not isinstance(values, Sequence) or not values:
        problems.append(Problem(shown, line, field, "expected a list of values that are lowercase ids (letters, "
                                f"digits, hyphens), found {describe(values)}"))
        return ()
    before = len(problems)
    seen: set[str] = set()
    for index, value in enumerate(values):
        at = values.lines[index] if index < len(values.lines) else line
        text = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
        if not isinstance(text, str) or not SLUG_RE.match(text) or JOIN in text:
            problems.append(Problem(shown, at, field, "expected a value that is a lowercase id (letters, digits, "
                                    f"single hyphens), found {describe(value)} (item {index + 1})"))
        elif text in seen:
            problems.append(Problem(shown, at, field, f"expected each value once, found '{text}' twice"))
        seen.add(text if isinstance(text, str) else "")
    return tuple(str(v) for v in values) if len(problems) == before else ()


def names(data: Mapping) -> tuple[str, ...]:
    """The matrix's parameter names that are sound, whatever their values: the placeholders a spec may use."""
    raw = data[FIELD]
    return tuple(n for n in raw if NAME_RE.match(n)) if isinstance(raw, Mapping) else ()


def check_placeholders(data: Mapping, names: tuple[str, ...], shown: str, problems: list[Problem]) -> None:
    """A problem for each placeholder in :data:`FILLED` that is not one of the parameters ``names``,
    or not a plain ``{name}``."""
    for field, line, text in _texts(data):
        message = _placeholder_problem(text, names)
        if message:
            problems.append(Problem(shown, line, field, message))


def _texts(data: Mapping) -> list[tuple[str, int, str]]:
    """Each text of the fields that may hold placeholders: its field, its line, the text."""
    found: list[tuple[str, int, str]] = []
    for field in FILLED:
        value = data.get(field)
        if isinstance(value, str):
            found.append((field, data.line_of(field), value))
        elif isinstance(value, Sequence):
            found += [(field, value.lines[i] if i < len(value.lines) else data.line_of(field), v)
                      for i, v in enumerate(value) if isinstance(v, str)]
    return found


def _placeholder_problem(text: str, names: tuple[str, ...]) -> str | None:
    known = ", ".join("{" + n + "}" for n in names) or "none: the matrix names no parameter"
    try:
        parts = list(_FORMATTER.parse(text))
    except ValueError:
        return (f"expected placeholders written as {{name}} (and {{{{ or }}}} for a literal brace), "
                f"found '{printable(text)}'")
    for _, name, spec, conversion in parts:
        if name is None:
            continue
        if spec or conversion or name not in names:
            shown = "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
            return f"expected a placeholder naming a parameter of the matrix ({known}), found '{printable(shown)}'"
    return None


def fill(text: str, params: dict[str, str]) -> str:
    """``text`` with its placeholders filled (it has been checked by :func:`check_placeholders`)."""
    return "".join(literal + (params[name] if name is not None else "")
                   for literal, name, _, _ in _FORMATTER.parse(text))


def instances(spec_id: str, data: Mapping, matrix: dict[str, tuple[str, ...]]) -> list[Instance]:
    """Every briefing the matrix makes, in the matrix's order: the product of its values."""
    names = tuple(matrix)
    made = []
    for combination in itertools.product(*(matrix[n] for n in names)):
        params = dict(zip(names, combination, strict=True))
        made.append(Instance(JOIN.join((spec_id, *combination)), params, _filled(data, params)))
    return made


def _filled(data: Mapping, params: dict[str, str]) -> Mapping:
    """A copy of the spec's data, its lines kept, without the matrix and with the placeholders filled."""
    copy = Mapping({k: v for k, v in data.items() if k != FIELD})
    copy.line, copy.lines = data.line, {k: v for k, v in data.lines.items() if k != FIELD}
    for field in FILLED:
        value = copy.get(field)
        if isinstance(value, str):
            copy[field] = fill(value, params)
        elif isinstance(value, Sequence):
            items = Sequence(fill(v, params) if isinstance(v, str) else v for v in value)
            items.line, items.lines = value.line, list(value.lines)
            copy[field] = items
    return copy


def without_filled(data: Mapping) -> tuple[Mapping, set[str]]:
    """The spec's data without its matrix and without the fields that hold placeholders, and the names
    of those fields: what can still be checked when the matrix cannot be expanded."""
    dropped = {field for field, _, text in _texts(data) if "{" in text or "}" in text}
    copy = Mapping({k: v for k, v in data.items() if k != FIELD and k not in dropped})
    copy.line, copy.lines = data.line, {k: v for k, v in data.lines.items() if k != FIELD and k not in dropped}
    return copy, dropped


def instance_ids(spec_id: str, data: Any) -> list[str]:
    """The ids a spec's matrix makes, read leniently (for shell completion and the preview server,
    which do not validate): [] when it has no sound matrix."""
    raw = data.get(FIELD) if isinstance(data, dict) else None
    if not isinstance(raw, dict) or not raw:
        return []
    lists = [[str(v) for v in values] if isinstance(values, list) else [] for values in raw.values()]
    return [JOIN.join((spec_id, *combination)) for combination in itertools.product(*lists)]


def briefing_ids(specs: list[Path], *, spec_ids: bool = False) -> list[str]:
    """The ids of the briefings these spec files make, read leniently and without validation (for shell
    completion and the preview server): each spec's file name, or the ids its matrix makes; with
    ``spec_ids``, the file name of a spec with a matrix too (before its instances)."""
    found = []
    for spec in specs:
        try:
            text = spec.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            text = ""
        made = instance_ids(spec.stem, _lenient(text)) if FIELD in text else []
        found += ([spec.stem] if spec_ids or not made else []) + made
    return found


def _lenient(text: str) -> Any:
    import yaml  # lazy: shell completion imports this module on every TAB

    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        return None
