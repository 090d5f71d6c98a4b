# briefgen: `make` sets up and builds every brief; `make test` runs the checks.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: all briefs test lint golden clean distclean system doctor

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

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/pytest -q

# What this machine has of what briefgen needs, with versions and what to install.
doctor: $(STAMP)
	$(BIN)/briefgen doctor

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

# Rewrite the golden Markdown and HTML from the current code; review with `git diff`.
golden: $(STAMP)
	BRIEFGEN_REFRESH_GOLDEN=1 $(BIN)/pytest -q tests/test_golden.py

# build/ is disposable; published editions (editions/, committed) are never touched here.
clean:
	rm -rf build

distclean: clean
	rm -rf $(VENV)
