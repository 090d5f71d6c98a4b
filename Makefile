# briefgen: `make` sets up and builds every brief; `make test` runs the checks.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: all briefs test lint golden clean distclean system

all: briefs

system:
	@sh scripts/system-deps.sh

$(STAMP): pyproject.toml scripts/system-deps.sh
	@sh scripts/system-deps.sh
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "error: briefgen needs Python 3.11 or newer (found $$($(PYTHON) --version))" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@

briefs: $(STAMP)
	$(BIN)/briefgen build

# One brief by its file, e.g. `make build/uk-sme.pdf`. Each build writes build/<briefing>.d
# listing the briefing's real inputs (facts files, spec, templates it includes, stylesheets,
# fonts, settings), so make rebuilds a brief exactly when one of them changed.
build/%.md build/%.html build/%.pdf build/%.docx: briefings/%.yaml $(STAMP)
	$(BIN)/briefgen build --quiet $*

-include $(wildcard build/*.d)

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/pytest -q

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

# Rewrite the golden Markdown and HTML from the current code; review with `git diff`.
golden: $(STAMP)
	BRIEFGEN_REFRESH_GOLDEN=1 $(BIN)/pytest -q tests/test_golden.py

clean:
	rm -rf build

distclean: clean
	rm -rf $(VENV)
