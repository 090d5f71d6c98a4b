"""The shape of an edition's ``manifest.json``, checked whenever one is read.

A manifest is written by briefgen, but it lives in a folder anyone can edit (and git can merge), so
every field a reader of manifests relies on is checked for its type before any is used. Fields not
declared here are left alone (a later briefgen may add some); a declared field of the wrong type
makes the whole manifest unusable, and the first such field is named ("field 'facts.x': expected an
object, found a number").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

#: A field's type: ``str``, ``int``, ``None``, a :class:`ListOf`, :class:`MapOf` or :class:`Fields`,
#: or a tuple of those (any one of them).
Kind = Any


@dataclass(frozen=True)
class ListOf:
    item: Kind


@dataclass(frozen=True)
class MapOf:
    """An object whose keys are names (fact ids, file names) and whose values are all ``value``."""

    value: Kind


@dataclass(frozen=True)
class Fields:
    """An object with these fields, when present (others are allowed); ``required`` must be there."""

    fields: Mapping[str, Kind]
    required: tuple[str, ...] = ()


_OPT_STR = (str, None)

FACT = Fields({"text": str, "kind": str, "attribution": _OPT_STR, "sources": ListOf(str), "marking": str,
               "review_by": _OPT_STR, "hash": str, "content_hash": str, "statement_hash": str,
               "change": _OPT_STR, "change_note": _OPT_STR})
_TOLD = Fields({"id": str, "text": str}, ("id", "text"))
_CHANGED = Fields({"id": str, "what": ListOf(str), "text": str, "note": _OPT_STR}, ("id", "text"))
CHANGES = Fields({"since": str, "added": ListOf(_TOLD), "changed": ListOf(_CHANGED), "withdrawn": ListOf(_TOLD),
                  "editorial": ListOf(_CHANGED), "dropped": ListOf(str), "dropped_hidden": int,
                  "reviewed": ListOf(str)})
MANIFEST = Fields({
    "briefing": str, "edition": str, "id": str, "title": _OPT_STR, "audience": _OPT_STR, "marking": str,
    "published": _OPT_STR, "revision": int, "since": _OPT_STR, "content": _OPT_STR, "generator": _OPT_STR,
    "sources": ListOf(str), "outputs": MapOf(str), "facts": MapOf(FACT), "changes": (CHANGES, None),
    "labels": MapOf(str),
}, ("briefing", "edition", "facts", "outputs"))


def problem(data: object) -> str | None:
    """What is wrong with a manifest's types ("field 'x': expected ..., found ..."), or None."""
    return _check(data, MANIFEST, "")


def _check(value: object, kind: Kind, where: str) -> str | None:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    fitting = next((one for one in kinds if _matches(value, one)), _NOTHING)
    if fitting is _NOTHING:
        return _message(where, " or ".join(_name(one) for one in kinds), value)
    return _check_one(value, fitting, where)


_NOTHING = object()


def _check_one(value: object, kind: Kind, where: str) -> str | None:
    if not _matches(value, kind):
        return _message(where, _name(kind), value)
    if isinstance(kind, ListOf):
        assert isinstance(value, list)
        return next((w for i, item in enumerate(value) if (w := _check(item, kind.item, f"{where}[{i}]"))), None)
    if isinstance(kind, MapOf):
        assert isinstance(value, dict)
        return next((w for key, item in value.items() if (w := _check(item, kind.value, _at(where, key)))), None)
    if isinstance(kind, Fields):
        assert isinstance(value, dict)
        missing = next((key for key in kind.required if key not in value), None)
        if missing is not None:
            return f"field '{_at(where, missing)}': expected {_name(kind.fields[missing])}, found nothing"
        return next((w for key, sub in kind.fields.items() if key in value
                     and (w := _check(value[key], sub, _at(where, key)))), None)
    return None


def _matches(value: object, kind: Kind) -> bool:
    """Whether ``value`` is of ``kind`` at the top (not looking inside it)."""
    if kind is None:
        return value is None
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if kind is str:
        return isinstance(value, str)
    if isinstance(kind, ListOf):
        return isinstance(value, list)
    return isinstance(value, dict)


def _at(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _name(kind: Kind) -> str:
    if kind is None:
        return "null"
    if kind is int:
        return "a whole number"
    if kind is str:
        return "a string"
    return "a list" if isinstance(kind, ListOf) else "an object"


def _message(where: str, expected: str, value: object) -> str:
    return f"field '{where or '(top)'}': expected {expected}, found {_found(value)}"


def _found(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return "a list" if isinstance(value, list) else "an object"
