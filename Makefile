# raadsmemo: `make run` sets everything up and serves the app; `make test` runs the whole suite.
.DEFAULT_GOAL := help
SHELL := /bin/bash

VENV := .venv
PY := $(VENV)/bin/python
# Django 6.1 needs Python >= 3.12. Use $(PYTHON) if given, else the version in .python-version
# (through pyenv when it is there), else the first python3.13/python3.12/python3 on the PATH.
PYTHON ?= $(shell \
  v=$$(cat .python-version 2>/dev/null); \
  for p in "$$(pyenv root 2>/dev/null)/versions/$$v/bin/python" "$$HOME/.pyenv/versions/$$v/bin/python" \
           python$${v%.*} python3.13 python3.12 python3; do \
    if command -v "$$p" >/dev/null 2>&1 && "$$p" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
      echo "$$p"; break; fi; done)

export DJANGO_SETTINGS_MODULE := raadsmemo.settings

.PHONY: help run test setup assets migrate demo bench lint format clean

help:
	@echo "make run    set up (virtualenv, dependencies, assets, database, demo data) and serve on http://127.0.0.1:8000"
	@echo "make test   run the whole test suite (browser tests included when Chromium is installed)"
	@echo "make bench  run the benchmarks and write docs/benchmarks.md (SCALE=large: 100,000-row archive)"
	@echo "make lint   ruff check and format check"

$(VENV)/.installed: pyproject.toml
	@if [ -z "$(PYTHON)" ]; then \
	  echo "raadsmemo needs Python 3.12 or newer (Django 6.1); none was found."; \
	  echo "Install it (for example: pyenv install $$(cat .python-version)) or run: make PYTHON=/path/to/python3.13 run"; \
	  exit 1; fi
	@"$(PYTHON)" -c 'import sys; sys.exit(sys.version_info < (3, 12))' || { \
	  echo "raadsmemo needs Python 3.12 or newer (Django 6.1); $(PYTHON) is $$($(PYTHON) --version)."; exit 1; }
	@if [ -x $(PY) ] && ! $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))'; then rm -rf $(VENV); fi
	"$(PYTHON)" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

setup: $(VENV)/.installed node_modules/.installed

assets: node_modules/.installed

migrate: setup
	DEBUG=1 $(PY) manage.py migrate --verbosity 0

# The demo's published meetings get their agenda packages from the worker that `run` starts.
demo: migrate
	DEBUG=1 $(PY) manage.py load_demo
	DEBUG=1 $(PY) manage.py build_agenda_packages --alle
	DEBUG=1 $(PY) manage.py search_index_rebuild

# The task worker runs beside the web server and stops with it (Ctrl-C stops both).
run: demo
	@trap 'kill 0' EXIT INT TERM; \
	DEBUG=1 $(PY) manage.py db_worker --interval 1 & \
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

test: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run --verbosity 0
	# Two workers or more (one per core): PDFs and browser tests spread over them.
	$(VENV)/bin/pytest -n auto --dist loadfile

# SCALE unset: the pages at demo size and with 10,000 memos, LTA items and meetings;
# `make bench SCALE=large`: with 100,000 of each (bench/scale_bench.py, PostgreSQL).
bench: setup
	DEBUG=1 $(PY) bench/run.py
	DEBUG=1 SCALE="$(SCALE)" $(PY) bench/scale_bench.py

format: setup
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) node_modules db.sqlite3 staticfiles
