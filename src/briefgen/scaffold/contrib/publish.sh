#!/bin/sh
# The step every schedule runs (cron, systemd, GitHub Actions, GitLab CI), from this content repository:
# publish the briefs whose content changed, then (with --commit) commit the new editions to git.
#   sh contrib/publish.sh [--commit]
# Prints one summary line per run (briefgen's); errors and warnings go to stderr.
# Exit codes are briefgen's: 0 published or nothing new, 1 content or build error, 3 facts past review.
# A partial publish is committed: when one brief fails, the editions of the others were written, and
# --commit records them before the script exits with briefgen's non-zero code.
# Environment: BRIEFGEN (a briefgen to run; by default .venv/bin/briefgen, installed on first use from
#   the package index, pinned to the version below), BRIEFGEN_PIP_ARGS (e.g. --index-url URL),
#   BRIEFGEN_ARGS (more options for `briefgen publish`, e.g. --as-of 2026-11-24),
#   BRIEFGEN_EDITIONS (the editions folder, if briefgen.yaml names another than editions).
set -eu
version=@BRIEFGEN_VERSION@
commit=no
for arg in "$@"; do
  case $arg in
    --commit) commit=yes ;;
    *) echo "usage: sh contrib/publish.sh [--commit]" >&2; exit 2 ;;
  esac
done
briefgen=${BRIEFGEN:-.venv/bin/briefgen}
if [ -z "${BRIEFGEN:-}" ] && [ ! -x "$briefgen" ]; then
  # A fresh clone: install the pinned briefgen into .venv, quietly (its log only if it fails).
  log=$(mktemp)
  # shellcheck disable=SC2086  # BRIEFGEN_PIP_ARGS is a list of options
  if ! { "${PYTHON:-python3}" -m venv .venv \
         && .venv/bin/pip install --quiet --disable-pip-version-check --no-warn-script-location \
              ${BRIEFGEN_PIP_ARGS:-} "briefgen==$version"; } >"$log" 2>&1; then
    cat "$log" >&2; rm -f "$log"
    echo "error: could not install briefgen $version into .venv" >&2; exit 1
  fi
  rm -f "$log"
fi
status=0
# shellcheck disable=SC2086  # BRIEFGEN_ARGS is a list of options
"$briefgen" publish --strict --wait ${BRIEFGEN_ARGS:-} || status=$?
[ "$commit" = yes ] || exit "$status"

editions=${BRIEFGEN_EDITIONS:-editions}
[ -d "$editions" ] || exit "$status"
git add -A -- "$editions"
git diff --cached --quiet -- "$editions" && exit "$status"   # nothing new to record
new=$(git diff --cached --name-only --diff-filter=A -- "$editions" \
      | sed -n 's#^.*/\([^/]*\)/\([^/]*\)/manifest\.json$#\1 \2#p' | tr '\n' ',' | sed 's/,$//; s/,/, /g')
set -- -c user.name=briefgen -c user.email=briefgen@localhost
git config user.email >/dev/null 2>&1 && set --   # keep a configured identity
git "$@" commit -q -m "Publish editions: ${new:-feeds and index}" -- "$editions"
exit "$status"
