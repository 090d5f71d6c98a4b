"""The house fonts in the HTML edition: the theme's ``@font-face`` rules, each pointing at a copy of its
font file beside the HTML (``build/assets/fonts/X.ttf`` for ``assets/fonts/X.ttf``), by a relative address.

The page stays small (the fonts are not inlined) and fetches nothing from anywhere else: only a font
file inside the project's templates/ or assets/ (after links are resolved) is kept; a rule naming
anything else (another host, a path outside, a missing file, a file that is not a font) is left out,
and the page falls back to the next family its stylesheet names. The same files give the same rules
and copies, byte for byte.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import tinycss2
from tinycss2.serializer import serialize_identifier

from briefgen.layout import Layout
from briefgen.writers import css

#: Font files by suffix, as a browser is told their type (and as ``serve`` sends them).
FONT_TYPES = {".ttf": "font/ttf", ".otf": "font/otf", ".woff": "font/woff", ".woff2": "font/woff2"}
#: A copy's address: plain path characters only, so it needs no escaping in CSS or a URL.
_PLAIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]*$")


@dataclass(frozen=True)
class Faces:
    """The ``@font-face`` rules for the HTML edition, and the files they point at: each copy's path
    relative to build/ (its address in the page), and the project file it is a copy of."""

    css: str = ""
    files: dict[str, Path] = field(default_factory=dict)


def font_faces(stylesheet: Path, root: Path) -> Faces:
    """The font faces of ``stylesheet`` and the sheets it imports (inside the project at ``root``), in
    cascade order, each font file's address made relative to build/."""
    layout = Layout(root.resolve())
    roots = [layout.templates.resolve(), layout.assets.resolve()]
    rules: list[str] = []
    files: dict[str, Path] = {}
    for sheet, parsed in css.sheets(stylesheet, roots):
        for rule in parsed:
            if rule.type == "at-rule" and rule.lower_at_keyword == "font-face":
                found = _face(rule, sheet, roots, layout.root)
                if found is not None:
                    rules.append(found[0])
                    files.update(found[1])
    return Faces("\n".join(rules).replace("</", "\\3c /"), files)


def _face(rule: css.Node, sheet: Path, roots: list[Path], root: Path) -> tuple[str, dict[str, Path]] | None:
    """One ``@font-face`` rule rewritten, with its files; None when any address in it is not a local font."""
    out: list[str] = []
    files: dict[str, Path] = {}
    for node in css.contents(rule):
        if node.type != "declaration":
            return None
        value: list[str] = []
        for token in node.value:
            address = _address(token)
            if address is None:
                if token.type == "function" and token.lower_name in css.FETCHING:
                    return None
                value.append(tinycss2.serialize([token]))
                continue
            target = css.local(sheet, address, roots)
            if target is None or target.suffix.lower() not in FONT_TYPES:
                return None
            rel = target.relative_to(root).as_posix()
            if not _PLAIN.match(rel):
                return None
            files[rel] = target
            value.append(f'url("{rel}")')
        text = "".join(value).strip()
        out.append(f"{serialize_identifier(node.name)}: {text}{' !important' if node.important else ''};")
    if not files:
        return None
    return "@font-face { " + " ".join(out) + " }", files


def _address(token: css.Node) -> str | None:
    """The address a ``url()`` token names, else None."""
    if token.type == "url":
        return str(token.value)
    if token.type == "function" and token.lower_name == "url":
        strings = [a.value for a in token.arguments if a.type == "string"]
        return str(strings[0]) if strings else ""
    return None
