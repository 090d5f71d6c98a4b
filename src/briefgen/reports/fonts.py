"""The font files a project's stylesheets name in ``@font-face``, and whether each can be used."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import tinycss2

from briefgen.layout import ASSETS_DIR, TEMPLATES_DIR, Layout

#: At-rules whose block holds rules, where an @font-face may sit.
_GROUPING = {"media", "supports", "layer", "document"}


@dataclass(frozen=True)
class FontFile:
    """One ``url()`` in an ``@font-face`` rule's ``src``."""

    stylesheet: str       # relative to the project root
    line: int
    url: str
    path: Path | None     # resolved; None for a URL that is not a local file
    problem: str          # '' when the file exists, is readable and may be read by a build

    @property
    def where(self) -> str:
        return f"{self.stylesheet}:{self.line}"


def font_files(root: Path) -> list[FontFile]:
    """Every ``@font-face`` source in the project's stylesheets (templates/**/*.css), checked
    as a build would fetch it: a readable file inside templates/ or assets/."""
    # WeasyPrint's own CSS parser, pure Python: importable when WeasyPrint is not.

    layout = Layout(root)
    allowed = [layout.templates.resolve(), layout.assets.resolve()]
    found = []
    for sheet in sorted(layout.templates.rglob("*.css")):
        rules = tinycss2.parse_stylesheet_bytes(sheet.read_bytes(), skip_comments=True, skip_whitespace=True)[0]
        for line, url in _font_urls(tinycss2, rules):
            path = _local_path(url, sheet)
            problem = _problem(url, path, allowed)
            found.append(FontFile(layout.rel(sheet), line, url, path, problem))
    return found


def _font_urls(tinycss2: Any, rules: Iterable[Any]) -> Iterator[tuple[int, str]]:
    """(line, url) of each url() in the src of every @font-face, nested ones included."""
    for rule in rules:
        if rule.type != "at-rule" or rule.content is None:
            continue
        if rule.lower_at_keyword in _GROUPING:
            yield from _font_urls(tinycss2, tinycss2.parse_rule_list(rule.content, True, True))
        elif rule.lower_at_keyword == "font-face":
            for declaration in tinycss2.parse_declaration_list(rule.content, True, True):
                if declaration.type == "declaration" and declaration.lower_name == "src":
                    for token in declaration.value:
                        url = _url(token)
                        if url is not None:
                            yield token.source_line, url


def _url(token: Any) -> str | None:
    if token.type == "url":
        return str(token.value)
    if token.type == "function" and token.lower_name == "url":
        strings = [t.value for t in token.arguments if t.type == "string"]
        return str(strings[0]) if strings else None
    return None


def _local_path(url: str, sheet: Path) -> Path | None:
    parts = urlsplit(url)
    if parts.scheme == "file":
        return Path(unquote(parts.path)).resolve()
    if parts.scheme or parts.netloc:
        return None
    return (sheet.parent / unquote(parts.path)).resolve()


def _problem(url: str, path: Path | None, allowed: list[Path]) -> str:
    if path is None:
        return f"'{url}' is not a file in the project: builds fetch nothing from the network"
    if not any(path.is_relative_to(folder) for folder in allowed):
        return f"{path} is outside {TEMPLATES_DIR}/ and {ASSETS_DIR}/: builds refuse to read it"
    if not path.is_file():
        return f"{path} does not exist"
    if not os.access(path, os.R_OK):
        return f"{path} is not readable by this user"
    return ""
