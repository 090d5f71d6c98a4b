"""``briefgen doctor``: what this machine has of what briefgen needs, and how to install the rest.

Nothing here imports WeasyPrint at module level: the report must work when WeasyPrint cannot
load its libraries, which is when people run it.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import importlib
import io
import platform
import shutil
import subprocess
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from briefgen import __version__
from briefgen.reports.fonts import font_files

APT = "sudo apt-get install"
BREW = "brew install pango"  # Homebrew's pango brings HarfBuzz (with its subsetter), fontconfig, GLib


@dataclass(frozen=True)
class Library:
    """A shared library WeasyPrint loads, the names it goes by and the Debian package that has it."""

    label: str
    names: tuple[str, ...]  # Linux soname first, then macOS names
    stem: str               # for ctypes.util.find_library, as a last resort
    package: str
    purpose: str


LIBRARIES = (
    Library("GObject", ("libgobject-2.0.so.0", "libgobject-2.0.0.dylib"), "gobject-2.0", "libglib2.0-0",
            "GLib's object system, under Pango"),
    Library("Pango", ("libpango-1.0.so.0", "libpango-1.0.0.dylib", "libpango-1.0.dylib"), "pango-1.0",
            "libpango-1.0-0", "text layout"),
    Library("PangoFT2", ("libpangoft2-1.0.so.0", "libpangoft2-1.0.0.dylib", "libpangoft2-1.0.dylib"),
            "pangoft2-1.0", "libpangoft2-1.0-0", "Pango's FreeType fonts"),
    Library("HarfBuzz", ("libharfbuzz.so.0", "libharfbuzz.0.dylib"), "harfbuzz", "libharfbuzz0b",
            "text shaping"),
    Library("HarfBuzz subsetting", ("libharfbuzz-subset.so.0", "libharfbuzz-subset.0.dylib"), "harfbuzz-subset",
            "libharfbuzz-subset0", "fonts embedded in PDFs: fast and byte-identical"),
    Library("fontconfig", ("libfontconfig.so.1", "libfontconfig.1.dylib"), "fontconfig", "libfontconfig1",
            "finding fonts"),
)

#: The Python packages whose versions are shown, by distribution name and the name people know.
PACKAGES = (("weasyprint", "WeasyPrint"), ("jinja2", "Jinja"), ("markdown-it-py", "markdown-it-py"),
            ("pyyaml", "PyYAML"))


@dataclass(frozen=True)
class Check:
    """One line of the report."""

    label: str
    ok: bool
    detail: str = ""
    package: str = ""       # the Debian package that provides it, when there is one
    required: bool = True   # False: worth knowing, but briefgen builds without it
    skipped: bool = False   # not checked at all

    @property
    def mark(self) -> str:
        if self.skipped:
            return "-"
        if self.ok:
            return "ok"
        return "MISSING" if self.required else "warning"


def load_library(lib: Library) -> ctypes.CDLL | None:
    """The library loaded as WeasyPrint would load it (by the dynamic loader's search), or None."""
    for name in lib.names:
        try:
            return ctypes.CDLL(name)
        except OSError:
            continue
    found = ctypes.util.find_library(lib.stem)
    if found:
        try:
            return ctypes.CDLL(found)
        except OSError:
            return None
    return None


def _string(lib: ctypes.CDLL, symbol: str) -> str:
    function = getattr(lib, symbol)
    function.restype = ctypes.c_char_p
    value = function()
    return value.decode() if isinstance(value, bytes) else ""


def _version(label: str, lib: ctypes.CDLL) -> str:
    """The library's version, where it says it; '' otherwise."""
    try:
        if label == "Pango":
            return _string(lib, "pango_version_string")
        if label == "HarfBuzz":
            return _string(lib, "hb_version_string")
        if label == "fontconfig":
            number = int(lib.FcGetVersion())
            return f"{number // 10000}.{number // 100 % 100}.{number % 100}"
    except AttributeError:  # a library without the symbol: say nothing rather than guess
        pass
    return ""


def system_libraries() -> list[Check]:
    """A check per library; HarfBuzz subsetting also needs HarfBuzz >= 4.1 to be used by WeasyPrint."""
    checks, versions = [], {}
    for lib in LIBRARIES:
        loaded = load_library(lib)
        if loaded is None:
            checks.append(Check(lib.label, False, f"not found ({lib.names[0]}): {lib.purpose}", lib.package))
            continue
        versions[lib.label] = _version(lib.label, loaded)
        checks.append(Check(f"{lib.label} {versions[lib.label]}".rstrip(), True, lib.purpose, lib.package))
    return [_subsetting(c, versions.get("HarfBuzz", "")) if c.package == "libharfbuzz-subset0" else c
            for c in checks]


def _subsetting(check: Check, harfbuzz: str) -> Check:
    recent = not harfbuzz or tuple(int(p) for p in harfbuzz.split(".")[:2] if p.isdigit()) >= (4, 1)
    if check.ok and recent:
        return Check(check.label, True, "available: PDF writing is 2.3x faster, and PDFs are byte-identical "
                     "from run to run", check.package)
    why = "not found" if not check.ok else f"HarfBuzz {harfbuzz} is older than 4.1"
    return Check(check.label, False, f"unavailable ({why}): WeasyPrint would fall back to fontTools, 2.3x slower, "
                 "which stamps the current time into every PDF", check.package)


def weasyprint_import() -> Check:
    """Whether WeasyPrint imports here (it loads the libraries above when it does)."""
    banner = io.StringIO()
    try:
        with redirect_stdout(banner), redirect_stderr(banner):  # WeasyPrint prints a banner on failure
            importlib.import_module("weasyprint")
    except (ImportError, OSError) as exc:
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return Check("WeasyPrint imports", False, f"no: {message}")
    return Check("WeasyPrint imports", True)


def theme_fonts(root: Path) -> list[Check]:
    """A check per font file the project's stylesheets name in @font-face."""
    try:
        files = font_files(root)
    except ImportError as exc:  # tinycss2 comes with WeasyPrint; a broken install may lack it
        return [Check("fonts", False, f"not checked: {exc} (reinstall briefgen: pip install -e .)")]
    if not files:
        return [Check("fonts", True, "no @font-face in the stylesheets: the themes use system fonts")]
    checks = []
    for font in files:
        name = root_relative(font.path, root) if font.path else font.url
        checks.append(Check(name, not font.problem, font.problem or f"named in {font.where}"))
    return checks


def root_relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def system_fonts() -> Check:
    """Whether fontconfig finds any font at all (themes without @font-face use system fonts)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return Check("system fonts", False, "not counted: fc-list is missing", "fontconfig", required=False)
    listed = subprocess.run([fc_list, "--format", "%{file}\\n"], capture_output=True, text=True, check=False)
    count = len([line for line in listed.stdout.splitlines() if line.strip()])
    if count == 0:
        return Check("system fonts", False, "none: a theme that names no @font-face has no fonts to use",
                     "fonts-dejavu-core", required=False)
    return Check("system fonts", True, f"{count} font files found by fontconfig")


def test_tools() -> list[Check]:
    """poppler-utils and faketime: only the test suite uses them."""
    detail = "for `make test` only; briefgen itself does not need it"
    checks = []
    for package, tools in (("poppler-utils", ("pdftotext", "pdftoppm")), ("faketime", ("faketime",))):
        missing = [tool for tool in tools if shutil.which(tool) is None]
        if missing:
            checks.append(Check(package, False, f"{', '.join(missing)} not found: {detail}", package, required=False))
        else:
            checks.append(Check(f"{package} ({', '.join(tools)})", True, detail))
    return checks


def versions() -> list[str]:
    """briefgen, Python and the libraries briefgen renders with, without importing them."""
    shown = [f"briefgen {__version__}", f"Python {platform.python_version()}"]
    for distribution, name in PACKAGES:
        try:
            shown.append(f"{name} {metadata.version(distribution)}")
        except metadata.PackageNotFoundError:
            shown.append(f"{name} not installed")
    return shown


@dataclass(frozen=True)
class Diagnosis:
    sections: list[tuple[str, list[Check]]]
    versions: list[str]

    @property
    def missing(self) -> list[Check]:
        return [c for _, checks in self.sections for c in checks if c.required and not c.ok]


def diagnose(root: Path | None) -> Diagnosis:
    """Everything the report says; ``root`` is the project whose fonts to check, if any."""
    fonts = theme_fonts(root) if root is not None else [
        Check("fonts", True, "not checked: no project here (run inside one, or give --project)", skipped=True)]
    sections = [
        ("System libraries (loaded by WeasyPrint to write PDFs)", [*system_libraries(), weasyprint_import()]),
        (f"Fonts the themes need ({root})" if root else "Fonts the themes need", [*fonts, system_fonts()]),
        ("Test tools", test_tools()),
    ]
    return Diagnosis(sections, versions())


def report(diagnosis: Diagnosis) -> str:
    """The report as text: a line per check, then the versions and what to install."""
    lines = []
    for title, checks in diagnosis.sections:
        lines.append(title)
        for check in checks:
            detail = f": {check.detail}" if check.detail else ""
            lines.append(f"  {check.mark:<8} {check.label}{detail}")
        lines.append("")
    lines.append("Versions: " + ", ".join(diagnosis.versions))
    lines.append("")
    packages = list(dict.fromkeys(c.package for _, cs in diagnosis.sections for c in cs if not c.ok and c.package))
    if packages:
        lines.append(f"To install what is missing on Debian or Ubuntu: {APT} {' '.join(packages)}")
        lines.append(f"(on macOS, untested: {BREW})")
    missing = diagnosis.missing
    lines.append(f"{len(missing)} required {'part is' if len(missing) == 1 else 'parts are'} missing."
                 if missing else "Everything briefgen needs is here.")
    return "\n".join(lines)
