# Two commands do all set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

HOST ?= $(or $(ANXIN_HOST),127.0.0.1)
PORT ?= $(or $(ANXIN_PORT),8000)

.PHONY: run test lint typecheck arch browser pytest bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall when the project's dependencies change.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/anxin db upgrade
	$(BIN)/anxin demo seed
	$(BIN)/anxin serve --host $(HOST) --port $(PORT)

arch: $(STAMP)
	$(BIN)/lint-imports

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy bot intake routing models bench

# Debian's Chromium (and a Chinese font) for the Playwright browser tests.
browser:
	sh scripts/install-browser.sh

# One pytest worker per core; every test has its own database, so they run in parallel.
PYTEST_ARGS ?= -n auto
# The PostgreSQL leg runs whenever a server answers on 127.0.0.1:5432 (trust auth, database
# `test`); ANXIN_TEST_POSTGRES_URL points it elsewhere, or turns it off when set to "".
PG_TEST_URL ?= postgresql+asyncpg://postgres@127.0.0.1:5432/test
# The browser tests' screenshots (every page of the admin and inspector tours) are kept here,
# the test run's artefacts; ANXIN_SCREENSHOT_DIR set in the environment wins.
SCREENSHOT_DIR ?= artefacts/screenshots
# pytest exits 5 when it collected nothing: that is a failure here, not a pass.
pytest: $(STAMP)
	@if [ -z "$${ANXIN_TEST_POSTGRES_URL+set}" ] && pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; \
	then export ANXIN_TEST_POSTGRES_URL='$(PG_TEST_URL)'; fi; \
	export ANXIN_SCREENSHOT_DIR="$${ANXIN_SCREENSHOT_DIR:-$(SCREENSHOT_DIR)}"; \
	$(BIN)/python -m pytest $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest ran no tests: failing"; exit 1; fi; exit $$rc

test: arch lint typecheck browser pytest

bench: $(STAMP)
	$(BIN)/python bench/match.py
	$(BIN)/python bench/route.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
