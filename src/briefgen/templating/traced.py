"""Values that remember what they were computed from.

The template API hands out fact and source data as these types; :mod:`briefgen.templating.flow`
and the sandbox keep the reads a value rests on through every filter, test, call, operator,
comparison, slice and variable (:func:`taint`). Printed, a traced value carries its tag, so the
portion it lands in is marked with it. Using one in a comparison or a test (``==``, ``in``, truth)
counts as a read at that point (:meth:`Usage.touch`), so an ``{% if %}`` on it marks what the
``if`` writes.

A value of a type that cannot carry its reads (``None``, a marking) is *rounded up*: every later
chunk of output carries them (:meth:`Usage.round_up`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, SupportsIndex

import jinja2
from jinja2.runtime import LoopContext, Macro
from jinja2.utils import Namespace

from briefgen.templating.marking_view import Marking
from briefgen.templating.mdtext import Markdown, escape
from briefgen.templating.usage import CURRENT, Usage


class Traced(str):
    """Fact or source data as a string. It behaves as the string; printed, it carries its tag.

    ``pure`` text is data as the API hands it out; text computed by the template (a filter, a
    concatenation) may hold the template's own words as well (:meth:`Usage.lines`)."""

    _usage: Usage
    _keys: frozenset[str]
    _pure: bool

    def __new__(cls, value: str, usage: Usage, keys: Iterable[str], pure: bool = True) -> Traced:
        traced = super().__new__(cls, value)
        traced._usage, traced._keys, traced._pure = usage, frozenset(keys), pure
        return traced

    def _touch(self) -> None:
        self._usage.touch(self._keys)

    def _text(self) -> str:
        return escape(str(self))

    def __markdown__(self) -> str:
        if self._pure:
            return self._usage.value(self._keys, self._text())
        return self._usage.tag(self._keys) + self._text()

    def __eq__(self, other: object) -> bool:
        self._touch()
        return str.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        self._touch()
        return str.__ne__(self, other)

    def __lt__(self, other: str) -> bool:
        self._touch()
        return str.__lt__(self, other)

    def __le__(self, other: str) -> bool:
        self._touch()
        return str.__le__(self, other)

    def __gt__(self, other: str) -> bool:
        self._touch()
        return str.__gt__(self, other)

    def __ge__(self, other: str) -> bool:
        self._touch()
        return str.__ge__(self, other)

    def __contains__(self, other: object) -> bool:
        self._touch()
        return str.__contains__(self, other)  # type: ignore[operator]

    def __bool__(self) -> bool:
        self._touch()
        return str.__len__(self) > 0

    def __getitem__(self, index: SupportsIndex | slice) -> Traced:
        """A character or a slice (``s[:12]``, which Jinja compiles without the sandbox), traced."""
        return Traced(str.__getitem__(self, index), self._usage, self._keys, pure=False)

    __hash__ = str.__hash__


class TracedMarkdown(Traced, Markdown):
    """Markdown made from fact or source data (already escaped), carrying its tag when printed."""

    def _text(self) -> str:
        return str(self)


class _Number:
    """What the traced numbers share: comparisons and truth are reads; printed, they carry their tag."""

    _usage: Usage
    _keys: frozenset[str]

    def _touch(self) -> None:
        self._usage.touch(self._keys)

    def __markdown__(self) -> str:
        return self._usage.tag(self._keys) + escape(str(self))


def _compared(name: str) -> Any:
    def method(self: Any, other: Any) -> Any:
        self._touch()
        return getattr(self._base, name)(self, other)
    method.__name__ = name
    return method


def _truth(self: Any) -> bool:
    self._touch()
    test = getattr(self._base, "__bool__", None)  # a date is always true
    return True if test is None else bool(test(self))


_COMPARISONS = ("__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__")


def _number_type(base: type, name: str) -> type:
    methods: dict[str, Any] = {name: _compared(name) for name in _COMPARISONS}
    methods.update(__bool__=_truth, __hash__=base.__hash__, _base=base)
    return type(name, (_Number, base), methods)


TracedInt: type[int] = _number_type(int, "TracedInt")
TracedFloat: type[float] = _number_type(float, "TracedFloat")
TracedDate: type[dt.date] = _number_type(dt.date, "TracedDate")
_DATES: dict[type, type] = {dt.date: TracedDate}


def _traced_date(value: dt.date, usage: Usage, keys: frozenset[str]) -> dt.date:
    """A traced copy of a date of any date class (a styled or masked date keeps printing as it did)."""
    base = type(value)
    if isinstance(value, _Number):
        base = next(b for b in base.__mro__[1:] if not issubclass(b, _Number) and issubclass(b, dt.date))
    if base not in _DATES:
        _DATES[base] = _number_type(base, f"Traced{base.__name__}")
    made: Any = dt.date.__new__(_DATES[base], value.year, value.month, value.day)
    made.__dict__.update({k: v for k, v in getattr(value, "__dict__", {}).items() if k not in ("_usage", "_keys")})
    made._usage, made._keys = usage, keys
    return made  # type: ignore[no-any-return]


class TracedBool(int):
    """A truth value computed from data (``a == b`` in a variable): an int of 0 or 1 that prints
    as True or False."""

    _usage: Usage
    _keys: frozenset[str]

    def _touch(self) -> None:
        self._usage.touch(self._keys)

    def __bool__(self) -> bool:
        self._touch()
        return int(self) != 0

    def __str__(self) -> str:
        return str(int(self) != 0)

    __repr__ = __str__

    def __markdown__(self) -> str:
        return self._usage.tag(self._keys) + str(self)

    def __eq__(self, other: object) -> bool:
        self._touch()
        return int(self) == other

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    __hash__ = int.__hash__


def _made(kind: type, value: Any, usage: Usage, keys: frozenset[str]) -> Any:
    made: Any = kind(value)
    made._usage, made._keys = usage, keys
    return made


class TracedList(list[Any]):
    """A list whose existence, length, order and items rest on reads: looking at it in any way
    (its length, truth, items, iterating it, ``in``) is a read of them."""

    def __init__(self, items: Iterable[Any], usage: Usage, keys: Iterable[str] = ()) -> None:
        super().__init__(items)
        self._usage = usage
        self._keys = frozenset(keys)

    def _touch(self) -> None:
        self._usage.touch(self._keys)

    def flow_keys(self) -> frozenset[str]:
        """What the list rests on, for a value computed from it (items included)."""
        return self._keys.union(*(keys_of(item, 1) for item in list.__iter__(self)))

    def with_keys(self, keys: frozenset[str]) -> TracedList:
        return TracedList(list.__iter__(self), self._usage, self._keys | keys)

    def __len__(self) -> int:
        self._touch()
        return super().__len__()

    def __bool__(self) -> bool:
        self._touch()
        return super().__len__() > 0

    def __iter__(self) -> Iterator[Any]:
        self._touch()
        return super().__iter__()

    def __reversed__(self) -> Iterator[Any]:
        self._touch()
        return super().__reversed__()

    def __getitem__(self, index: SupportsIndex | slice) -> Any:
        self._touch()
        found = super().__getitem__(index)
        return TracedList(found, self._usage, self.flow_keys()) if isinstance(index, slice) else found

    def __contains__(self, item: object) -> bool:
        self._touch()
        return super().__contains__(item)

    def __eq__(self, other: object) -> bool:
        self._touch()
        return super().__eq__(other)

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    def __repr__(self) -> str:
        self._touch()
        return super().__repr__()

    def __str__(self) -> str:
        """Printed, its items joined by ", " ("example, policy"), never a Python list's repr."""
        self._touch()
        return ", ".join(str(item) for item in super().__iter__())

    def __markdown__(self) -> str:
        """In a brief, its items joined by ", ", each printed as it would be on its own."""
        self._touch()
        return ", ".join(escape(item) for item in super().__iter__())

    __hash__ = None


#: Objects that mark the brief themselves whenever they are read, or carry no data.
_INERT = (Mapping, jinja2.Undefined, LoopContext, Macro, Namespace)


def keys_of(value: object, depth: int = 2) -> frozenset[str]:
    """The reads ``value`` rests on: its own, those of the tags in a captured text, and (to
    ``depth``) those of the items of a list or tuple."""
    if isinstance(value, TracedList):
        return value.flow_keys()
    keys = getattr(value, "_keys", None) if isinstance(value, Traced | _Number | TracedBool) else None
    found = frozenset(keys or ())
    if isinstance(value, str) and str.__contains__(value, "\ue000") and (usage := CURRENT.get()) is not None:
        found |= usage.embedded(value)
    if depth and isinstance(value, list | tuple):
        found = found.union(*(keys_of(item, depth - 1) for item in value))
    return found


def keys_of_all(values: Iterable[object]) -> frozenset[str]:
    return frozenset().union(*(keys_of(v) for v in values))


def taint(value: Any, keys: frozenset[str]) -> Any:
    """``value``, resting also on ``keys``: a traced value of the same kind, or (for a value that
    cannot carry them) unchanged, with ``keys`` rounded up."""
    usage = CURRENT.get()
    if not keys or usage is None or isinstance(value, jinja2.Undefined):
        return value
    if isinstance(value, TracedList):
        return value.with_keys(keys)
    if isinstance(value, str):
        if isinstance(value, Marking):
            usage.round_up(keys)
            return value
        text = TracedMarkdown if isinstance(value, Markdown) else Traced
        return text(value, usage, keys | keys_of(value, 0), pure=False)
    both = keys | keys_of(value, 0)
    if isinstance(value, bool | TracedBool):
        return _made(TracedBool, int(value), usage, both)
    if isinstance(value, int):
        return _made(TracedInt, value, usage, both)
    if isinstance(value, float):
        return _made(TracedFloat, value, usage, both)
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return _traced_date(value, usage, both)
    if isinstance(value, list | tuple | range):
        return TracedList((taint(item, keys) for item in value), usage, keys)
    if getattr(value, "marks_when_read", False) or callable(value) or isinstance(value, _INERT):
        return value
    usage.round_up(keys)  # None, a marking, anything else: every later line carries it
    return value
