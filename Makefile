# Mentor — `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help install run run-proconnect prod bench test lint format migrate demo messages check-deploy

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-14s %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[dev]"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed node_modules/.installed ## Create the virtualenv and install Python and npm dependencies

migrate: install ## Apply database migrations
	$(PY) manage.py migrate --no-input -v 0

demo: migrate ## Load the demo data (idempotent)
	$(PY) manage.py load_demo  # reference data, then the demo on top

run: demo ## Set everything up and serve on http://127.0.0.1:8000
	DEBUG=true $(PY) manage.py runserver $(HOST):$(PORT)

run-proconnect: demo ## Like run, with ProConnect at a local test provider (http://127.0.0.1:8010)
	./scripts/run-proconnect

prod: install ## Production stack here: gunicorn + Celery worker + beat on PostgreSQL and Redis
	./scripts/prod

.venv-bench/.installed: bench/requirements.txt
	test -x .venv-bench/bin/python || $(PYTHON) -m venv .venv-bench
	.venv-bench/bin/python -m pip install -q -r bench/requirements.txt
	touch $@

bench: install .venv-bench/.installed ## Load benchmark: Locust against gunicorn + PostgreSQL + Redis (ARGS="--help")
	$(PY) bench/run.py $(ARGS)

test: install ## Run the whole test suite (set DATABASE_URL to run it on PostgreSQL)
	@./scripts/ensure-chromium
	$(PY) manage.py makemigrations --check --dry-run -v 0
	$(VENV)/bin/ruff check .
	$(VENV)/bin/pytest -p no:cacheprovider

lint: install ## Lint and check formatting
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install ## Format the code
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: install ## Extract and compile translations (needs gettext)
	$(PY) manage.py makemessages -l en --ignore=.venv --ignore=node_modules --ignore=var
	$(PY) manage.py compilemessages --ignore=.venv

check-deploy: install ## Django's deployment checklist with production settings
	DEBUG=false SECRET_KEY=$$(openssl rand -hex 40) ALLOWED_HOSTS=mentor.example.gouv.fr \
	  $(PY) manage.py check --deploy --fail-level WARNING
