"""Stylesheets read with a real CSS parser (tinycss2, WeasyPrint's own): the sheets a stylesheet
imports, the files it refers to, and an inert copy to inline into the HTML edition."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import tinycss2
from tinycss2.ast import IdentToken
from tinycss2.serializer import serialize_identifier

#: A tinycss2 node (rule, declaration or token); the library has no type hints.
Node = Any

#: Functions that make the renderer fetch something.
FETCHING = frozenset({"url", "src", "image", "image-set", "-webkit-image-set", "cross-fade", "-webkit-cross-fade"})
#: At-rules the inert copy leaves out: web fonts (the HTML edition's are made apart, pointing at copies
#: beside the page: writers/html_fonts.py), rules that only make sense at the top of a file of their
#: own, and paged media (@page and its margin boxes: print only, and not CSS a browser parses).
_DROPPED = frozenset({"import", "font-face", "charset", "namespace", "page"})
#: Paged-media properties the HTML edition leaves out too (string-set; content: string(...)).
_PRINT_ONLY = frozenset({"string-set", "bookmark-label", "bookmark-level", "bookmark-state"})
_BLOCKS = ("() block", "[] block", "{} block")


def parse(path: Path) -> list[Node]:
    """The rules of one stylesheet file (comments and parse errors left out)."""
    rules = tinycss2.parse_stylesheet(path.read_text("utf-8", errors="replace"), skip_comments=True,
                                      skip_whitespace=True)
    return [r for r in rules if r.type != "error"]


def contents(rule: Node) -> list[Node]:
    """The declarations and nested rules inside a rule's block."""
    if rule.content is None:
        return []
    found = tinycss2.parse_blocks_contents(rule.content, skip_comments=True, skip_whitespace=True)
    return [n for n in found if n.type != "error"]


def tokens(nodes: Iterable[Node]) -> Iterator[Node]:
    """Every token in ``nodes``, inside functions and blocks too."""
    for node in nodes:
        yield node
        if node.type == "function":
            yield from tokens(node.arguments)
        elif node.type in _BLOCKS:
            yield from tokens(node.content)


def import_of(rule: Node) -> tuple[str | None, list[Node]]:
    """The address an ``@import`` names, and the media query after it."""
    prelude = list(rule.prelude)
    for i, token in enumerate(prelude):
        if token.type == "whitespace":
            continue
        rest = prelude[i + 1:]
        if token.type in ("string", "url"):
            return token.value, rest
        if token.type == "function" and token.lower_name == "url":
            args = [a for a in token.arguments if a.type == "string"]
            return (args[0].value if args else None), rest
        break
    return None, []


def addresses(nodes: Iterable[Node]) -> Iterator[str]:
    """Every address the renderer would fetch for ``nodes`` (a rule's prelude or contents)."""
    for token in tokens(nodes):
        if token.type == "url":
            yield token.value
        elif token.type == "function" and token.lower_name in FETCHING:
            yield from (a.value for a in token.arguments if a.type == "string")


def local(sheet: Path, address: str, roots: Sequence[Path]) -> Path | None:
    """The file a relative address in ``sheet`` names, if it is a regular file inside one of
    ``roots`` (already resolved) once links are resolved; None for anything else."""
    parts = urlsplit(address)
    if not parts.path or parts.scheme or parts.netloc:
        return None
    target = (sheet.parent / unquote(parts.path)).resolve()
    if not any(target.is_relative_to(r) for r in roots) or not target.is_file():
        return None
    return target


def sheets(stylesheet: Path, roots: Sequence[Path]) -> list[tuple[Path, list[Node]]]:
    """A stylesheet and every sheet it imports from inside ``roots``, each once, parsed, in cascade
    order: a sheet's imports (depth first) before the sheet itself."""
    roots = [r.resolve() for r in roots]
    start = stylesheet.resolve()
    if not start.is_file():
        return []
    found: list[tuple[Path, list[Node]]] = []
    seen = {start}
    first = parse(start)
    stack = [(start, first, iter(_imports(start, first, roots)))]
    while stack:
        path, rules, pending = stack[-1]
        for target in pending:
            if target not in seen:
                seen.add(target)
                inner = parse(target)
                stack.append((target, inner, iter(_imports(target, inner, roots))))
                break
        else:
            stack.pop()
            found.append((path, rules))
    return found


def _imports(sheet: Path, rules: list[Node], roots: Sequence[Path]) -> list[Path]:
    addresses = [import_of(r)[0] for r in rules if r.type == "at-rule" and r.lower_at_keyword == "import"]
    return [t for a in addresses if a and (t := local(sheet, a, roots))]


def referenced(stylesheet: Path, roots: Sequence[Path]) -> set[Path]:
    """A stylesheet, the sheets it imports and the files they refer to (fonts, images), inside ``roots``."""
    roots = [r.resolve() for r in roots]
    files: set[Path] = set()
    for path, rules in sheets(stylesheet, roots):
        files.add(path)
        for rule in rules:
            nodes = [*rule.prelude, *(rule.content or ())]
            files.update(t for a in addresses(nodes) if (t := local(path, a, roots)))
    return files


def inert(stylesheet: Path, root: Path) -> str:
    """A stylesheet to inline in a ``<style>`` element: local imports (inside ``root``) inlined, every
    address to fetch replaced by ``none``, web fonts left out, and no ``</`` anywhere, so the
    element cannot be closed from inside (a ``<`` in a string is written as the escape ``\\3c``)."""
    root = root.resolve()

    def inline(path: Path, seen: frozenset[Path]) -> list[str]:
        out: list[str] = []
        for rule in parse(path):
            if rule.type == "at-rule" and rule.lower_at_keyword == "import":
                address, media = import_of(rule)
                target = local(path, address, [root]) if address else None
                if target is not None and target not in seen:
                    inner = inline(target, seen | {target})
                    query = tinycss2.serialize(_neutral(media)).strip()
                    out += [f"@media {query} {{", *inner, "}"] if query else inner
                continue
            out += _clean([rule])
        return out

    start = stylesheet.resolve()
    text = "\n".join(inline(start, frozenset({start})))
    return text.replace("</", "\\3c /")


def _clean(nodes: list[Node]) -> list[str]:
    """Rules and declarations serialised with every fetch neutralised, dropped at-rules left out."""
    out = []
    for node in nodes:
        if node.type == "declaration":
            if _print_only(node):
                continue
            value = tinycss2.serialize(_neutral(node.value)).strip()
            out.append(f"{serialize_identifier(node.name)}: {value}{' !important' if node.important else ''};")
            continue
        if node.type == "at-rule" and node.lower_at_keyword in _DROPPED:
            continue
        head = tinycss2.serialize(_neutral(node.prelude)).strip()
        if node.type == "at-rule":
            head = f"@{serialize_identifier(node.at_keyword)} {head}".strip()
        if node.content is None:
            out.append(head + ";")
        elif inner := _clean(contents(node)):
            out.append(f"{head} {{ {' '.join(inner)} }}")
    return out


def _print_only(declaration: Node) -> bool:
    """A paged-media declaration: ``string-set`` and the like, or a value that reads a named string."""
    if declaration.lower_name in _PRINT_ONLY:
        return True
    return any(t.type == "function" and t.lower_name == "string" for t in tokens(declaration.value))


def _neutral(nodes: list[Node]) -> list[Node]:
    """``nodes`` with each ``url()``, ``image-set()`` and other fetching function replaced by ``none``."""
    out = []
    for node in nodes:
        if node.type == "url" or (node.type == "function" and node.lower_name in FETCHING):
            node = IdentToken(node.source_line, node.source_column, "none")
        elif node.type == "function":
            node.arguments = _neutral(node.arguments)
        elif node.type in _BLOCKS:
            node.content = _neutral(node.content)
        out.append(node)
    return out
