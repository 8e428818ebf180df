# Bildungsmonitor: two commands do everything on a fresh Debian machine.
#   make run   set up and serve the app with demo data on http://127.0.0.1:8050
#   make test  set up and run ruff and every test, browser tests included
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
CHROMIUM ?= /usr/bin/chromium
export BILDUNGSMONITOR_CHROMIUM := $(CHROMIUM)
# axe-core checks every page for accessibility in the browser tests (tests/browser/test_accessibility.py).
AXE_VERSION := 4.14.1
AXE_DIR := .cache/axe-core
export BILDUNGSMONITOR_AXE := $(CURDIR)/$(AXE_DIR)/axe.min.js

# plotly.js for the browser: only the trace types the app draws, the version the Python plotly bundles.
PLOTLY_JS_VERSION := 4.1.1
ESBUILD_VERSION := 0.25.12
PLOTLY_BUNDLE := assets/00_vendor/00_plotly-bildungsmonitor.min.js

ICONS_VERSION := 1.11.3
FONTTOOLS_VERSION := 4.68.0

.PHONY: run test test-postgres lint bench prerequisites chromium axe seed clean plotly-bundle icons

prerequisites:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python fehlt: bitte Python 3.11 oder neuer installieren (Debian: apt-get install python3 python3-venv)." >&2; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || { echo "Python $$($(PYTHON) -c 'import platform; print(platform.python_version())') ist zu alt: benötigt wird 3.11 oder neuer (PYTHON=python3.11 make …)." >&2; exit 1; }
	@$(PYTHON) -c 'import venv, ensurepip' 2>/dev/null || { echo "Das Python-Modul venv fehlt: bitte installieren (Debian: apt-get install python3-venv)." >&2; exit 1; }

$(VENV)/.run-installed: requirements.txt | prerequisites
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.dev-installed: requirements-dev.txt requirements.txt | prerequisites
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@ $(VENV)/.run-installed

seed: $(VENV)/.run-installed
	$(PY) manage.py init-db
	$(PY) manage.py seed-demo --if-empty

run: seed
	$(PY) app.py

chromium:
	@if [ -x "$(CHROMIUM)" ]; then exit 0; fi; \
	if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Chromium fehlt: installiere Debians Paket chromium …"; \
		DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "Chromium fehlt für die Browsertests: bitte als root 'apt-get install chromium' ausführen oder CHROMIUM=/pfad/zu/chromium setzen." >&2; exit 1; \
	fi

# Rebuild the committed partial plotly.js bundle (needs npm; run after upgrading plotly).
plotly-bundle:
	@command -v npm >/dev/null 2>&1 || { echo "npm fehlt: bitte 'apt-get install npm' ausführen." >&2; exit 1; }
	rm -rf .cache/plotly-build && mkdir -p .cache/plotly-build
	cp tools/plotly_entry.js .cache/plotly-build/entry.js
	cd .cache/plotly-build && npm init -y >/dev/null && \
		npm install --silent --no-audit --no-fund "plotly.js@$(PLOTLY_JS_VERSION)" "esbuild@$(ESBUILD_VERSION)" && \
		npx esbuild entry.js --bundle --minify --format=iife --global-name=Plotly --legal-comments=none --define:global=window \
			--banner:js="/*! plotly.js v$(PLOTLY_JS_VERSION) (bar, choropleth, scattergeo, scatter) | MIT License */" \
			--outfile=bundle.js --log-level=warning
	cp .cache/plotly-build/bundle.js $(PLOTLY_BUNDLE)
	cp .cache/plotly-build/node_modules/plotly.js/LICENSE assets/00_vendor/LICENSE-plotly.js.txt
	@echo "$(PLOTLY_BUNDLE): $$(wc -c < $(PLOTLY_BUNDLE)) Bytes"

# Cut Bootstrap Icons to the glyphs the pages show (needs npm; run after using a new icon).
icons: $(VENV)/.dev-installed
	rm -rf .cache/icons && mkdir -p .cache/icons
	cd .cache/icons && tarball=$$(npm pack --silent "bootstrap-icons@$(ICONS_VERSION)") && tar -xzf "$$tarball"
	$(PY) -m pip install --quiet "fonttools==$(FONTTOOLS_VERSION)"
	$(PY) tools/subset_icons.py .cache/icons/package
	rm -f assets/00_vendor/fonts/bootstrap-icons.woff assets/00_vendor/fonts/bootstrap-icons.woff2

# axe-core from the npm registry, once, into a git-ignored cache; npm comes from Debian when it is missing.
axe:
	@if grep -qsxF "/*! axe v$(AXE_VERSION)" "$(AXE_DIR)/axe.min.js"; then exit 0; fi; \
	if ! command -v npm >/dev/null 2>&1; then \
		if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
			echo "npm fehlt: installiere Debians Paket npm …"; \
			DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null || exit 1; \
		else \
			echo "npm fehlt für die Barrierefreiheitstests (axe-core $(AXE_VERSION)): bitte als root 'apt-get install npm' ausführen oder npm (Node.js) installieren." >&2; exit 1; \
		fi; \
	fi; \
	mkdir -p "$(AXE_DIR)" && printf '*\n' > .cache/.gitignore && \
	tarball=$$(cd "$(AXE_DIR)" && npm pack --silent "axe-core@$(AXE_VERSION)") && \
	tar -xzf "$(AXE_DIR)/$$tarball" -C "$(AXE_DIR)" --strip-components=1 package/axe.min.js package/LICENSE && \
	rm -f "$(AXE_DIR)/$$tarball" && \
	echo "axe-core $(AXE_VERSION) liegt in $(AXE_DIR)/."

lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# The store, importer and API tests run a second time against a throwaway PostgreSQL server.
DB_TESTS := tests/test_store.py tests/test_importing.py tests/test_bad_files.py tests/test_samples.py tests/test_api.py tests/test_backup.py tests/test_stalled_db.py

test: $(VENV)/.dev-installed chromium axe lint
	$(PY) -m pytest
	bash tests/with_postgres.sh $(PY) -m pytest -q -p no:cacheprovider $(DB_TESTS)

test-postgres: $(VENV)/.dev-installed
	bash tests/with_postgres.sh $(PY) -m pytest -q -p no:cacheprovider $(DB_TESTS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache

bench: $(VENV)/.dev-installed chromium
	$(PY) -m bench.bench_callbacks
	$(PY) -m bench.bench_import
	$(PY) -m bench.bench_export
	$(PY) -m bench.bench_serve
