"""HTML to PDF with WeasyPrint: tagged PDF/UA, a locked-down URL fetcher, reproducible bytes.

WeasyPrint is imported here only, so commands that write no PDF never pay for it; when its system
libraries are missing, importing this module raises a BuildError that names their packages.
"""

from __future__ import annotations

import ctypes.util
import importlib
import logging
import multiprocessing.util
import shutil
import sys
import types
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from briefgen.content.paths import confined
from briefgen.exceptions import BuildError
from briefgen.templating.rendered import Rendered
from briefgen.writers.addresses import glued
from briefgen.writers.pdf_tags import repair
from briefgen.writers.registry import Tools

#: The Debian packages of the libraries WeasyPrint loads when it is imported (HarfBuzz's subsetter
#: is optional but makes PDFs 2.3 times faster).
SYSTEM_PACKAGES = ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0")


def _missing_libraries(error: OSError) -> str:
    reason = str(error).strip().splitlines()[0][:300] if str(error).strip() else type(error).__name__
    return (f"WeasyPrint cannot load its system libraries, so no PDF can be written ({reason}).\n"
            f"  On Debian or Ubuntu: sudo apt-get install {' '.join(SYSTEM_PACKAGES)}\n"
            "  Run `briefgen doctor` to see what is missing.")


@contextmanager
def _sonames_only() -> Iterator[None]:
    """On Linux, let WeasyPrint open its libraries by their sonames alone.

    WeasyPrint tries several names per library; cffi sends each name that does not open at once
    to ``ctypes.util.find_library``, which runs ``ldconfig`` and ``gcc`` (about 0.3 s of a cold
    process). On Linux ``find_library`` only ever returns a soname that ``dlopen`` itself finds
    (``libpango-1.0.so.0``, one of the names WeasyPrint tries), so while WeasyPrint is imported it
    answers "not found" at once and WeasyPrint goes on to the soname. Elsewhere nothing changes.
    """
    if not sys.platform.startswith("linux"):
        yield
        return
    original = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        yield
    finally:
        ctypes.util.find_library = original


#: fontTools modules WeasyPrint imports at start but uses only to subset a font without HarfBuzz's
#: subsetter, or to instantiate a variable font (some 55 ms of a cold process; see :func:`_fonttools_deferred`).
_DEFERRED_SUBSET = "fontTools.subset"
_DEFERRED_INSTANCER = "fontTools.varLib.instancer"


class _Deferred(types.ModuleType):
    """Stands in for a module that is imported, in full, on its first attribute access."""

    def __getattr__(self, name: str) -> Any:
        if sys.modules.get(self.__name__) is self:
            del sys.modules[self.__name__]
        return getattr(importlib.import_module(self.__name__), name)


def _instantiate_variable_font(*args: Any, **kwargs: Any) -> Any:
    from fontTools.varLib.instancer import instantiateVariableFont

    return instantiateVariableFont(*args, **kwargs)


@contextmanager
def _fonttools_deferred() -> Iterator[None]:
    """While WeasyPrint is imported, let it bind ``fontTools.subset`` and ``instantiateVariableFont``
    without loading them: the first is a stand-in module that imports the real one on its first
    attribute access, the second a function that imports the real one when it is first called.
    Afterwards both modules import normally for anyone else."""
    if _DEFERRED_SUBSET in sys.modules or _DEFERRED_INSTANCER in sys.modules:
        yield
        return
    subset = _Deferred(_DEFERRED_SUBSET)
    instancer = types.ModuleType(_DEFERRED_INSTANCER)
    instancer.instantiateVariableFont = _instantiate_variable_font  # type: ignore[attr-defined]
    sys.modules[_DEFERRED_SUBSET] = subset
    sys.modules[_DEFERRED_INSTANCER] = instancer
    try:
        yield
    finally:
        for name, stand_in in ((_DEFERRED_SUBSET, subset), (_DEFERRED_INSTANCER, instancer)):
            if sys.modules.get(name) is stand_in:
                del sys.modules[name]


def _purge_weasyprint() -> None:
    for name in [n for n in sys.modules if n == "weasyprint" or n.startswith("weasyprint.")]:
        del sys.modules[name]


try:
    try:
        with _sonames_only(), _fonttools_deferred():
            import weasyprint
    except OSError:  # not found by soname: try again the slow way, which also finds other names
        _purge_weasyprint()
        import weasyprint
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import FatalURLFetchingError, URLFetcherResponse
except OSError as exc:  # cffi cannot open Pango: installed with pip on a machine without the libraries
    raise BuildError(_missing_libraries(exc)) from None

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
        self.roots = [confined(r) for r in roots]  # the folders themselves stay inside the project

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
        # WeasyPrint copies @font-face files into a temporary folder that it removes only when
        # the FontConfiguration is garbage-collected, which does not happen at exit (nor in forked
        # workers): remove it at exit, in this process and in any worker.
        multiprocessing.util.Finalize(self, _remove_font_folder, args=(self.fonts,), exitpriority=1)
        self._css: dict[Path, weasyprint.CSS | str] = {}

    def stylesheet(self, path: Path) -> weasyprint.CSS:
        """A parsed stylesheet, kept for the process. A stylesheet with problems fails every
        brief that uses it, not only the first one to parse it."""
        if path not in self._css:
            with _collecting() as collector:
                try:
                    css = weasyprint.CSS(filename=str(path), url_fetcher=self.fetcher, font_config=self.fonts)
                except AssetRefused as exc:
                    collector.messages.append(str(exc))
            shown = "/".join(path.parts[-2:])
            self._css[path] = (
                f"stylesheet {shown} (or a file it imports) has problems:\n  " + "\n  ".join(collector.messages)
                if collector.messages else css
            )
        found = self._css[path]
        if isinstance(found, str):
            raise BuildError(found)
        return found

    def write(self, html: str, stylesheets: list[Path],
              inspect: Callable[[weasyprint.Document], list[str]] | None = None,
              verify: Callable[[Any], list[str]] | None = None) -> bytes:
        """The PDF's bytes; any refused asset or logged problem fails the build. ``inspect`` reads the
        laid-out document before it is written (what each page will show) and returns problems, which
        fail the build too. The PDF/UA repairs (``pdf_tags.repair``) are made on WeasyPrint's objects
        in its ``finisher`` hook, just before they are serialised; ``verify`` then reads those same
        objects (what the bytes will be) and returns problems, which fail the build."""
        css = [self.stylesheet(p) for p in stylesheets]
        options: dict[str, Any] = {"pdf_variant": "pdf/ua-1", "pdf_tags": True, "custom_metadata": True}
        unfit: list[str] = []

        def finisher(_document: weasyprint.Document, pdf: Any) -> None:
            repair(pdf)
            if verify:
                unfit.extend(verify(pdf))

        with _collecting() as collector:
            try:
                document = weasyprint.HTML(
                    string=glued(html), base_url=self.base.as_uri() + "/", url_fetcher=self.fetcher
                ).render(stylesheets=css, font_config=self.fonts, **options)
                found = inspect(document) if inspect else []
                data = None if found else document.write_pdf(finisher=finisher, **options)
            except AssetRefused as exc:
                raise BuildError(str(exc)) from None
        if collector.messages:
            problems = "\n  ".join(dict.fromkeys(collector.messages))
            raise BuildError(f"the PDF renderer reported problems:\n  {problems}")
        if found:
            raise BuildError("the PDF's pages, as laid out, fail their checks (marking, text size):\n  "
                             + "\n  ".join(found))
        if unfit:
            raise BuildError("the PDF fails accessibility checks:\n  " + "\n  ".join(unfit))
        assert isinstance(data, bytes)
        return data


def _remove_font_folder(fonts: FontConfiguration) -> None:
    folder = getattr(fonts, "_folder", None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def _collecting() -> Iterator[_Collector]:
    collector = _Collector()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collector)
    try:
        yield collector
    finally:
        logger.removeHandler(collector)


def write(rendered: Rendered, html: str, tools: Tools) -> bytes:
    """The PDF of the brief's print HTML, with its stylesheet (fonts and parsed stylesheets kept
    for the process). Its pages are checked as laid out (``tools.inspect``: the marking shown on
    each) before it is written, and its objects for accessibility just before they are serialised
    (``tools.verify``)."""
    p = tools.project
    writer = tools.once("pdf", lambda: PdfWriter([p.templates, p.assets], base=p.templates))
    sheets = [p.templates / rendered.briefing.stylesheet] if rendered.briefing.stylesheet else []
    return writer.write(html, sheets, inspect=lambda document: tools.inspect(rendered, "pdf", document),
                        verify=lambda pdf: tools.verify(rendered, "pdf", pdf))
