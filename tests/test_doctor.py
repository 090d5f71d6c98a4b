"""``briefgen doctor``: libraries, HarfBuzz subsetting, the themes' fonts, test tools, versions;
what is missing and how to install it; a non-zero exit when something required is missing; and
it works when WeasyPrint cannot be imported."""

from __future__ import annotations

import ctypes
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefgen.commands import cli
from briefgen.reports import doctor
from support import REPO, write


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["doctor", *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def without(monkeypatch: pytest.MonkeyPatch, *labels: str) -> None:
    """Make the library lookup fail for these libraries, as on a machine that lacks them."""
    real = doctor.load_library

    def lookup(lib: doctor.Library) -> ctypes.CDLL | None:
        return None if lib.label in labels else real(lib)

    monkeypatch.setattr(doctor, "load_library", lookup)


def test_everything_present_on_this_machine() -> None:
    code, out, err = run("-p", str(REPO))
    assert code == 0, out + err
    for label in ("GObject", "Pango", "PangoFT2", "HarfBuzz", "HarfBuzz subsetting", "fontconfig"):
        assert any(line.startswith(f"  ok       {label}") for line in out.splitlines()), label
    assert "  ok       HarfBuzz subsetting: available: PDF writing is 2.3x faster" in out
    assert "  ok       assets/fonts/OpenSans-Regular.ttf: named in templates/styles/base.css:4" in out
    assert "poppler-utils (pdftotext, pdftoppm): for `make test` only" in out
    versions = next(line for line in out.splitlines() if line.startswith("Versions: "))
    for name in ("briefgen 0.1.0", "Python 3.", "WeasyPrint ", "Jinja ", "markdown-it-py ", "PyYAML "):
        assert name in versions
    assert "not installed" not in versions
    assert out.rstrip().endswith("Everything briefgen needs is here.") and not err


def test_a_missing_library_is_named_with_its_debian_package(monkeypatch: pytest.MonkeyPatch) -> None:
    without(monkeypatch, "Pango", "GObject")
    code, out, err = run("-p", str(REPO))
    assert code == 1
    assert "  MISSING  Pango: not found (libpango-1.0.so.0): text layout" in out
    assert "To install what is missing on Debian or Ubuntu: sudo apt-get install libglib2.0-0 libpango-1.0-0" in out
    assert "2 required parts are missing." in out
    assert err == "error: missing: GObject, Pango; install with: sudo apt-get install libglib2.0-0 libpango-1.0-0\n"
    assert "  ok       PangoFT2" in out  # the others are still checked


def test_missing_subsetting_is_required_and_explained(monkeypatch: pytest.MonkeyPatch) -> None:
    without(monkeypatch, "HarfBuzz subsetting")
    code, out, err = run("-p", str(REPO))
    assert code == 1
    assert "  MISSING  HarfBuzz subsetting: unavailable (not found): WeasyPrint would fall back to fontTools" in out
    assert "sudo apt-get install libharfbuzz-subset0" in err


def test_the_real_lookup_finds_nothing_for_an_absent_library() -> None:
    absent = doctor.Library("Nothing", ("libbriefgen-absent.so.0",), "briefgen-absent", "none", "a test")
    assert doctor.load_library(absent) is None
    pango = next(lib for lib in doctor.LIBRARIES if lib.label == "Pango")
    assert doctor.load_library(pango) is not None


def test_missing_and_misplaced_fonts_fail_with_their_stylesheet_lines(starter: Path) -> None:
    (starter / "assets/fonts").mkdir(parents=True)
    (starter / "assets/fonts/Here.ttf").write_bytes(b"font")
    write(starter, {"templates/styles/example.css": """\
        @font-face { font-family: A; src: url(../../assets/fonts/Here.ttf); }
        @font-face { font-family: B; src: url("../../assets/fonts/Gone.ttf") format("truetype"); }
        @media print { @font-face { font-family: C; src: url(/etc/hostname); } }
        /* @font-face { src: url(commented-out.ttf) } */
        @font-face { font-family: D; src: local(Arial), url(https://example.org/d.woff2); }
        """})
    code, out, err = run("-p", str(starter))
    assert code == 1
    assert "  ok       assets/fonts/Here.ttf: named in templates/styles/example.css:1" in out
    assert f"  MISSING  assets/fonts/Gone.ttf: {starter.resolve() / 'assets/fonts/Gone.ttf'} does not exist" in out
    assert "  MISSING  /etc/hostname: /etc/hostname is outside templates/ and assets/: builds refuse to read it" in out
    assert "  MISSING  https://example.org/d.woff2: 'https://example.org/d.woff2' is not a file in the project" in out
    assert "commented-out" not in out
    assert err.startswith("error: missing: assets/fonts/Gone.ttf, /etc/hostname, https://example.org/d.woff2\n")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file; the check is for a normal user")
def test_an_unreadable_font_is_reported(starter: Path) -> None:
    font = write(starter, {"assets/f.ttf": "x", "templates/styles/example.css":
                           "@font-face { font-family: A; src: url(../../assets/f.ttf); }\n"}) / "assets/f.ttf"
    font.chmod(0)
    code, out, _ = run("-p", str(starter))
    assert code == 1 and "is not readable by this user" in out


def test_poppler_is_only_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    real = shutil.which  # the module doctor calls
    monkeypatch.setattr(shutil, "which", lambda name: None if name.startswith("pdfto") else real(name))
    code, out, err = run("-p", str(REPO))
    assert code == 0, err
    assert "  warning  poppler-utils: pdftotext, pdftoppm not found: for `make test` only" in out
    assert "sudo apt-get install poppler-utils" in out


def test_outside_a_project_fonts_are_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, _ = run()
    assert code == 0
    assert "  -        fonts: not checked: no project here" in out


def test_doctor_works_when_weasyprint_cannot_be_imported(tmp_path: Path) -> None:
    """A WeasyPrint that fails as it does without Pango: the report still comes, without a traceback."""
    write(tmp_path, {"weasyprint/__init__.py": """\
        print("WeasyPrint could not import some external libraries.")
        raise OSError("cannot load library 'libpango-1.0-0': libpango-1.0-0: cannot open shared object file")
        """})
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), *sys.path])}
    done = subprocess.run([sys.executable, "-c", "from briefgen.commands import main; main()", "doctor",
                           "-p", str(REPO)], capture_output=True, text=True, env=env, timeout=120, check=False)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert "could not import some external libraries" not in done.stdout  # its banner is not shown raw
    assert "  MISSING  WeasyPrint imports: no: cannot load library 'libpango-1.0-0'" in done.stdout
    assert "Versions: briefgen 0.1.0, Python " in done.stdout
    assert done.stderr.startswith("error: missing: WeasyPrint imports")


# scripts/system-deps.sh, which `make` runs before it creates .venv: it must work for any user.

SCRIPT = REPO / "scripts/system-deps.sh"


def fake_bin(folder: Path, uid: int, tools: tuple[str, ...] = (), chromium: bool = True) -> Path:
    """A bin folder with `id` reporting ``uid``, an `apt-get` and `sudo` that log their arguments,
    a stand-in `chromium` (unless ``chromium`` is false), and links to the real ``tools``."""
    import shutil

    folder.mkdir()
    log = folder / "calls.log"
    stubs = {"id": f"#!/bin/sh\necho {uid}\n",
             "apt-get": f'#!/bin/sh\necho "apt-get $*" >> {log}\n',
             "sudo": f'#!/bin/sh\necho "sudo $*" >> {log}\nexit 1\n'}
    if chromium:
        stubs["chromium"] = "#!/bin/sh\nexit 0\n"
    write(folder, stubs)
    for name in stubs:
        (folder / name).chmod(0o755)
    for tool in tools:
        real = shutil.which(tool)
        assert real, tool
        (folder / tool).symlink_to(real)
    return folder


def system_deps(path: str, python: str = sys.executable) -> subprocess.CompletedProcess[str]:
    env = {"PATH": path, "PYTHON": python, "HOME": os.environ.get("HOME", "/")}
    return subprocess.run(["/bin/sh", str(SCRIPT)], capture_output=True, text=True, env=env, timeout=120,
                          check=False)


def test_setup_works_for_a_normal_user_without_sbin_on_path(tmp_path: Path) -> None:
    """A normal Debian user's PATH has no /sbin (where ldconfig is): every library is still found,
    and nothing is installed or suggested."""
    fake = fake_bin(tmp_path / "bin", uid=1000)
    done = system_deps(f"{fake}:/usr/local/bin:/usr/bin:/bin")
    assert done.returncode == 0, done.stderr
    assert done.stdout == done.stderr == ""
    assert not (fake / "calls.log").exists()


def test_setup_names_the_exact_packages_a_normal_user_lacks(tmp_path: Path) -> None:
    """No make, git, fontconfig or poppler on PATH, and a Python without ensurepip (Debian's
    python3 without python3-venv): one error names them; nothing is run with sudo or apt-get."""
    fake = fake_bin(tmp_path / "bin", uid=1000, tools=("grep", "uname"))
    write(tmp_path, {"noensurepip/ensurepip/__init__.py": "raise ImportError('ensurepip is not available')\n",
                     "python": f'#!/bin/sh\nPYTHONPATH={tmp_path}/noensurepip exec {sys.executable} "$@"\n'})
    (tmp_path / "python").chmod(0o755)
    done = system_deps(str(fake), python=str(tmp_path / "python"))
    assert done.returncode == 1
    ours = f"{sys.version_info[0]}.{sys.version_info[1]}"
    system = subprocess.run(["/usr/bin/python3", "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                            capture_output=True, text=True, check=False).stdout.strip() \
        if Path("/usr/bin/python3").exists() else ""
    venv = "python3-venv" if system == ours else f"python{ours}-venv"  # Debian's name for this Python's venv
    wanted = f"{venv} make git fontconfig poppler-utils faketime"
    assert done.stderr.splitlines()[:2] == [
        f"error: briefgen needs these system packages, which are missing: {wanted}",
        f"  install them with: sudo apt-get install {wanted}",
    ]
    assert not (fake / "calls.log").exists()


def test_setup_as_root_installs_only_what_is_missing(tmp_path: Path) -> None:
    fake = fake_bin(tmp_path / "bin", uid=0, tools=("grep", "uname", "make", "git"))
    done = system_deps(str(fake))
    assert done.returncode == 0, done.stderr
    assert (fake / "calls.log").read_text().splitlines() == [
        "apt-get update -qq", "apt-get install -y -qq fontconfig poppler-utils faketime"]


def test_setup_as_root_installs_chromium_after_what_is_needed(tmp_path: Path) -> None:
    fake = fake_bin(tmp_path / "bin", uid=0, tools=("grep", "uname", "make", "git"), chromium=False)
    done = system_deps(str(fake))
    assert done.returncode == 0, done.stderr
    assert (fake / "calls.log").read_text().splitlines() == [
        "apt-get update -qq", "apt-get install -y -qq fontconfig poppler-utils faketime",
        "apt-get install -y -qq chromium"]


def test_setup_names_chromium_to_a_normal_user_without_failing(tmp_path: Path) -> None:
    fake = fake_bin(tmp_path / "bin", uid=1000, tools=("grep", "uname", "make", "git", "fc-list", "pdftotext",
                                                       "pdftoppm", "faketime"), chromium=False)
    done = system_deps(str(fake))
    assert done.returncode == 0, done.stderr
    assert "sudo apt-get install chromium" in done.stderr and "browser tests will be skipped" in done.stderr
    assert not (fake / "calls.log").exists()
