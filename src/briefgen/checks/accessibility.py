"""Accessibility checks on the produced PDF and on the stylesheet's colours (guide section 6).

Checked on the file itself with pikepdf (qpdf; some 5 ms a document): tagged structure, document language, the
title shown in the title bar, heading levels that never skip, alt text on every
figure, header cells in every table, embedded fonts; and from the stylesheet,
text contrast of at least 4.5:1.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import tinycss2
from tinycss2 import color4

from briefgen.checks.pdf_rules import heading_skips
from briefgen.writers import css

if TYPE_CHECKING:
    import pikepdf

MIN_CONTRAST = 4.5


def check_pdf(data: bytes) -> tuple[list[str], int]:
    """Every accessibility problem found in a PDF's structure, and its page count."""
    import pikepdf  # lazy: a build checks the PDF's objects as they are written (checks/pdf_objects.py)

    from briefgen.checks.pdfua import structure_problems

    with pikepdf.open(io.BytesIO(data)) as pdf:
        root = pdf.Root
        problems = []
        mark_info = root.get("/MarkInfo")
        if "/StructTreeRoot" not in root or mark_info is None or not bool(mark_info.get("/Marked", False)):
            problems.append("the PDF is not tagged (no structure tree)")
        if not str(root.get("/Lang", "")).strip():
            problems.append("the PDF has no document language (/Lang)")
        prefs = root.get("/ViewerPreferences")
        if prefs is None or not bool(prefs.get("/DisplayDocTitle", False)):
            problems.append("the PDF does not show its title in the title bar (DisplayDocTitle)")
        if not str(pdf.docinfo.get("/Title", "")).strip():
            problems.append("the PDF has no title")
        problems += _check_fonts(pdf)
        if "/StructTreeRoot" in root:
            problems += _check_structure(root.StructTreeRoot) + structure_problems(pdf)
        return problems, len(pdf.pages)


def _check_fonts(pdf: pikepdf.Pdf) -> list[str]:
    missing: set[str] = set()
    for page in pdf.pages:
        resources = page.get("/Resources")
        fonts = resources.get("/Font") if resources is not None else None
        for font in (fonts.values() if fonts is not None else ()):
            descendants = font.get("/DescendantFonts")
            target = descendants[0] if descendants is not None else font
            descriptor = target.get("/FontDescriptor")
            if descriptor is None or not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                missing.add(str(font.get("/BaseFont", "?")))
    return [f"font {name} is not embedded" for name in sorted(missing)]


def _check_structure(tree: pikepdf.Object) -> list[str]:
    import pikepdf  # loaded already by check_pdf

    problems: list[str] = []
    headings: list[int] = []
    stack: list[pikepdf.Object] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Array):
            stack.extend(reversed(list(node)))
            continue
        if not isinstance(node, pikepdf.Dictionary):
            continue
        kind = str(node.get("/S", ""))
        if re.fullmatch(r"/H[1-6]", kind):
            headings.append(int(kind[2]))
        elif kind == "/Figure" and not str(node.get("/Alt", "")).strip():
            problems.append("a figure has no alt text")
        elif kind == "/Table" and not _has_header(node):
            problems.append("a table has no header cells (TH)")
        kids = node.get("/K")
        if kids is not None:
            stack.append(kids)
    return problems + heading_skips(headings)


def _has_header(table: pikepdf.Dictionary) -> bool:
    import pikepdf  # loaded already by check_pdf

    stack = [table.get("/K")]
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Array):
            stack.extend(node)
        elif isinstance(node, pikepdf.Dictionary):
            if str(node.get("/S", "")) == "/TH":
                return True
            stack.append(node.get("/K"))
    return False


Rgb = tuple[float, float, float]
WHITE: Rgb = (1.0, 1.0, 1.0)
BLACK: Rgb = (0.0, 0.0, 0.0)
#: Values that take their colour from elsewhere, checked where that colour is set.
_ELSEWHERE = frozenset({"inherit", "initial", "unset", "revert", "revert-layer", "currentcolor"})


@dataclass(frozen=True)
class Colour:
    """A colour as written in a stylesheet, in sRGB, with how it is shown in messages."""

    rgb: Rgb
    alpha: float
    shown: str

    def over(self, below: Rgb) -> Rgb:
        """This colour composited over an opaque one."""
        a = self.alpha
        return (a * self.rgb[0] + (1 - a) * below[0], a * self.rgb[1] + (1 - a) * below[1],
                a * self.rgb[2] + (1 - a) * below[2])


def _luminance(rgb: Rgb) -> float:
    def channel(c: float) -> float:
        c = min(1.0, max(0.0, c))
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(foreground: str | Rgb, background: str | Rgb) -> float:
    """The WCAG contrast ratio of two opaque colours (CSS text, or sRGB channels from 0 to 1)."""
    def rgb(value: str | Rgb) -> Rgb:
        if isinstance(value, tuple):
            return value
        parsed = _parse(tinycss2.parse_component_value_list(value))
        assert isinstance(parsed, Colour), f"not a colour: {value}"
        return parsed.rgb

    a, b = sorted((_luminance(rgb(foreground)), _luminance(rgb(background))), reverse=True)
    return (a + 0.05) / (b + 0.05)


def _parse(value: list[css.Node]) -> Colour | str | None:
    """A colour value: a Colour; "elsewhere" for inherit, currentcolor and the like; None when the
    check cannot read it (lab(), var(), ...)."""
    significant = [t for t in value if t.type not in ("whitespace", "comment")]
    shown = tinycss2.serialize(value).strip()
    if len(significant) != 1:
        return None
    token = significant[0]
    if token.type == "ident" and token.lower_value in _ELSEWHERE:
        return "elsewhere"
    found = color4.parse_color(token)
    if not isinstance(found, color4.Color) or found.space not in ("srgb", "hsl", "hwb"):
        return None
    r, g, b = found.to("srgb").coordinates
    return Colour((r, g, b), found.alpha, shown)


def _background(declarations: list[css.Node]) -> Colour | str | None:
    """The background colour the last ``background`` or ``background-color`` declaration sets: a
    Colour, the text of a ``background-color`` the check cannot read, or None (none, transparent,
    a value it inherits). A ``background`` shorthand gives the colour token of its last layer
    (gradients and images are not looked at)."""
    found: Colour | str | None = None
    for d in declarations:
        if d.lower_name == "background-color":
            parsed = _parse(d.value)
            found = None if parsed == "elsewhere" else parsed or tinycss2.serialize(d.value).strip()
        elif d.lower_name == "background":
            layer = list(d.value)
            commas = [i for i, t in enumerate(layer) if t.type == "literal" and t.value == ","]
            layer = layer[commas[-1] + 1:] if commas else layer  # only the last layer has a colour
            colours = [c for t in layer if isinstance(c := _parse([t]), Colour)]
            found = colours[0] if colours else None
    return None if isinstance(found, Colour) and found.alpha == 0 else found


def _colour(declarations: list[css.Node]) -> Colour | str | None:
    """What the last ``color`` declaration sets: a Colour, "elsewhere" (inherit, currentcolor...),
    the text of a value the check cannot read, or None."""
    found: Colour | str | None = None
    for d in declarations:
        if d.lower_name == "color":
            parsed = _parse(d.value)
            found = parsed if parsed is not None else tinycss2.serialize(d.value).strip()
    return found


def _rules(rules: list[css.Node]) -> Iterator[tuple[str, list[css.Node]]]:
    """(selector, declarations) for every style rule, inside @media, @supports and nested rules too;
    page-margin boxes come as '@page @top-center'."""
    for rule in rules:
        if rule.type == "qualified-rule":
            body = css.contents(rule)
            selector = " ".join(tinycss2.serialize(rule.prelude).split())
            yield selector, [n for n in body if n.type == "declaration"]
            yield from ((f"{selector} {s}", d) for s, d in _rules([n for n in body if n.type != "declaration"]))
        elif rule.type == "at-rule" and rule.lower_at_keyword == "page":
            body = css.contents(rule)
            yield "@page", [n for n in body if n.type == "declaration"]
            for box in body:
                if box.type == "at-rule":
                    yield f"@page @{box.lower_at_keyword}", [n for n in css.contents(box) if n.type == "declaration"]
        elif rule.type == "at-rule" and rule.content is not None and rule.lower_at_keyword != "font-face":
            yield from _rules(css.contents(rule))


@dataclass
class _Page:
    """What a rule that sets no background (or no colour) is checked against."""

    back: Rgb = WHITE
    back_shown: str = "#ffffff"
    text: Colour = Colour(BLACK, 1.0, "#000000 (the default colour)")
    margin: Colour | None = None  # the @page background, under page-margin boxes


def _page(found: list[tuple[Path, list[tuple[str, list[css.Node]]]]]) -> _Page:
    """The page's background (body over html over white) and text colour, from the last rules
    (in cascade order) for html, :root and body."""
    backs: dict[str, Colour] = {}
    texts: dict[str, Colour] = {}
    page = _Page()
    for _, rules in found:
        for selector, declarations in rules:
            names = {s.strip().lower() for s in selector.split(",")}
            back, text = _background(declarations), _colour(declarations)
            for name in ("html", "body"):
                if name in names or (name == "html" and ":root" in names):
                    if isinstance(back, Colour):
                        backs[name] = back
                    if isinstance(text, Colour):
                        texts[name] = text
            if selector == "@page" and isinstance(back, Colour):
                page.margin = back
    for name in ("html", "body"):
        if name in backs:
            page.back, page.back_shown = backs[name].over(page.back), f"{backs[name].shown} (the {name} background)"
        if name in texts:
            page.text = replace(texts[name], shown=f"{texts[name].shown} (the {name} colour)")
    return page


def check_contrast(stylesheet: Path, roots: Sequence[Path] | None = None) -> list[str]:
    """Text colours in a stylesheet (and the sheets it imports from inside ``roots``, by default the
    stylesheet's own folder) against their backgrounds, read with a CSS parser.

    A rule's text colour is checked against the background the same rule sets; else the page's
    background: the body's over the html's (or ``:root``'s) over white. A rule that sets a
    background but no colour is checked with the page's text colour (body's, html's, else black).
    A page-margin box falls back to the ``@page`` background first. Colours with alpha are
    composited over what is below them. A colour the check cannot read (lab(), var()) is reported.
    """
    found = [(path, list(_rules(rules))) for path, rules in css.sheets(stylesheet, roots or [stylesheet.parent])]
    page = _page(found)
    problems = []
    for path, rules in found:
        for selector, declarations in rules:
            colour, back = _colour(declarations), _background(declarations)
            if colour == "elsewhere":
                colour = None  # inherited: checked where it is set, and here with the page's colour
            if colour is None and back is None:
                continue
            if isinstance(colour, str) or isinstance(back, str):
                what = f"text {colour}" if isinstance(colour, str) else f"the background {back}"
                problems.append(f"{path.name}: '{selector}': cannot check the contrast of {what}: "
                                "write it as a hex colour, rgb(), hsl() or a colour name")
                continue
            below, below_shown = page.back, page.back_shown
            if selector.startswith("@page @") and page.margin is not None:
                below, below_shown = page.margin.over(below), page.margin.shown
            if back is not None:
                below, below_shown = back.over(below), back.shown
            text = colour or page.text
            ratio = contrast(text.over(below), below)
            if ratio < MIN_CONTRAST:
                shown = f"{math.floor(ratio * 100) / 100:.2f}"  # rounded down: never reads as the threshold
                problems.append(f"{path.name}: '{selector}': text {text.shown} on {below_shown} has contrast "
                                f"{shown}:1, below {MIN_CONTRAST}:1")
    return problems
