"""Images in the HTML edition: the project's own pictures, inlined; nothing else.

The HTML edition is one self-contained file, opened wherever it is sent: an ``<img>`` pointing
anywhere (``http://127.0.0.1:8768/x.png``, ``file:``, a path outside the project) would make the
reader's browser fetch it, and tell its owner who read the brief and when. As the PDF's fetcher and
the Word writer do, only a file inside templates/ or assets/ (after links are resolved) is allowed;
it is written into the page as a ``data:`` address, so the page fetches nothing.
"""

from __future__ import annotations

import base64
import html
import re
from pathlib import Path

from briefgen.exceptions import BuildError

#: The largest picture inlined, in bytes (as for the PDF and Word editions).
MAX_IMAGE_BYTES = 8 * 1024 * 1024
_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
          ".svg": "image/svg+xml", ".webp": "image/webp"}
_IMG = re.compile(r'(<img src=")([^"]*)(")')
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def inline_images(body: str, base: Path, roots: tuple[Path, ...]) -> str:
    """``body`` (HTML from the brief's Markdown) with every image's address replaced by its data."""
    allowed = tuple(r.resolve() for r in roots)
    return _IMG.sub(lambda m: m.group(1) + _data_uri(html.unescape(m.group(2)), base, allowed) + m.group(3), body)


def _data_uri(src: str, base: Path, roots: tuple[Path, ...]) -> str:
    if _SCHEME.match(src) or src.startswith(("/", "\\")):
        raise BuildError(f"image '{src}': only files inside the project (templates/ or assets/) are allowed in the "
                         "HTML edition, which never makes its reader fetch anything")
    path = (base / src).resolve()
    if not any(path.is_relative_to(root) for root in roots) or not path.is_file():
        raise BuildError(f"image '{src}': expected a file inside templates/ or assets/ for the HTML edition")
    kind = _TYPES.get(path.suffix.lower())
    if kind is None:
        raise BuildError(f"image '{src}': the HTML edition takes {', '.join(sorted(_TYPES))} pictures")
    if path.stat().st_size > MAX_IMAGE_BYTES:
        raise BuildError(f"image '{src}' is over the {MAX_IMAGE_BYTES} byte limit")
    return f"data:{kind};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"
