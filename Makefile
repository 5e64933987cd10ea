# The two quick-start commands of the README:
#   make run    set up a virtual environment, install timeline, print the seed timeline
#   make test   the same, plus the test dependencies, then the whole test suite
# Both install the package as users get it (`pip install .`, not editable), so the
# tests exercise the wheel with its bundled ontology, queries and knowledge base; again only
# when its files changed, and never over `make dev`'s editable install.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test test-fast install install-test dev data check-data bench docs vendor clean

VIS_TIMELINE_VERSION := 8.5.4
VENDOR := src/timeline/vendor/vis-timeline

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# The package is installed again only when what goes into it changed since, and never over
# the editable install of `make dev` (which marks the environment with .editable).
PACKAGED := pyproject.toml $(shell find src ontology queries kb -type f -not -path '*/__pycache__/*' 2>/dev/null)
INSTALLED := $(VENV)/.installed
INSTALLED_TEST := $(VENV)/.installed-test

$(INSTALLED): $(BIN)/python $(PACKAGED)
	@if [ -f $(VENV)/.editable ]; then echo "timeline is installed editable (make dev): not installed again."; \
	else $(BIN)/python -m pip install --quiet .; fi
	@touch $@

$(INSTALLED_TEST): $(BIN)/python $(PACKAGED)
	@if [ -f $(VENV)/.editable ]; then echo "timeline is installed editable (make dev): not installed again."; \
	else $(BIN)/python -m pip install --quiet ".[test]"; fi
	@touch $@ $(INSTALLED)

install: $(INSTALLED)

install-test: $(INSTALLED_TEST)

# The page tests drive Debian's Chromium (Playwright never downloads a browser here), and the
# server tests run every stored query on Debian's Virtuoso 7 (virtuoso-t, isql-vt). Installing
# them needs root: as root directly, else through sudo; without either, say what to install.
CHROMIUM := /usr/bin/chromium
VIRTUOSO := /usr/bin/virtuoso-t
SUDO := $(shell [ "$$(id -u)" = 0 ] || { command -v sudo >/dev/null 2>&1 && echo sudo; } || echo none)
define apt_install
	@if [ "$(SUDO)" = none ]; then \
	  echo "$(1) is missing, and installing it needs root (there is no sudo here): have an administrator run" >&2; \
	  echo "  apt-get install -y $(1)" >&2; echo "then run make again." >&2; exit 1; fi
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $(1)
endef

$(CHROMIUM):
	$(call apt_install,chromium)

$(VIRTUOSO):
	$(call apt_install,virtuoso-opensource-7-bin)

# The grlc tests run grlc itself, in a virtual environment of its own (it pins Flask and more).
GRLC_VERSION := 1.3.11
GRLC := .venv-grlc/grlc-$(GRLC_VERSION).installed
$(GRLC):
	$(PYTHON) -m venv .venv-grlc
	.venv-grlc/bin/python -m pip install --quiet grlc==$(GRLC_VERSION)
	touch $@

run: install
	$(BIN)/timeline show

test: install-test $(CHROMIUM) $(VIRTUOSO) $(GRLC)
	$(BIN)/python -m pytest

# The quick loop: every test but those that start servers, a browser or whole processes
# (the markers of tests/conftest.py), on every core (pytest-xdist, of the test extra; an editable
# install made before it came gets it from `make dev`): none of them shares a port, a folder or
# a server with another.
test-fast: install-test
	$(BIN)/python -m pytest -m "not slow and not servers and not browser" -q \
		$$($(BIN)/python -c "import xdist" 2>/dev/null && echo "-n auto")

# For working on timeline itself: an editable install, so that changes take effect at once;
# the other targets leave it as it is.
dev: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	@touch $(VENV)/.editable $(INSTALLED) $(INSTALLED_TEST)

# Recompile the curated TOML files of kb/ into its RDF files, or check they are up to date.
data: install
	$(BIN)/timeline --kb kb build

check-data: install
	$(BIN)/timeline --kb kb build --check

# An extra's dependencies, installed as the package is (editable after `make dev`).
define pip_extra
	@if [ -f $(VENV)/.editable ]; then $(BIN)/python -m pip install --quiet -e ".[$(1)]"; \
	else $(BIN)/python -m pip install --quiet ".[$(1)]"; fi
endef

docs: install
	$(call pip_extra,docs)
	$(BIN)/timeline docs -o docs/site

# ARTICLES: how many seed-shaped articles (TEST DATA) the scaling benchmark grows.
ARTICLES ?= 100
bench: install $(VIRTUOSO)
	$(call pip_extra,bench)
	$(BIN)/python benchmarks/timex.py
	$(BIN)/python benchmarks/extraction.py
	$(BIN)/python benchmarks/source_pages.py
	$(BIN)/python benchmarks/engines.py
	$(BIN)/python benchmarks/scale.py --articles $(ARTICLES)
	$(BIN)/python benchmarks/servers.py --articles $(ARTICLES)
	$(BIN)/python benchmarks/serve_load.py

# The timeline page inlines vis-timeline: fetch the pinned release from the npm registry.
vendor:
	rm -rf build/vendor && mkdir -p build/vendor $(VENDOR)
	cd build/vendor && npm pack vis-timeline@$(VIS_TIMELINE_VERSION) --silent && tar xzf vis-timeline-$(VIS_TIMELINE_VERSION).tgz
	cp build/vendor/package/standalone/umd/vis-timeline-graph2d.min.js build/vendor/package/styles/vis-timeline-graph2d.min.css \
	   build/vendor/package/LICENSE.md build/vendor/package/LICENSE.MIT.txt build/vendor/package/LICENSE.Apache-2.0.txt $(VENDOR)/

clean:
	rm -rf $(VENV) .venv-grlc build dist *.egg-info .pytest_cache test-artifacts
