"""Accessibility checks on the produced PDF and on the stylesheet's colours (guide section 6).

Checked on the file itself with pikepdf (qpdf; some 5 ms a document): tagged structure, document language, the
title shown in the title bar, heading levels that never skip, alt text on every
figure, header cells in every table, embedded fonts; and from the stylesheet,
text contrast of at least 4.5:1.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pikepdf

MIN_CONTRAST = 4.5
_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_COLOR = re.compile(r"(?<![-\w])color\s*:\s*(#[0-9a-fA-F]{3,6})\b")
_BACKGROUND = re.compile(r"background(?:-color)?\s*:\s*(#[0-9a-fA-F]{3,6})\b")


def check_pdf(data: bytes) -> tuple[list[str], int]:
    """Every accessibility problem found in a PDF's structure, and its page count."""
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
            problems += _check_structure(root.StructTreeRoot)
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
    previous = 0
    for level in headings:
        if level > previous + 1:
            problems.append(f"heading levels skip from H{previous} to H{level}")
            break
        previous = level
    return problems


def _has_header(table: pikepdf.Dictionary) -> bool:
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


def _rgb(value: str) -> tuple[float, float, float]:
    h = value.lstrip("#")
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    return int(h[0:2], 16) / 255, int(h[2:4], 16) / 255, int(h[4:6], 16) / 255


def _luminance(value: str) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in _rgb(value))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(foreground: str, background: str) -> float:
    """The WCAG contrast ratio of two hex colours."""
    a, b = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def check_contrast(stylesheet: Path) -> list[str]:
    """Text colours in a stylesheet (and the sheets it imports) against their background.

    A rule's text colour is compared with the background the same rule sets, or white.
    """
    problems = []
    for path in _with_imports(stylesheet):
        text = re.sub(r"/\*.*?\*/", "", path.read_text("utf-8"), flags=re.S)
        for selector, body in _RULE.findall(text):
            colour = _COLOR.search(body)
            if not colour:
                continue
            back = _BACKGROUND.search(body)
            ratio = contrast(colour.group(1), back.group(1) if back else "#ffffff")
            if ratio < MIN_CONTRAST:
                where = " ".join(selector.split())
                problems.append(f"{path.name}: '{where}': text {colour.group(1)} on "
                                f"{back.group(1) if back else '#ffffff'} has contrast {ratio:.1f}:1, "
                                f"below {MIN_CONTRAST}:1")
    return problems


def _with_imports(stylesheet: Path) -> list[Path]:
    found: list[Path] = []
    stack = [stylesheet]
    while stack:
        path = stack.pop()
        if path in found or not path.is_file():
            continue
        found.append(path)
        for ref in re.findall(r"""@import\s+(?:url\()?\s*["']?([^"')\s;]+)""", path.read_text("utf-8")):
            stack.append((path.parent / ref).resolve())
    return found
