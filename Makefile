# briefgen: `make` sets up and builds every brief; `make test` runs the checks.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# axe-core, the accessibility engine the browser tests run in Chromium, from npm (pinned).
AXE_VERSION := 4.14.1
AXE    := $(VENV)/node_modules/axe-core/axe.min.js

.PHONY: all briefs test test-later lint golden docs docs-check clean distclean system doctor

all: briefs

# What the system must have (Python >= 3.11 with venv, make, git, Pango, HarfBuzz subsetting,
# fontconfig, poppler-utils): installed with apt-get as root, else named, for any user.
system:
	@PYTHON='$(PYTHON)' sh scripts/system-deps.sh

$(STAMP): pyproject.toml scripts/system-deps.sh
	@PYTHON='$(PYTHON)' sh scripts/system-deps.sh
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@

briefs: $(STAMP)
	$(BIN)/briefgen build

# One brief by its file, e.g. `make build/uk-sme.pdf`. Each build writes build/<briefing>.d
# listing the briefing's real inputs (facts files, spec, templates it includes, stylesheets,
# fonts, settings), so make rebuilds a brief exactly when one of them changed.
build/%.md build/%.html build/%.pdf build/%.txt build/%.docx: briefings/%.yaml $(STAMP)
	$(BIN)/briefgen build --quiet $*

-include $(wildcard build/*.d)

# The tests that touch dates, editions and schedules run twice: today, and with the clock set years
# ahead by libfaketime (Debian's faketime), so that no test can depend on the day it runs.
LATER       := 2031-06-15 09:00:00
DATED_TESTS := tests/test_editions.py tests/test_editions_changes.py tests/test_editions_crash.py \
               tests/test_editions_feed.py tests/test_freshness.py tests/test_schedule.py tests/test_cli.py \
               tests/test_factcache.py
# (not named FAKETIME: make would export it, and libfaketime reads that variable)
AHEAD       := faketime -f '@$(LATER)'

# Installed into .venv with npm at setup, never fetched by the tests; without npm the axe check is
# skipped, loudly (failed under CI=true).
$(AXE): $(STAMP)
	@if command -v npm >/dev/null 2>&1; then \
	  npm install --silent --no-save --no-package-lock --no-audit --no-fund --prefix $(VENV) axe-core@$(AXE_VERSION) \
	  || echo "warning: npm could not install axe-core $(AXE_VERSION): the axe browser test will be skipped" >&2; \
	else echo "warning: no npm: axe-core not installed, the axe browser test will be skipped" >&2; fi

test: $(STAMP) $(AXE)
	$(BIN)/ruff check .
	$(BIN)/mypy  # strict, on src/briefgen and tests/ (pyproject.toml)
	$(BIN)/pytest -q
	@echo "tests of dates and editions again, the clock set to $(LATER):"
	$(AHEAD) $(BIN)/pytest -q -p no:cacheprovider $(DATED_TESTS)
	@$(MAKE) --no-print-directory docs-check

# The whole suite with the clock years ahead (libfaketime stops thread timers, so the few tests that
# need the real clock to move are marked `realtime` and left out).
test-later: $(STAMP) $(AXE)
	$(AHEAD) $(BIN)/pytest -q -p no:cacheprovider -m 'not realtime'

# The documentation site (docs/, mkdocs.yml) into build/site/; `.venv/bin/mkdocs serve` previews it.
docs: $(STAMP)
	$(BIN)/mkdocs build --strict

# `make test` builds the site into a temporary folder with warnings as errors (a broken link, a page left
# out of the navigation, an anchor that is not there), leaving nothing behind; its log only if it fails.
# (Not --quiet: mkdocs then drops the warnings before --strict counts them, and passes a broken link.)
docs-check: $(STAMP)
	@site=$$(mktemp -d) && log=$$($(BIN)/mkdocs build --strict --site-dir "$$site" 2>&1); rc=$$?; rm -rf "$$site"; \
	  if [ $$rc -eq 0 ]; then echo "docs: mkdocs build --strict: ok"; else echo "$$log" >&2; fi; exit $$rc

# What this machine has of what briefgen needs, with versions and what to install.
doctor: $(STAMP)
	$(BIN)/briefgen doctor

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

# Rewrite the golden Markdown and HTML from the current code, and the documentation's generated parts
# (field tables from content/model.py, the template API, the CLI reference); review with `git diff`.
golden: $(STAMP)
	BRIEFGEN_REFRESH_GOLDEN=1 $(BIN)/pytest -q tests/test_golden.py
	$(BIN)/python -m briefgen.content.fieldtables docs/file-formats.md
	$(BIN)/python -m briefgen.templating.apidoc docs/template-api.md
	$(BIN)/python -m briefgen.commands.clidoc docs/cli.md

# build/ is disposable; published editions (editions/, committed) are never touched here.
clean:
	rm -rf build

distclean: clean
	rm -rf $(VENV)
