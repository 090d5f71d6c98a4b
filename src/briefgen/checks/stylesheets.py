"""A briefing's stylesheets checked before any PDF is written: what WeasyPrint would stop on, named with
the file it is in (the sheet itself or one it imports) and the line: a brace left open or closed twice,
a rule the CSS parser cannot read, an ``@import`` or ``url()`` naming a file that is not in the project."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import tinycss2

from briefgen.exceptions import Problem
from briefgen.writers import css

_COMMENT_OR_STRING = re.compile(r"""/\*.*?(\*/|$)|"(?:\\.|[^"\\\n])*"?|'(?:\\.|[^'\\\n])*'?""", re.S)


def problems(stylesheet: Path, roots: Sequence[Path], root: Path) -> list[Problem]:
    """Every problem in ``stylesheet`` and the sheets it imports (inside ``roots``), located by file and
    line relative to the project's ``root``."""
    if not stylesheet.is_file():
        return [Problem(_rel(stylesheet, root), None, "stylesheet", "no such file")]
    resolved = [r.resolve() for r in roots]
    found: list[Problem] = []
    for sheet, rules in css.sheets(stylesheet, resolved):
        text = sheet.read_text("utf-8", errors="replace")
        where = _rel(sheet, root)
        found += [Problem(where, line, "css", message) for line, message in braces(text)]
        found += [Problem(where, line, "css", message) for line, message in parse_errors(text)]
        found += [Problem(where, line, "css", message) for line, message in _missing(sheet, rules, resolved)]
    return found


def braces(text: str) -> list[tuple[int, str]]:
    """A ``{`` never closed (the parser then swallows the rest of the file) or a ``}`` with nothing to close.

    A ``}`` that begins its line closes the latest ``{`` on a line indented as far as it, when there is
    one: a ``{`` skipped over that way is the one left open (``margin: 0; h2 { color: red;`` inside
    ``@page``), not the ``@page`` whose own ``}`` then closed it."""
    blank = _COMMENT_OR_STRING.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)
    opened: list[tuple[int, int]] = []  # (line, indentation of that line)
    found = []
    for number, line in enumerate(blank.splitlines(), start=1):
        indent = len(line) - len(line.lstrip())
        for column, char in enumerate(line):
            if char == "{":
                opened.append((number, indent))
            elif char == "}" and not opened:
                found.append((number, "a '}' with no '{' before it to close"))
            elif char == "}":
                same = [i for i, (_, level) in enumerate(opened) if level == indent] if column == indent else []
                if same:
                    found += [(n, _UNCLOSED) for n, _ in opened[same[-1] + 1:]]
                    del opened[same[-1] + 1:]
                opened.pop()
    found += [(n, _UNCLOSED) for n, _ in opened[-1:]]
    return sorted(found)


_UNCLOSED = "a '{' opened here is never closed: what follows is read as inside it"


def parse_errors(text: str) -> list[tuple[int, str]]:
    """The CSS parser's errors, at the top level and inside every block."""
    found = []
    pending = list(tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True))
    while pending:
        node = pending.pop(0)
        if node.type == "error":
            found.append((node.source_line, f"{node.message} (column {node.source_column})"))
        elif node.type in ("qualified-rule", "at-rule") and node.content is not None:
            pending += tinycss2.parse_blocks_contents(node.content, skip_comments=True, skip_whitespace=True)
    return sorted(found)


def _missing(sheet: Path, rules: list[css.Node], roots: Sequence[Path]) -> list[tuple[int, str]]:
    found = []
    for rule in rules:
        if rule.type == "at-rule" and rule.lower_at_keyword == "import":
            address = css.import_of(rule)[0]
            if address and _local_address(address) and css.local(sheet, address, roots) is None:
                found.append((rule.source_line, f"@import {address!r}: no such file in the project"))
            continue
        nodes = [*rule.prelude, *(rule.content or ())]
        for address in css.addresses(nodes):
            if _local_address(address) and css.local(sheet, address, roots) is None:
                found.append((rule.source_line, f"url({address}): no such file in the project's templates/ or "
                                                "assets/"))
    return found


def _local_address(address: str) -> bool:
    return bool(address) and ":" not in address.split("/", 1)[0] and not address.startswith(("#", "//"))


def _rel(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)
