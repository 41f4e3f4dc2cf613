# The commands people and CI use. Default: test plus lint.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export MONITOR_INSTANCE_PATH ?= $(CURDIR)/instance

.DEFAULT_GOAL := check
.PHONY: check install run test lint format bench migrate demo migration-reset clean translations mutation mutation-sample

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test,bench]'
	touch $(STAMP)

# pywb (the replay test's tool) pins pyOpenSSL and Werkzeug versions that clash with the app's
# (pyHanko needs a newer cryptography), so it gets its own virtualenv, like any external tool.
PYWB_VENV := .venv-pywb
PYWB_STAMP := $(PYWB_VENV)/.installed

$(PYWB_STAMP):
	$(PYTHON) -m venv $(PYWB_VENV)
	$(PYWB_VENV)/bin/pip install --quiet 'pywb>=2.8'
	touch $(PYWB_STAMP)

install: $(STAMP) $(PYWB_STAMP)

migrate: install
	$(BIN)/monitor db upgrade

demo: migrate
	$(BIN)/monitor demo

run: demo
	$(BIN)/monitor serve --host 127.0.0.1 --port 5000

test: install
	$(BIN)/python -m pytest -q -p no:cacheprovider $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check monitor scrapers tests bench migrations/env.py
	$(BIN)/ruff format --check monitor scrapers tests bench migrations/env.py
	$(BIN)/mypy

format: install
	$(BIN)/ruff check --fix monitor scrapers tests bench migrations/env.py
	$(BIN)/ruff format monitor scrapers tests bench migrations/env.py

# Mutation testing of the parsers, alert rules and registry (hours; resumable; see [tool.mutmut]).
mutation: install
	$(BIN)/mutmut run --max-children 2

# A fixed-seed random sample of mutants per package (about 45 minutes), scored with a 95% interval
# and summarised in bench/mutation_results.json for `make bench` (see bench/mutation_sample.py).
mutation-sample: install
	$(BIN)/python -m bench.mutation_sample $(SAMPLE_ARGS)

bench: install
	$(BIN)/python -m bench

check: test lint

# Regenerate the initial schema migration from monitor/models.py (pre-release only).
migration-reset: install
	$(BIN)/python -m monitor.migration_tools regenerate
	$(BIN)/ruff format migrations/versions >/dev/null

# Re-extract marked strings, merge them into each catalog, compile the .mo files (committed).
translations: install
	$(BIN)/pybabel extract -F babel.cfg -k lazy -k lazy_plural:1,2 --no-location --sort-output -o translations/messages.pot .
	$(BIN)/pybabel update -N --ignore-obsolete -w 100 -i translations/messages.pot -d translations
	$(BIN)/pybabel compile --statistics -d translations

clean:
	rm -rf $(VENV) $(PYWB_VENV) instance
