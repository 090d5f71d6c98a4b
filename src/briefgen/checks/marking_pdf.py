"""The marking as the PDF's reader will see it, read from WeasyPrint's layout before the PDF is written.

Every page must show the brief's marking in text that is drawn (not ``display: none``, not hidden,
not transparent, not faded, not transformed, not clipped away, on the page), legible (at least
:data:`MIN_POINTS`) and in contrast with what is behind it. The page's visible text must hold no
marking other than the brief's (see :mod:`briefgen.checks.marking_labels`). This reads the boxes
WeasyPrint lays out, the same ones it then paints, so a stylesheet cannot hide the marking in a way
this check does not see.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from weasyprint.formatting_structure import boxes  # this module runs only once WeasyPrint has laid a PDF out

#: The smallest marking a reader can be expected to see, in points.
MIN_POINTS = 6.0
#: Text fainter than this (opacity times the colour's alpha) counts as hidden.
MIN_ALPHA = 0.9
#: The least contrast between the marking and what is behind it (WCAG's ratio for large text).
MIN_CONTRAST = 3.0
_PX_TO_PT = 0.75
_WHITE = (1.0, 1.0, 1.0)


@dataclass(frozen=True)
class Fragment:
    """One run of text laid out on a page, and why a reader cannot see it (None: they can)."""

    text: str
    hidden: str | None
    #: Its font size in points, and whether it is raised or lowered (a note reference's superscript).
    points: float = 12.0
    raised: bool = False


@dataclass(frozen=True)
class _Scope:
    """What a box inherits that decides whether its text is seen."""

    alpha: float = 1.0
    transformed: bool = False
    background: tuple[float, float, float] = _WHITE
    clip: tuple[float, float, float, float] | None = None
    #: The positioned boxes holding this one (a box never covers its own text).
    positioned: frozenset[int] = frozenset()
    #: Inside a box raised or lowered from the line (a note reference's superscript).
    raised: bool = False


def problems(document: Any, marking: str) -> list[str]:
    """For a laid-out WeasyPrint document: each page that does not show ``marking`` visibly."""
    return problems_of([fragments_of(page) for page in document.pages], marking)


def problems_of(pages: list[list[Fragment]], marking: str) -> list[str]:
    """For the text runs of each laid-out page (:func:`fragments_of`): each page that does not show
    ``marking`` visibly."""
    wanted = "".join(marking.split())
    out = []
    for number, fragments in enumerate(pages, 1):
        seen = "".join("".join(f.text.split()) for f in fragments if f.hidden is None)
        if wanted in seen:
            continue
        why = next((f.hidden for f in fragments if f.hidden and "".join(f.text.split()) in wanted and f.text.strip()),
                   None)
        out.append(f"page {number} of the PDF does not show the marking {marking} visibly"
                   + (f" (it is there, but {why})" if why else "")
                   + ": a stylesheet may not hide, shrink or replace the marking")
    return out


def visible_text(page: Any) -> str:
    """The text of a page a reader can see, in layout order."""
    return visible(fragments_of(page))


def visible(fragments: list[Fragment]) -> str:
    """The text of a page's runs (:func:`fragments_of`) a reader can see, in layout order."""
    return " ".join(f.text for f in fragments if f.hidden is None)


def fragments_of(page: Any) -> list[Fragment]:
    """Every run of text on a laid-out page, with why it cannot be seen, if it cannot."""
    texts, covers = _walk(page)
    out = []
    for box, scope in texts:
        hidden = _hidden(box, scope, (page.width, page.height))
        rect = _rect(box)
        if hidden is None and any(key not in scope.positioned and _overlap(rect, cover) for key, cover in covers):
            hidden = "it is covered by a positioned box with a background"
        out.append(Fragment(box.text, hidden, float(box.style["font_size"]) * _PX_TO_PT, scope.raised))
    return out


def _walk(page: Any) -> tuple[list[tuple[Any, _Scope]], list[tuple[int, tuple[float, float, float, float]]]]:
    """The page's text boxes with what they inherit, and the positioned boxes painted with a background
    (which may be laid over text), in layout order."""
    texts: list[tuple[Any, _Scope]] = []
    covers: list[tuple[int, tuple[float, float, float, float]]] = []
    stack: list[tuple[Any, _Scope]] = [(page._page_box, _Scope())]
    while stack:
        box, scope = stack.pop()
        box = getattr(box, "_box", box)  # an AbsolutePlaceholder holds the box positioned out of the flow
        scope = _enter(box, scope)
        if isinstance(box, boxes.TextBox):
            texts.append((box, scope))
        elif isinstance(box, boxes.ParentBox):
            if _covers(box):
                covers.append((id(box), (box.border_box_x(), box.border_box_y(), box.border_width(),
                                         box.border_height())))
            stack.extend((child, scope) for child in reversed(box.children))
    return texts, covers


def _covers(box: Any) -> bool:
    """Whether a box is positioned (so painted over the text that flows past it) with a background."""
    style = box.style
    positioned = style["position"] not in ("static",) and not isinstance(style["position"], tuple)
    painted = style["background_color"].alpha > 0.1 or any(i is not None and i != ("none", None)
                                                             for i in style["background_image"] or ())
    return bool(positioned and painted and hasattr(box, "border_box_x"))


def _rect(box: Any) -> tuple[float, float, float, float]:
    return (box.position_x, box.position_y, box.width, box.height)


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def _enter(box: Any, scope: _Scope) -> _Scope:
    """What the box's content inherits: its holder's scope, changed by the box's own style (the same
    scope when the style changes nothing, as for most boxes)."""
    style = box.style
    background = style["background_color"]
    if (style["overflow"] == "visible" and style["position"] == "static" and float(style["opacity"]) == 1.0
            and not style["transform"] and background.alpha <= MIN_ALPHA and not _raises(box)):
        return scope
    clip = scope.clip
    if style["overflow"] != "visible" and hasattr(box, "border_box_x"):
        mine = (box.border_box_x(), box.border_box_y(), box.border_width(), box.border_height())
        clip = _intersect(clip, mine)
    return _Scope(
        alpha=scope.alpha * float(style["opacity"]),
        transformed=scope.transformed or bool(style["transform"]),
        background=_rgb(background) if background.alpha > MIN_ALPHA else scope.background,
        clip=clip,
        positioned=scope.positioned | {id(box)} if style["position"] != "static" else scope.positioned,
        raised=scope.raised or _raises(box),
    )


def _raises(box: Any) -> bool:
    """Whether an inline box is raised or lowered from its line (a superscript; a table cell's
    vertical alignment is not)."""
    return isinstance(box, boxes.InlineBox) and box.style["vertical_align"] != "baseline"


def _hidden(box: Any, scope: _Scope, size: tuple[float, float]) -> str | None:
    """Why a reader cannot see a text box, in a fixed order of reasons; None when they can."""
    style = box.style
    if style["visibility"] != "visible":
        return f"it is visibility: {style['visibility']}"
    points = float(style["font_size"]) * _PX_TO_PT
    if points < MIN_POINTS:
        return f"it is {points:.1f} pt, under {MIN_POINTS:g} pt"
    alpha = scope.alpha * float(style["color"].alpha)
    if alpha < MIN_ALPHA:
        return f"it is {'transparent' if alpha == 0 else 'faded'} (opacity {alpha:.2f})"
    if scope.transformed:
        return "it is transformed (transform)"
    rect = _rect(box)
    if not _inside(rect, (0.0, 0.0, *size)):
        return "it lies off the page"
    if scope.clip is not None and not _inside(rect, scope.clip):
        return "it is clipped away (overflow)"
    if _contrast(_rgb(style["color"]), scope.background) < MIN_CONTRAST:
        return "it is too faint against its background"
    return None


def _inside(rect: tuple[float, float, float, float], area: tuple[float, float, float, float]) -> bool:
    x, y, w, h = rect
    ax, ay, aw, ah = area
    slack = 1.0
    return x >= ax - slack and y >= ay - slack and x + w <= ax + aw + slack and y + h <= ay + ah + slack


def _intersect(a: tuple[float, float, float, float] | None, b: tuple[float, float, float, float]
               ) -> tuple[float, float, float, float]:
    if a is None:
        return b
    x, y = max(a[0], b[0]), max(a[1], b[1])
    right, bottom = min(a[0] + a[2], b[0] + b[2]), min(a[1] + a[3], b[1] + b[3])
    return (x, y, max(0.0, right - x), max(0.0, bottom - y))


#: Colours already converted to sRGB, by colour space and coordinates (a stylesheet has few colours).
_SRGB: dict[tuple[str, tuple[float | None, ...]], tuple[float, float, float]] = {}


def _rgb(color: Any) -> tuple[float, float, float]:
    key = (color.space, color.coordinates)
    found = _SRGB.get(key)
    if found is None:
        if len(_SRGB) >= 1024:
            _SRGB.clear()
        red, green, blue = color.to("srgb").coordinates
        found = _SRGB[key] = (float(red), float(green), float(blue))
    return found


@functools.lru_cache(maxsize=1024)
def _contrast(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _luminance(rgb: tuple[float, float, float]) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else float(((c + 0.055) / 1.055) ** 2.4)

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b
