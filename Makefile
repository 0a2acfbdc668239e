# Mentor — `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Where the embedded default keeps its SQLite database and files; created by `make migrate`
# (importing the settings creates nothing).
VAR_DIR := $(or $(MENTOR_VAR_DIR),var)
# Development commands run with DEBUG on: without SECRET_KEY the settings then use a stable
# development key (never written to disk); with DEBUG off they refuse to start without one.
DEV := DEBUG=true
# The suite runs in parallel (pytest-xdist), one process per core; each has its own test
# database. TEST_WORKERS=0 runs it in one process.
TEST_WORKERS ?= auto

.DEFAULT_GOAL := help
.PHONY: help install lock run run-proconnect prod bench test accessibility lint format migrate demo messages check-deploy

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-14s %s\n", $$1, $$2}'

# Python dependencies come from the lock (requirements/*.txt: every package, transitive ones
# included, pinned with its hashes); `make lock` refreshes it after a change to pyproject.toml.
$(VENV)/.installed: requirements/dev.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --require-hashes -r requirements/dev.txt
	$(PY) -m pip install -q --no-deps --no-build-isolation -e .
	@$(PY) -m pip check >/dev/null || { $(PY) -m pip check; \
	  echo "requirements/dev.txt does not match pyproject.toml: run make lock"; exit 1; }
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed node_modules/.installed ## Create the virtualenv and install Python and npm dependencies
	@./scripts/ensure-weasyprint  # Pango for the attestation PDF (apt-get when missing)

# Existing pins are kept unless a change needs them moved; UPGRADE=1 takes the latest of all.
LOCK := $(VENV)/bin/uv pip compile --quiet --generate-hashes --universal --python-version 3.11 \
	--custom-compile-command "make lock" \
	$(if $(UPGRADE),--upgrade)
lock: ## Lock every Python dependency with hashes (requirements/) from pyproject.toml and bench/requirements.txt (UPGRADE=1: latest)
	@test -x $(VENV)/bin/uv || { echo "uv is missing: run make install first"; exit 1; }
	$(LOCK) pyproject.toml requirements/build.in -o requirements/app.txt
	$(LOCK) pyproject.toml requirements/build.in --extra dev -c requirements/app.txt \
	  -o requirements/dev.txt
	$(LOCK) bench/requirements.txt -o requirements/bench.txt

migrate: install ## Apply database migrations
	mkdir -p "$(VAR_DIR)"
	$(DEV) $(PY) manage.py migrate --no-input -v 0

demo: migrate ## Load the demo data (idempotent)
	$(DEV) $(PY) manage.py load_demo  # reference data, then the demo on top

run: demo ## Set everything up and serve on http://127.0.0.1:8000 (SCORM content on http://localhost:8000)
	$(DEV) SCORM_CONTENT_ORIGIN=$${SCORM_CONTENT_ORIGIN:-http://localhost:$(PORT)} \
	  $(PY) manage.py runserver $(HOST):$(PORT)

run-proconnect: demo ## Like run, with ProConnect at a local test provider (http://127.0.0.1:8010)
	./scripts/run-proconnect

prod: install ## Production stack here: gunicorn + Celery worker + beat on PostgreSQL and Redis
	./scripts/prod

.venv-bench/.installed: requirements/bench.txt
	test -x .venv-bench/bin/python || $(PYTHON) -m venv .venv-bench
	.venv-bench/bin/python -m pip install -q --require-hashes -r requirements/bench.txt
	touch $@

bench: install .venv-bench/.installed ## Load benchmark: wrk and Locust against gunicorn + PostgreSQL + Redis (ARGS="--help")
	@./scripts/ensure-wrk
	$(PY) bench/run.py $(ARGS)

test: install ## Run the whole test suite (set DATABASE_URL to run it on PostgreSQL)
	@./scripts/ensure-chromium
	$(DEV) $(PY) manage.py makemigrations --check --dry-run -v 0
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/pytest -p no:cacheprovider -n $(TEST_WORKERS)

AXE_RESULTS := mentor/core/accessibility_results.json
accessibility: install ## Run the browser tests and write what axe-core checked into the accessibility statement ($(AXE_RESULTS))
	@./scripts/ensure-chromium
	rm -f $(AXE_RESULTS).*.part
	# The results are merged even when a test fails (its violations are then in them).
	MENTOR_AXE_RESULTS=$(CURDIR)/$(AXE_RESULTS) $(VENV)/bin/pytest -p no:cacheprovider \
	  -n $(TEST_WORKERS) tests/e2e; status=$$?; \
	  $(PY) -m tests.e2e.axe_record merge $(AXE_RESULTS) && exit $$status

lint: install ## Lint, check formatting, layers (import-linter) and types (mypy)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/mypy

format: install ## Format the code
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: install ## Extract and compile translations (needs gettext)
	$(DEV) $(PY) manage.py makemessages -l en --ignore=.venv --ignore=node_modules --ignore=var
	$(DEV) $(PY) manage.py compilemessages --ignore=.venv

check-deploy: install ## Django's deployment checklist with production settings
	DEBUG=false SECRET_KEY=$$(openssl rand -hex 40) ALLOWED_HOSTS=mentor.example.gouv.fr \
	  SITE_URL=https://mentor.example.gouv.fr SCORM_CONTENT_ORIGIN=https://scorm.mentor.example.gouv.fr \
	  $(PY) manage.py check --deploy --fail-level WARNING
