#!/bin/sh
# Checks the system libraries briefgen needs and installs what is missing when it
# can (root with apt-get); otherwise names the packages to install and fails.
#   Pango (text layout for WeasyPrint), HarfBuzz subsetting (fast, reproducible
#   font embedding), fontconfig, and poppler-utils (pdftotext/pdftoppm, for tests).
set -u
PATH="$PATH:/usr/sbin:/sbin"   # ldconfig lives there; cron gives users only /usr/bin:/bin
PACKAGES="libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig poppler-utils"

missing=""
have_lib() { ldconfig -p 2>/dev/null | grep -q "$1"; }
have_lib libpango-1.0.so.0 || missing="$missing libpango-1.0-0"
have_lib libpangoft2-1.0.so.0 || missing="$missing libpangoft2-1.0-0"
have_lib libharfbuzz-subset.so.0 || missing="$missing libharfbuzz-subset0"
command -v fc-list >/dev/null 2>&1 || missing="$missing fontconfig"
command -v pdftotext >/dev/null 2>&1 || missing="$missing poppler-utils"

[ -z "$missing" ] && exit 0

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing system packages:$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq $missing >/dev/null && exit 0
  echo "error: apt-get could not install:$missing" >&2
  exit 1
fi
echo "error: briefgen needs these system packages, which are missing:$missing" >&2
echo "  install them with: sudo apt-get install$missing" >&2
echo "  (all needed: $PACKAGES)" >&2
exit 1
