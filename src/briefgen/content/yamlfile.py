"""Reading YAML content files safely, keeping the line of every value.

Content files are data written by many hands, so the loader is strict: files
read as :mod:`textfile` reads them (regular files only, a size cap, UTF-8), no
control characters (not even as escapes such as "\\a"), no aliases (no "billion
laughs"), bounded nesting, no duplicate keys, and dates kept as text so that
validation can report a bad one with its line instead of PyYAML failing half way.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.parser import Parser
from yaml.reader import Reader, ReaderError
from yaml.resolver import Resolver
from yaml.scanner import Scanner

from briefgen.content import textfile
from briefgen.exceptions import Problem

MAX_DEPTH = 32


class Mapping(dict[str, Any]):
    """A YAML mapping that remembers its own line and the line of each value."""

    line: int
    lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.line)


class Sequence(list[Any]):
    """A YAML sequence that remembers its own line and the line of each item."""

    line: int
    lines: list[int]


class _ContentError(Exception):
    def __init__(self, line: int, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.line = line
        self.message = message
        self.field = field


#: Characters no content text may hold: control characters other than tab and line breaks (they
#: reach a PDF as missing glyphs and a terminal as commands), lone surrogates and noncharacters.
_CONTROLS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
_NONCHARACTERS = "\ud800-\udfff\ufdd0-\ufdef" + "".join(
    chr(plane << 16 | 0xFFFE) + chr(plane << 16 | 0xFFFF) for plane in range(17))
_UNPRINTABLE = re.compile(f"[{_CONTROLS}{_NONCHARACTERS}]")


def unprintable(text: str) -> tuple[int, str] | None:
    """The index of the first character no content text may hold, and what was expected; or None."""
    found = _UNPRINTABLE.search(text)
    if found is None:
        return None
    char = found.group()
    expected = "text without control characters" if unicodedata.category(char) == "Cc" else "printable text"
    return found.start(), f"expected {expected}, found U+{ord(char):04X}"


class _Builder(SafeConstructor, Resolver):
    """Builds :class:`Mapping`, :class:`Sequence` and scalars straight from the parser's events.

    No node tree is composed first (PyYAML's composer and constructor recurse once per level and
    cost four times as much): the containers being built are kept on a list, so nesting is
    bounded by a check instead of by the stack. Aliases are refused; scalars are typed by
    PyYAML's own resolver and safe constructors.
    """

    if TYPE_CHECKING:  # supplied by the reader and parser that each loader below mixes in
        def __init__(self, stream: str) -> None: ...
        def get_event(self) -> yaml.Event: ...
        def dispose(self) -> None: ...

    def _init_builder(self) -> None:
        SafeConstructor.__init__(self)
        Resolver.__init__(self)
        self.unprintable: list[_ContentError] = []

    def build(self) -> Any:
        """The document's data (None for an empty stream)."""
        stack: list[_Open] = []
        root: Any = None
        documents = 0
        while True:
            event = self.get_event()
            kind = type(event)
            line = event.start_mark.line + 1 if event.start_mark else 0
            if kind in _NODE_STARTS and len(stack) >= MAX_DEPTH:
                raise _ContentError(line, f"nesting deeper than {MAX_DEPTH} levels")
            if kind is yaml.ScalarEvent:
                assert isinstance(event, yaml.ScalarEvent)
                value: Any = event.value
                # Plain text, by far the most common, is taken as it is; anything else goes the long way.
                if (event.tag is not None or (event.implicit[0] and _resolved(value) != _STR)
                        or _UNPRINTABLE.search(value)):
                    value = self._scalar(event, line, stack)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                assert isinstance(event, yaml.CollectionStartEvent)
                stack.append(_Open(self._collection(event, line)))
                continue
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                value = stack.pop().container
                line = value.line
            elif kind is yaml.AliasEvent:
                raise _ContentError(line, "YAML aliases (*name) are not allowed in content files")
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise _ContentError(line, "expected one YAML document, found a second ('---')")
                continue
            elif kind is yaml.StreamEndEvent:
                return root
            else:
                continue
            if not stack:
                root = value
            elif type(container := stack[-1].container) is Sequence:
                container.append(value)
                container.lines.append(line)
            else:
                stack[-1].add(value, line)

    def _scalar(self, event: yaml.ScalarEvent, line: int, stack: list[_Open]) -> Any:
        tag = event.tag
        if tag is None or tag == "!":
            plain = event.implicit[0]
            tag = _resolved(event.value) if plain else _STR
        if tag in (_STR, _TIMESTAMP):  # dates stay text: validation parses them and reports bad ones
            if _UNPRINTABLE.search(event.value):  # noted, and the file read on, so every one is reported
                index, message = unprintable(event.value) or (0, "")
                self.unprintable.append(_ContentError(line, f"{message} at character {index + 1}", _field(stack)))
            return event.value
        constructor = self.yaml_constructors.get(tag)
        if constructor is None:
            raise _ContentError(line, f"expected a plain YAML value, found one tagged '{tag}'")
        try:
            return constructor(self, yaml.ScalarNode(tag, event.value, style=event.style))
        except yaml.constructor.ConstructorError as exc:  # e.g. !!binary that is not base64
            raise _ContentError(line, f"invalid YAML: {exc.problem}") from None

    @staticmethod
    def _collection(event: yaml.CollectionStartEvent, line: int) -> Mapping | Sequence:
        is_map = isinstance(event, yaml.MappingStartEvent)
        if event.tag not in (None, "!", _MAP if is_map else _SEQ):
            raise _ContentError(line, f"expected a plain YAML {'mapping' if is_map else 'list'}, "
                                      f"found one tagged '{event.tag}'")
        container: Mapping | Sequence
        if is_map:
            container = Mapping()
            container.lines = {}
        else:
            container = Sequence()
            container.lines = []
        container.line = line
        return container


_STR, _MAP, _SEQ = "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_NODE_STARTS = (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)


def _resolved(value: str) -> str:
    """The tag of a plain scalar (true, 12, null, ...), as PyYAML's resolver gives it; remembered,
    since content repeats its values."""
    table = Resolver.yaml_implicit_resolvers  # keyed by first character (None: any)
    if value[:1] not in table and None not in table:
        return _STR
    tag = _TAGS.get(value)
    if tag is None:
        candidates = [*table.get(value[:1], []), *table.get(None, [])]
        tag = next((found for found, pattern in candidates if pattern.match(value)), _STR)
        if len(_TAGS) < 10_000:
            _TAGS[value] = tag
    return tag


_TAGS: dict[str, str] = {}


class _Open:
    """A mapping or list being built, and for a mapping the key waiting for its value."""

    __slots__ = ("container", "key", "key_line")

    def __init__(self, container: Mapping | Sequence) -> None:
        self.container = container
        self.key: str | None = None
        self.key_line = 0

    def add(self, value: Any, line: int) -> None:
        """Add a key or value to a mapping (items are appended to a list where it is built)."""
        container = self.container
        assert isinstance(container, Mapping)
        if self.key is None:
            if not isinstance(value, str):
                shown = "a mapping" if isinstance(value, dict) else "a list" if isinstance(value, list) else repr(value)
                raise _ContentError(line, f"keys must be text, found {shown}")
            if value in container:
                raise _ContentError(line, f"duplicate key '{value}'")
            self.key, self.key_line = value, line
        else:
            container[self.key] = value
            container.lines[self.key] = self.key_line
            self.key = None


def _field(stack: list[_Open]) -> str | None:
    """The field a text being built belongs to, for messages: 'statement' (also for an item of a
    list such as 'tags'), or 'wording.general' for a mapping inside a field; None for a key."""
    keys: list[str] = []
    for frame in reversed(stack):
        if isinstance(frame.container, Sequence):
            if keys:
                break  # a record in a list: its own field is the name
            continue
        if frame.key is None:
            return None  # the text is a key
        keys.append(frame.key)
    return ".".join(reversed(keys)) or None


class _PyLoader(Reader, Scanner, Parser, _Builder):
    """PyYAML's pure-Python scanner and parser, where libyaml is missing."""

    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        self._init_builder()


def _loader_class() -> type[_Builder]:
    try:
        from yaml._yaml import CParser  # optional: PyYAML without libyaml has none
    except ImportError:
        return _PyLoader

    class _CLoader(_Builder, CParser):
        """libyaml (C) scans and parses; building stays in Python, so nesting is bounded before
        it can exhaust a stack (libyaml's own composer crashes on deep nesting)."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            self._init_builder()

    return _CLoader


_Loader = _loader_class()


def load(path: Path, shown_as: str, root: Path | None = None) -> tuple[Any, list[Problem]]:
    """Load one YAML file. Returns the data (None on failure) and any problems.

    With ``root``, a file that is a link leading outside ``root`` is refused.
    """
    text, problems = textfile.read(path, shown_as, root)
    if text is None:
        return None, problems
    return parse(text, shown_as)


def parse(text: str, shown_as: str) -> tuple[Any, list[Problem]]:
    """Parse YAML text; see :func:`load`."""
    loader = None
    try:
        loader = _Loader(text)  # PyYAML's own reader checks every character here
        data = loader.build()
        if loader.unprintable:
            return None, [Problem(shown_as, e.line, e.field or None, e.message) for e in loader.unprintable]
        return data, []
    except _ContentError as exc:
        return None, [Problem(shown_as, exc.line, exc.field or None, exc.message)]
    except ReaderError as exc:
        return None, [_reader_problem(text, shown_as, exc)]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        message = f"invalid YAML: {exc.problem or exc.context}" + _colon_hint(text, line, exc.problem)
        return None, [Problem(shown_as, line, None, message)]
    except yaml.YAMLError as exc:
        return None, [Problem(shown_as, None, None, f"invalid YAML: {exc}")]
    finally:
        if loader is not None:
            loader.dispose()


def _colon_hint(text: str, line: int | None, problem: str | None) -> str:
    """What to do about PyYAML's "mapping values are not allowed": the text has a colon and a space."""
    if not line or not problem or not problem.startswith("mapping values are not allowed"):
        return ""
    row = text.splitlines()[line - 1] if line <= len(text.splitlines()) else ""
    found = re.match(r"\s*(?:-\s+)?([A-Za-z_][\w-]*):\s+(\S.*?:)\s", row)
    if not found:
        return ""
    return (f"; a colon followed by a space starts a new field: quote the text, as "
            f"{found.group(1)}: \"{found.group(2)} ...\"")


def _reader_problem(text: str, shown_as: str, exc: ReaderError) -> Problem:
    """A character YAML refuses, with its line. (The error's position counts characters in
    PyYAML's reader but bytes in libyaml's, so the line is found from the character itself:
    the reader stops at its first occurrence.)"""
    char = chr(exc.character) if isinstance(exc.character, int) else str(exc.character)[:1] or " "
    index = text.find(char)
    line = text.count("\n", 0, index) + 1 if index >= 0 else None
    found = unprintable(char)
    return Problem(shown_as, line, None, found[1] if found else f"expected printable text, found U+{ord(char):04X}")
