# The two commands a fresh machine needs:
#   make build   builds the bundled topic into output/ (installs argmap and its runtime
#                dependencies only)
#   make test    runs ruff, mypy and the test suite (installing the test tools, and
#                Argdown's CLI with npm, first)
# The everyday loop: make quick (the tests not marked slow, under 30 s).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUNTIME := $(VENV)/.installed-runtime
TESTING := $(VENV)/.installed-test
NODE_STAMP := node_modules/.installed

.PHONY: install build test quick lint bench clean

install: $(RUNTIME)

$(BIN)/pip:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(RUNTIME): pyproject.toml | $(BIN)/pip
	$(BIN)/pip install --quiet -e .
	touch $(RUNTIME)

$(TESTING): pyproject.toml | $(BIN)/pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(RUNTIME) $(TESTING)

# Argdown's command line, which the tests use to check `export -f argdown` (package.json).
$(NODE_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund && touch $@; \
	else echo "npm not found: the Argdown tests will be skipped (they fail under CI)"; fi

build: $(RUNTIME)
	$(BIN)/argmap build interpretations/stalin-rise -o output

lint: $(TESTING)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint $(NODE_STAMP)
	$(BIN)/pytest

quick: $(TESTING)
	$(BIN)/pytest -m "not slow"

bench: $(RUNTIME)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) node_modules .pytest_cache .ruff_cache .mypy_cache
