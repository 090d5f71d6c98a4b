"""Reading YAML content files safely, keeping the line of every value.

Content files are data written by many hands, so the loader is strict: UTF-8
only, a size cap, no aliases (no "billion laughs"), bounded nesting, no
duplicate keys, and dates kept as text so that validation can report a bad one
with its line instead of PyYAML failing half way.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import Resolver
from yaml.scanner import Scanner

from briefgen.exceptions import Problem

MAX_BYTES = 2 * 1024 * 1024
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
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def _line(event: yaml.Event) -> int:
    return event.start_mark.line + 1 if event.start_mark else 0


class _Guard(Composer, SafeConstructor, Resolver):
    """Composing that refuses aliases and deep nesting, over any scanner and parser."""

    def _init_guard(self) -> None:
        Composer.__init__(self)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)
        self._depth = 0

    if TYPE_CHECKING:  # supplied by the reader and parser that each loader below mixes in
        def __init__(self, stream: str) -> None: ...
        def check_event(self, *choices: type[yaml.Event]) -> bool: ...
        def peek_event(self) -> yaml.Event: ...
        def dispose(self) -> None: ...

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            raise _ContentError(_line(self.peek_event()), "YAML aliases (*name) are not allowed in content files")
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise _ContentError(_line(self.peek_event()), f"nesting deeper than {MAX_DEPTH} levels")
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


class _PyLoader(Reader, Scanner, Parser, _Guard):
    """PyYAML's pure-Python scanner and parser, where libyaml is missing."""

    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        self._init_guard()


def _loader_class() -> type[_Guard]:
    try:
        from yaml._yaml import CParser
    except ImportError:
        return _PyLoader

    class _CLoader(_Guard, CParser):
        """libyaml (C) scans and parses; composing stays in Python, so nesting is bounded
        before it can exhaust a stack (libyaml's own composer crashes on deep nesting)."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            self._init_guard()

    return _CLoader


_Loader = _loader_class()


def _construct_mapping(loader: _Guard, node: yaml.MappingNode) -> Mapping:
    result = Mapping()
    result.line = node.start_mark.line + 1
    result.lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            raise _ContentError(
                key_node.start_mark.line + 1, f"keys must be text, found {key!r}"
            )
        if key in result:
            raise _ContentError(key_node.start_mark.line + 1, f"duplicate key '{key}'")
        result[key] = loader.construct_object(value_node, deep=True)
        result.lines[key] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: _Guard, node: yaml.SequenceNode) -> Sequence:
    result = Sequence(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.lines = [child.start_mark.line + 1 for child in node.value]
    return result


# Registered as add_constructor would (a copy of the class's table), written out because
# PyYAML's stubs type add_constructor for its own loader classes only.
_Guard.yaml_constructors = {
    **SafeConstructor.yaml_constructors,
    "tag:yaml.org,2002:map": _construct_mapping,
    "tag:yaml.org,2002:seq": _construct_sequence,
    # Keep dates as text: validation parses them and reports bad ones with a line.
    "tag:yaml.org,2002:timestamp": SafeConstructor.construct_yaml_str,
}


def load(path: Path, shown_as: str, root: Path | None = None) -> tuple[Any, list[Problem]]:
    """Load one YAML file. Returns the data (None on failure) and any problems.

    With ``root``, a file that is a link leading outside ``root`` is refused.
    """
    if root is not None and not path.resolve().is_relative_to(root.resolve()):
        return None, [Problem(shown_as, None, None, "expected a file inside the project, found a link leading "
                              "outside it")]
    if path.is_dir():
        return None, [Problem(shown_as, None, None, "expected a file, found a folder")]
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return None, [
                Problem(shown_as, None, None, f"file is {size} bytes, over the limit of {MAX_BYTES}")
            ]
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(shown_as, None, None, f"cannot read file: {exc.strerror}")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [
            Problem(shown_as, line, None, f"expected UTF-8 text, found byte 0x{raw[exc.start]:02x}")
        ]
    return parse(text, shown_as)


def parse(text: str, shown_as: str) -> tuple[Any, list[Problem]]:
    """Parse YAML text; see :func:`load`."""
    loader = _Loader(text)
    try:
        return loader.get_single_data(), []
    except _ContentError as exc:
        return None, [Problem(shown_as, exc.line, None, exc.message)]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        message = f"invalid YAML: {exc.problem or exc.context}"
        return None, [Problem(shown_as, line, None, message)]
    except yaml.YAMLError as exc:
        return None, [Problem(shown_as, None, None, f"invalid YAML: {exc}")]
    finally:
        loader.dispose()
