#!/bin/sh
# The step every schedule runs (cron, systemd, GitHub Actions, GitLab CI), from the content repository:
# publish the briefs whose content changed, then (with --commit) commit the new editions to git.
#   sh contrib/publish.sh [--commit]
# Prints one summary line per run (briefgen's); errors and warnings go to stderr.
# Exit codes are briefgen's: 0 published or nothing new, 1 content or build error, 3 facts past review.
# A partial publish is committed: when one brief fails, the editions of the others were written, and
# --commit records them before the script exits with briefgen's non-zero code. Nothing is left
# written but uncommitted, so a CI job may ship editions/ (what was recorded), never build/.
# Environment: BRIEFGEN (default .venv/bin/briefgen, set up with `make .venv/.installed` if missing),
#   BRIEFGEN_ARGS (more options for `briefgen publish`, e.g. --as-of 2026-11-24),
#   BRIEFGEN_EDITIONS (the editions folder, if briefgen.yaml names another than editions).
set -eu
commit=no
for arg in "$@"; do
  case $arg in
    --commit) commit=yes ;;
    *) echo "usage: sh contrib/publish.sh [--commit]" >&2; exit 2 ;;
  esac
done
briefgen=${BRIEFGEN:-.venv/bin/briefgen}
if [ -z "${BRIEFGEN:-}" ] && [ ! -x "$briefgen" ]; then
  make -s .venv/.installed >&2   # a fresh clone: install briefgen into .venv first
fi
# shellcheck disable=SC2086  # BRIEFGEN_ARGS is a list of options
status=0
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
