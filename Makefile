# The two quick-start commands of the README:
#   make run    set up a virtual environment, install timeline, print the seed timeline
#   make test   the same, plus the test dependencies, then the whole test suite
# Both install the package as users get it (`pip install .`, not editable), so the
# tests exercise the wheel with its bundled ontology, queries and knowledge base.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test install install-test dev data check-data bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

install: $(BIN)/python
	$(BIN)/python -m pip install --quiet .

install-test: $(BIN)/python
	$(BIN)/python -m pip install --quiet ".[test]"

run: install
	$(BIN)/timeline show

test: install-test
	$(BIN)/python -m pytest

# For working on timeline itself: an editable install, so that changes take effect at once.
dev: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"

# Recompile the curated TOML files of kb/ into its RDF files, or check they are up to date.
data: install
	$(BIN)/timeline --kb kb build

check-data: install
	$(BIN)/timeline --kb kb build --check

bench: install
	$(BIN)/python benchmarks/engines.py

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache test-artifacts
