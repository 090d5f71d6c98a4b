"""The marking as each edition's reader will see it, checked after rendering.

- Markdown and text: the marking is the first and the last line.
- HTML: the marking opens and closes the body, and no rule of the page's stylesheet that applies to
  the marking or to what holds it (``header``, ``footer``, ``body``, ``html``) hides it, shrinks it
  below 6 pt, fades it, moves it away or clips it (see :data:`HIDING`); rules for print only are
  the PDF's, checked on its layout (:mod:`briefgen.checks.marking_pdf`).
- Word: the marking opens and closes the body and is in every header and footer, and none of the
  styles it is written in (nor the document defaults) hides it (``w:vanish``) or shrinks it.
- Everywhere: no marking other than the brief's is written (:mod:`briefgen.checks.marking_labels`).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from typing import Any

import cssselect2
import tinycss2
import tinyhtml5
from lxml import etree

from briefgen.checks import marking_labels
from briefgen.content.project import Project
from briefgen.templating.rendered import Rendered

#: The smallest legible marking, in points (as in the PDF).
MIN_POINTS = 6.0


def problems(fmt: str, data: bytes, rendered: Rendered, project: Project) -> list[str]:
    """What is wrong with how an edition shows its marking (empty: nothing)."""
    if fmt == "md":
        return _lines(data.decode("utf-8"), f"**{rendered.marking}**", "the Markdown edition") + \
            marking_labels.problems(rendered.body, "the template", rendered, project)
    if fmt == "txt":
        return _lines(data.decode("utf-8"), rendered.marking, "the text edition")
    if fmt == "html":
        return html_problems(data.decode("utf-8"), rendered, project)
    if fmt == "docx":
        return docx_problems(data, rendered.marking)
    return []


def _lines(text: str, marking: str, edition: str) -> list[str]:
    lines = [line for line in text.splitlines() if line.strip()]
    if lines and lines[0] == marking and lines[-1] == marking:
        return []
    return [f"{edition} does not open and close with its marking {marking}"]


# HTML


#: (property, test of its serialised value) for each declaration that hides, fades or moves text.
HIDING: tuple[tuple[str, str], ...] = (
    ("display", r"^none$"),
    ("visibility", r"^(hidden|collapse)$"),
    ("opacity", r"^(0*\.[0-8]\d*|0+|[0-8]?\d(\.\d*)?%)$"),
    ("color", r"^transparent$|rgba?\(.*[,/]\s*(0*\.[0-8]\d*|0+|[0-8]?\d%)\s*\)$|^#[0-9a-f]{6}[0-e][0-9a-f]$"),
    ("transform", r"^(?!none$)"),
    ("clip", r"^(?!auto$)"),
    ("clip-path", r"^(?!none$)"),
    ("filter", r"^(?!none$)"),
    ("position", r"^(absolute|fixed)$"),
    ("text-indent", r"^-"),
    ("height", r"^0"),
    ("max-height", r"^0"),
    ("content-visibility", r"^hidden$"),
)


def html_problems(page: str, rendered: Rendered, project: Project) -> list[str]:
    """The HTML edition: its marking lines, what its stylesheet does to them, and markings of its own."""
    root = tinyhtml5.parse(page)
    ns = "{http://www.w3.org/1999/xhtml}"
    markings = [e for e in root.iter(f"{ns}p") if "marking" in (e.get("class") or "").split()]
    out = []
    if len(markings) < 2 or any("".join(e.itertext()) != rendered.marking for e in markings):
        out.append(f"the HTML edition does not open and close with its marking {rendered.marking}")
    css = "\n".join("".join(e.itertext()) for e in root.iter(f"{ns}style"))
    out += _css_problems(root, css)
    out += marking_labels.problems(_content_strings(css), "the stylesheet", rendered, project)
    return out


def _css_problems(root: Any, css: str) -> list[str]:
    """Each declaration of a screen rule that hides, fades, moves or shrinks the marking."""
    wrapper = cssselect2.ElementWrapper.from_html_root(root)
    targets = [e for e in wrapper.iter_subtree() if "marking" in e.classes]
    found: dict[str, None] = {}
    for target in targets:
        size = 12.0
        for element in [*reversed(target.ancestors), target]:
            for selector, name, value in _matching(element, css):
                size = _font_size(name, value, size)
                if _hides(name, value) or size < MIN_POINTS:
                    found[f"the stylesheet's rule '{selector} {{ {name}: {value} }}' hides or shrinks the "
                          "marking in the HTML edition: a stylesheet may not hide, shrink or move the marking"] = None
    return list(found)


def _matching(element: Any, css: str) -> Iterator[tuple[str, str, str]]:
    """(selector, property, value) of each declaration of a screen rule that applies to ``element``."""
    for prelude, content in _screen_rules(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)):
        try:
            selectors = cssselect2.compile_selector_list(prelude)
        except cssselect2.SelectorError:
            continue
        if not any(s.pseudo_element is None and s.test(element) for s in selectors):
            continue
        for decl in tinycss2.parse_blocks_contents(content, skip_comments=True, skip_whitespace=True):
            if decl.type == "declaration":
                yield (tinycss2.serialize(prelude).strip(), decl.lower_name,
                       tinycss2.serialize(decl.value).strip().lower().removesuffix("!important").strip())


def _screen_rules(rules: list[Any]) -> Iterator[tuple[list[Any], list[Any]]]:
    """(prelude, content) of every style rule that applies on screen, inside at-rules too."""
    stack = list(reversed(rules))
    while stack:
        rule = stack.pop()
        if rule.type == "qualified-rule":
            yield rule.prelude, rule.content
        elif rule.type == "at-rule" and rule.content is not None and rule.lower_at_keyword in ("media", "supports",
                                                                                               "layer", "container"):
            media = tinycss2.serialize(rule.prelude).lower()
            if rule.lower_at_keyword == "media" and "print" in media and "screen" not in media and "all" not in media:
                continue
            stack.extend(reversed(tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True)))


def _hides(name: str, value: str) -> bool:
    return any(name == prop and re.search(test, value) for prop, test in HIDING)


_ABSOLUTE = {"pt": 1.0, "px": 0.75, "pc": 12.0, "in": 72.0, "cm": 72 / 2.54, "mm": 72 / 25.4, "q": 72 / 101.6}
_KEYWORDS = {"xx-small": 6.75, "x-small": 7.5, "small": 9.75, "medium": 12.0, "large": 13.5, "x-large": 18.0,
             "xx-large": 24.0, "xxx-large": 36.0}


def _font_size(name: str, value: str, parent: float) -> float:
    """The font size, in points, that a ``font-size`` (or ``font``) declaration gives; sizes this cannot
    read (``calc()``, viewport units) count as 0, so they are refused rather than trusted."""
    if name not in ("font-size", "font"):
        return parent
    if name == "font":
        match = re.search(r"(^|\s)([\d.]+[a-z%]+|xx-small|x-small|small|medium|large|x-large|xx-large)(\s|/|$)", value)
        if match is None:
            return parent
        value = match.group(2)
    if value in _KEYWORDS:
        return _KEYWORDS[value]
    if value in ("smaller", "larger"):
        return parent * (0.83 if value == "smaller" else 1.2)
    match = re.fullmatch(r"([\d.]+)([a-z%]*)", value)
    if match is None:
        return 0.0 if value not in ("inherit", "initial", "unset", "revert") else parent
    number, unit = float(match.group(1)), match.group(2)
    if unit in _ABSOLUTE:
        return number * _ABSOLUTE[unit]
    if unit in ("em", "%"):
        return parent * (number / 100 if unit == "%" else number)
    if unit == "rem":
        return 12.0 * number
    return 0.0


def _content_strings(css: str) -> str:
    """The text of every string in a ``content`` declaration (what a stylesheet itself writes)."""
    return "\n".join(m.group(2) for m in re.finditer(r"content\s*:[^;}]*?([\"'])(.*?)\1", css))


# Word


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_problems(data: bytes, marking: str) -> list[str]:
    """The Word edition: the marking opens and closes the body and is in every header and footer, and
    no style it uses (nor the document defaults) hides or shrinks it."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        parts = {name: etree.fromstring(package.read(name)) for name in package.namelist()
                 if re.fullmatch(r"word/(document|styles|header\d*|footer\d*)\.xml", name)}
    out = []
    paragraphs = [p for p in parts["word/document.xml"].iter(f"{_W}p") if _text(p).strip()]
    if not paragraphs or _text(paragraphs[0]) != marking or _text(paragraphs[-1]) != marking:
        out.append(f"the Word edition does not open and close with its marking {marking}")
    for name, part in sorted(parts.items()):
        if re.fullmatch(r"word/(header|footer)\d*\.xml", name) and marking not in _text(part):
            out.append(f"the Word edition's {name.split('/')[1]} does not show the marking {marking}")
    styles = parts.get("word/styles.xml")
    if styles is not None:
        out += _style_problems(styles, paragraphs[:1] + [p for n, part in parts.items() if "/header" in n or
                                                         "/footer" in n for p in part.iter(f"{_W}p")])
    out += _run_problems([p for n, part in parts.items() if n != "word/styles.xml" for p in part.iter(f"{_W}p")
                          if marking in _text(p)])
    return out


def _text(element: Any) -> str:
    return "".join(t.text or "" for t in element.iter(f"{_W}t"))


def _style_problems(styles: Any, paragraphs: list[Any]) -> list[str]:
    """Each style (with the styles it is based on, and the defaults) that hides or shrinks the marking."""
    by_id = {s.get(f"{_W}styleId"): s for s in styles.iter(f"{_W}style")}
    used = {p.find(f"{_W}pPr/{_W}pStyle").get(f"{_W}val") for p in paragraphs
            if p.find(f"{_W}pPr/{_W}pStyle") is not None}
    out: dict[str, None] = {}
    defaults = styles.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr")
    if defaults is not None and (why := _hiding(defaults)):
        out[f"the Word edition's document defaults {why}, which hides the marking"] = None
    for sid in sorted(u for u in used if u):
        seen: set[str] = set()
        current = by_id.get(sid)
        while current is not None and current.get(f"{_W}styleId") not in seen:
            seen.add(current.get(f"{_W}styleId"))
            props = current.find(f"{_W}rPr")
            if props is not None and (why := _hiding(props)):
                out[f"the Word edition's style '{current.get(f'{_W}styleId')}' (used by the marking) {why}: a "
                    "house template may not hide or shrink the marking"] = None
            based = current.find(f"{_W}basedOn")
            current = by_id.get(based.get(f"{_W}val")) if based is not None else None
    return list(out)


def _run_problems(paragraphs: list[Any]) -> list[str]:
    out: dict[str, None] = {}
    for paragraph in paragraphs:
        for props in paragraph.iter(f"{_W}rPr"):
            if why := _hiding(props):
                out[f"the Word edition's marking {why}"] = None
    return list(out)


def _hiding(props: Any) -> str | None:
    """Why run properties hide or shrink text (None: they do not)."""
    for tag in ("vanish", "specVanish", "webHidden"):
        found = props.find(f"{_W}{tag}")
        if found is not None and found.get(f"{_W}val", "true") not in ("0", "false", "off"):
            return f"sets w:{tag} (hidden text)"
    size = props.find(f"{_W}sz")
    if size is not None and (size.get(f"{_W}val") or "").isdigit() and int(size.get(f"{_W}val")) < MIN_POINTS * 2:
        return f"sets the size {int(size.get(f'{_W}val')) / 2:g} pt, under {MIN_POINTS:g} pt"
    return None
