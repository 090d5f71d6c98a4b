"""HTML to PDF with WeasyPrint: tagged PDF/UA, a locked-down URL fetcher, reproducible bytes.

WeasyPrint is imported here only, so commands that write no PDF never pay for it.
"""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import unquote, urlsplit

import weasyprint
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcherResponse

from briefgen.exceptions import BuildError

MAX_ASSET_BYTES = 8 * 1024 * 1024
_MIME = {
    ".css": "text/css", ".ttf": "font/ttf", ".otf": "font/otf", ".woff": "font/woff",
    ".woff2": "font/woff2", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
    ".svg": "image/svg+xml", ".gif": "image/gif",
}


class AssetRefused(FatalURLFetchingError):
    """A document asked for something outside the project's allowed folders."""


class ProjectFetcher(weasyprint.URLFetcher):
    """Serves files from the allowed folders only: no network, no links out, a size cap."""

    def __init__(self, roots: list[Path]) -> None:
        super().__init__(allowed_protocols=("file",), allow_redirects=False, fail_on_errors=True)
        self.roots = [r.resolve() for r in roots]

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            raise AssetRefused(f"refused to fetch '{url}': only files inside the project are allowed")
        path = Path(unquote(parts.path)).resolve()
        if not any(path.is_relative_to(root) for root in self.roots):
            raise AssetRefused(f"refused to read '{path}': outside {', '.join(map(str, self.roots))}")
        if not path.is_file():
            raise AssetRefused(f"no such asset: '{path}'")
        if path.stat().st_size > MAX_ASSET_BYTES:
            raise AssetRefused(f"asset '{path}' is over the {MAX_ASSET_BYTES} byte limit")
        headers = {"Content-Type": _MIME.get(path.suffix.lower(), "application/octet-stream")}
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), headers)


class _Collector(logging.Handler):
    """Turns WeasyPrint's logged warnings and errors into build errors."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


class PdfWriter:
    """Writes PDFs for one project; keeps fonts and parsed stylesheets for the process."""

    def __init__(self, roots: list[Path], base: Path) -> None:
        self.fetcher = ProjectFetcher(roots)
        self.base = base
        self.fonts = FontConfiguration()
        self._css: dict[Path, weasyprint.CSS] = {}

    def stylesheet(self, path: Path) -> weasyprint.CSS:
        if path not in self._css:
            self._css[path] = weasyprint.CSS(
                filename=str(path), url_fetcher=self.fetcher, font_config=self.fonts
            )
        return self._css[path]

    def write(self, html: str, stylesheets: list[Path], shown_as: str) -> bytes:
        """The PDF's bytes; any refused asset or logged problem fails the build."""
        collector = _Collector()
        logger = logging.getLogger("weasyprint")
        logger.addHandler(collector)
        try:
            document = weasyprint.HTML(
                string=html, base_url=self.base.as_uri() + "/", url_fetcher=self.fetcher
            )
            css = [self.stylesheet(p) for p in stylesheets]
            data = document.write_pdf(
                stylesheets=css,
                font_config=self.fonts,
                pdf_variant="pdf/ua-1",
                pdf_tags=True,
                custom_metadata=True,
            )
        except AssetRefused as exc:
            raise BuildError(f"{shown_as}: {exc}") from None
        finally:
            logger.removeHandler(collector)
        if collector.messages:
            problems = "\n  ".join(dict.fromkeys(collector.messages))
            raise BuildError(f"{shown_as}: the PDF renderer reported problems:\n  {problems}")
        assert data is not None
        return data
