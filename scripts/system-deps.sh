#!/bin/sh
# Checks what briefgen needs from the system, for any user; installs what is missing with
# apt-get when run as root (only what is missing), otherwise names the Debian packages and fails.
#   Python >= 3.11 with venv and ensurepip (python3-venv), make, git;
#   Pango, PangoFT2, HarfBuzz, HarfBuzz subsetting (fast, reproducible font embedding in PDFs),
#   fontconfig, GLib (the libraries WeasyPrint loads); poppler-utils (pdftotext, pdftoppm: tests);
#   faketime (tests: the suite run as if on another day); optionally chromium (the browser tests).
# Environment: PYTHON (default python3), the interpreter the Makefile builds .venv with.
set -u
PYTHON=${PYTHON:-python3}
missing=""
need() { case " $missing " in *" $1 "*) ;; *) missing="${missing:+$missing }$1" ;; esac; }

# A shared library is present if the loader's cache lists it (ldconfig is in /sbin, which is not
# on a normal user's PATH, but anyone may run it) or its file is in a library folder.
ldconfig_cmd=""
for c in ldconfig /sbin/ldconfig /usr/sbin/ldconfig; do
  if command -v "$c" >/dev/null 2>&1; then ldconfig_cmd=$c; break; fi
done
have_lib() {
  if [ -n "$ldconfig_cmd" ] && "$ldconfig_cmd" -p 2>/dev/null | grep -qF "$1 ("; then return 0; fi
  for dir in /lib /usr/lib /lib64 /usr/lib64 /usr/local/lib /lib/*-linux-gnu* /usr/lib/*-linux-gnu*; do
    [ -e "$dir/$1" ] && return 0
  done
  return 1
}
have() { command -v "$1" >/dev/null 2>&1; }

if [ "$(uname -s 2>/dev/null)" = Darwin ]; then
  # Not tested; Homebrew's pango brings HarfBuzz (with subsetting), fontconfig and GLib.
  have brew && [ -e "$(brew --prefix)/lib/libpango-1.0.dylib" ] && exit 0
  echo "error: briefgen needs Pango: install Homebrew, then: brew install pango poppler" >&2
  exit 1
fi

if have "$PYTHON"; then
  if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "error: briefgen needs Python 3.11 or newer (found $("$PYTHON" --version 2>&1));" \
         "Debian 12 has it: apt-get install python3 python3-venv, then make PYTHON=python3.11" >&2
    exit 1
  fi
  if ! "$PYTHON" -c 'import ensurepip, venv' >/dev/null 2>&1; then
    version=$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
    if [ -x /usr/bin/python3 ] && [ "$(/usr/bin/python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])' \
         2>/dev/null)" = "$version" ]; then
      need python3-venv
    else
      need "python$version-venv"
    fi
  fi
else
  need python3; need python3-venv
fi
have make || need make
have git || need git
have_lib libgobject-2.0.so.0 || need libglib2.0-0
have_lib libpango-1.0.so.0 || need libpango-1.0-0
have_lib libpangoft2-1.0.so.0 || need libpangoft2-1.0-0
have_lib libharfbuzz.so.0 || need libharfbuzz0b
have_lib libharfbuzz-subset.so.0 || need libharfbuzz-subset0
have_lib libfontconfig.so.1 || need libfontconfig1
have fc-list || need fontconfig
{ have pdftotext && have pdftoppm; } || need poppler-utils
have faketime || need faketime  # make test runs the tests of dates and editions with the clock years ahead

# Optional: Debian's chromium runs the browser tests (layout at a phone's width, axe-core). Installed as
# root once the required packages are in; otherwise named, without failing: those tests are skipped
# (they fail under CI=true).
optional() {
  { have chromium || have chromium-browser; } && return 0
  if [ "$(id -u)" = 0 ] && have apt-get; then
    echo "installing chromium (for the browser tests)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null 2>&1 \
      || echo "warning: apt-get could not install chromium: the browser tests will be skipped" >&2
  else
    echo "note: no chromium: the browser tests will be skipped (install it with: sudo apt-get install chromium)" >&2
  fi
}

[ -z "$missing" ] && { optional; exit 0; }

if [ "$(id -u)" = 0 ] && have apt-get; then
  echo "installing system packages: $missing"
  export DEBIAN_FRONTEND=noninteractive
  # shellcheck disable=SC2086  # one word per package
  if apt-get update -qq >/dev/null && apt-get install -y -qq $missing >/dev/null; then optional; exit 0; fi
  echo "error: apt-get could not install: $missing" >&2
  exit 1
fi
echo "error: briefgen needs these system packages, which are missing: $missing" >&2
if have apt-get; then
  echo "  install them with: sudo apt-get install $missing" >&2
  echo "  then run make again" >&2
else
  echo "  (these are Debian's names; install the same libraries with your system's package manager)" >&2
fi
exit 1
